/**
 * The proxy's one error envelope, `{error: {code, message, details?}}` (lib/contracts/errors.ts),
 * and the mapping of every failure to it: the caller's mistakes are 4xx, CRM failures keep the
 * vendor's reason ("HubSpot said: …"), and only a bug in the proxy is a 500.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { CRM_LABELS, ERROR_STATUS, type ErrorCode, type ErrorEnvelope } from '../lib/contracts/index.ts';
import { CrmError } from './crm/types.ts';

/** One `{path, message}` per schema problem, e.g. `{path: "customer.email", message: "..."}`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * A failure the API reports with the envelope. `status` follows `ERROR_STATUS[code]`; `headers` are
 * added to the response (e.g. `Retry-After`).
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toEnvelope(): ErrorEnvelope {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

/** Turns zod issues into `details.issues` entries; the root path is "" (the whole body). */
export function validationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** A 400 `validation_failed` for a body or query that failed its schema; `what` is "request body" or "query". */
export function validationError(what: string, error: z.ZodError): ApiError {
  const issues = validationIssues(error);
  const first = issues[0];
  const where = first?.path ? `${first.path}: ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new ApiError('validation_failed', `Invalid ${what}: ${where}${first?.message ?? 'invalid'}${more}`, {
    details: { issues },
  });
}

/** Seconds to wait when a CRM throttles us without saying for how long (HubSpot's burst window is 10 s). */
export const DEFAULT_RETRY_AFTER_SECONDS = 10;

/**
 * Maps a typed CRM failure to the envelope:
 * validation / invalid_field → `crm_validation` 422 (`details.field`); rate_limited → `crm_rate_limited`
 * 429 with `Retry-After` and `details.retryAfterSeconds`; auth_expired → `crm_auth_failed` 502;
 * unavailable → `crm_unavailable` 503; anything else → `crm_error` 502. The message carries the
 * vendor's reason ("HubSpot said: Property values were not valid"); details carry `provider`,
 * `vendorCode`, `status` and `field` when known.
 */
export function crmErrorToApiError(error: CrmError): ApiError {
  const label = CRM_LABELS[error.provider] ?? error.provider;
  const reason = error.message.trim() || 'no reason given';
  const details: Record<string, unknown> = { provider: error.provider, kind: error.kind };
  if (error.vendorCode !== undefined) details.vendorCode = error.vendorCode;
  if (error.status !== undefined) details.status = error.status;
  if (error.field !== undefined) details.field = error.field;
  const said = `${label} said: ${reason}`;

  switch (error.kind) {
    case 'validation':
    case 'invalid_field':
      return new ApiError('crm_validation', said, { details, cause: error });
    case 'rate_limited': {
      const seconds =
        error.retryAfterMs !== undefined && error.retryAfterMs > 0
          ? Math.ceil(error.retryAfterMs / 1000)
          : DEFAULT_RETRY_AFTER_SECONDS;
      return new ApiError('crm_rate_limited', said, {
        details: { ...details, retryAfterSeconds: seconds },
        headers: { 'Retry-After': String(seconds) },
        cause: error,
      });
    }
    case 'auth_expired':
      return new ApiError('crm_auth_failed', said, { details, cause: error });
    case 'unavailable':
      return new ApiError('crm_unavailable', error.status !== undefined ? said : `Can't reach ${label}: ${reason}`, {
        details,
        cause: error,
      });
    default:
      return new ApiError('crm_error', said, { details, cause: error });
  }
}

/** Maps Hono's own HTTP exceptions (e.g. a malformed request) to the closest envelope code. */
function httpExceptionToApiError(error: HTTPException): ApiError {
  const status = error.status;
  const code: ErrorCode =
    status === 401
      ? 'unauthorized'
      : status === 404
        ? 'not_found'
        : status === 413
          ? 'payload_too_large'
          : status >= 400 && status < 500
            ? 'bad_request'
            : 'internal';
  return new ApiError(code, error.message || 'The request could not be processed.', { cause: error });
}

/**
 * Any thrown value → ApiError. Unknown errors become `internal` with a reference the log also
 * carries, never their message (it may hold internals).
 */
export function toApiError(error: unknown, reference?: string): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof CrmError) return crmErrorToApiError(error);
  if (error instanceof HTTPException) return httpExceptionToApiError(error);
  return new ApiError(
    'internal',
    `The sync proxy hit an internal error${reference ? ` (reference ${reference})` : ''}. It has been logged.`,
    { cause: error, ...(reference ? { details: { reference } } : {}) },
  );
}

/** Sends an ApiError as the envelope with its status and headers. */
export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.toEnvelope(), error.status as ContentfulStatusCode);
}
