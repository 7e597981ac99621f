/**
 * The extension's client for the sync proxy API v1 (see DESIGN.md "Proxy API"). Used only by the
 * background service worker.
 *
 * Built on ky v2 (https://github.com/sindresorhus/ky#readme): per-attempt timeout, retry with
 * exponential backoff on network errors and on 408/429/503/504 (POSTs included — each carries an
 * `Idempotency-Key`, so the proxy answers a repeated request with the stored result instead of
 * acting twice). Every 2xx body is parsed with its lib/contracts schema; every non-2xx body with
 * `ErrorEnvelope`. Every failure is thrown as a {@link ProxyError}.
 */
import ky, { HTTPError, isHTTPError, isTimeoutError, type KyInstance, type ResponsePromise } from 'ky';
import type { z } from 'zod';
import {
  ConflictList,
  type DiscardRequest,
  DiscardResult,
  ErrorEnvelope,
  Health,
  HistoryList,
  IDEMPOTENCY_HEADER,
  type LookupRequest,
  LookupResult,
  type ResolveRequest,
  ResolveResult,
  type SyncRequest,
  SyncResult,
} from '../contracts/index.ts';
import { isProxyError, isRetryableStatus, ProxyError } from './errors.ts';

/** A `fetch`-compatible function (ky calls it with a `Request` and extra init options). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** How the client talks to one proxy. */
export interface ProxyClientOptions {
  /** The proxy's base URL as the team lead typed it, e.g. `http://localhost:8787` (a path prefix is kept). */
  baseUrl: string;
  /** The proxy API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Replaces the global `fetch` (tests). */
  fetch?: FetchLike;
  /** Time allowed per attempt for the proxy to answer, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Retries after the first attempt (network errors, 408/429/503/504). Default 2. */
  retryLimit?: number;
  /** Delay before retry `attempt` (1-based), in milliseconds. Default 300 ms doubling, capped at 3 s. */
  retryDelayMs?: (attempt: number) => number;
}

/** One method per proxy route. Each resolves with the parsed body or rejects with a {@link ProxyError}. */
export interface ProxyClient {
  /** The proxy URL without trailing slashes, as used in messages ("Can't reach the sync proxy at …"). */
  readonly baseUrl: string;
  /** `GET /v1/health` — checks the URL and the API key; names the CRM behind the proxy. */
  health(): Promise<Health>;
  /** `POST /v1/lookup` — who is this customer in the CRM? Never writes to the CRM. */
  lookup(body: LookupRequest): Promise<LookupResult>;
  /** `POST /v1/sync` — create or fill the CRM record; `idempotencyKey` is reused on every retry of one click. */
  sync(body: SyncRequest, idempotencyKey: string): Promise<SyncResult>;
  /** `GET /v1/conflicts?record=` — the record's pending conflicts, oldest first. */
  conflicts(recordId: string): Promise<ConflictList>;
  /** `POST /v1/conflicts/{id}/resolve` — Use chat value (`chat`) or Keep CRM value (`crm`), compare-and-set. */
  resolve(conflictId: string, body: ResolveRequest, idempotencyKey: string): Promise<ResolveResult>;
  /** `POST /v1/conflicts/discard` — Discard all: keep every listed conflict's CRM value. */
  discard(body: DiscardRequest, idempotencyKey: string): Promise<DiscardResult>;
  /** `GET /v1/history?customer=&limit=` — sync history of one helpdesk customer, newest first. */
  history(customerKey: string, limit?: number): Promise<HistoryList>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_LIMIT = 2;
/** Longest wait honoured from a `Retry-After` header before giving up inline (the outbox retries later). */
const MAX_RETRY_AFTER_MS = 5_000;

/** The proxy URL as shown to people: trimmed, without trailing slashes. */
export function displayProxyUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}

/** True for an absolute `http:` or `https:` URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Creates a client for the proxy at `options.baseUrl`. Cheap: build one per call from the current
 * settings rather than keeping one alive (the service worker may be stopped at any time).
 */
export function createProxyClient(options: ProxyClientOptions): ProxyClient {
  const baseUrl = displayProxyUrl(options.baseUrl);
  const validUrl = isHttpUrl(baseUrl);
  const api: KyInstance = ky.create({
    ...(validUrl ? { prefix: baseUrl } : {}),
    headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' },
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: {
      limit: options.retryLimit ?? DEFAULT_RETRY_LIMIT,
      methods: ['get', 'post'],
      statusCodes: [408, 429, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: MAX_RETRY_AFTER_MS,
      backoffLimit: 3_000,
      retryOnTimeout: false,
      ...(options.retryDelayMs ? { delay: options.retryDelayMs } : {}),
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const unreachable = (details: Record<string, unknown>, status?: number) =>
    new ProxyError({
      code: 'proxy_unreachable',
      message: `Can't reach the sync proxy at ${baseUrl}.`,
      retryable: true,
      ...(status === undefined ? {} : { status }),
      details,
    });

  /** Maps anything ky (or fetch) threw to a ProxyError. */
  async function toProxyError(error: unknown): Promise<ProxyError> {
    if (isProxyError(error)) return error;
    if (isHTTPError(error) || error instanceof HTTPError) return fromHttpError(error);
    if (isTimeoutError(error)) {
      return unreachable({ cause: 'timeout', timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    }
    // NetworkError (connection refused, DNS, CORS refused, offline) and anything else fetch threw.
    const cause =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return unreachable({ cause });
  }

  function fromHttpError(error: HTTPError): ProxyError {
    const status = error.response.status;
    const data = typeof error.data === 'string' ? parseJsonOrUndefined(error.data) : error.data;
    const envelope = ErrorEnvelope.safeParse(data);
    if (status === 401) {
      return new ProxyError({
        code: 'unauthorized',
        message: 'The sync proxy rejected the API key.',
        status,
        retryable: false,
        ...(envelope.success && envelope.data.error.details ? { details: envelope.data.error.details } : {}),
      });
    }
    if (envelope.success) {
      const { code, message, details } = envelope.data.error;
      return new ProxyError({
        code,
        message,
        status,
        retryable: isRetryableStatus(status, code),
        ...(details ? { details } : {}),
      });
    }
    // A gateway (nginx, a load balancer) answering for a proxy that is down.
    if (status === 502 || status === 503 || status === 504) return unreachable({ cause: `HTTP ${status}` }, status);
    return new ProxyError({
      code: 'invalid_response',
      message: `The sync proxy at ${baseUrl} answered HTTP ${status} with a body the CRM sidebar does not understand.`,
      status,
      retryable: isRetryableStatus(status),
    });
  }

  /** Sends one request, reads the body as text, parses JSON, then the contract schema. */
  async function call<S extends z.ZodType>(schema: S, send: () => ResponsePromise): Promise<z.output<S>> {
    if (!validUrl) {
      throw new ProxyError({
        code: 'not_configured',
        message: `The sync proxy URL "${baseUrl}" is not a valid http(s) URL. Fix it in the CRM sidebar options.`,
        retryable: false,
      });
    }
    let text: string;
    try {
      text = await send().text();
    } catch (error) {
      throw await toProxyError(error);
    }
    const json = parseJsonOrUndefined(text);
    const parsed = schema.safeParse(json);
    if (json === undefined || !parsed.success) {
      throw new ProxyError({
        code: 'invalid_response',
        message: `The sync proxy at ${baseUrl} sent a response the CRM sidebar does not understand. Are the extension and the proxy the same version?`,
        retryable: false,
        details: {
          issues: parsed.success
            ? []
            : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
          ...(json === undefined ? { cause: 'body is not JSON' } : {}),
        },
      });
    }
    return parsed.data;
  }

  const post = (path: string, json: unknown, idempotencyKey: string) => () =>
    api.post(path, { json, headers: { [IDEMPOTENCY_HEADER]: idempotencyKey } });

  return {
    baseUrl,
    health: () => call(Health, () => api.get('v1/health')),
    lookup: (body) => call(LookupResult, () => api.post('v1/lookup', { json: body })),
    sync: (body, key) => call(SyncResult, post('v1/sync', body, key)),
    conflicts: (recordId) => call(ConflictList, () => api.get('v1/conflicts', { searchParams: { record: recordId } })),
    resolve: (id, body, key) => call(ResolveResult, post(`v1/conflicts/${encodeURIComponent(id)}/resolve`, body, key)),
    discard: (body, key) => call(DiscardResult, post('v1/conflicts/discard', body, key)),
    history: (customerKey, limit) =>
      call(HistoryList, () =>
        api.get('v1/history', { searchParams: { customer: customerKey, ...(limit === undefined ? {} : { limit }) } }),
      ),
  };
}

function parseJsonOrUndefined(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
