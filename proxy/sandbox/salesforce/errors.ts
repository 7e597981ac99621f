/**
 * Salesforce's error responses as the sandbox writes them: an array of `{message, errorCode,
 * fields?}` (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm),
 * DUPLICATES_DETECTED with its `duplicateResult`
 * (https://developer.salesforce.com/docs/platform/api/guide/sforce-api-objects-duplicateresult.html),
 * and the OAuth token endpoint's `{error, error_description}`.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One error of a REST error response. */
export interface SalesforceErrorJson {
  message: string;
  errorCode: string;
  fields?: string[];
  duplicateResult?: Record<string, unknown>;
}

/** Thrown by sandbox handlers; the app answers `status` with the `errors` array. */
export class SalesforceApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly errors: SalesforceErrorJson[];

  constructor(status: ContentfulStatusCode, errors: SalesforceErrorJson[]) {
    super(errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '));
    this.name = 'SalesforceApiError';
    this.status = status;
    this.errors = errors;
  }
}

/** A 400 with one error. */
export function badRequest(errorCode: string, message: string, fields?: string[]): SalesforceApiError {
  return new SalesforceApiError(400, [{ message, errorCode, ...(fields ? { fields } : {}) }]);
}

/** 401 as Salesforce answers an expired or unknown access token. */
export function invalidSession(): SalesforceApiError {
  return new SalesforceApiError(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
}

/** 404 for a record or resource that does not exist. */
export function notFound(message = 'The requested resource does not exist'): SalesforceApiError {
  return new SalesforceApiError(404, [{ message, errorCode: 'NOT_FOUND' }]);
}

/**
 * 403 REQUEST_LIMIT_EXCEEDED: `daily` when the org's rolling 24-hour API allocation is used up
 * ("TotalRequests Limit exceeded."), `concurrent` when too many long-running requests run at once
 * ("ConcurrentPerOrgLongTxn Limit exceeded." — brief)
 * (https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm).
 */
export function requestLimitExceeded(kind: 'daily' | 'concurrent'): SalesforceApiError {
  const message = kind === 'daily' ? 'TotalRequests Limit exceeded.' : 'ConcurrentPerOrgLongTxn Limit exceeded.';
  return new SalesforceApiError(403, [{ message, errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
}

/**
 * The text of a SOQL error as Salesforce formats it: the query, a caret under the offending column,
 * "ERROR at Row:1:Column:<n>" and the reason.
 */
export function soqlErrorText(soql: string, column: number, reason: string): string {
  const line = soql.split('\n')[0] ?? '';
  const start = Math.max(0, column - 40);
  const excerpt = line.slice(start, column + 40);
  return `\n${excerpt}\n${' '.repeat(Math.max(0, column - 1 - start))}^\nERROR at Row:1:Column:${column}\n${reason}`;
}

/** The save problem of one record: the error items a SaveResult (or a 400) carries. */
export class SaveError extends Error {
  readonly errors: SalesforceErrorJson[];
  constructor(errors: SalesforceErrorJson[]) {
    super(errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '));
    this.name = 'SaveError';
    this.errors = errors;
  }
}
