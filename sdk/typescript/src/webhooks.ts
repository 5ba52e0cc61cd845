/**
 * `verifyWebhook(secret, headers, body)`: check a delivery's signature (Web Crypto: Node 20+ and
 * browsers), then read its event. `webhook-signature` (Standard Webhooks: HMAC-SHA256 of
 * `"<webhook-id>.<webhook-timestamp>.<body>"`, keyed with the base64-decoded part of `whsec_...`)
 * is checked when present, else seed 004's `X-Signature-256` (`sha256=<hex HMAC of the body>`,
 * keyed with the whole secret's UTF-8 bytes).
 */

import { WebhookVerificationError } from "./errors.js";
import type { components } from "./schema.js";

export type WebhookEvent = components["schemas"]["WebhookEventBody"];
export type HeaderSource = Headers | Record<string, string | undefined>;

export interface VerifyOptions {
  scheme?: "auto" | "standard" | "x-signature-256";
  toleranceSeconds?: number;
  now?: number; // epoch seconds
}

const encoder = new TextEncoder();

export async function verifyWebhook(
  secret: string,
  headers: HeaderSource,
  body: string | Uint8Array,
  options: VerifyOptions = {},
): Promise<WebhookEvent> {
  const raw = typeof body === "string" ? encoder.encode(body) : body;
  const header = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
    return key === undefined ? undefined : headers[key];
  };
  const scheme = options.scheme ?? "auto";
  if (scheme === "standard" || (scheme === "auto" && header("webhook-signature") !== undefined)) {
    const now = options.now ?? Date.now() / 1000;
    await verifyStandard(secret, header, raw, options.toleranceSeconds ?? 300, now);
  } else {
    await verifyBodySignature(secret, header("x-signature-256"), raw);
  }
  try {
    return JSON.parse(new TextDecoder().decode(raw)) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError("the signed body is not JSON");
  }
}

async function verifyStandard(
  secret: string,
  header: (name: string) => string | undefined,
  body: Uint8Array,
  tolerance: number,
  now: number,
): Promise<void> {
  const id = header("webhook-id");
  const timestamp = header("webhook-timestamp") ?? "";
  const signatures = header("webhook-signature");
  if (!id || !signatures || !/^\d+$/.test(timestamp)) {
    throw new WebhookVerificationError("webhook-id, webhook-timestamp and webhook-signature are required");
  }
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    throw new WebhookVerificationError(`webhook-timestamp is more than ${tolerance} s from now`);
  }
  const expected = await hmac(secretKey(secret), concat(encoder.encode(`${id}.${timestamp}.`), body));
  for (const candidate of signatures.split(" ")) {
    const [version, encoded] = candidate.split(",", 2);
    if (version === "v1" && encoded && equal(fromBase64(encoded), expected)) return;
  }
  throw new WebhookVerificationError("no webhook-signature matches the secret");
}

async function verifyBodySignature(secret: string, signature: string | undefined, body: Uint8Array): Promise<void> {
  if (!signature) {
    throw new WebhookVerificationError("the delivery is not signed (no webhook-signature, no X-Signature-256)");
  }
  const digest = await hmac(encoder.encode(secret), body);
  const expected = "sha256=" + Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  if (!equal(encoder.encode(expected), encoder.encode(signature.trim()))) {
    throw new WebhookVerificationError("X-Signature-256 does not match the secret");
  }
}

function secretKey(secret: string): Uint8Array {
  const key = fromBase64(secret.replace(/^whsec_/, ""));
  if (key.length === 0) throw new WebhookVerificationError("the secret is not a whsec_ secret (base64)");
  return key;
}

async function hmac(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  // Copies: Web Crypto takes views of a plain ArrayBuffer only.
  const algorithm = { name: "HMAC", hash: "SHA-256" };
  const imported = await crypto.subtle.importKey("raw", new Uint8Array(key), algorithm, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", imported, new Uint8Array(message)));
}

function fromBase64(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/** Constant-time for equal lengths. */
function equal(first: Uint8Array, second: Uint8Array): boolean {
  if (first.length !== second.length) return false;
  let difference = 0;
  for (let index = 0; index < first.length; index += 1) difference |= (first[index] ?? 0) ^ (second[index] ?? 0);
  return difference === 0;
}
