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
import ky, { isHTTPError, isTimeoutError, type KyInstance } from 'ky';
import type { z } from 'zod';
import {
  adaptFetch,
  type CrmRetryOptions,
  noAnswerError,
  rateLimitRetryHook,
  type RetryPolicy,
  type RetrySettings,
  retrySettings,
  transientRetry,
} from '../http.ts';
import { CrmError, type FetchLike } from '../types.ts';
import { crmErrorFromResponse, type ErrorContext, rateLimitWaitMs, unavailable, unreadableResponse } from './map.ts';

export type { RetryPolicy } from '../http.ts';

/** Retry settings (defaults: ../http.ts `retrySettings`). */
export type PipedriveRetryOptions = CrmRetryOptions;

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

/** A Pipedrive API client; `request` throws CrmError on failure. */
export class PipedriveClient {
  readonly #ky: KyInstance;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #retry: RetrySettings;
  readonly #clock: () => Date;

  constructor(options: PipedriveClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#retry = retrySettings(options.retry);
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
    const safe = call.retry === 'safe';
    let response: Response;
    try {
      response = await this.#ky(call.path, {
        method: call.method,
        ...(call.searchParams ? { searchParams: call.searchParams } : {}),
        ...(call.json === undefined ? {} : { json: call.json }),
        retry: transientRetry(this.#retry, safe, ['get', 'post', 'patch']),
        hooks: {
          afterResponse: [
            rateLimitRetryHook(
              this.#retry,
              (res) => rateLimitWaitMs(res.headers, this.#clock()),
              'PIPEDRIVE_RATE_LIMIT',
            ),
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
    return noAnswerError(error, { label: 'Pipedrive', origin: this.#origin, timeoutMs: this.#timeoutMs }, unavailable);
  }
}
