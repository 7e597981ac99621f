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
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import { CrmError, type FetchLike } from '../types.ts';
import { crmErrorFromResponse, type ErrorContext, rateLimitWaitMs, unavailable, unreadableResponse } from './map.ts';

/** `safe`: may be repeated on any transient failure; `rate_limit_only`: repeated only after a 429. */
export type RetryPolicy = 'safe' | 'rate_limit_only';

/** Retry settings. */
export interface ZohoRetryOptions {
  /** Most retries per call (default 2; 0 disables retries). */
  limit?: number;
  /** First backoff delay for 5xx/network retries, doubled each time (default 300 ms). */
  baseDelayMs?: number;
  /** Longest rate-limit wait the client sleeps on before retrying a 429 (default 2000 ms). */
  maxRateLimitWaitMs?: number;
}

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

/** Builds the Request ky asks for and hands it to the injected fetch. */
function adaptFetch(fetchLike: FetchLike) {
  return (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (input instanceof Request && (init === undefined || Object.keys(init).length === 0)) return fetchLike(input);
    return fetchLike(new Request(input, init));
  };
}

/** The innermost cause's message (Node's fetch wraps "connect ECONNREFUSED" in "fetch failed"). */
export function describeCause(error: unknown): string {
  let cause = error;
  for (let depth = 0; depth < 5 && cause instanceof Error && cause.cause instanceof Error; depth++) cause = cause.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}

/** "250 ms", "10 s", "1.5 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
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
  readonly #limit: number;
  readonly #baseDelayMs: number;
  readonly #maxRateLimitWaitMs: number;
  readonly #clock: () => Date;
  readonly #errorContext: () => ErrorContext;

  constructor(options: ZohoClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#limit = options.retry?.limit ?? 2;
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 300;
    this.#maxRateLimitWaitMs = options.retry?.maxRateLimitWaitMs ?? 2_000;
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
          methods: ['get', 'post', 'put'],
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
              return ky.retry({ delay: wait, code: 'ZOHO_RATE_LIMIT' });
            },
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
    if (isTimeoutError(error)) {
      return unavailable(`Zoho CRM did not answer within ${formatDuration(this.#timeoutMs)}`, error);
    }
    if (isNetworkError(error)) {
      return unavailable(`Can't reach Zoho CRM at ${this.#origin}: ${describeCause(error)}`, error);
    }
    // Anything else was thrown by the transport (the injected fetch) before a response existed.
    return unavailable(`Can't reach Zoho CRM at ${this.#origin}: ${describeCause(error)}`, error);
  }
}
