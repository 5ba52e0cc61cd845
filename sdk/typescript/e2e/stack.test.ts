/**
 * The TypeScript SDK against the stack in MiniStack, run by tests/e2e/test_typescript_sdk.py, which
 * deploys the stacks and passes them here: INCIDENT_API_URL and INCIDENT_API_TOKEN (no rate
 * limits), INCIDENT_API_LIMITED_URL and INCIDENT_API_LIMITED_TOKEN (the template's default limits).
 * Create, page through 250 incidents, change a status, receive a webhook on 127.0.0.1 and verify
 * it, and wait out a 429 (up to a minute: remediation is 5 a minute per caller).
 */

import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";

import { IncidentClient, verifyWebhook } from "../src/index.js";

function environment(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run this through tests/e2e/test_typescript_sdk.py`);
  return value;
}

const TOTAL = 250;

function fields(number: number): Record<string, unknown> {
  return {
    title: `TS SDK incident ${number}`,
    description: `Created by the TypeScript SDK e2e test, number ${number}`,
    severity: number % 2 ? "high" : "low",
  };
}

test("create, change status and page through 250 incidents", async () => {
  const sdk = new IncidentClient({ baseUrl: environment("INCIDENT_API_URL"), token: environment("INCIDENT_API_TOKEN") });
  const first = await sdk.incidents.create({ ...fields(0), affectedSystems: ["api"] });
  assert.deepEqual(first.affected_systems, ["api"]);
  const investigating = await sdk.incidents.changeStatus(first.id, "investigating", {}, { ifMatch: first.version });
  assert.equal(investigating.status, "investigating");
  let next = 1;
  const worker = async (): Promise<void> => {
    while (next < TOTAL) {
      const number = next;
      next += 1;
      await sdk.incidents.create(fields(number));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const sizes: number[] = [];
  const ids = new Set<string>();
  for await (const page of sdk.incidents.pages({ pageSize: 100 })) {
    if (page.items.length) sizes.push(page.items.length);
    for (const item of page.items) ids.add(item.id);
  }
  assert.deepEqual(sizes, [100, 100, 50]);
  assert.equal(ids.size, TOTAL);
  let open = 0;
  for await (const item of sdk.incidents.list({ status: "open", severity: "high", pageSize: 100 })) {
    assert.equal(item.severity, "high");
    open += 1;
  }
  assert.equal(open, TOTAL / 2); // the odd numbers (number 0, low, is the one investigating)
});

test("a webhook delivery verifies with verifyWebhook", async () => {
  const sdk = new IncidentClient({ baseUrl: environment("INCIDENT_API_URL"), token: environment("INCIDENT_API_TOKEN") });
  const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const webhook = await sdk.webhooks.create({ name: "ts e2e", url: `http://127.0.0.1:${port}/hook`, events: ["INCIDENT_CREATED"] });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the local config caches subscriptions for 1 s
    const created = await sdk.incidents.create(fields(1));
    const deadline = Date.now() + 20_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const [delivery] = received;
    assert.ok(delivery, "no delivery within 20 s");
    const headers = Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [name, String(value)]));
    const event = await verifyWebhook(webhook.secret, headers, new Uint8Array(delivery.body));
    assert.equal(event.event, "incident.created");
    assert.equal(event.data.incident_id, created.id);
  } finally {
    server.close();
  }
});

test("the remediation rate limit is waited out", async () => {
  const statuses: number[] = [];
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  const sdk = new IncidentClient({
    baseUrl: environment("INCIDENT_API_LIMITED_URL"),
    token: environment("INCIDENT_API_LIMITED_TOKEN"),
    fetch: recording,
    retry: { maxRetries: 2, maxRetryAfterSeconds: 61 },
  });
  const incident = await sdk.incidents.create(fields(3));
  const results: string[] = [];
  // The limit counts per minute of the clock: the calls may straddle two windows.
  for (let number = 0; number < 11 && !statuses.includes(429); number += 1) {
    const answer = await sdk.incidents.remediate(incident.id, { action: "restart_service", parameters: { service_name: `api-${number}` } });
    results.push(answer.action_id);
  }
  assert.equal(statuses.filter((status) => status === 429).length, 1, String(statuses));
  assert.equal(statuses.at(-1), 201);
  assert.equal(new Set(results).size, results.length);
});
