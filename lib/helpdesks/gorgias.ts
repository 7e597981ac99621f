/**
 * Gorgias adapter: helpdesk ticket pages on `https://{subdomain}.gorgias.com`:
 * - `/app/ticket/{id}` — a ticket opened on its own;
 * - `/app/views/{viewId}/{id}` — a ticket opened beside a view's list (split ticket view);
 * - `/app/tickets/{viewId}/{id}` — the same in the newer navigation. `/app/tickets/{viewId}/{slug}`
 *   (a view's list, e.g. `/app/tickets/1/inbox`) is not a ticket; slugs are never all digits.
 * These are the helpdesk web app's own routes (`/app/ticket/:ticketId`,
 * `/app/views/:viewId/:ticketId?`, `/app/tickets/:viewId/:ticketId`); it moves between them with
 * `history.pushState`.
 *
 * The customer is read through Gorgias's documented REST API, same-origin with the agent's
 * session (the web app calls the same `/api/...` resources):
 * - `GET /api/tickets/{id}` — Retrieve a ticket: `customer {id, email, name, firstname, lastname}`
 *   (https://developers.gorgias.com/reference/get-ticket, the Ticket object:
 *   https://developers.gorgias.com/reference/the-ticket-object);
 * - `GET /api/customers/{id}` — Retrieve a customer: `channels[] {type, address, preferred}`
 *   (e-mail addresses, phone numbers, …), `note`, `timezone` (IANA), `data` (the account's own
 *   key-value data), `integrations` (e.g. Shopify's customer with its `default_address`),
 *   `updated_datetime` (https://developers.gorgias.com/reference/the-customer-object).
 * Gorgias writes date-times in UTC without an offset ("2019-04-13T03:27:56.973873"); they are read
 * as UTC. A session that expired answers 401 or 419 ("Your session has expired").
 *
 * When the API yields no customer (but the ticket exists), the customer panel of the page is read
 * instead (`GORGIAS_SELECTORS`).
 */
import { z } from 'zod';
import { Customer } from '../contracts/customer.ts';
import { queryFirst, type SelectorList, textFrom } from './dom.ts';
import type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadResult } from './types.ts';
import { readError } from './types.ts';

const LABEL = 'Gorgias';

/** A Gorgias account: one DNS label before `.gorgias.com`. */
const HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.gorgias\.com$/;
const TICKET_PATHS = [
  /^\/app\/ticket\/([1-9][0-9]{0,18})(?:\/|$)/,
  /^\/app\/views\/[0-9]{1,19}\/([1-9][0-9]{0,18})(?:\/|$)/,
  /^\/app\/tickets\/[0-9]{1,19}\/([1-9][0-9]{0,18})(?:\/|$)/,
];

/**
 * Keys of the customer's `data` object (an account's own key-value data, shown in the customer
 * panel) that commonly hold the fields Gorgias has no property for; the first non-blank text wins.
 * After them, the Shopify integration's `default_address` gives `company` and `city`.
 */
export const GORGIAS_DATA_KEYS = {
  company: ['company', 'company_name', 'organization'],
  jobTitle: ['job_title', 'jobTitle', 'title'],
  location: ['location', 'city'],
} as const;

/**
 * The customer panel beside the ticket. Gorgias does not publish its markup: these are the
 * accessible names and links the panel shows (checked against the emulator only, 2026-11); keep
 * the generic `mailto:` / `tel:` / profile-link fallbacks last.
 */
export const GORGIAS_SELECTORS = {
  panel: ['[data-testid="customer-infobar"]', 'aside[aria-label="Customer"]', '[aria-label="Customer details"]'],
  name: ['[data-testid="customer-name"]', '.customer-name', 'a[href*="/app/customer/"]'],
  email: ['[data-testid="customer-channel-email"]', 'a[href^="mailto:"]'],
  phone: ['[data-testid="customer-channel-phone"]', 'a[href^="tel:"]'],
  company: ['[data-testid="customer-data-company"]'],
  location: ['[data-testid="customer-data-location"]'],
  /** The link to the customer's profile, `/app/customer/{id}`: gives the customer id. */
  profileLink: ['a[href*="/app/customer/"]'],
} as const satisfies Record<string, SelectorList>;

const GgId = z.number().int().nonnegative();
const GgText = z.string().nullish();

const GgTicket = z.object({ id: GgId, customer: z.unknown().nullish() });

const GgCustomer = z.object({
  id: GgId,
  email: GgText,
  name: GgText,
  firstname: GgText,
  lastname: GgText,
  note: GgText,
  timezone: GgText,
  channels: z.array(z.unknown()).nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
  integrations: z.record(z.string(), z.unknown()).nullish(),
  updated_datetime: GgText,
});
type GgCustomer = z.infer<typeof GgCustomer>;

const GgChannel = z.object({
  type: z.string(),
  address: z.string(),
  preferred: z.boolean().nullish(),
  deleted_datetime: GgText,
});
type GgChannel = z.infer<typeof GgChannel>;

/** A Shopify integration's customer, as far as the address goes. */
const ShopifyIntegration = z.object({
  __integration_type__: z.literal('shopify'),
  customer: z.object({
    default_address: z.object({ company: GgText, city: GgText }).nullish(),
  }),
});

const IsoDateTime = z.iso.datetime({ offset: true });
/** Gorgias's offset-less UTC date-time. */
const NAIVE_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** ISO 8601 with offset, reading Gorgias's offset-less times as UTC; null when not a date-time. */
function utcDateTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const withOffset = NAIVE_DATETIME.test(value) ? `${value}Z` : value;
  return IsoDateTime.safeParse(withOffset).success ? withOffset : null;
}

type JsonAnswer =
  | { kind: 'json'; body: unknown }
  | { kind: 'http'; status: number }
  | { kind: 'not_json' }
  | { kind: 'bad_json' }
  | { kind: 'network'; reason: string };

/** GETs `url` same-origin with the session cookie and classifies the answer. Never throws. */
async function getJson(fetchFn: typeof fetch, url: string, signal: AbortSignal): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      signal,
    });
  } catch (error) {
    if (signal.aborted) {
      const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
      return { kind: 'network', reason: timedOut ? `${LABEL} did not answer in time` : 'the request was cancelled' };
    }
    const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
    return { kind: 'network', reason: `${LABEL} could not be reached${detail}` };
  }
  if (!response.ok) return { kind: 'http', status: response.status };
  const contentType = response.headers.get('content-type') ?? '';
  let raw: string;
  try {
    raw = await response.text();
  } catch {
    return { kind: 'network', reason: `the answer from ${LABEL} was cut off` };
  }
  if (contentType.includes('text/html') || /^\s*</.test(raw)) return { kind: 'not_json' };
  try {
    return { kind: 'json', body: JSON.parse(raw) };
  } catch {
    return { kind: 'bad_json' };
  }
}

function failure(answer: Exclude<JsonAnswer, { kind: 'json' }>, ticketId: string): ReadResult {
  switch (answer.kind) {
    case 'network':
      return readError(LABEL, 'network', `${answer.reason}.`);
    case 'not_json':
      return readError(LABEL, 'unreadable', `${LABEL} answered with a web page instead of ticket data.`);
    case 'bad_json':
      return readError(LABEL, 'unreadable', `${LABEL}'s answer is not valid JSON.`);
    case 'http':
      if (answer.status === 401 || answer.status === 403 || answer.status === 419) {
        return readError(
          LABEL,
          'not_signed_in',
          `${LABEL} refused the request (HTTP ${answer.status}). Sign in to ${LABEL} and retry.`,
        );
      }
      if (answer.status === 404) {
        return readError(LABEL, 'not_found', `ticket #${ticketId} does not exist or you can't see it.`);
      }
      if (answer.status === 429) {
        return readError(LABEL, 'network', `${LABEL} is limiting requests (HTTP 429). Retry in a minute.`);
      }
      return readError(LABEL, 'network', `${LABEL} answered HTTP ${answer.status}.`);
  }
}

/** The address of the customer's channel of one of `types`, preferred first; deleted and malformed channels are skipped. */
function channelAddress(channels: readonly unknown[] | null | undefined, types: readonly string[]): string | null {
  const valid: GgChannel[] = [];
  for (const raw of channels ?? []) {
    const channel = GgChannel.safeParse(raw);
    if (!channel.success || channel.data.deleted_datetime || !types.includes(channel.data.type)) continue;
    if (text(channel.data.address)) valid.push(channel.data);
  }
  valid.sort((a, b) => Number(b.preferred ?? false) - Number(a.preferred ?? false));
  return valid[0]?.address ?? null;
}

function dataValue(customer: GgCustomer, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = text(customer.data?.[key]);
    if (value !== null) return value;
  }
  return null;
}

/** Shopify's default address of the customer (the first Shopify integration that has one). */
function shopifyAddress(customer: GgCustomer): { company: string | null; city: string | null } {
  for (const raw of Object.values(customer.integrations ?? {})) {
    const shopify = ShopifyIntegration.safeParse(raw);
    const address = shopify.success ? shopify.data.customer.default_address : null;
    if (address) return { company: text(address.company), city: text(address.city) };
  }
  return { company: null, city: null };
}

function joinName(customer: Pick<GgCustomer, 'name' | 'firstname' | 'lastname'>): string | null {
  return text(customer.name) ?? text([customer.firstname, customer.lastname].filter((p) => text(p)).join(' '));
}

async function readFromApi(ctx: ReadContext): Promise<ReadResult> {
  const { ticket, signal } = ctx;
  const origin = ctx.url.origin;
  const answer = await getJson(ctx.fetch, `${origin}/api/tickets/${encodeURIComponent(ticket.ticketId)}`, signal);
  if (answer.kind !== 'json') return failure(answer, ticket.ticketId);
  const parsed = GgTicket.safeParse(answer.body);
  if (!parsed.success) {
    return readError(
      LABEL,
      'unreadable',
      `${LABEL}'s answer does not look like a ticket (${describeIssue(parsed.error)}).`,
    );
  }
  if (parsed.data.customer == null) return readError(LABEL, 'unreadable', 'the ticket has no customer.');
  const embedded = GgCustomer.safeParse(parsed.data.customer);
  if (!embedded.success) {
    return readError(LABEL, 'unreadable', `the customer's data is malformed (${describeIssue(embedded.error)}).`);
  }

  // The full customer has the channels (phone numbers), note, time zone and data; the ticket's
  // copy is enough when it cannot be read.
  let customer: GgCustomer = embedded.data;
  const full = await getJson(ctx.fetch, `${origin}/api/customers/${embedded.data.id}`, signal);
  if (full.kind === 'json') {
    const parsedFull = GgCustomer.safeParse(full.body);
    if (parsedFull.success && parsedFull.data.id === embedded.data.id) customer = parsedFull.data;
  }

  const shopify = shopifyAddress(customer);
  const candidate = Customer.safeParse({
    helpdesk: 'gorgias',
    account: ticket.account,
    id: String(customer.id),
    name: joinName(customer),
    email: text(customer.email) ?? channelAddress(customer.channels, ['email']),
    phone: channelAddress(customer.channels, ['phone']) ?? channelAddress(customer.channels, ['sms']),
    company: dataValue(customer, GORGIAS_DATA_KEYS.company) ?? shopify.company,
    jobTitle: dataValue(customer, GORGIAS_DATA_KEYS.jobTitle),
    location: dataValue(customer, GORGIAS_DATA_KEYS.location) ?? shopify.city,
    timeZone: text(customer.timezone),
    notes: text(customer.note),
    updatedAt: utcDateTime(customer.updated_datetime),
  });
  if (!candidate.success) {
    const issue = candidate.error.issues[0];
    return readError(LABEL, 'unreadable', `${issue ? issue.message : 'the customer is not valid'}.`);
  }
  return { ok: true, customer: candidate.data };
}

/** `{account, ticketId}` for a Gorgias ticket page over HTTPS, else null. */
function detect(url: URL): DetectedTicket | null {
  if (url.protocol !== 'https:') return null;
  const host = HOST.exec(url.hostname);
  if (!host?.[1]) return null;
  for (const pattern of TICKET_PATHS) {
    const id = pattern.exec(url.pathname)?.[1];
    if (id) return { account: host[1], ticketId: id };
  }
  return null;
}

/** Whether the document is another Gorgias page than `ticket` (the agent moved on during the read). */
function showsAnotherTicket(document: Document, ticket: DetectedTicket): boolean {
  let shown: URL;
  try {
    shown = new URL(document.URL);
  } catch {
    return false;
  }
  return HOST.test(shown.hostname) && detect(shown)?.ticketId !== ticket.ticketId;
}

/** The customer as the page's customer panel shows it, or null when the page shows none. */
function customerFromPage(document: Document, ticket: DetectedTicket): Customer | null {
  if (showsAnotherTicket(document, ticket)) return null;
  const panel = queryFirst(document, GORGIAS_SELECTORS.panel);
  if (!panel) return null;
  const href = queryFirst(panel, GORGIAS_SELECTORS.profileLink)?.getAttribute('href') ?? '';
  const id = /\/app\/customer\/(\d+)/.exec(href)?.[1];
  if (!id) return null;
  const parsed = Customer.safeParse({
    helpdesk: 'gorgias',
    account: ticket.account,
    id,
    name: textFrom(panel, GORGIAS_SELECTORS.name),
    email: textFrom(panel, GORGIAS_SELECTORS.email),
    phone: textFrom(panel, GORGIAS_SELECTORS.phone),
    company: textFrom(panel, GORGIAS_SELECTORS.company),
    jobTitle: null,
    location: textFrom(panel, GORGIAS_SELECTORS.location),
    timeZone: null,
    notes: null,
    updatedAt: null,
  });
  if (!parsed.success) return null;
  const c = parsed.data;
  return c.name || c.email || c.phone ? c : null;
}

async function poll<T>(probe: () => T | null, waitMs: number, signal: AbortSignal): Promise<T | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const found = probe();
    if (found !== null || signal.aborted || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(0, deadline - Date.now()))));
  }
}

/** Options of {@link createGorgiasAdapter}. */
export interface GorgiasAdapterOptions {
  /** How long to wait for the page's customer panel when the API gives no customer (ms, default 2500). */
  pageWaitMs?: number;
}

/**
 * A Gorgias adapter. `readCustomer` reads the ticket's customer through the API; when that fails
 * for any reason but "no such ticket", it reads the page's customer panel, and reports the API's
 * reason if the page shows no customer either: 401/403/419 → not_signed_in, 404 → not_found,
 * 429/5xx/fetch failure → network, HTML, bad JSON, wrong shape or no customer → unreadable.
 */
export function createGorgiasAdapter(options: GorgiasAdapterOptions = {}): HelpdeskAdapter {
  const pageWaitMs = options.pageWaitMs ?? 2500;
  return {
    id: 'gorgias',
    label: LABEL,
    matches: ['https://*.gorgias.com/app/*'],
    detect,
    async readCustomer(ctx) {
      let result: ReadResult;
      try {
        result = await readFromApi(ctx);
      } catch (error) {
        result = readError(LABEL, 'unreadable', `unexpected error (${String(error)}).`);
      }
      if (result.ok || result.error.code === 'not_found' || !ctx.document) return result;
      const document = ctx.document;
      const fromPage = await poll(() => customerFromPage(document, ctx.ticket), pageWaitMs, ctx.signal);
      return fromPage ? { ok: true, customer: fromPage } : result;
    },
    testUrls: [
      { url: 'https://acme.gorgias.com/app/ticket/180507823', expected: { account: 'acme', ticketId: '180507823' } },
      {
        url: 'https://acme.gorgias.com/app/views/1384557/202493877',
        expected: { account: 'acme', ticketId: '202493877' },
      },
      {
        url: 'https://acme.gorgias.com/app/tickets/238613/56381280',
        expected: { account: 'acme', ticketId: '56381280' },
      },
      { url: 'https://happy-aging.gorgias.com/app/ticket/42/', expected: { account: 'happy-aging', ticketId: '42' } },
      { url: 'https://ACME.gorgias.com/app/ticket/7?tab=shopify', expected: { account: 'acme', ticketId: '7' } },
      { url: 'https://acme.gorgias.com/app/tickets/1/inbox', expected: null },
      { url: 'https://acme.gorgias.com/app/tickets/123456', expected: null },
      { url: 'https://acme.gorgias.com/app/tickets/new', expected: null },
      { url: 'https://acme.gorgias.com/app/tickets/search', expected: null },
      { url: 'https://acme.gorgias.com/app/views/1384557', expected: null },
      { url: 'https://acme.gorgias.com/app/ticket/new', expected: null },
      { url: 'https://acme.gorgias.com/app/customer/412000001', expected: null },
      { url: 'https://acme.gorgias.com/app/settings', expected: null },
      { url: 'https://acme.gorgias.com/api/tickets/180507823', expected: null },
      { url: 'https://acme.gorgias.com/login?next=%2Fapp%2Fticket%2F42', expected: null },
      { url: 'http://acme.gorgias.com/app/ticket/42', expected: null },
      { url: 'https://acme.gorgias.com.evil.test/app/ticket/42', expected: null },
      { url: 'https://gorgias.com/app/ticket/42', expected: null },
      { url: 'https://acme.gorgias.io/app/ticket/42', expected: null },
    ],
  };
}

/** The Gorgias adapter. */
export const gorgias: HelpdeskAdapter = createGorgiasAdapter();
