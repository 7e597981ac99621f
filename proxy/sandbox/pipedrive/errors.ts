/**
 * Pipedrive's error bodies as the sandbox writes them: `{success: false, error, error_info, data:
 * null, additional_data: null}` plus, for v2's stricter input validation, a `code`
 * (https://pipedrive.readme.io/docs/core-api-concepts-responses,
 * https://pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide).
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Pipedrive's pointer in every error body. */
export const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';

/** A Pipedrive error body. */
export interface PipedriveErrorBody {
  success: false;
  error: string;
  error_info: string;
  data: null;
  additional_data: null;
  code?: string;
  errorCode?: number;
}

/** Thrown by sandbox handlers; the app answers `status` with `body` (and `headers`). */
export class PipedriveApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly body: PipedriveErrorBody;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: ContentfulStatusCode, body: PipedriveErrorBody, headers: Record<string, string> = {}) {
    super(body.error);
    this.name = 'PipedriveApiError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** An error body. */
export function errorBody(
  error: string,
  extra: Partial<Pick<PipedriveErrorBody, 'code' | 'errorCode'>> = {},
): PipedriveErrorBody {
  return { success: false, error, error_info: ERROR_INFO, data: null, additional_data: null, ...extra };
}

/** 401 for a missing or unknown API token. */
export function unauthorized(): PipedriveApiError {
  return new PipedriveApiError(401, errorBody('unauthorized access', { errorCode: 401 }));
}

/** 429 over the rate limit (https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting). */
export function overLimit(headers: Record<string, string>): PipedriveApiError {
  return new PipedriveApiError(429, errorBody('Request over limit', { errorCode: 429 }), headers);
}

/** 400 for input v2 refuses: `Validation failed: <path>: <problem>`. */
export function validationFailed(path: string, problem: string): PipedriveApiError {
  return new PipedriveApiError(
    400,
    errorBody(`Validation failed: ${path}: ${problem}`, { code: 'ERR_SCHEMA_VALIDATION_FAILED' }),
  );
}

/** 404 for an entity that does not exist (or is deleted). */
export function notFound(entity: 'Person' | 'Organization' | 'Field'): PipedriveApiError {
  return new PipedriveApiError(404, errorBody(`${entity} not found`, { errorCode: 404 }));
}

/**
 * 403 for a contact-sync field (`job_title`, `notes`, `postal_address`, `birthday`, `im`) when contact
 * sync is off: "attempting to set any of them without contact sync enabled returns a 403"
 * (https://developers.pipedrive.com/docs/api/v1/Persons, v2 "Add a new person").
 */
export function contactSyncRequired(field: string): PipedriveApiError {
  return new PipedriveApiError(
    403,
    errorBody(`The ${field} field exists only when contact sync is enabled for the company`, {
      code: 'ERR_CONTACT_SYNC_REQUIRED',
      errorCode: 403,
    }),
  );
}
