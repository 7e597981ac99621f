/**
 * The HubSpot HTTP client: ky (with the injectable fetch), `Authorization: Bearer <token>`, a
 * per-attempt timeout, retries only where they are safe, every response body parsed with zod, and
 * every failure turned into a CrmError (./map.ts).
 *
 * Retry rules (HubSpot rate limits: https://developers.hubspot.com/docs/api/usage-details):
 * - 429: retried on every call — HubSpot did not process the request — when the wait it implies
 *   (`Retry-After`, else the `policyName`) is at most `maxRateLimitWaitMs`; a longer wait (e.g.
 *   TEN_SECONDLY_ROLLING's 10 s, DAILY) is not slept on: the call fails at once with `rate_limited`
 *   and `retryAfterMs`, so the agent's sidebar is not left hanging.
 * - 502/503/504, network errors and timeouts: retried with exponential backoff for `safe` calls only
 *   (GET, search, PATCH — all repeatable without harm). A create is `safe` only when it carries an
 *   email, because HubSpot then refuses a second copy with 409 "Existing ID", which the caller links
 *   to; a create without email is never repeated blindly, as that could make two contacts.
 */
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import type { z } from 'zod';
import { CrmError, type FetchLike } from '../types.ts';
import { crmErrorFromResponse, rateLimitWaitMs, unavailable, unreadableResponse } from './map.ts';
import { HubSpotErrorBody } from './schemas.ts';

/** `safe`: may be repeated on any transient failure; `rate_limit_only`: repeated only after a 429. */
export type RetryPolicy = 'safe' | 'rate_limit_only';

/** Retry settings. */
export interface HubSpotRetryOptions {
  /** Most retries per call (default 2; 0 disables retries). */
  limit?: number;
  /** First backoff delay for 5xx/network retries, doubled each time (default 300 ms). */
  baseDelayMs?: number;
  /** Longest rate-limit wait the client sleeps on before retrying a 429 (default 2000 ms). */
  maxRateLimitWaitMs?: number;
}

export interface HubSpotClientOptions {
  /** API origin (and optional path prefix), e.g. `https://api.hubapi.com`. */
  baseUrl: string;
  accessToken: string;
  fetch: FetchLike;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  retry?: HubSpotRetryOptions;
  clock: () => Date;
}

/** One HubSpot call. `path` is relative to the base URL (`crm/v3/objects/contacts/search`). */
export interface HubSpotCall {
  method: 'get' | 'post' | 'patch';
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  retry: RetryPolicy;
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

/** A HubSpot API client; every method throws CrmError on failure. */
export class HubSpotClient {
  readonly #ky: KyInstance;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #limit: number;
  readonly #baseDelayMs: number;
  readonly #maxRateLimitWaitMs: number;
  readonly #clock: () => Date;

  constructor(options: HubSpotClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#limit = options.retry?.limit ?? 2;
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 300;
    this.#maxRateLimitWaitMs = options.retry?.maxRateLimitWaitMs ?? 2_000;
    this.#clock = options.clock;
    this.#origin = new URL(options.baseUrl).origin;
    this.#ky = ky.create({
      prefix: options.baseUrl,
      headers: { Authorization: `Bearer ${options.accessToken}`, Accept: 'application/json' },
      timeout: options.timeoutMs,
      fetch: adaptFetch(options.fetch),
    });
  }

  /**
   * Sends one call and parses the JSON body with `schema`.
   * @throws CrmError — the mapped vendor error, `unavailable` (network, timeout, 5xx), or `unknown`
   *   with "HubSpot sent a response the proxy could not read" when the body does not fit `schema`.
   */
  async request<S extends z.ZodType>(schema: S, call: HubSpotCall): Promise<z.infer<S>> {
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
            async ({ response: res, retryCount }) => {
              if (res.status !== 429 || retryCount >= limit) return;
              let policyName: string | undefined;
              try {
                policyName = HubSpotErrorBody.safeParse(await res.json()).data?.policyName;
              } catch {
                policyName = undefined;
              }
              const wait = rateLimitWaitMs(res.headers, policyName, clock());
              if (wait === undefined || wait > maxWait) return;
              return ky.retry({ delay: wait, code: 'HUBSPOT_RATE_LIMIT' });
            },
          ],
        },
      });
    } catch (error) {
      throw this.#toCrmError(error);
    }

    let json: unknown;
    try {
      const text = await response.text();
      json = JSON.parse(text);
    } catch (error) {
      if (isTimeoutError(error)) throw this.#toCrmError(error);
      throw unreadableResponse(error, response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw unreadableResponse(parsed.error, response.status);
    return parsed.data;
  }

  #toCrmError(error: unknown): CrmError {
    if (error instanceof CrmError) return error;
    if (isHTTPError(error)) {
      return crmErrorFromResponse(error.response.status, error.data, error.response.headers, this.#clock());
    }
    if (isTimeoutError(error)) {
      return unavailable(`HubSpot did not answer within ${formatDuration(this.#timeoutMs)}`, error);
    }
    if (isNetworkError(error))
      return unavailable(`Can't reach HubSpot at ${this.#origin}: ${describeCause(error)}`, error);
    // Anything else was thrown by the transport (the injected fetch) before a response existed.
    return unavailable(`Can't reach HubSpot at ${this.#origin}: ${describeCause(error)}`, error);
  }
}
