/**
 * What every CRM client (proxy/crm/<provider>/client.ts) shares around ky
 * (https://github.com/sindresorhus/ky): the injected fetch, the retry rules, the rate-limit retry
 * hook and the words for a failure that got no HTTP answer. What differs stays in each client: auth
 * headers, how a vendor names its rate-limit wait, how its error bodies map to CrmError.
 *
 * Retry rules shared by HubSpot, Dynamics 365, Zoho CRM and Pipedrive (Salesforce reports its
 * limits as 403 REQUEST_LIMIT_EXCEEDED and keeps its own loop):
 * - 429: retried on every call — the vendor did not process it — when the wait the vendor names is
 *   at most `maxRateLimitWaitMs`; a longer wait is not slept on: the call fails at once with
 *   `rate_limited` and `retryAfterMs` (the vendor's map.ts), so the agent's sidebar is not left hanging;
 * - 502/503/504, network errors and timeouts: retried with exponential backoff (`baseDelayMs`,
 *   doubled, at most 5 s) for `safe` calls only — those repeatable without harm.
 */
import ky, { type AfterResponseHook, isTimeoutError, type RetryOptions } from 'ky';
import type { CrmError, FetchLike } from './types.ts';

/** `safe`: may be repeated on any transient failure; `rate_limit_only`: repeated only after a 429. */
export type RetryPolicy = 'safe' | 'rate_limit_only';

/** Retry settings a client is configured with (tests lower them); see {@link retrySettings} for defaults. */
export interface CrmRetryOptions {
  /** Most retries per call (default 2; 0 disables retries). */
  limit?: number;
  /** First backoff delay for 5xx/network retries, doubled each time (default 300 ms). */
  baseDelayMs?: number;
  /** Longest rate-limit wait the client sleeps on before retrying a 429 (default 2000 ms). */
  maxRateLimitWaitMs?: number;
}

/** {@link CrmRetryOptions} with every default filled in. */
export type RetrySettings = Required<CrmRetryOptions>;

/** The settings of `options`, defaults filled in: 2 retries, 300 ms first backoff, 2000 ms longest rate-limit wait. */
export function retrySettings(options: CrmRetryOptions | undefined): RetrySettings {
  return {
    limit: options?.limit ?? 2,
    baseDelayMs: options?.baseDelayMs ?? 300,
    maxRateLimitWaitMs: options?.maxRateLimitWaitMs ?? 2_000,
  };
}

/** ky's `fetch` option over the proxy's injectable `FetchLike`: builds the Request ky asks for. */
export function adaptFetch(fetchLike: FetchLike) {
  return (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (input instanceof Request && (init === undefined || Object.keys(init).length === 0)) return fetchLike(input);
    return fetchLike(new Request(input, init));
  };
}

/**
 * ky's `retry` option for one call under the shared rules (module comment): `methods` are the
 * HTTP methods the client uses (ky retries only those); `safe` whether the call may be repeated
 * after a 5xx, a network error or a timeout. 429s are retried by {@link rateLimitRetryHook}.
 */
export function transientRetry(settings: RetrySettings, safe: boolean, methods: readonly string[]): RetryOptions {
  return {
    limit: settings.limit,
    methods: [...methods],
    statusCodes: safe ? [502, 503, 504] : [],
    afterStatusCodes: [503],
    maxRetryAfter: settings.maxRateLimitWaitMs,
    retryOnTimeout: safe,
    delay: (attempt) => settings.baseDelayMs * 2 ** (attempt - 1),
    backoffLimit: 5_000,
    // Network errors are retried only for safe calls; the hook's forced 429 retries bypass this check.
    shouldRetry: () => (safe ? undefined : false),
  };
}

/**
 * ky `afterResponse` hook: a 429 is retried after the wait `waitMs` reads from it (ms, or
 * undefined when the vendor names none) when that wait is at most `maxRateLimitWaitMs` and retries
 * are left; otherwise the 429 goes on to the client's error mapping. `code` names the retry in ky's
 * errors ("HUBSPOT_RATE_LIMIT").
 */
export function rateLimitRetryHook(
  settings: RetrySettings,
  waitMs: (response: Response) => number | undefined | Promise<number | undefined>,
  code: string,
): AfterResponseHook {
  return async ({ response, retryCount }) => {
    if (response.status !== 429 || retryCount >= settings.limit) return;
    const wait = await waitMs(response);
    if (wait === undefined || wait > settings.maxRateLimitWaitMs) return;
    return ky.retry({ delay: wait, code });
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

/**
 * The `unavailable` CrmError for a call that got no HTTP answer: "<Label> did not answer within
 * 10 s" after a timeout, else "Can't reach <Label> at <origin>: <cause>" (a network error, or
 * anything the injected fetch threw before a response existed). `unavailable` is the vendor's
 * constructor (./<provider>/map.ts), which names the provider.
 */
export function noAnswerError(
  error: unknown,
  vendor: { label: string; origin: string; timeoutMs: number },
  unavailable: (message: string, cause?: unknown) => CrmError,
): CrmError {
  if (isTimeoutError(error)) {
    return unavailable(`${vendor.label} did not answer within ${formatDuration(vendor.timeoutMs)}`, error);
  }
  // A network error, or anything else the transport (the injected fetch) threw before a response existed.
  return unavailable(`Can't reach ${vendor.label} at ${vendor.origin}: ${describeCause(error)}`, error);
}
