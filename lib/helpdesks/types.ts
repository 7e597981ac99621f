/**
 * The shape every helpdesk adapter implements. One adapter per helpdesk, one file per adapter
 * (lib/helpdesks/<id>.ts), listed once in lib/helpdesks/index.ts, with saved fixtures under
 * tests/helpdesks/<id>/.
 *
 * An adapter answers two questions for the content script:
 * 1. `detect(url)`: is this page a ticket, and which one? (pure, no I/O; checked by `testUrls`)
 * 2. `readCustomer(ctx)`: who is the ticket's customer? (same-origin API call or the page's DOM)
 */
import type { Actor, Customer, HelpdeskId } from '../contracts/customer.ts';

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
 * A helpdesk adapter.
 * - `id` / `label`: the helpdesk ("zendesk" / "Zendesk"); the label titles the customer card
 *   ("From Zendesk") and the read errors;
 * - `matches`: WebExtension match patterns of the pages the content script runs on
 *   (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns);
 * - `detect(url)`: the ticket shown at `url`, or null; pure and synchronous;
 * - `readCustomer(ctx)`: reads the requester; never throws (see `ReadResult`);
 * - `testUrls`: examples `detect` is tested against (tests/helpdesks/detect.test.ts).
 */
export interface HelpdeskAdapter {
  id: HelpdeskId;
  label: string;
  matches: readonly string[];
  detect(url: URL): DetectedTicket | null;
  readCustomer(ctx: ReadContext): Promise<ReadResult>;
  testUrls: readonly DetectExample[];
}

/** Builds a `ReadError` whose message reads "Can't read this <Label> ticket: <why>". */
export function readError(label: string, code: ReadErrorCode, why: string): ReadResult {
  return { ok: false, error: { code, message: `Can't read this ${label} ticket: ${why}` } };
}
