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
import { crmErrorFromResponse, rateLimitWaitMs, unavailable, unreadableResponse } from './map.ts';
import { HubSpotErrorBody } from './schemas.ts';

export type { RetryPolicy } from '../http.ts';

/** Retry settings (defaults: ../http.ts `retrySettings`). */
export type HubSpotRetryOptions = CrmRetryOptions;

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

/** A HubSpot API client; every method throws CrmError on failure. */
export class HubSpotClient {
  readonly #ky: KyInstance;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #retry: RetrySettings;
  readonly #clock: () => Date;

  constructor(options: HubSpotClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#retry = retrySettings(options.retry);
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
              async (res) => {
                let policyName: string | undefined;
                try {
                  policyName = HubSpotErrorBody.safeParse(await res.json()).data?.policyName;
                } catch {
                  policyName = undefined;
                }
                return rateLimitWaitMs(res.headers, policyName, this.#clock());
              },
              'HUBSPOT_RATE_LIMIT',
            ),
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
    return noAnswerError(error, { label: 'HubSpot', origin: this.#origin, timeoutMs: this.#timeoutMs }, unavailable);
  }
}
