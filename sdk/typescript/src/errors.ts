/**
 * Typed errors: an answer of 4xx/5xx is an `ApiError` carrying the envelope's code, message,
 * details and request id (or OAuth's `error` and `error_description` for `POST /auth/token`).
 */

export class IncidentApiError extends Error {
  override name = "IncidentApiError";
}

/** The API could not be reached (retries included). */
export class ApiConnectionError extends IncidentApiError {
  override name = "ApiConnectionError";
}

/** A webhook delivery whose signature does not verify: forged, altered, too old or unsigned. */
export class WebhookVerificationError extends IncidentApiError {
  override name = "WebhookVerificationError";
}

export class ApiError extends IncidentApiError {
  override name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly details: unknown,
    readonly requestId: string | null,
    readonly headers: Headers,
  ) {
    super(`${status} ${code}: ${detail}${requestId ? ` (request ${requestId})` : ""}`);
  }

  /** `Retry-After` in seconds, when the answer has one (429, 503). */
  get retryAfter(): number | null {
    return retryAfterSeconds(this.headers);
  }
}

export function retryAfterSeconds(headers: Headers, now: number = Date.now()): number | null {
  const value = headers.get("retry-after")?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const moment = Date.parse(value);
  return Number.isNaN(moment) ? null : Math.max(0, (moment - now) / 1000);
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text();
  let code = `HTTP_${response.status}`;
  let message = text.slice(0, 500) || response.statusText || "error";
  let details: unknown = null;
  let requestId = response.headers.get("x-request-id");
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object") {
      const { error, error_description: description, request_id: bodyRequestId } = body as Record<string, unknown>;
      if (error && typeof error === "object") {
        const envelope = error as Record<string, unknown>;
        code = String(envelope.code ?? code);
        message = String(envelope.message ?? message);
        details = envelope.details ?? null;
        requestId = typeof bodyRequestId === "string" ? bodyRequestId : requestId;
      } else if (typeof error === "string") {
        code = error;
        message = typeof description === "string" ? description : message;
      }
    }
  } catch {
    // not JSON: the text is the message
  }
  return new ApiError(response.status, code, message, details, requestId, response.headers);
}
