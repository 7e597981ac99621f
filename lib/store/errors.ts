/**
 * The sentence the sidebar shows for a failed reply, and what the agent can do about it.
 * The background's `ReplyError` codes are documented in lib/messaging/protocol.ts; the proxy's
 * own codes in lib/contracts/errors.ts.
 */
import type { ReplyError } from '../messaging/protocol.ts';

/** What the error banner offers besides Retry: `openOptions` adds an "Open settings" button. */
export type ErrorAction = 'openOptions' | null;

/** Sentence shown when no proxy URL / API key is saved. */
export const NOT_CONFIGURED_SENTENCE = "Set the proxy URL and API key in the extension's options.";
/** Sentence shown when the proxy answers 401. */
export const UNAUTHORIZED_SENTENCE = 'The sync proxy rejected the API key.';
/** Shown on a conflict row (or under Sync now) when the background kept the request in its outbox. */
export const QUEUED_SENTENCE = 'Saved — will be sent when the sync proxy is reachable.';

/** Context for sentences that name something: the proxy URL the settings hold, when known. */
export interface SentenceContext {
  proxyUrl?: string | null;
}

/**
 * Maps a reply error to `{message, action}`:
 * - `proxy_unreachable` → "Can't reach the sync proxy at <url>." (URL from the background's
 *   message, else `details.proxyUrl`, else the settings);
 * - `unauthorized` → "The sync proxy rejected the API key.";
 * - `not_configured` → "Set the proxy URL and API key in the extension's options." + Open settings;
 * - `crm_*` and anything else → the message as given (the proxy's message already names the CRM
 *   and the vendor's reason, e.g. "HubSpot said: …"); a blank message falls back to the code.
 */
export function describeReplyError(
  error: ReplyError,
  context: SentenceContext = {},
): { message: string; action: ErrorAction } {
  switch (error.code) {
    case 'proxy_unreachable': {
      if (/^Can't reach the sync proxy at \S/.test(error.message)) return { message: error.message, action: null };
      const detailUrl = typeof error.details?.proxyUrl === 'string' ? error.details.proxyUrl : null;
      const url = detailUrl ?? context.proxyUrl ?? null;
      return {
        message: url ? `Can't reach the sync proxy at ${url}.` : "Can't reach the sync proxy.",
        action: null,
      };
    }
    case 'unauthorized':
      return { message: UNAUTHORIZED_SENTENCE, action: 'openOptions' };
    case 'not_configured':
      return { message: NOT_CONFIGURED_SENTENCE, action: 'openOptions' };
    default: {
      const message = error.message.trim();
      return { message: message === '' ? `The request failed (${error.code}).` : message, action: null };
    }
  }
}
