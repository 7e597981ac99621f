/**
 * Zoho CRM's status bodies as the sandbox writes them: `{code, details, message, status: "error"}`
 * for a request-level error, and the same shape per record inside `{data: [...]}` for writes
 * (https://www.zoho.com/crm/developer/docs/api/v8/status-codes.html,
 * https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html).
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One status object (a request's error, or one record's outcome in a write). */
export interface ZohoStatusBody {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'success' | 'error';
}

/** Thrown by sandbox handlers; the app answers `status` with `body` (and `headers`). */
export class ZohoApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly body: ZohoStatusBody;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: ContentfulStatusCode, body: ZohoStatusBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.name = 'ZohoApiError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** A record-level problem found while validating a write (answered inside `data`, or thrown). */
export class ZohoRecordError extends Error {
  readonly body: ZohoStatusBody;
  constructor(body: ZohoStatusBody) {
    super(body.message);
    this.name = 'ZohoRecordError';
    this.body = body;
  }
}

/** An error status body. */
export function errorStatus(code: string, message: string, details: Record<string, unknown> = {}): ZohoStatusBody {
  return { code, details, message, status: 'error' };
}

/** 401 for a request without an `Authorization: Zoho-oauthtoken …` header. */
export function authenticationFailure(): ZohoApiError {
  return new ZohoApiError(401, errorStatus('AUTHENTICATION_FAILURE', 'Authentication failed'));
}

/** 401 for an unknown or expired access token. */
export function invalidToken(): ZohoApiError {
  return new ZohoApiError(401, errorStatus('INVALID_TOKEN', 'invalid oauth token'));
}

/** 429 TOO_MANY_REQUESTS (https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html). */
export function tooManyRequests(headers: Record<string, string>): ZohoApiError {
  return new ZohoApiError(
    429,
    errorStatus('TOO_MANY_REQUESTS', 'you have exceeded the API request limit; try again later'),
    headers,
  );
}

/** 400 REQUIRED_PARAM_MISSING naming the parameter. */
export function requiredParamMissing(param: string): ZohoApiError {
  return new ZohoApiError(
    400,
    errorStatus('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: param }),
  );
}

/** 400 INVALID_QUERY for a search criteria Zoho cannot read. */
export function invalidQuery(reason: string): ZohoApiError {
  return new ZohoApiError(400, errorStatus('INVALID_QUERY', 'invalid query formed', { reason }));
}

/** 400 INVALID_MODULE. */
export function invalidModule(module: string): ZohoApiError {
  return new ZohoApiError(
    400,
    errorStatus('INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0, module }),
  );
}

/** 400 LIMIT_EXCEEDED for more than `limit` records or ids in one call. */
export function limitExceeded(limit: number, what: string): ZohoApiError {
  return new ZohoApiError(
    400,
    errorStatus('LIMIT_EXCEEDED', `the number of ${what} exceeds the limit of ${limit}`, { limit }),
  );
}

/** 400 INVALID_DATA for a request body that is not what the endpoint takes. */
export function invalidBody(message: string): ZohoApiError {
  return new ZohoApiError(400, errorStatus('INVALID_DATA', message));
}

/** 404 INVALID_URL_PATTERN for a path the API does not have. */
export function invalidUrlPattern(): ZohoApiError {
  return new ZohoApiError(
    404,
    errorStatus('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'),
  );
}
