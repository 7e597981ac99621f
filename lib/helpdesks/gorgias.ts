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
import { type SelectorList, textFrom } from './dom.ts';
import { describeFailure, type FailureWords, isoDateTime, jsonGetter, malformed, notATicket, text } from './http.ts';
import { type CustomerWidget, readApiThenPage, showsOtherTicket } from './page-fallback.ts';
import type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadResult } from './types.ts';
import { customerRead, DEFAULT_TICKET_WORDS, readError } from './types.ts';

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

/** Gorgias's offset-less UTC date-time. */
const NAIVE_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;

const FAILURE_WORDS: FailureWords = {
  label: LABEL,
  words: DEFAULT_TICKET_WORDS,
  // 419: "Your session has expired" (see the module comment).
  refusedStatuses: [401, 403, 419],
  signIn: `Sign in to ${LABEL} and retry.`,
};

/** ISO 8601 with offset, reading Gorgias's offset-less times as UTC; null when not a date-time. */
function utcDateTime(value: string | null | undefined): string | null {
  if (!value) return null;
  return isoDateTime(NAIVE_DATETIME.test(value) ? `${value}Z` : value);
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
  const { ticket } = ctx;
  const origin = ctx.url.origin;
  const getJson = jsonGetter(ctx, { label: LABEL });
  const answer = await getJson(`${origin}/api/tickets/${encodeURIComponent(ticket.ticketId)}`);
  if (answer.kind !== 'json') return describeFailure(answer, ticket.ticketId, FAILURE_WORDS);
  const parsed = GgTicket.safeParse(answer.body);
  if (!parsed.success) return notATicket(LABEL, parsed.error);
  if (parsed.data.customer == null) return readError(LABEL, 'unreadable', 'the ticket has no customer.');
  const embedded = GgCustomer.safeParse(parsed.data.customer);
  if (!embedded.success) return malformed(LABEL, 'customer', embedded.error);

  // The full customer has the channels (phone numbers), note, time zone and data; the ticket's
  // copy is enough when it cannot be read.
  let customer: GgCustomer = embedded.data;
  const full = await getJson(`${origin}/api/customers/${embedded.data.id}`);
  if (full.kind === 'json') {
    const parsedFull = GgCustomer.safeParse(full.body);
    if (parsedFull.success && parsedFull.data.id === embedded.data.id) customer = parsedFull.data;
  }

  const shopify = shopifyAddress(customer);
  return customerRead(
    {
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
    },
    { label: LABEL, who: 'customer' },
  );
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

/** The page's customer infobar (see `GORGIAS_SELECTORS`). */
const WIDGET: CustomerWidget = {
  helpdesk: 'gorgias',
  widget: GORGIAS_SELECTORS.panel,
  profileLink: GORGIAS_SELECTORS.profileLink,
  profileId: /\/app\/customer\/(\d+)/,
  read: (panel) => ({
    name: textFrom(panel, GORGIAS_SELECTORS.name),
    email: textFrom(panel, GORGIAS_SELECTORS.email),
    phone: textFrom(panel, GORGIAS_SELECTORS.phone),
    company: textFrom(panel, GORGIAS_SELECTORS.company),
    jobTitle: null,
    location: textFrom(panel, GORGIAS_SELECTORS.location),
    timeZone: null,
  }),
  showsAnotherTicket: (document, ticket) => showsOtherTicket(document, ticket, (host) => HOST.test(host), detect),
};

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
    words: DEFAULT_TICKET_WORDS,
    matches: ['https://*.gorgias.com/app/*'],
    detect,
    readCustomer: readApiThenPage(readFromApi, { label: LABEL, widget: WIDGET, pageWaitMs }),
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
