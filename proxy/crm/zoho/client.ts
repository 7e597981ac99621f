/**
 * The Zoho CRM HTTP client: ky (with the injectable fetch), `Authorization: Zoho-oauthtoken <token>`
 * (https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html), a per-attempt timeout, retries
 * only where they are safe, and every failure turned into a CrmError (./map.ts).
 *
 * Retry rules:
 * - 429 TOO_MANY_REQUESTS: retried on every call (Zoho did not process it) when `Retry-After` names a
 *   wait of at most `maxRateLimitWaitMs`; otherwise the call fails at once with `rate_limited`.
 * - 502/503/504, network errors and timeouts: retried with exponential backoff for `safe` calls only
 *   (GET, search, PUT of known values). A create is `safe` only when every record carries an Email:
 *   Zoho then refuses a second copy with DUPLICATE_DATA (Email is the Contacts module's duplicate
 *   check field), which the caller links to; a create without one is never repeated blindly.
 */
import ky, { isHTTPError, type KyInstance } from 'ky';
import { CrmError, type FetchLike } from '../types.ts';
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
import { crmErrorFromResponse, type ErrorContext, rateLimitWaitMs, unavailable, unreadableResponse } from './map.ts';

export type { RetryPolicy } from '../http.ts';

/** Retry settings (defaults: ../http.ts `retrySettings`). */
export type ZohoRetryOptions = CrmRetryOptions;

/** How the client reaches Zoho: API base, token, transport, timeout, retries, clock and error context. */
export interface ZohoClientOptions {
  /** API base, e.g. `https://www.zohoapis.eu/crm/v8`. */
  baseUrl: string;
  accessToken: string;
  fetch: FetchLike;
  /** Per-attempt timeout in ms. */
  timeoutMs: number;
  retry?: ZohoRetryOptions;
  clock: () => Date;
  /** What the provider knows for error mapping (the module's field names once read). */
  errorContext: () => ErrorContext;
}

/** One Zoho call. `path` is relative to the base URL (`Contacts/search`). */
export interface ZohoCall {
  method: 'get' | 'post' | 'put';
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  retry: RetryPolicy;
  /**
   * A write whose records are answered one by one: a 400 whose body is `{data: [status…]}` (every
   * record failed) is returned like a 2xx, so each record's status can be read.
   */
  perRecord?: boolean;
}

/** A Zoho answer: HTTP status and parsed JSON body (null for 204 No Content or an empty body). */
export interface ZohoResponse {
  status: number;
  body: unknown;
}

/** Whether `body` is a per-record write answer (`{data: [...]}`). */
function isPerRecordBody(body: unknown): boolean {
  return !!body && typeof body === 'object' && Array.isArray((body as { data?: unknown }).data);
}

/** A Zoho CRM API client; `request` throws CrmError on failure. */
export class ZohoClient {
  readonly #ky: KyInstance;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #retry: RetrySettings;
  readonly #clock: () => Date;
  readonly #errorContext: () => ErrorContext;

  constructor(options: ZohoClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#retry = retrySettings(options.retry);
    this.#clock = options.clock;
    this.#errorContext = options.errorContext;
    this.#origin = new URL(options.baseUrl).origin;
    this.#ky = ky.create({
      prefix: options.baseUrl,
      headers: { Authorization: `Zoho-oauthtoken ${options.accessToken}`, Accept: 'application/json' },
      timeout: options.timeoutMs,
      fetch: adaptFetch(options.fetch),
    });
  }

  /**
   * Sends one call and returns its status and parsed body (null for 204 No Content).
   * @throws CrmError — the mapped Zoho error, `unavailable` (network, timeout, 5xx), or `unknown`
   *   ("Zoho CRM sent a response the proxy could not read") when a body is not JSON.
   */
  async request(call: ZohoCall): Promise<ZohoResponse> {
    const safe = call.retry === 'safe';
    let response: Response;
    try {
      response = await this.#ky(call.path, {
        method: call.method,
        ...(call.searchParams ? { searchParams: call.searchParams } : {}),
        ...(call.json === undefined ? {} : { json: call.json }),
        retry: transientRetry(this.#retry, safe, ['get', 'post', 'put']),
        hooks: {
          afterResponse: [
            rateLimitRetryHook(this.#retry, (res) => rateLimitWaitMs(res.headers, this.#clock()), 'ZOHO_RATE_LIMIT'),
          ],
        },
      });
    } catch (error) {
      if (call.perRecord && isHTTPError(error) && error.response.status === 400 && isPerRecordBody(error.data)) {
        return { status: 400, body: error.data };
      }
      throw this.#toCrmError(error);
    }

    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.#toCrmError(error);
    }
    if (response.status === 204 || text.trim() === '') return { status: response.status, body: null };
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch (error) {
      throw unreadableResponse(error, response.status);
    }
  }

  #toCrmError(error: unknown): CrmError {
    if (error instanceof CrmError) return error;
    if (isHTTPError(error)) {
      return crmErrorFromResponse(
        error.response.status,
        error.data,
        error.response.headers,
        this.#clock(),
        this.#errorContext(),
      );
    }
    return noAnswerError(error, { label: 'Zoho CRM', origin: this.#origin, timeoutMs: this.#timeoutMs }, unavailable);
  }
}
