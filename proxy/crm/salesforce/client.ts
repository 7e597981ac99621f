/**
 * The Salesforce REST client: ky (with the injectable fetch) on `<instance>/services/data/vNN.0/`,
 * `Authorization: Bearer <access token>`, a per-attempt timeout, retries only where they are safe,
 * every response body parsed with zod, and every failure turned into a CrmError (./map.ts).
 *
 * Authentication: a 401 (INVALID_SESSION_ID "Session expired or invalid") renews the access token
 * ONCE through the OAuth refresh token flow (./oauth.ts) and repeats the call with the new token; a
 * second 401, a refused refresh, or no refresh credentials → `auth_expired`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 *
 * Retry rules:
 * - 502/503/504, network errors and timeouts are retried with exponential backoff for `safe` calls
 *   only (reads, queries, PATCH — all repeatable without harm). Creates are never repeated blindly:
 *   Salesforce has no idempotency key, and a second POST could make a second record.
 * - REQUEST_LIMIT_EXCEEDED (403) has two causes, told apart by the message
 *   (https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm):
 *   "ConcurrentPerOrgLongTxn Limit exceeded" (too many long-running requests at once — clears in
 *   seconds; Salesforce did not process the call) is retried on every call, creates included, after
 *   `rateLimitDelayMs`, doubling, at most `rateLimitRetries` times; "TotalRequests Limit exceeded"
 *   (the org's rolling 24-hour allocation is used up) is not retried — seconds of waiting will not
 *   fix it — and fails with `rate_limited` at once.
 */
import ky, { isHTTPError, isTimeoutError, type KyInstance } from 'ky';
import type { z } from 'zod';
import { adaptFetch, noAnswerError } from '../http.ts';
import { CrmError, type FetchLike } from '../types.ts';
import { crmErrorFromResponse, unavailable, unreadableResponse } from './map.ts';
import type { SalesforceTokens } from './oauth.ts';

/** `safe`: may be repeated on any transient failure; `never`: sent once (a 401 renewal aside). */
export type RetryPolicy = 'safe' | 'never';

/** Retry settings for transient failures. */
export interface SalesforceRetryOptions {
  /** Most retries of a transient failure (5xx, network, timeout) per call (default 2; 0 disables them). */
  limit?: number;
  /** First backoff delay for transient failures, doubled each time (default 300 ms). */
  baseDelayMs?: number;
  /** Most retries per call after a concurrent-request limit (default 2; 0 disables them). */
  rateLimitRetries?: number;
  /** First wait after a concurrent-request limit, doubled each time (default 1000 ms). */
  rateLimitDelayMs?: number;
}

/** True for REQUEST_LIMIT_EXCEEDED caused by the concurrent-request limit (brief), not the 24-hour allocation. */
export function isConcurrentLimit(error: CrmError): boolean {
  return error.kind === 'rate_limited' && /concurrent/i.test(error.message);
}

export interface SalesforceClientOptions {
  /** The org's instance URL, e.g. `https://acme.my.salesforce.com` (may carry a path prefix in the sandbox). */
  instanceUrl: string;
  /** REST API version without the "v", e.g. "62.0". */
  apiVersion: string;
  tokens: SalesforceTokens;
  fetch: FetchLike;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  retry?: SalesforceRetryOptions;
  clock: () => Date;
}

/** One REST call. `path` is relative to `<instance>/services/data/vNN.0/` (e.g. `query`, `sobjects/Contact/describe`). */
export interface SalesforceCall {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  retry: RetryPolicy;
}

/** A Salesforce REST API client; every method throws CrmError on failure. */
export class SalesforceClient {
  readonly #ky: KyInstance;
  readonly #tokens: SalesforceTokens;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #limit: number;
  readonly #baseDelayMs: number;
  readonly #rateLimitRetries: number;
  readonly #rateLimitDelayMs: number;
  readonly #clock: () => Date;

  constructor(options: SalesforceClientOptions) {
    this.#tokens = options.tokens;
    this.#timeoutMs = options.timeoutMs;
    this.#limit = options.retry?.limit ?? 2;
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 300;
    this.#rateLimitRetries = options.retry?.rateLimitRetries ?? 2;
    this.#rateLimitDelayMs = options.retry?.rateLimitDelayMs ?? 1_000;
    this.#clock = options.clock;
    this.#origin = new URL(options.instanceUrl).origin;
    this.#ky = ky.create({
      prefix: `${options.instanceUrl.replace(/\/+$/, '')}/services/data/v${options.apiVersion}/`,
      headers: { Accept: 'application/json' },
      timeout: options.timeoutMs,
      fetch: adaptFetch(options.fetch),
    });
  }

  /**
   * Sends one call and parses the JSON body with `schema`.
   * @throws CrmError — the mapped vendor error, `auth_expired`, `unavailable` (network, timeout,
   *   5xx), or `unknown` with "Salesforce sent a response the proxy could not read" when the body does
   *   not fit `schema`.
   */
  async request<S extends z.ZodType>(schema: S, call: SalesforceCall): Promise<z.infer<S>> {
    const response = await this.#authenticated(call);
    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch (error) {
      if (isTimeoutError(error)) throw this.#toCrmError(error);
      throw unreadableResponse(error, response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw unreadableResponse(parsed.error, response.status);
    return parsed.data;
  }

  /** Sends a call Salesforce answers with 204 No Content (PATCH, DELETE). Throws like {@link request}. */
  async send(call: SalesforceCall): Promise<void> {
    const response = await this.#authenticated(call);
    await response.body?.cancel();
  }

  /**
   * Attempts with the current token; on a 401, once more with a renewed token; after a
   * concurrent-request limit, again after a wait (see the module comment).
   */
  async #authenticated(call: SalesforceCall): Promise<Response> {
    let token = await this.#tokens.current();
    let renewed = false;
    let throttled = 0;
    for (;;) {
      try {
        return await this.#attempt(call, token);
      } catch (error) {
        if (!(error instanceof CrmError)) throw error;
        if (error.kind === 'auth_expired' && error.status === 401 && !renewed && this.#tokens.canRefresh) {
          renewed = true;
          token = await this.#tokens.renew(token);
          continue;
        }
        if (isConcurrentLimit(error) && throttled < this.#rateLimitRetries) {
          await new Promise((resolve) => setTimeout(resolve, this.#rateLimitDelayMs * 2 ** throttled));
          throttled++;
          continue;
        }
        throw error;
      }
    }
  }

  async #attempt(call: SalesforceCall, token: string): Promise<Response> {
    const safe = call.retry === 'safe';
    try {
      return await this.#ky(call.path, {
        method: call.method,
        headers: { Authorization: `Bearer ${token}` },
        ...(call.searchParams ? { searchParams: call.searchParams } : {}),
        ...(call.json === undefined ? {} : { json: call.json }),
        retry: {
          limit: safe ? this.#limit : 0,
          methods: ['get', 'post', 'patch', 'delete'],
          statusCodes: [502, 503, 504],
          afterStatusCodes: [],
          retryOnTimeout: safe,
          delay: (attempt) => this.#baseDelayMs * 2 ** (attempt - 1),
          backoffLimit: 5_000,
        },
      });
    } catch (error) {
      throw this.#toCrmError(error);
    }
  }

  #toCrmError(error: unknown): CrmError {
    if (error instanceof CrmError) return error;
    if (isHTTPError(error)) {
      return crmErrorFromResponse(error.response.status, error.data, error.response.headers, this.#clock());
    }
    return noAnswerError(error, { label: 'Salesforce', origin: this.#origin, timeoutMs: this.#timeoutMs }, unavailable);
  }
}
