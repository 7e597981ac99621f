/**
 * The Dataverse Web API client: ky (with the injectable fetch), `Authorization: Bearer <token>`,
 * the OData headers every request carries (`OData-MaxVersion: 4.0`, `OData-Version: 4.0`,
 * `Accept: application/json` — https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#http-headers),
 * a per-attempt timeout, retries only where they are safe, and every failure turned into a CrmError
 * (./map.ts).
 *
 * Retry rules (service protection limits: https://learn.microsoft.com/en-us/power-apps/developer/data-platform/api-limits):
 * - 429: Dataverse did not process the request; it is retried on every call after the
 *   `Retry-After` wait when that wait is at most `maxRateLimitWaitMs`. A longer wait is not slept
 *   on: the call fails at once with `rate_limited` and `retryAfterMs`, so the agent's sidebar is not
 *   left hanging.
 * - 502/503/504, network errors and timeouts: retried with exponential backoff for `safe` calls
 *   only (GET, PATCH with `If-Match: *` — repeatable without harm). A create is `safe` only when a
 *   duplicate detection rule would refuse a second copy (the lead carries an email and the request
 *   asks for detection); otherwise it is never repeated blindly, as that could make two leads.
 * - HTTP 500 is never retried: Dataverse answers a duplicate detection hit with 500.
 */
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import type { z } from 'zod';
import { CrmError, type FetchLike } from '../types.ts';
import { crmErrorFromResponse, retryAfterMs, unavailable, unreadableResponse } from './map.ts';

/** `safe`: may be repeated on any transient failure; `rate_limit_only`: repeated only after a 429. */
export type RetryPolicy = 'safe' | 'rate_limit_only';

/** Retry settings. */
export interface DynamicsRetryOptions {
  /** Most retries per call (default 2; 0 disables retries). */
  limit?: number;
  /** First backoff delay for 5xx/network retries, doubled each time (default 300 ms). */
  baseDelayMs?: number;
  /** Longest `Retry-After` the client sleeps on before retrying a 429 (default 2000 ms). */
  maxRateLimitWaitMs?: number;
}

export interface DynamicsClientOptions {
  /** The organization URL, e.g. `https://contoso.crm.dynamics.com` (no trailing slash). */
  orgUrl: string;
  accessToken: string;
  fetch: FetchLike;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  retry?: DynamicsRetryOptions;
  clock: () => Date;
}

/**
 * One Web API call. `path` is relative to the service root (`<org>/api/data/v9.2/`) and carries its
 * query string, already encoded (`contacts?$select=…&$filter=…`).
 */
export interface DynamicsCall {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
  /** A raw body (for `$batch`); `json` wins when both are given. */
  body?: string;
  retry: RetryPolicy;
  /** Per-attempt timeout override in ms. */
  timeoutMs?: number;
}

/** What a call answered: status, headers and body (parsed JSON, text for non-JSON, null when empty). */
export interface DynamicsResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The Web API's path under the organization URL. */
export const WEB_API_PATH = 'api/data/v9.2/';

/** Builds the Request ky asks for and hands it to the injected fetch. */
function adaptFetch(fetchLike: FetchLike) {
  return (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (input instanceof Request && (init === undefined || Object.keys(init).length === 0)) return fetchLike(input);
    return fetchLike(new Request(input, init));
  };
}

/** The innermost cause's message (Node's fetch wraps "connect ECONNREFUSED" in "fetch failed"). */
function describeCause(error: unknown): string {
  let cause = error;
  for (let depth = 0; depth < 5 && cause instanceof Error && cause.cause instanceof Error; depth++) cause = cause.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}

/** "250 ms", "10 s", "1.5 s". */
function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** A Dataverse Web API client; every method throws CrmError on failure. */
export class DynamicsClient {
  readonly #ky: KyInstance;
  readonly #orgUrl: string;
  readonly #timeoutMs: number;
  readonly #limit: number;
  readonly #baseDelayMs: number;
  readonly #maxRateLimitWaitMs: number;
  readonly #clock: () => Date;

  constructor(options: DynamicsClientOptions) {
    this.#orgUrl = options.orgUrl;
    this.#timeoutMs = options.timeoutMs;
    this.#limit = options.retry?.limit ?? 2;
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 300;
    this.#maxRateLimitWaitMs = options.retry?.maxRateLimitWaitMs ?? 2_000;
    this.#clock = options.clock;
    this.#ky = ky.create({
      prefix: `${options.orgUrl}/${WEB_API_PATH}`,
      headers: {
        Authorization: `Bearer ${options.accessToken}`,
        Accept: 'application/json',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
      },
      timeout: options.timeoutMs,
      fetch: adaptFetch(options.fetch),
    });
  }

  /**
   * Sends one call and returns its status, headers and body.
   * @throws CrmError — the mapped Dataverse error, or `unavailable` (network, timeout, 5xx).
   */
  async send(call: DynamicsCall): Promise<DynamicsResponse> {
    const limit = this.#limit;
    const maxWait = this.#maxRateLimitWaitMs;
    const clock = this.#clock;
    const safe = call.retry === 'safe';
    const timeoutMs = call.timeoutMs ?? this.#timeoutMs;
    let response: Response;
    try {
      response = await this.#ky(call.path, {
        method: call.method,
        ...(call.headers ? { headers: call.headers } : {}),
        ...(call.json !== undefined ? { json: call.json } : call.body !== undefined ? { body: call.body } : {}),
        timeout: timeoutMs,
        retry: {
          limit,
          methods: ['get', 'post', 'patch', 'delete'],
          statusCodes: safe ? [502, 503, 504] : [],
          afterStatusCodes: [503],
          maxRetryAfter: maxWait,
          retryOnTimeout: safe,
          delay: (attempt) => this.#baseDelayMs * 2 ** (attempt - 1),
          backoffLimit: 5_000,
          // Network errors are retried only for safe calls; forced 429 retries bypass this check.
          shouldRetry: () => (safe ? undefined : false),
        },
        hooks: {
          afterResponse: [
            ({ response: res, retryCount }) => {
              if (res.status !== 429 || retryCount >= limit) return;
              const wait = retryAfterMs(res.headers, clock());
              if (wait === undefined || wait > maxWait) return;
              return ky.retry({ delay: wait, code: 'DATAVERSE_SERVICE_PROTECTION' });
            },
          ],
        },
      });
    } catch (error) {
      throw this.#toCrmError(error, timeoutMs);
    }

    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (isTimeoutError(error)) throw this.#toCrmError(error, timeoutMs);
      throw unreadableResponse(error, response.status);
    }
    let body: unknown = null;
    if (text !== '') {
      if (/json/i.test(response.headers.get('content-type') ?? '')) {
        try {
          body = JSON.parse(text);
        } catch (error) {
          throw unreadableResponse(error, response.status);
        }
      } else {
        body = text;
      }
    }
    return { status: response.status, headers: response.headers, body };
  }

  /**
   * Sends one call and parses its JSON body with `schema`.
   * @throws CrmError — as {@link send}, or `unknown` ("Dynamics 365 sent a response the proxy could
   *   not read") when the body does not fit `schema`.
   */
  async request<S extends z.ZodType>(schema: S, call: DynamicsCall): Promise<z.infer<S>> {
    const response = await this.send(call);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unreadableResponse(parsed.error, response.status);
    return parsed.data;
  }

  #toCrmError(error: unknown, timeoutMs: number): CrmError {
    if (error instanceof CrmError) return error;
    if (isHTTPError(error)) {
      return crmErrorFromResponse(error.response.status, error.data, error.response.headers, this.#clock());
    }
    if (isTimeoutError(error)) {
      return unavailable(`Dynamics 365 did not answer within ${formatDuration(timeoutMs)}`, error);
    }
    if (isNetworkError(error)) {
      return unavailable(`Can't reach Dynamics 365 at ${this.#orgUrl}: ${describeCause(error)}`, error);
    }
    // Anything else was thrown by the transport (the injected fetch) before a response existed.
    return unavailable(`Can't reach Dynamics 365 at ${this.#orgUrl}: ${describeCause(error)}`, error);
  }
}
