/**
 * The sending side of the protocol, for the sidebar (content script) and the options page.
 *
 * `send(type, payload)` posts `{type, payload}` with `browser.runtime.sendMessage` and validates the
 * background's answer with `replySchema(PROTOCOL[type].reply)`. It never rejects: a missing or
 * malformed answer, or a runtime that is gone (the extension was updated or reloaded under a page
 * that still runs the old content script: "Extension context invalidated"), becomes
 * `{ok:false, error:{code:'extension_unavailable', ...}}`.
 * Messaging API: https://developer.chrome.com/docs/extensions/develop/concepts/messaging
 */
import { browser } from 'wxt/browser';
import {
  type Envelope,
  type MessageName,
  type MessagingClient,
  PROTOCOL,
  type Reply,
  type ReplyError,
  type ReplyOf,
  type RequestOf,
  replySchema,
} from './protocol.ts';

/** The error every failed delivery is reported as. */
export const EXTENSION_UNAVAILABLE: ReplyError = {
  code: 'extension_unavailable',
  message: 'The CRM sidebar was updated. Reload this page to continue.',
  retryable: false,
};

/** Delivers one envelope and resolves with the raw answer (default: `browser.runtime.sendMessage`). */
export type SendMessage = (message: Envelope) => Promise<unknown>;

/**
 * Creates the messaging client. `sendMessage` is injectable for tests; by default messages go to the
 * background service worker through `browser.runtime.sendMessage`.
 */
export function createMessagingClient(sendMessage?: SendMessage): MessagingClient {
  const deliver: SendMessage = sendMessage ?? ((message) => browser.runtime.sendMessage(message));
  return {
    async send<N extends MessageName>(type: N, payload: RequestOf<N>): Promise<Reply<ReplyOf<N>>> {
      let raw: unknown;
      try {
        raw = await deliver({ type, payload } as Envelope);
      } catch (error) {
        return { ok: false, error: unavailable(error) };
      }
      const parsed = replySchema(PROTOCOL[type].reply).safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          error: {
            ...EXTENSION_UNAVAILABLE,
            details: {
              cause: raw === undefined ? 'no reply' : 'reply does not fit the protocol',
              issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
            },
          },
        };
      }
      return parsed.data as Reply<ReplyOf<N>>;
    },
  };
}

function unavailable(error: unknown): ReplyError {
  return { ...EXTENSION_UNAVAILABLE, details: { cause: error instanceof Error ? error.message : String(error) } };
}
