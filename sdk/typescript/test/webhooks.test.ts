/** `verifyWebhook` against deliveries signed as the API signs them (node:crypto, the README's recipe). */

import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { test } from "node:test";

import { WebhookVerificationError, verifyWebhook } from "../src/index.js";

const BODY = JSON.stringify({
  id: "evt-1",
  event: "incident.created",
  event_type: "INCIDENT_CREATED",
  timestamp: "2026-11-30T10:00:00.000Z",
  org_id: "acme",
  sequence: 1,
  data: { id: "inc-1", incident_id: "inc-1" },
});

function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function signed(secrets: string[], body = BODY, at = Math.floor(Date.now() / 1000)): Record<string, string> {
  const standard = secrets.map((secret) => {
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    return `v1,${createHmac("sha256", key).update(`msg_1.${at}.${body}`).digest("base64")}`;
  });
  return {
    "webhook-id": "msg_1",
    "webhook-timestamp": String(at),
    "webhook-signature": standard.join(" "),
    "X-Signature-256": `sha256=${createHmac("sha256", secrets[0]!).update(body).digest("hex")}`,
  };
}

test("a delivery verifies and reads as its event; either secret during a rotation", async () => {
  const [current, old] = [newSecret(), newSecret()];
  const headers = signed([current, old]);
  assert.equal((await verifyWebhook(current, headers, BODY)).event, "incident.created");
  assert.equal((await verifyWebhook(old, new Headers(headers), new TextEncoder().encode(BODY))).sequence, 1);
});

test("forged, altered and old deliveries are refused", async () => {
  const secret = newSecret();
  await assert.rejects(verifyWebhook(secret, signed([newSecret()]), BODY), WebhookVerificationError);
  await assert.rejects(verifyWebhook(secret, signed([secret]), BODY.replace("acme", "evil")), /matches/);
  const old = signed([secret], BODY, Math.floor(Date.now() / 1000) - 301);
  await assert.rejects(verifyWebhook(secret, old, BODY), /more than 300 s/);
  assert.equal((await verifyWebhook(secret, old, BODY, { scheme: "x-signature-256" })).id, "evt-1"); // only when asked
});

test("seed 004's X-Signature-256 alone verifies, and is checked", async () => {
  const secret = newSecret();
  const only = { "X-Signature-256": signed([secret])["X-Signature-256"] };
  assert.equal((await verifyWebhook(secret, only, BODY)).event_type, "INCIDENT_CREATED");
  await assert.rejects(verifyWebhook(secret, only, `${BODY} `), /X-Signature-256/);
  await assert.rejects(verifyWebhook(secret, {}, BODY), /not signed/);
});
