/**
 * `client.incidents` and `client.webhooks`. Bodies are plain objects; their top-level keys may be
 * camelCase (`affectedSystems`, seed 004's JavaScript style): they are sent in snake_case. Lists
 * are async iterables across pages (`for await (const incident of client.incidents.list(...))`).
 */

import type { components } from "./schema.js";

type Schemas = components["schemas"];
export type Incident = Schemas["Incident"];
export type TriageRun = Schemas["TriageRun"];
export type IncidentAnalysis = Schemas["IncidentAnalysis"];
export type Remediation = Schemas["Remediation"];
export type DeletedIncident = Schemas["DeletedIncident"];
export type Webhook = Schemas["Webhook"];
export type WebhookWithSecret = Schemas["WebhookWithSecret"];
export type Delivery = Schemas["Delivery"];
export type DeliveryWithAttempts = Schemas["DeliveryWithAttempts"];
export type WebhookStats = Schemas["WebhookStats"];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  hasMore: boolean;
  total: number | null;
}

export type Fields = Record<string, unknown>;
export type Filters = Record<string, string | number | boolean | Array<string | number> | undefined>;
export type Version = number | string | undefined;

interface Requester {
  request<T>(
    method: string,
    path: string,
    options?: { query?: Record<string, unknown>; body?: unknown; headers?: Record<string, string> },
  ): Promise<T>;
}

interface Envelope<T> {
  data: T;
}

interface ListEnvelope<T> {
  data: T[];
  meta: { has_more: boolean; next_cursor?: string | null; total?: number | null };
}

const segment = encodeURIComponent;

function snakeCase(fields: Fields): Fields {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), value]),
  );
}

function ifMatch(version: Version): Record<string, string> {
  if (version === undefined) return {};
  const text = String(version);
  return { "If-Match": text.startsWith('"') || text.startsWith("W/") ? text : `"${text}"` };
}

function idempotent(key?: string): Record<string, string> {
  return { "Idempotency-Key": key ?? crypto.randomUUID() };
}

async function* pages<T>(client: Requester, path: string, query: Filters): AsyncGenerator<Page<T>> {
  let cursor: string | undefined;
  for (;;) {
    const answer = await client.request<ListEnvelope<T>>("GET", path, { query: { ...query, cursor } });
    const page = {
      items: answer.data,
      nextCursor: answer.meta.next_cursor ?? null,
      hasMore: answer.meta.has_more,
      total: answer.meta.total ?? null,
    };
    yield page;
    if (!page.hasMore || !page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

async function* items<T>(source: AsyncIterable<Page<T>>): AsyncGenerator<T> {
  for await (const page of source) yield* page.items;
}

function listQuery(filters: Filters): Filters {
  const { pageSize, ...rest } = filters;
  return { ...snakeCase(rest), limit: pageSize } as Filters;
}

export class Incidents {
  constructor(private readonly client: Requester) {}

  /** The pages of `GET /incidents`; filters as its query parameters (`pageSize` is `limit`). */
  pages(filters: Filters = {}): AsyncGenerator<Page<Incident>> {
    return pages<Incident>(this.client, "/incidents", listQuery(filters));
  }

  /** Every matching incident, fetched page by page as you iterate. */
  list(filters: Filters = {}): AsyncGenerator<Incident> {
    return items(this.pages(filters));
  }

  /** `POST /incidents`, with an Idempotency-Key (a new one unless given): a retry never creates twice. */
  async create(fields: Fields, options: { idempotencyKey?: string } = {}): Promise<Incident> {
    const headers = idempotent(options.idempotencyKey);
    return (await this.client.request<Envelope<Incident>>("POST", "/incidents", { body: snakeCase(fields), headers })).data;
  }

  async get(id: string): Promise<Incident> {
    return (await this.client.request<Envelope<Incident>>("GET", `/incidents/${segment(id)}`)).data;
  }

  async update(id: string, fields: Fields, options: { ifMatch?: Version } = {}): Promise<Incident> {
    const request = { body: snakeCase(fields), headers: ifMatch(options.ifMatch) };
    return (await this.client.request<Envelope<Incident>>("PATCH", `/incidents/${segment(id)}`, request)).data;
  }

  async changeStatus(id: string, status: string, fields: Fields = {}, options: { ifMatch?: Version } = {}): Promise<Incident> {
    const request = { body: { ...snakeCase(fields), status }, headers: ifMatch(options.ifMatch) };
    return (await this.client.request<Envelope<Incident>>("PUT", `/incidents/${segment(id)}/status`, request)).data;
  }

  async delete(id: string, options: { ifMatch?: Version } = {}): Promise<DeletedIncident> {
    const request = { headers: ifMatch(options.ifMatch) };
    return (await this.client.request<Envelope<DeletedIncident>>("DELETE", `/incidents/${segment(id)}`, request)).data;
  }

  async triage(id: string, fields: { playbook?: string; force?: boolean; waitSeconds?: number } = {}): Promise<TriageRun> {
    const { waitSeconds, ...body } = fields;
    const headers: Record<string, string> = waitSeconds === undefined ? {} : { Prefer: `wait=${waitSeconds}` };
    return (await this.client.request<Envelope<TriageRun>>("POST", `/incidents/${segment(id)}/triage`, { body, headers }))
      .data;
  }

  async analyze(id: string): Promise<IncidentAnalysis> {
    return (await this.client.request<Envelope<IncidentAnalysis>>("POST", `/incidents/${segment(id)}/analyze`)).data;
  }

  async remediate(
    id: string,
    fields: { action: string; parameters?: Fields; reason?: string },
    options: { idempotencyKey?: string } = {},
  ): Promise<Remediation> {
    const body = { parameters: {}, ...fields };
    const request = { body, headers: idempotent(options.idempotencyKey) };
    return (await this.client.request<Envelope<Remediation>>("POST", `/incidents/${segment(id)}/remediate`, request)).data;
  }
}

export class Webhooks {
  constructor(private readonly client: Requester) {}

  /** `POST /webhooks`: the answer is the only one that shows the signing `secret`. */
  async create(fields: Fields, options: { idempotencyKey?: string } = {}): Promise<WebhookWithSecret> {
    const request = { body: snakeCase(fields), headers: idempotent(options.idempotencyKey) };
    return (await this.client.request<Envelope<WebhookWithSecret>>("POST", "/webhooks", request)).data;
  }

  async list(): Promise<Webhook[]> {
    return (await this.client.request<Envelope<Webhook[]>>("GET", "/webhooks")).data;
  }

  async get(id: string): Promise<Webhook> {
    return (await this.client.request<Envelope<Webhook>>("GET", `/webhooks/${segment(id)}`)).data;
  }

  async update(id: string, fields: Fields, options: { ifMatch?: Version } = {}): Promise<Webhook> {
    const request = { body: snakeCase(fields), headers: ifMatch(options.ifMatch) };
    return (await this.client.request<Envelope<Webhook>>("PATCH", `/webhooks/${segment(id)}`, request)).data;
  }

  async delete(id: string): Promise<Schemas["WebhookDeleted"]> {
    return (await this.client.request<Envelope<Schemas["WebhookDeleted"]>>("DELETE", `/webhooks/${segment(id)}`)).data;
  }

  async rotateSecret(id: string): Promise<Schemas["WebhookSecretRotated"]> {
    const path = `/webhooks/${segment(id)}/rotate-secret`;
    return (await this.client.request<Envelope<Schemas["WebhookSecretRotated"]>>("POST", path)).data;
  }

  async sendTest(id: string): Promise<Schemas["WebhookTestQueued"]> {
    const path = `/webhooks/${segment(id)}/test`;
    return (await this.client.request<Envelope<Schemas["WebhookTestQueued"]>>("POST", path)).data;
  }

  /** The subscription's deliveries, newest first, across pages. */
  deliveries(id: string, filters: Filters = {}): AsyncGenerator<Delivery> {
    return items(pages<Delivery>(this.client, `/webhooks/${segment(id)}/deliveries`, listQuery(filters)));
  }

  async delivery(id: string, deliveryId: string): Promise<DeliveryWithAttempts> {
    const path = `/webhooks/${segment(id)}/deliveries/${segment(deliveryId)}`;
    return (await this.client.request<Envelope<DeliveryWithAttempts>>("GET", path)).data;
  }

  async redeliver(id: string, deliveryId: string): Promise<Schemas["RedeliveryQueued"]> {
    const path = `/webhooks/${segment(id)}/deliveries/${segment(deliveryId)}/redeliver`;
    return (await this.client.request<Envelope<Schemas["RedeliveryQueued"]>>("POST", path)).data;
  }

  async stats(id: string): Promise<WebhookStats> {
    return (await this.client.request<Envelope<WebhookStats>>("GET", `/webhooks/${segment(id)}/stats`)).data;
  }
}
