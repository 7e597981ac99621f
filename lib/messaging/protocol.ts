/**
 * The one message protocol between the extension's contexts. Each message name says who sends it
 * to whom (`sidebar→background`, `options→background`); the background validates the sender and the
 * payload with the zod schema below and answers a `Reply` (`{ok:true,data}` or `{ok:false,error}`).
 */
import { z } from 'zod';
import {
  Actor,
  Customer,
  DiscardResult,
  Health,
  LookupResult,
  ResolveResult,
  SyncResult,
  TicketRef,
} from '../contracts/index.ts';
import { CustomHelpdeskConfig } from '../helpdesks/custom/config.ts';

/** Saved per ticket in IndexedDB and shown at once when the ticket is opened again. */
export const CachedTicket = z.object({
  ticketKey: z.string(),
  customerKey: z.string(),
  lookup: LookupResult.nullable(),
  sync: SyncResult.nullable(),
  savedAt: z.string(),
});
export type CachedTicket = z.infer<typeof CachedTicket>;

/** A decision or sync waiting in the outbox because the proxy could not receive it. */
export const OutboxSummary = z.object({ pending: z.number().int().nonnegative() });
export type OutboxSummary = z.infer<typeof OutboxSummary>;

/**
 * Error codes a reply may carry (in addition to the proxy's own `ErrorCode`s, passed through):
 * - `not_configured`: no proxy URL / API key saved in the options page;
 * - `proxy_unreachable`: network failure or timeout talking to the proxy;
 * - `invalid_response`: the proxy answered something that does not fit the contract;
 * - `invalid_message`: the payload of a message failed its schema (a bug, not the user's fault).
 * `queued` is true when the request was kept in the outbox and will be retried automatically.
 */
export const ReplyError = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  retryable: z.boolean(),
  queued: z.boolean().optional(),
});
export type ReplyError = z.infer<typeof ReplyError>;

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ReplyError };
export const replySchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ReplyError }),
  ]);

/** Settings the team lead saves in the options page (stored in `storage.local`). */
export const Settings = z.object({
  proxyUrl: z.string().url(),
  apiKey: z.string(),
  autoSync: z.boolean(),
  defaultRegion: z.string().length(2).optional(),
});
export type Settings = z.infer<typeof Settings>;
export const DEFAULT_SETTINGS: Settings = { proxyUrl: 'http://localhost:8787', apiKey: '', autoSync: false };

/**
 * The custom helpdesk as the background sees it (options page): the saved configuration (null: none),
 * whether the sidebar's content script is registered for its pattern (`active`), whether the browser
 * grants the extension its origin (`permission`), and, when not active, why in words (`problem`).
 */
export const CustomHelpdeskStatus = z.object({
  config: CustomHelpdeskConfig.nullable(),
  active: z.boolean(),
  permission: z.boolean(),
  problem: z.string().nullable(),
});
export type CustomHelpdeskStatus = z.infer<typeof CustomHelpdeskStatus>;

/** Every message: its request schema and its reply data schema. */
export const PROTOCOL = {
  'sidebar→background:cached': {
    request: z.object({ ticket: TicketRef, customerKey: z.string() }),
    reply: CachedTicket.nullable(),
  },
  'sidebar→background:lookup': {
    request: z.object({ ticket: TicketRef, customer: Customer }),
    reply: LookupResult,
  },
  'sidebar→background:sync': {
    request: z.object({ ticket: TicketRef, customer: Customer, actor: Actor.optional() }),
    reply: SyncResult,
  },
  'sidebar→background:resolve': {
    request: z.object({
      ticket: TicketRef,
      conflictId: z.string().uuid(),
      choice: z.enum(['chat', 'crm']),
      actor: Actor.optional(),
    }),
    reply: ResolveResult,
  },
  'sidebar→background:discard': {
    request: z.object({ ticket: TicketRef, ids: z.array(z.string().uuid()).min(1), actor: Actor.optional() }),
    reply: DiscardResult,
  },
  'sidebar→background:settings': {
    request: z.object({}),
    reply: z.object({ configured: z.boolean(), autoSync: z.boolean(), proxyUrl: z.string() }),
  },
  'sidebar→background:openOptions': {
    request: z.object({}),
    reply: z.object({ opened: z.boolean() }),
  },
  'options→background:testConnection': {
    request: z.object({ proxyUrl: z.string().url(), apiKey: z.string() }),
    reply: Health,
  },
  /** The custom helpdesk's configuration and registration state. */
  'options→background:customHelpdesk': {
    request: z.object({}),
    reply: CustomHelpdeskStatus,
  },
  /**
   * Saves the custom helpdesk and registers the sidebar for its pattern. The options page asks for
   * the origin's permission first (a user gesture); without it nothing is saved (`permission_denied`).
   * A failed registration restores the previous configuration (`registration_failed`).
   */
  'options→background:saveCustomHelpdesk': {
    request: z.object({ config: CustomHelpdeskConfig }),
    reply: CustomHelpdeskStatus,
  },
  /** Unregisters the custom helpdesk, forgets its configuration and releases its origin's permission. */
  'options→background:removeCustomHelpdesk': {
    request: z.object({}),
    reply: z.object({ removed: z.boolean(), released: z.boolean() }),
  },
} as const;

export type MessageName = keyof typeof PROTOCOL;
export type RequestOf<N extends MessageName> = z.infer<(typeof PROTOCOL)[N]['request']>;
export type ReplyOf<N extends MessageName> = z.infer<(typeof PROTOCOL)[N]['reply']>;

/** The wire shape of a message: `{type, payload}`. */
export interface Envelope<N extends MessageName = MessageName> {
  type: N;
  payload: RequestOf<N>;
}

/** What a sidebar (or any test double of the background) must offer: one typed call per message. */
export interface MessagingClient {
  send<N extends MessageName>(type: N, payload: RequestOf<N>): Promise<Reply<ReplyOf<N>>>;
}
