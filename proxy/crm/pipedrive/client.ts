/**
 * The Pipedrive HTTP client: ky (with the injectable fetch), `x-api-token: <token>`
 * (https://pipedrive.readme.io/docs/core-api-concepts-authentication), a per-attempt timeout, retries
 * only where they are safe, every body parsed with zod, and every failure turned into a CrmError
 * (./map.ts).
 *
 * Retry rules (https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting):
 * - 429: retried on every call (Pipedrive did not process it) when the wait it names (`Retry-After`,
 *   else `x-ratelimit-reset`) is at most `maxRateLimitWaitMs` — the burst window is 2 seconds, so a
 *   short wait usually clears it; a longer wait (the daily token budget) fails at once with
 *   `rate_limited` and `retryAfterMs`.
 * - 502/503/504, network errors and timeouts: retried with exponential backoff for `safe` calls only
 *   (GET, search, PATCH of known values). A create is never repeated blindly: Pipedrive allows
 *   duplicate persons, so a repeated POST could make two.
 */
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import type { z } from 'zod';
import { CrmError, type FetchLike } from '../types.ts';
import { crmErrorFromResponse, type ErrorContext, rateLimitWaitMs, unavailable, unreadableResponse } from './map.ts';

/** `safe`: may be repeated on any transient failure; `rate_limit_only`: repeated only after a 429. */
export type RetryPolicy = 'safe' | 'rate_limit_only';

/** Retry settings. */
export interface PipedriveRetryOptions {
  /** Most retries per call (default 2; 0 disables retries). */
  limit?: number;
  /** First backoff delay for 5xx/network retries, doubled each time (default 300 ms). */
  baseDelayMs?: number;
  /** Longest rate-limit wait the client sleeps on before retrying a 429 (default 2000 ms). */
  maxRateLimitWaitMs?: number;
}

/** How the client reaches Pipedrive: company URL, token, transport, timeout, retries and clock. */
export interface PipedriveClientOptions {
  /** The company's base URL, e.g. `https://acme.pipedrive.com` (API paths are `api/v2/...` below it). */
  baseUrl: string;
  apiToken: string;
  fetch: FetchLike;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  retry?: PipedriveRetryOptions;
  clock: () => Date;
}

/** One Pipedrive call. `path` is relative to the base URL (`api/v2/persons/search`). */
export interface PipedriveCall {
  method: 'get' | 'post' | 'patch';
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  retry: RetryPolicy;
  /** For error mapping: the provider field names this call writes. */
  context?: ErrorContext;
}

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

/** A Pipedrive API client; `request` throws CrmError on failure. */
export class PipedriveClient {
  readonly #ky: KyInstance;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #limit: number;
  readonly #baseDelayMs: number;
  readonly #maxRateLimitWaitMs: number;
  readonly #clock: () => Date;

  constructor(options: PipedriveClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#limit = options.retry?.limit ?? 2;
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 300;
    this.#maxRateLimitWaitMs = options.retry?.maxRateLimitWaitMs ?? 2_000;
    this.#clock = options.clock;
    this.#origin = new URL(options.baseUrl).origin;
    this.#ky = ky.create({
      prefix: `${options.baseUrl.replace(/\/+$/, '')}/`,
      headers: { 'x-api-token': options.apiToken, Accept: 'application/json' },
      timeout: options.timeoutMs,
      fetch: adaptFetch(options.fetch),
    });
  }

  /**
   * Sends one call and parses the JSON body with `schema`.
   * @throws CrmError — the mapped Pipedrive error, `unavailable` (network, timeout, 5xx), or `unknown`
   *   ("Pipedrive sent a response the proxy could not read") when the body does not fit `schema`.
   */
  async request<S extends z.ZodType>(schema: S, call: PipedriveCall): Promise<z.infer<S>> {
    const limit = this.#limit;
    const maxWait = this.#maxRateLimitWaitMs;
    const clock = this.#clock;
    const safe = call.retry === 'safe';
    let response: Response;
    try {
      response = await this.#ky(call.path, {
        method: call.method,
        ...(call.searchParams ? { searchParams: call.searchParams } : {}),
        ...(call.json === undefined ? {} : { json: call.json }),
        retry: {
          limit,
          methods: ['get', 'post', 'patch'],
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
              const wait = rateLimitWaitMs(res.headers, clock());
              if (wait === undefined || wait > maxWait) return;
              return ky.retry({ delay: wait, code: 'PIPEDRIVE_RATE_LIMIT' });
            },
          ],
        },
      });
    } catch (error) {
      throw this.#toCrmError(error, call.context);
    }

    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch (error) {
      if (isTimeoutError(error)) throw this.#toCrmError(error, call.context);
      throw unreadableResponse(error, response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      // A 2xx with `success: false` is still an error Pipedrive explains.
      if (json && typeof json === 'object' && (json as { success?: unknown }).success === false) {
        throw crmErrorFromResponse(response.status, json, response.headers, this.#clock(), call.context);
      }
      throw unreadableResponse(parsed.error, response.status);
    }
    return parsed.data;
  }

  #toCrmError(error: unknown, context: ErrorContext | undefined): CrmError {
    if (error instanceof CrmError) return error;
    if (isHTTPError(error)) {
      return crmErrorFromResponse(error.response.status, error.data, error.response.headers, this.#clock(), context);
    }
    if (isTimeoutError(error)) {
      return unavailable(`Pipedrive did not answer within ${formatDuration(this.#timeoutMs)}`, error);
    }
    if (isNetworkError(error)) {
      return unavailable(`Can't reach Pipedrive at ${this.#origin}: ${describeCause(error)}`, error);
    }
    // Anything else was thrown by the transport (the injected fetch) before a response existed.
    return unavailable(`Can't reach Pipedrive at ${this.#origin}: ${describeCause(error)}`, error);
  }
}
