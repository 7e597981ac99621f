/**
 * The shape every helpdesk adapter implements. One adapter per helpdesk, one file per adapter
 * (lib/helpdesks/<id>.ts), listed once in lib/helpdesks/index.ts, with saved fixtures under
 * tests/helpdesks/<id>/.
 *
 * An adapter answers two questions for the content script:
 * 1. `detect(url)`: is this page a ticket, and which one? (pure, no I/O; checked by `testUrls`)
 * 2. `readCustomer(ctx)`: who is the ticket's customer? (same-origin API call or the page's DOM)
 */
import { type Actor, Customer, type HelpdeskId } from '../contracts/customer.ts';

/** A ticket recognised in a URL: the helpdesk tenant (`account`) and the ticket's id, both as text. */
export interface DetectedTicket {
  /** The helpdesk tenant: Zendesk subdomain ("acme"), Freshdesk domain, ... */
  account: string;
  /** The helpdesk's ticket id, as it appears in the URL ("1002"). */
  ticketId: string;
}

/**
 * What `readCustomer` gets from the content script.
 * - `url`: the page URL the ticket was detected in (its origin is the helpdesk's API origin);
 * - `ticket`: the result of `detect(url)`;
 * - `fetch`: the page-context fetch (same-origin requests carry the agent's session cookie);
 * - `signal`: aborts the read (ticket left, extension invalidated, timeout);
 * - `document`: the page, for adapters that read the DOM (or fall back to it).
 */
export interface ReadContext {
  url: URL;
  ticket: DetectedTicket;
  fetch: typeof fetch;
  signal: AbortSignal;
  document?: Document;
}

/**
 * Why a ticket's customer could not be read:
 * - `not_signed_in`: the helpdesk refused the agent's session (HTTP 401/403, sign-in page);
 * - `not_found`: the ticket does not exist or this agent cannot see it (HTTP 404);
 * - `unreadable`: the helpdesk answered, but not with what we need (bad JSON, wrong shape,
 *   no requester) — the message says what was missing;
 * - `network`: the request failed, timed out or the helpdesk had a server error (worth a retry).
 */
export const READ_ERROR_CODES = ['not_signed_in', 'not_found', 'unreadable', 'network'] as const;
export type ReadErrorCode = (typeof READ_ERROR_CODES)[number];

/** A typed read failure; `message` is the full sentence the sidebar shows ("Can't read this Zendesk ticket: …"). */
export interface ReadError {
  code: ReadErrorCode;
  message: string;
}

/**
 * Result of `readCustomer`: the requester (validated with the `Customer` contract) and, when the
 * helpdesk tells us, the agent (`actor`); or a typed error. `readCustomer` never throws.
 */
export type ReadResult = { ok: true; customer: Customer; actor?: Actor } | { ok: false; error: ReadError };

/** One example URL and what `detect` must answer for it (`null`: not a ticket page). */
export interface DetectExample {
  url: string;
  expected: DetectedTicket | null;
}

/**
 * What a helpdesk calls the thing its agent pages show and `detect` finds: Zendesk, Freshdesk,
 * Gorgias and Zoho Desk say "ticket"; Help Scout, Front and Intercom say "conversation"
 * — their own APIs name the resource so: https://developer.helpscout.com/mailbox-api/endpoints/conversations/list/,
 * https://dev.frontapp.com/docs/core-api-getting-started, https://developers.intercom.com/docs/references/rest-api/.
 * The sidebar uses it in every sentence that names it ("Reading the Help Scout conversation…",
 * "Can't read this Front conversation: …").
 */
export type HelpdeskNoun = 'ticket' | 'conversation';

/**
 * How the sidebar writes a helpdesk's ticket ids:
 * - `noun`: see {@link HelpdeskNoun};
 * - `hashIds`: true when the helpdesk's agents know its ids as "#1002" (Zendesk, Freshdesk,
 *   Gorgias); false when the id is not a number agents see that way and reads best as is (Front's
 *   `cnv_4jc8jt5`, Zoho Desk's and Help Scout's long internal ids, Intercom's conversation ids).
 *   Only all-digit ids ever get the "#".
 */
export interface TicketWords {
  noun: HelpdeskNoun;
  hashIds: boolean;
}

/** The words of a helpdesk that does not say otherwise: "ticket", "#1002". */
export const DEFAULT_TICKET_WORDS: TicketWords = { noun: 'ticket', hashIds: true };

/**
 * The ticket `ticketId` in a sentence, lower case: "ticket #1002", "ticket 1892000000042034",
 * "conversation cnv_4jc8jt5". See {@link TicketWords}; {@link ticketTitle} for a title.
 */
export function ticketName(words: TicketWords, ticketId: string): string {
  const hash = words.hashIds && /^[0-9]+$/.test(ticketId) ? '#' : '';
  return `${words.noun} ${hash}${ticketId}`;
}

/** {@link ticketName} with a capital, as a title: "Ticket #1002", "Conversation cnv_4jc8jt5". */
export function ticketTitle(words: TicketWords, ticketId: string): string {
  const name = ticketName(words, ticketId);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * A helpdesk adapter.
 * - `id` / `label`: the helpdesk ("zendesk" / "Zendesk"); the label titles the customer card
 *   ("From Zendesk") and the read errors;
 * - `words`: what the helpdesk calls a ticket and how its ids read ({@link TicketWords});
 * - `matches`: WebExtension match patterns of the pages the content script runs on
 *   (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns);
 * - `detect(url)`: the ticket shown at `url`, or null; pure and synchronous;
 * - `readCustomer(ctx)`: reads the requester; never throws (see `ReadResult`);
 * - `testUrls`: examples `detect` is tested against (tests/helpdesks/detect.test.ts).
 */
export interface HelpdeskAdapter {
  id: HelpdeskId;
  label: string;
  words: TicketWords;
  matches: readonly string[];
  detect(url: URL): DetectedTicket | null;
  readCustomer(ctx: ReadContext): Promise<ReadResult>;
  testUrls: readonly DetectExample[];
}

/**
 * A failed `ReadResult` whose message reads "Can't read this <Label> <noun>: <why>"
 * ("Can't read this Zendesk ticket: …", "Can't read this Front conversation: …").
 */
export function readError(label: string, code: ReadErrorCode, why: string, noun: HelpdeskNoun = 'ticket'): ReadResult {
  return { ok: false, error: { code, message: `Can't read this ${label} ${noun}: ${why}` } };
}

/** Who a read is about, for {@link customerRead}'s sentences. */
export interface ReadSubject {
  /** The helpdesk's name ("Zendesk"). */
  label: string;
  /** The helpdesk's word for a ticket (default "ticket"). */
  noun?: HelpdeskNoun;
  /** The helpdesk's word for the person ("requester", "customer", "contact"). */
  who: string;
}

/**
 * `candidate` validated with the `Customer` contract as a successful read (with `actor` when
 * given), or the failed `unreadable` read naming the contract's first complaint ("Can't read this
 * Zendesk ticket: Notes is longer than 10000 characters.").
 */
export function customerRead(candidate: unknown, subject: ReadSubject, actor?: Actor): ReadResult {
  const parsed = Customer.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const why = issue ? issue.message : `the ${subject.who} is not valid`;
    return readError(subject.label, 'unreadable', `${why}.`, subject.noun);
  }
  return actor ? { ok: true, customer: parsed.data, actor } : { ok: true, customer: parsed.data };
}
