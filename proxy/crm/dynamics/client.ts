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
import { crmErrorFromResponse, retryAfterMs, unavailable, unreadableResponse } from './map.ts';

export type { RetryPolicy } from '../http.ts';

/** Retry settings (defaults: ../http.ts `retrySettings`). */
export type DynamicsRetryOptions = CrmRetryOptions;

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

/** A Dataverse Web API client; every method throws CrmError on failure. */
export class DynamicsClient {
  readonly #ky: KyInstance;
  readonly #orgUrl: string;
  readonly #timeoutMs: number;
  readonly #retry: RetrySettings;
  readonly #clock: () => Date;

  constructor(options: DynamicsClientOptions) {
    this.#orgUrl = options.orgUrl;
    this.#timeoutMs = options.timeoutMs;
    this.#retry = retrySettings(options.retry);
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
    const safe = call.retry === 'safe';
    const timeoutMs = call.timeoutMs ?? this.#timeoutMs;
    let response: Response;
    try {
      response = await this.#ky(call.path, {
        method: call.method,
        ...(call.headers ? { headers: call.headers } : {}),
        ...(call.json !== undefined ? { json: call.json } : call.body !== undefined ? { body: call.body } : {}),
        timeout: timeoutMs,
        retry: transientRetry(this.#retry, safe, ['get', 'post', 'patch', 'delete']),
        hooks: {
          afterResponse: [
            rateLimitRetryHook(
              this.#retry,
              (res) => retryAfterMs(res.headers, this.#clock()),
              'DATAVERSE_SERVICE_PROTECTION',
            ),
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
    return noAnswerError(error, { label: 'Dynamics 365', origin: this.#orgUrl, timeoutMs: timeoutMs }, unavailable);
  }
}
