/**
 * Failures a background handler reports to its caller. A handler throws a `ReplyFailure` (or any
 * error with a `toReplyError()` method, such as lib/api's `ProxyError`); the router turns it into
 * `{ok:false, error}`. Anything else thrown is a bug and is answered as `internal`.
 */
import type { ReplyError } from './protocol.ts';

/** An error that knows how it should appear in a reply. */
export interface ReplyErrorSource {
  toReplyError(): ReplyError;
}

/** Thrown by a handler to answer `{ok:false, error}` with exactly this error. */
export class ReplyFailure extends Error implements ReplyErrorSource {
  override readonly name = 'ReplyFailure';
  readonly error: ReplyError;

  constructor(error: ReplyError) {
    super(error.message);
    this.error = error;
  }

  toReplyError(): ReplyError {
    return this.error;
  }
}

/** True for errors carrying their own reply shape (`ReplyFailure`, `ProxyError`). */
export function isReplyErrorSource(error: unknown): error is ReplyErrorSource {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Partial<ReplyErrorSource>).toReplyError === 'function'
  );
}

/** The reply error for a failure the user cannot fix: a bug in the extension. */
export function internalError(error: unknown): ReplyError {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `Something went wrong in the CRM sidebar: ${detail}`,
    retryable: false,
  };
}
