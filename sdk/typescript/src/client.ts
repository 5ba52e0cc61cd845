/**
 * `new IncidentClient({ baseUrl, token })` or `{ baseUrl, clientId, clientSecret }` (seed 004's
 * `username` and `password`): every request with the current token (fetched at `POST /auth/token`,
 * and again before it expires), retried on 429/503 after `Retry-After` (else exponential backoff
 * with full jitter), its answer parsed, or thrown as a typed `ApiError`.
 */

import { ApiConnectionError, errorFromResponse, retryAfterSeconds } from "./errors.js";
import { Incidents, Webhooks } from "./resources.js";

export interface RetryPolicy {
  maxRetries: number;
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  /** The longest `Retry-After` waited for; a longer one throws at once. */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 4,
  backoffBaseSeconds: 0.5,
  backoffMaxSeconds: 8,
  maxRetryAfterSeconds: 65,
};

export interface ClientOptions {
  baseUrl: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  /** Seed 004's name of the client id. */
  username?: string;
  /** Seed 004's name of the client secret. */
  password?: string;
  scope?: string;
  retry?: Partial<RetryPolicy>;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  sleep?: (seconds: number) => Promise<void>;
  clock?: () => number; // milliseconds
}

export interface RequestOptions {
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
}

const RETRY_STATUSES = new Set([429, 503]);
const REFRESH_MARGIN_MS = 60_000;

export class IncidentClient {
  readonly baseUrl: string;
  readonly incidents: Incidents;
  readonly webhooks: Webhooks;
  private readonly retry: RetryPolicy;
  private readonly fetcher: typeof fetch;
  private readonly sleep: (seconds: number) => Promise<void>;
  private readonly clock: () => number;
  private readonly credentials: { id: string; secret: string; scope?: string } | null;
  private token: string | null;
  private refreshAt = 0;
  private pendingToken: Promise<string> | null = null;

  constructor(private readonly options: ClientOptions) {
    if (!/^https?:\/\//.test(options.baseUrl)) throw new TypeError(`baseUrl must be an http(s) URL`);
    const id = options.clientId ?? options.username;
    const secret = options.clientSecret ?? options.password;
    if (options.token !== undefined && (id !== undefined || secret !== undefined)) {
      throw new TypeError("pass a token or client credentials, not both");
    }
    if ((id === undefined) !== (secret === undefined)) {
      throw new TypeError("client credentials need both the client id and the secret (username and password)");
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.credentials = id !== undefined && secret !== undefined ? { id, secret, scope: options.scope } : null;
    this.token = options.token ?? null;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.sleep = options.sleep ?? ((seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)));
    this.clock = options.clock ?? Date.now;
    this.incidents = new Incidents(this);
    this.webhooks = new Webhooks(this);
  }

  /** One call with its retries: the answer's JSON, or a thrown `ApiError`. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && item !== null) url.searchParams.append(name, String(item));
      }
    }
    const headers: Record<string, string> = { Accept: "application/json", ...this.options.headers, ...options.headers };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const repeatable = method === "GET" || Object.keys(headers).some((name) => name.toLowerCase() === "idempotency-key");
    const response = await this.send(method, url.toString(), headers, body, { authenticated: true, repeatable });
    return (await response.json()) as T;
  }

  private async send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    { authenticated, repeatable }: { authenticated: boolean; repeatable: boolean },
  ): Promise<Response> {
    let tokenRenewed = false;
    for (let attempt = 0; ; attempt += 1) {
      const sent = { ...headers };
      if (authenticated) {
        const token = await this.currentToken();
        if (token !== null) sent.Authorization = `Bearer ${token}`;
      }
      let response: Response;
      try {
        response = await this.fetcher(url, { method, headers: sent, body });
      } catch (error) {
        if (!repeatable || attempt >= this.retry.maxRetries) {
          throw new ApiConnectionError(`${method} ${url}: ${String(error)}`, { cause: error });
        }
        await this.sleep(this.backoff(attempt));
        continue;
      }
      if (response.status === 401 && authenticated && this.credentials && !tokenRenewed) {
        this.token = null; // refused (revoked, rotated): one new token, once
        tokenRenewed = true;
        attempt -= 1;
        continue;
      }
      if (response.ok) return response;
      const delay = this.delayAfter(attempt, response);
      if (delay === null) throw await errorFromResponse(response);
      await this.sleep(delay);
    }
  }

  private delayAfter(attempt: number, response: Response): number | null {
    if (!RETRY_STATUSES.has(response.status) || attempt >= this.retry.maxRetries) return null;
    const retryAfter = retryAfterSeconds(response.headers);
    if (retryAfter === null) return this.backoff(attempt);
    return retryAfter <= this.retry.maxRetryAfterSeconds ? retryAfter : null;
  }

  private backoff(attempt: number): number {
    return Math.random() * Math.min(this.retry.backoffMaxSeconds, this.retry.backoffBaseSeconds * 2 ** attempt);
  }

  private async currentToken(): Promise<string | null> {
    if (!this.credentials) return this.token;
    if (this.token !== null && this.clock() < this.refreshAt) return this.token;
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = null;
    });
    return this.pendingToken;
  }

  private async fetchToken(): Promise<string> {
    const credentials = this.credentials!;
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: credentials.id,
      client_secret: credentials.secret,
    });
    if (credentials.scope) form.set("scope", credentials.scope);
    const sentAt = this.clock();
    const headers = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
    const response = await this.send("POST", `${this.baseUrl}/auth/token`, headers, form.toString(), {
      authenticated: false,
      repeatable: true, // asking for a token twice only costs a token
    });
    const answer = (await response.json()) as { access_token: string; expires_in: number };
    const lifetimeMs = answer.expires_in * 1000;
    this.token = answer.access_token;
    this.refreshAt = sentAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
    return answer.access_token;
  }
}
