/**
 * HubSpot's error responses as the sandbox writes them: `{status: "error", message, correlationId,
 * category, errors?: [{message, code?, context?}]}` (https://developers.hubspot.com/docs/faq/api-error-responses),
 * plus the 429 body of the rate limiter with `errorType` and `policyName`
 * (https://developers.hubspot.com/docs/api/usage-details).
 */
import { randomUUID } from 'node:crypto';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One entry of an error body's `errors` array. */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  in?: string;
  context?: Record<string, string[]>;
}

/** A HubSpot error response body. */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category?: string;
  errorType?: string;
  policyName?: string;
  errors?: HubSpotErrorDetail[];
}

/** Thrown by sandbox handlers; the app answers `status` with `body` (and `headers`). */
export class HubSpotApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly body: HubSpotErrorBody;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: ContentfulStatusCode, body: HubSpotErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.name = 'HubSpotApiError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** An error body with a fresh correlation id. */
export function errorBody(
  message: string,
  category: string | undefined,
  extra: Partial<Omit<HubSpotErrorBody, 'status' | 'message' | 'correlationId'>> = {},
): HubSpotErrorBody {
  return {
    status: 'error',
    message,
    correlationId: randomUUID(),
    ...(category === undefined ? {} : { category }),
    ...extra,
  };
}

/** 400 VALIDATION_ERROR with the given message (and details). */
export function validationError(message: string, errors?: HubSpotErrorDetail[]): HubSpotApiError {
  return new HubSpotApiError(400, errorBody(message, 'VALIDATION_ERROR', errors ? { errors } : {}));
}

/** 401 as HubSpot answers a missing or unknown access token. */
export function authenticationError(): HubSpotApiError {
  return new HubSpotApiError(
    401,
    errorBody(
      'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      'INVALID_AUTHENTICATION',
    ),
  );
}

/**
 * 401 as HubSpot answers an OAuth access token that has expired (category EXPIRED_AUTHENTICATION,
 * https://developers.hubspot.com/docs/faq/api-error-responses).
 */
export function expiredTokenError(minutesAgo = 1): HubSpotApiError {
  return new HubSpotApiError(
    401,
    errorBody(`The OAuth token used to make this call expired ${minutesAgo} minute(s) ago.`, 'EXPIRED_AUTHENTICATION'),
  );
}

/** 404 for a record that does not exist (or is archived). */
export function notFoundError(message = 'resource not found'): HubSpotApiError {
  return new HubSpotApiError(404, errorBody(message, 'OBJECT_NOT_FOUND'));
}

/** 409 CONFLICT for an email another contact already has. */
export function duplicateContactError(existingId: string): HubSpotApiError {
  return new HubSpotApiError(409, errorBody(`Contact already exists. Existing ID: ${existingId}`, 'CONFLICT'));
}

/** A property value problem found while validating a write. */
export interface PropertyProblem {
  name: string;
  code: 'PROPERTY_DOESNT_EXIST' | 'READ_ONLY_VALUE' | 'INVALID_OPTION' | 'INVALID_EMAIL';
  message: string;
}

/**
 * 400 VALIDATION_ERROR for invalid property values, shaped like HubSpot's: the top-level message
 * embeds the JSON list of problems, `errors[]` carries one `{message, code, context.propertyName}`
 * per problem.
 */
export function propertyValidationError(problems: readonly PropertyProblem[]): HubSpotApiError {
  const summary = problems.map((p) => ({ isValid: false, message: p.message, error: p.code, name: p.name }));
  return validationError(
    `Property values were not valid: ${JSON.stringify(summary)}`,
    problems.map((p) => ({ message: p.message, code: p.code, context: { propertyName: [p.name] } })),
  );
}

/** Rate-limit policies the sandbox enforces. */
export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY';

/** 429 as HubSpot answers a request over the limit. */
export function rateLimitError(policyName: RateLimitPolicy, headers: Record<string, string>): HubSpotApiError {
  return new HubSpotApiError(
    429,
    errorBody(`You have reached your ${policyName.toLowerCase()} limit.`, 'RATE_LIMITS', {
      errorType: 'RATE_LIMIT',
      policyName,
    }),
    headers,
  );
}
