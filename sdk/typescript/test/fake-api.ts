/** A fake incident API behind an injected `fetch`: scripted answers per route, every request kept. */

import { readFileSync } from "node:fs";

export const DOCUMENT_URL = new URL("../../../../openapi.json", import.meta.url);
const documentJson = JSON.parse(readFileSync(DOCUMENT_URL, "utf8")) as {
  paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { example: unknown }> }> }>>;
};

/** The documented example of an operation's answer (a fresh copy). */
export function documented(path: string, method: string, status: number): Record<string, unknown> {
  const example = documentJson.paths[path]?.[method]?.responses[String(status)]?.content["application/json"]?.example;
  return structuredClone(example) as Record<string, unknown>;
}

export function incident(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(documented("/incidents/{id}", "get", 200).data as Record<string, unknown>), ...fields };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const body = { success: false, error: { code, message, details: null }, request_id: "req-1" };
  return json(status, body, { "X-Request-Id": "req-1", ...headers });
}

export function incidentPage(ids: string[], nextCursor: string | null): Response {
  const data = ids.map((id) => incident({ id }));
  return json(200, { success: true, data, incidents: data, meta: { limit: 100, has_more: nextCursor !== null, next_cursor: nextCursor } });
}

export interface Sent {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

type Answer = Response | (() => Response);

export class FakeApi {
  readonly requests: Sent[] = [];
  readonly waits: number[] = [];
  private readonly routes = new Map<string, Answer[]>();

  on(route: string, ...answers: Answer[]): this {
    this.routes.set(route, [...(this.routes.get(route) ?? []), ...answers]);
    return this;
  }

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const method = init.method ?? "GET";
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    this.requests.push({ method, url, headers, body: init.body === undefined ? undefined : String(init.body) });
    const answers = this.routes.get(`${method} ${url.pathname}`);
    if (!answers || answers.length === 0) return apiError(404, "NOT_FOUND", `no fake answer for ${method} ${url.pathname}`);
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    return typeof answer === "function" ? answer() : answer.clone();
  };

  readonly sleep = async (seconds: number): Promise<void> => {
    this.waits.push(seconds);
  };

  sent(route: string): Sent[] {
    return this.requests.filter((request) => `${request.method} ${request.url.pathname}` === route);
  }
}
