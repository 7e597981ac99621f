/**
 * Dataverse Web API error responses as the sandbox writes them: `{error: {code, message}}` with
 * Dataverse's hexadecimal codes and wording
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors,
 * https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/web-service-error-codes,
 * https://learn.microsoft.com/en-us/troubleshoot/power-platform/dataverse/dataverse-web-api-and-sdk/web-api-client-errors).
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The body of a Dataverse error response. */
export interface DataverseErrorBody {
  error: { code: string; message: string };
}

/** Thrown by sandbox handlers; the app answers `status` with `body` (null: no body) and `headers`. */
export class DataverseApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly body: DataverseErrorBody | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: ContentfulStatusCode,
    body: DataverseErrorBody | null,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
    this.name = 'DataverseApiError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

function error(status: ContentfulStatusCode, code: string, message: string, headers?: Record<string, string>) {
  return new DataverseApiError(status, { error: { code, message } }, headers);
}

/** Error codes the sandbox answers with. */
export const ERROR_CODES = {
  /** A property name in $select/$filter/$expand that the type does not have (code is literally 0x0). */
  propertyNotFound: '0x0',
  /** A record that does not exist: "Entity 'contact' With Id = … Does Not Exist". */
  recordNotFound: '0x80040217',
  /** "Resource not found for the segment '…'." */
  resourceNotFound: '0x8006088a',
  /** A property in a request body the type does not have. */
  undeclaredProperty: '0x80060888',
  /** "Error identified in Payload provided by the user …" (wrong value type, unreadable JSON). */
  payload: '0x80048d19',
  /** A string longer than the column's maximum length. */
  lengthExceeded: '0x80044331',
  /** A create or update blocked by a duplicate detection rule. */
  duplicate: '0x80040333',
  /** Service protection: number of requests over the limit in the window. */
  requestLimit: '0x80072322',
  /** A generic invalid argument (a read-only column in a write, a bad option value, a bad key). */
  invalidArgument: '0x80040203',
} as const;

/** 404 for a record id the table does not have. */
export function recordNotFound(entity: string, id: string): DataverseApiError {
  return error(404, ERROR_CODES.recordNotFound, `Entity '${entity}' With Id = ${id} Does Not Exist`);
}

/** 404 for a path segment that names no entity set, function or action. */
export function resourceNotFound(segment: string): DataverseApiError {
  return error(404, ERROR_CODES.resourceNotFound, `Resource not found for the segment '${segment}'.`);
}

/** 400 for an unknown property in $select, $filter, $orderby or $expand. */
export function propertyNotFound(property: string, entity: string): DataverseApiError {
  return error(
    400,
    ERROR_CODES.propertyNotFound,
    `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${entity}'.`,
  );
}

/** 400 for an unknown property in a POST/PATCH body. */
export function undeclaredProperty(property: string, entity: string): DataverseApiError {
  return error(
    400,
    ERROR_CODES.undeclaredProperty,
    `The property '${property}' does not exist on type 'Microsoft.Dynamics.CRM.${entity}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );
}

/** 400 for a body Dataverse cannot read (not JSON, or a value of the wrong type). */
export function payloadError(entitySet: string, inner: string): DataverseApiError {
  return error(
    400,
    ERROR_CODES.payload,
    `Error identified in Payload provided by the user for Entity :'${entitySet}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: ${inner}`,
  );
}

/** 400 for a string over the column's maximum length. */
export function lengthExceeded(attribute: string, entity: string, maxLength: number): DataverseApiError {
  return error(
    400,
    ERROR_CODES.lengthExceeded,
    `A validation error occurred. The length of the '${attribute}' attribute of the '${entity}' entity exceeded the maximum allowed length of '${maxLength}'.`,
  );
}

/** 400 for a generic invalid argument (read-only column, unknown option value, malformed key). */
export function invalidArgument(message: string): DataverseApiError {
  return error(400, ERROR_CODES.invalidArgument, message);
}

/** 400 for a malformed query option ($filter syntax, bad $top, …). */
export function querySyntaxError(message: string): DataverseApiError {
  return error(400, ERROR_CODES.propertyNotFound, message);
}

/**
 * A create blocked by duplicate detection. Dataverse answers it with HTTP 500 and code 0x80040333
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/manage-duplicate-detection-create-update).
 */
export function duplicateDetected(): DataverseApiError {
  return error(
    500,
    ERROR_CODES.duplicate,
    'A record was not created or updated because a duplicate of the current record already exists.',
  );
}

/**
 * 401 for a missing, unknown or expired bearer token: no body, and a `WWW-Authenticate` challenge
 * naming Microsoft Entra ID (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/authenticate-oauth).
 */
export function unauthorized(orgUrl: string): DataverseApiError {
  return new DataverseApiError(401, null, {
    'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id=${orgUrl}`,
  });
}

/**
 * 429 from the service protection limits, with `Retry-After` in seconds
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/api-limits).
 */
export function rateLimited(retryAfterSeconds: number, limit: number, windowSeconds: number): DataverseApiError {
  return error(
    429,
    ERROR_CODES.requestLimit,
    `Number of requests exceeded the limit of ${limit} over time window of ${windowSeconds} seconds.`,
    { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  );
}
