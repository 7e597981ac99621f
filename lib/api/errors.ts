/**
 * The one error type of the proxy client. Every failure talking to the sync proxy — the network, a
 * timeout, a rejected API key, an error envelope, a body that does not fit the contract — becomes a
 * `ProxyError` with a stable `code` and a sentence for people in `message`.
 */
import type { ReplyError } from '../messaging/protocol.ts';

/**
 * Codes the client adds to the proxy's own `ErrorCode`s (which are passed through unchanged):
 * - `proxy_unreachable`: network failure, timeout, or a gateway (502/503/504 without the proxy's
 *   envelope) in front of a proxy that is down;
 * - `invalid_response`: the proxy answered something that does not fit lib/contracts.
 */
export type ClientErrorCode = 'proxy_unreachable' | 'invalid_response';

/** Fields of a {@link ProxyError}, as accepted by its constructor. */
export interface ProxyErrorInit {
  /** `proxy_unreachable`, `invalid_response`, `unauthorized`, or any `ErrorCode` of the proxy's envelope. */
  code: string;
  /** A sentence for the agent, e.g. "Can't reach the sync proxy at http://localhost:8787." */
  message: string;
  /** HTTP status of the proxy's answer; absent when no answer arrived. */
  status?: number;
  /** True when sending the same request again later may succeed (network, timeout, 429, most 5xx). */
  retryable: boolean;
  /** Extra facts for logs and the UI (the envelope's `details`, the zod issues, the cause). */
  details?: Record<string, unknown>;
}

/** A failed call to the sync proxy. Thrown by every method of `ProxyClient`. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly code: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: ProxyErrorInit) {
    super(init.message);
    this.code = init.code;
    this.status = init.status;
    this.retryable = init.retryable;
    this.details = init.details;
  }

  /** The error as a message reply carries it (see `ReplyError` in lib/messaging/protocol.ts). */
  toReplyError(): ReplyError {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Type guard that also works across module copies (checks the name and shape, not only the prototype). */
export function isProxyError(error: unknown): error is ProxyError {
  return (
    error instanceof ProxyError ||
    (error instanceof Error &&
      error.name === 'ProxyError' &&
      typeof (error as Partial<ProxyError>).code === 'string' &&
      typeof (error as Partial<ProxyError>).retryable === 'boolean')
  );
}

/**
 * Whether a proxy answer with this status and envelope code is worth sending again later:
 * 408 and 429 always; 5xx except `crm_auth_failed` (the CRM rejected the proxy's credentials — a
 * person must fix them, repeating the call cannot help). Other 4xx are the caller's mistake.
 */
export function isRetryableStatus(status: number, code?: string): boolean {
  if (status === 408 || status === 429) return true;
  if (status >= 500) return code !== 'crm_auth_failed';
  return false;
}
