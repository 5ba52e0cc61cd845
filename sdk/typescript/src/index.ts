export { IncidentClient, DEFAULT_RETRY } from "./client.js";
export type { ClientOptions, RetryPolicy, RequestOptions } from "./client.js";
export { ApiError, ApiConnectionError, IncidentApiError, WebhookVerificationError } from "./errors.js";
export { Incidents, Webhooks } from "./resources.js";
export type * from "./resources.js";
export { verifyWebhook } from "./webhooks.js";
export type { WebhookEvent, VerifyOptions } from "./webhooks.js";
export type { components, paths, operations } from "./schema.js";
