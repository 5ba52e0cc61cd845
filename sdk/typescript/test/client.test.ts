/** The client against a faked API (an injected fetch): requests sent, answers read, paging, retries, tokens, errors. */

import assert from "node:assert/strict";
import { test } from "node:test";

import { ApiConnectionError, ApiError, IncidentClient } from "../src/index.js";
import { FakeApi, apiError, documented, incident, incidentPage, json } from "./fake-api.js";

const BASE_URL = "https://api.test";

function client(api: FakeApi, options: Record<string, unknown> = { token: "static-token" }): IncidentClient {
  return new IncidentClient({ baseUrl: BASE_URL, fetch: api.fetch, sleep: api.sleep, ...options });
}

test("list iterates across pages, sending the same filters with each cursor", async () => {
  const api = new FakeApi().on(
    "GET /incidents",
    incidentPage(["a", "b"], "cursor-1"),
    incidentPage(["c"], null),
  );
  const ids: string[] = [];
  for await (const each of client(api).incidents.list({ status: "open", severity: ["high", "critical"], pageSize: 2 })) {
    ids.push(each.id);
  }
  assert.deepEqual(ids, ["a", "b", "c"]);
  assert.deepEqual(api.requests.map((request) => request.url.searchParams.get("cursor")), [null, "cursor-1"]);
  for (const request of api.requests) {
    assert.deepEqual(request.url.searchParams.getAll("severity"), ["high", "critical"]);
    assert.equal(request.url.searchParams.get("limit"), "2");
  }
});

test("seed 004's JavaScript example: username and password, camelCase fields, a webhook", async () => {
  const api = new FakeApi()
    .on("POST /auth/token", json(200, { access_token: "t-1", token_type: "bearer", expires_in: 3600, scope: "" }))
    .on("GET /incidents", incidentPage([], null))
    .on("POST /incidents", json(201, documented("/incidents", "post", 201)))
    .on("POST /webhooks", json(201, documented("/webhooks", "post", 201)));
  const sdk = client(api, { username: "acme.cli_1", password: "cs_secret" });
  const incidents = await sdk.incidents.list({ status: "open", severity: "high" });
  for await (const _ of incidents) assert.fail("no incidents were scripted");
  const created = await sdk.incidents.create({
    title: "Database connection issues",
    description: "Connection pool exhausted",
    severity: "HIGH",
    affectedSystems: ["database", "api"],
  });
  const webhook = await sdk.webhooks.create({
    name: "My Integration",
    url: "https://my-system.com/webhooks",
    events: ["INCIDENT_CREATED", "INCIDENT_RESOLVED"],
  });
  assert.equal(created.id, documented("/incidents", "post", 201).id);
  assert.ok(webhook.secret.startsWith("whsec_"));
  const [create] = api.sent("POST /incidents");
  assert.deepEqual(JSON.parse(create!.body!), {
    title: "Database connection issues",
    description: "Connection pool exhausted",
    severity: "HIGH",
    affected_systems: ["database", "api"],
  });
  assert.match(create!.headers["Idempotency-Key"]!, /^[0-9a-f-]{36}$/);
  assert.equal(create!.headers.Authorization, "Bearer t-1");
  assert.equal(api.sent("POST /auth/token").length, 1);
  const form = new URLSearchParams(api.sent("POST /auth/token")[0]!.body);
  assert.equal(form.get("grant_type"), "client_credentials");
  assert.equal(form.get("client_id"), "acme.cli_1");
});

test("429 waits Retry-After and the retried create keeps its Idempotency-Key", async () => {
  const limited = apiError(429, "RATE_LIMITED", "slow down", { "Retry-After": "7" });
  const api = new FakeApi().on("POST /incidents", limited, json(201, documented("/incidents", "post", 201)));
  await client(api).incidents.create({ title: "Disk full", description: "srv01 /var at 100%", severity: "high" });
  const [first, second] = api.requests;
  assert.deepEqual(api.waits, [7]);
  assert.equal(first!.headers["Idempotency-Key"], second!.headers["Idempotency-Key"]);
});

test("errors carry the envelope, and a Retry-After too long is not waited", async () => {
  const api = new FakeApi().on("GET /incidents/inc-1", apiError(429, "RATE_LIMITED", "later", { "Retry-After": "120" }));
  const failure = await client(api, { token: "t", retry: { maxRetryAfterSeconds: 60 } }).incidents.get("inc-1").catch((error: unknown) => error);
  assert.ok(failure instanceof ApiError);
  assert.deepEqual([failure.status, failure.code, failure.detail, failure.requestId, failure.retryAfter], [429, "RATE_LIMITED", "later", "req-1", 120]);
  assert.deepEqual(api.waits, []);
});

test("status change, remediation, update with If-Match", async () => {
  const answer = json(200, { success: true, data: incident({ status: "resolved" }) });
  const api = new FakeApi()
    .on("PUT /incidents/inc-1/status", answer)
    .on("PATCH /incidents/inc-1", answer)
    .on("POST /incidents/inc-1/remediate", json(201, documented("/incidents/{id}/remediate", "post", 201)));
  const sdk = client(api);
  await sdk.incidents.changeStatus("inc-1", "resolved", { classification: "true_positive" }, { ifMatch: 3 });
  await sdk.incidents.update("inc-1", { assignedTeam: "soc" });
  const remediation = await sdk.incidents.remediate("inc-1", { action: "restart_service", parameters: { service_name: "api" } });
  const [status, update, remediate] = api.requests;
  assert.deepEqual(JSON.parse(status!.body!), { classification: "true_positive", status: "resolved" });
  assert.equal(status!.headers["If-Match"], '"3"');
  assert.deepEqual(JSON.parse(update!.body!), { assigned_team: "soc" });
  assert.ok(remediate!.headers["Idempotency-Key"]);
  assert.equal(remediation.result.action, "restart_service");
});

test("a client-credentials token is renewed before it expires and once after a 401", async () => {
  let now = 1_000_000;
  const token = (value: string) => json(200, { access_token: value, token_type: "bearer", expires_in: 3600, scope: "" });
  const found = json(200, { success: true, data: incident({ id: "inc-1" }) });
  const api = new FakeApi()
    .on("POST /auth/token", token("t-1"), token("t-2"), token("t-3"))
    .on("GET /incidents/inc-1", found, found, apiError(401, "UNAUTHORIZED", "revoked"), found);
  const sdk = client(api, { clientId: "acme.cli_1", clientSecret: "cs", clock: () => now });
  await sdk.incidents.get("inc-1");
  now += 3_541_000; // within a minute of expiry
  await sdk.incidents.get("inc-1");
  await sdk.incidents.get("inc-1");
  const bearers = api.sent("GET /incidents/inc-1").map((request) => request.headers.Authorization);
  assert.deepEqual(bearers, ["Bearer t-1", "Bearer t-2", "Bearer t-2", "Bearer t-3"]);
});

test("a network failure is retried for reads, not for a POST that may have arrived", async () => {
  const api = new FakeApi()
    .on("GET /incidents/inc-1", () => { throw new TypeError("fetch failed"); }, json(200, { success: true, data: incident() }))
    .on("POST /incidents/inc-1/analyze", () => { throw new TypeError("fetch failed"); });
  const sdk = client(api);
  await sdk.incidents.get("inc-1");
  await assert.rejects(sdk.incidents.analyze("inc-1"), ApiConnectionError);
  assert.equal(api.waits.length, 1);
});

test("ambiguous credentials are refused", () => {
  assert.throws(() => new IncidentClient({ baseUrl: BASE_URL, token: "t", username: "u", password: "p" }), /not both/);
  assert.throws(() => new IncidentClient({ baseUrl: BASE_URL, clientId: "c" }), /both/);
});
