/**
 * The one error envelope of the proxy API, `{error: {code, message, details?}}`, and the codes it
 * may carry. The extension parses every non-2xx body with `ErrorEnvelope`.
 *
 * Imports nothing but zod.
 */
import { z } from 'zod';

/**
 * Error codes and the HTTP status the proxy answers with:
 * - `bad_request` 400: body is not JSON / wrong content type; `validation_failed` 400: body or query
 *   failed its schema (`details.issues` lists `{path, message}`);
 * - `unauthorized` 401: missing or wrong API key; `not_found` 404;
 * - `payload_too_large` 413: the request body is over the proxy's size limit;
 * - `idempotency_conflict` 409: the Idempotency-Key was used for a different request or is in flight;
 * - `crm_validation` 422: the CRM refused a value (`details.field`, vendor's reason in `message`);
 * - `crm_rate_limited` 429: the CRM throttled us (`details.retryAfterSeconds`);
 * - `crm_auth_failed` 502: the CRM rejected the proxy's credentials;
 * - `crm_error` 502: any other CRM failure (vendor's reason in `message`);
 * - `crm_unavailable` 503: the CRM could not be reached;
 * - `internal` 500: a bug in the proxy.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'not_found',
  'payload_too_large',
  'idempotency_conflict',
  'crm_validation',
  'crm_rate_limited',
  'crm_auth_failed',
  'crm_error',
  'crm_unavailable',
  'internal',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  not_found: 404,
  payload_too_large: 413,
  idempotency_conflict: 409,
  crm_validation: 422,
  crm_rate_limited: 429,
  crm_auth_failed: 502,
  crm_error: 502,
  crm_unavailable: 503,
  internal: 500,
};

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const ErrorEnvelope = z.object({ error: ErrorBody });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
