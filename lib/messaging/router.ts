/**
 * The receiving side of the protocol, for the background service worker.
 *
 * `createRouter(handlers)` takes exactly one typed handler per message of `PROTOCOL` (the compiler
 * rejects a missing handler or a wrong payload/reply type). For each incoming message it:
 * 1. checks the message is an envelope `{type, payload}` of a known type;
 * 2. checks the sender: same extension id; `sidebar→…` only from a content script in a tab,
 *    `options→…` only from an extension page (URL under the extension's own origin);
 * 3. validates the payload with `PROTOCOL[type].request`;
 * 4. calls the handler and answers `{ok:true, data}`, or `{ok:false, error}` when it throws.
 * It never throws and never leaves a message unanswered.
 * Sender fields: https://developer.chrome.com/docs/extensions/reference/api/runtime#type-MessageSender
 */
import { internalError, isReplyErrorSource } from './errors.ts';
import { type MessageName, PROTOCOL, type Reply, type ReplyError, type ReplyOf, type RequestOf } from './protocol.ts';

/** The parts of `runtime.MessageSender` the router looks at (structurally compatible with Chrome's and Firefox's). */
export interface MessageSender {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** What a handler learns about the call besides its payload. */
export interface HandlerContext {
  sender: MessageSender;
}

/** Handles one message type: resolves with the reply data, or throws (see lib/messaging/errors.ts). */
export type Handler<N extends MessageName> = (payload: RequestOf<N>, context: HandlerContext) => Promise<ReplyOf<N>>;

/** One handler per message of the protocol. */
export type Handlers = { [N in MessageName]: Handler<N> };

/** Who this extension is, to recognise its own contexts. */
export interface RouterOptions {
  /** `browser.runtime.id`. */
  extensionId: string;
  /** The extension's own origin with a trailing slash, `browser.runtime.getURL('/')` (e.g. `chrome-extension://abc/`). */
  extensionOrigin: string;
}

/** The listener signature of `runtime.onMessage` (answers through `sendResponse`, returns true to keep it open). */
export type OnMessageListener = (
  message: unknown,
  sender: MessageSender,
  sendResponse: (response: unknown) => void,
) => true;

/** The background's side of the protocol: `handle` for direct calls and tests, `listener` for the runtime. */
export interface Router {
  /** Checks, dispatches and answers one message. Never rejects. */
  handle(message: unknown, sender: MessageSender): Promise<Reply<unknown>>;
  /** For `browser.runtime.onMessage.addListener`: answers asynchronously via `sendResponse`. */
  listener: OnMessageListener;
}

const fail = (error: ReplyError): Reply<never> => ({ ok: false, error });

function isMessageName(type: unknown): type is MessageName {
  return typeof type === 'string' && Object.hasOwn(PROTOCOL, type);
}

/** Why `sender` may not send `type`, or null when it may. */
function senderProblem(type: MessageName, sender: MessageSender, options: RouterOptions): string | null {
  if (sender.id !== options.extensionId) return 'it did not come from this extension';
  const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(options.extensionOrigin);
  if (type.startsWith('sidebar→')) {
    if (sender.tab?.id === undefined || fromExtensionPage) return 'sidebar messages must come from a page in a tab';
    return null;
  }
  if (type.startsWith('options→')) {
    return fromExtensionPage ? null : 'options messages must come from an extension page';
  }
  return 'the message names no known sender';
}

/** Builds the background's router over a complete, typed set of handlers. */
export function createRouter(handlers: Handlers, options: RouterOptions): Router {
  async function handle(message: unknown, sender: MessageSender): Promise<Reply<unknown>> {
    const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
    if (!isMessageName(type)) {
      return fail({
        code: 'unknown_message',
        message: `The CRM sidebar's background does not know the message ${JSON.stringify(type ?? null)}.`,
        retryable: false,
      });
    }
    const problem = senderProblem(type, sender, options);
    if (problem) {
      return fail({ code: 'forbidden_sender', message: `Refused ${type}: ${problem}.`, retryable: false });
    }
    const parsed = PROTOCOL[type].request.safeParse((message as { payload?: unknown }).payload);
    if (!parsed.success) {
      return fail({
        code: 'invalid_message',
        message: `The CRM sidebar sent an invalid ${type} message.`,
        retryable: false,
        details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      });
    }
    // The one place the protocol's correlation between type and handler is erased: `type` selects
    // both the schema that produced `parsed.data` and the handler, so they always agree.
    const handler = handlers[type] as (payload: unknown, context: HandlerContext) => Promise<unknown>;
    try {
      return { ok: true, data: await handler(parsed.data, { sender }) };
    } catch (error) {
      return fail(isReplyErrorSource(error) ? error.toReplyError() : internalError(error));
    }
  }

  return {
    handle,
    listener(message, sender, sendResponse) {
      void handle(message, sender).then(sendResponse, (error: unknown) => sendResponse(fail(internalError(error))));
      return true;
    },
  };
}
