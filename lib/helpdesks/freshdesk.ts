/**
 * Freshdesk adapter: agent ticket pages `https://{domain}.freshdesk.com/a/tickets/{id}` (the current
 * agent app) and `https://{domain}.freshdesk.com/helpdesk/tickets/{id}` (the classic URL, which
 * Freshdesk still uses in notification e-mails and redirects to the new one).
 *
 * The requester is read through the documented API v2, same-origin, with the agent's session:
 * - `GET /api/v2/tickets/{id}?include=requester,company` — View a Ticket; `include=requester`
 *   embeds the requester's `id, name, email, phone, mobile`, `include=company` the ticket's company
 *   `id, name` (https://developers.freshdesk.com/api/#view_a_ticket);
 * - `GET /api/v2/contacts/{requester_id}` — View a Contact: `job_title, time_zone` (Freshdesk's
 *   Rails zone name, e.g. "Eastern Time (US & Canada)"), `address, description, company_id,
 *   updated_at` (https://developers.freshdesk.com/api/#view_contact);
 * - `GET /api/v2/companies/{id}` — View a Company, when the requester's company is not the ticket's
 *   (https://developers.freshdesk.com/api/#view_company);
 * - `GET /api/v2/agents/me` — View the currently authenticated agent (the actor), best effort
 *   (https://developers.freshdesk.com/api/#me).
 * Times are UTC ISO 8601 ("2015-08-18T16:18:14Z"), ids JSON integers
 * (https://developers.freshdesk.com/api/#ticket_attributes).
 *
 * Freshdesk documents API v2 with an API key, but it also answers the agent's signed-in session on
 * the helpdesk's own domain. The agent app itself reads through an undocumented internal mount of
 * the same resources, `/api/_/…` (e.g. `/api/_/tickets/{id}?include=requester`, fields optionally
 * under a `ticket` key), which is not counted against the account's API v2 rate limit. This
 * adapter prefers the documented v2 paths and falls back to `/api/_/` only when v2 refuses the
 * session or is rate limited (HTTP 401, 403, 429).
 *
 * When no API path yields the requester, it reads the requester widget of the page itself (see
 * `FRESHDESK_SELECTORS`). A ticket that does not exist (404) is reported as such, never read from
 * a page that may still show the previous ticket.
 */
import { z } from 'zod';
import type { Actor } from '../contracts/customer.ts';
import { type SelectorList, textFrom } from './dom.ts';
import {
  describeFailure,
  type FailureWords,
  isoDateTime,
  type JsonAnswer,
  jsonGetter,
  malformed,
  notATicket,
  text,
} from './http.ts';
import { type CustomerWidget, readApiThenPage, showsOtherTicket } from './page-fallback.ts';
import type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadResult } from './types.ts';
import { customerRead, DEFAULT_TICKET_WORDS, readError } from './types.ts';

const LABEL = 'Freshdesk';

/** A Freshdesk domain: one DNS label before `.freshdesk.com` (custom CNAMEs do not serve the API). */
const HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.freshdesk\.com$/;
/** `/a/tickets/{id}`, optionally followed by a sub-page or a trailing slash. */
const AGENT_TICKET_PATH = /^\/a\/tickets\/([1-9][0-9]{0,18})(?:\/|$)/;
/** The classic `/helpdesk/tickets/{id}` (nothing after it: `/helpdesk/tickets/{id}/…` are API-ish sub-resources). */
const CLASSIC_TICKET_PATH = /^\/helpdesk\/tickets\/([1-9][0-9]{0,18})\/?$/;

/** HTTP answers after which the documented v2 path is retried on the agent app's internal `/api/_/` mount. */
const REFUSED = new Set([401, 403, 429]);

/**
 * The page's requester widget, newest markup first. The `data-test-id` attributes are those of the
 * Freshdesk agent app's contact-details widget as used by public integrations in 2025; the class
 * names are the older widget's. Drop the class-name fallbacks after 2027-06 if the
 * `data-test-id` ones still match then.
 */
export const FRESHDESK_SELECTORS = {
  widget: [
    '[data-test-id="requester-info"]', // 2025 agent app
    '.widget-requestor-info', // before 2025
    '.requester-wrap', // classic ticket view
  ],
  name: [
    '[data-test-id="requester-info-contact-name"] .info-details-content',
    '[data-test-id="user-name"]',
    '.requester-name',
  ],
  email: ['[data-test-id="requester-info-contact-email"] .info-details-content', 'a[href^="mailto:"]'],
  phone: ['[data-test-id="requester-info-contact-phone"] .info-details-content', 'a[href^="tel:"]'],
  mobile: ['[data-test-id="requester-info-contact-mobile"] .info-details-content'],
  company: ['[data-test-id="requester-info-contact-company"] .info-details-content', '.requester-company'],
  jobTitle: ['[data-test-id="requester-info-contact-job_title"] .info-details-content'],
  location: ['[data-test-id="requester-info-contact-address"] .info-details-content'],
  timeZone: ['[data-test-id="requester-info-contact-time_zone"] .info-details-content'],
  /** The link to the requester's contact page, `/a/contacts/{id}`: gives the contact id. */
  contactLink: ['a[href*="/a/contacts/"]', 'a[href*="/contacts/"]'],
} as const satisfies Record<string, SelectorList>;

const FdId = z.number().int().nonnegative();
const FdText = z.string().nullish();

/** The requester embedded by `include=requester`. */
const FdRequester = z.object({ id: FdId, name: FdText, email: FdText, phone: FdText, mobile: FdText });
/** The company embedded by `include=company`. */
const FdCompany = z.object({ id: FdId, name: FdText });

/** View a Ticket, as far as the sidebar needs it; embedded objects are validated one by one later. */
const FdTicket = z.object({
  id: FdId,
  requester_id: FdId.nullish(),
  company_id: FdId.nullish(),
  requester: z.unknown().optional(),
  company: z.unknown().optional(),
});

/** View a Contact (unknown keys ignored). */
const FdContact = z.object({
  id: FdId,
  name: FdText,
  email: FdText,
  phone: FdText,
  mobile: FdText,
  job_title: FdText,
  time_zone: FdText,
  address: FdText,
  description: FdText,
  company_id: FdId.nullish(),
  updated_at: FdText,
});
type FdContact = z.infer<typeof FdContact>;

const FdMe = z.object({ contact: z.object({ name: FdText, email: FdText }) });

const FAILURE_WORDS: FailureWords = {
  label: LABEL,
  words: DEFAULT_TICKET_WORDS,
  refusedStatuses: [401, 403],
  signIn: `Sign in to ${LABEL} as an agent and retry.`,
};

/**
 * The Freshdesk API of one page: GETs `path` under `/api/v2`, and under the agent app's `/api/_`
 * when v2 refuses the session or is rate limited (remembered for the next calls of this read).
 */
function freshdeskApi(ctx: ReadContext) {
  const origin = ctx.url.origin;
  const getJson = jsonGetter(ctx, { label: LABEL });
  let internalFirst = false;
  const unwrapTicket = (body: unknown): unknown =>
    typeof body === 'object' && body !== null && 'ticket' in body && typeof body.ticket === 'object'
      ? body.ticket
      : body;
  return async function get(path: string): Promise<JsonAnswer> {
    const v2 = () => getJson(`${origin}/api/v2${path}`);
    const internal = async (): Promise<JsonAnswer> => {
      const answer = await getJson(`${origin}/api/_${path}`);
      return answer.kind === 'json' ? { kind: 'json', body: unwrapTicket(answer.body) } : answer;
    };
    if (internalFirst) {
      const answer = await internal();
      return answer.kind === 'json' ? answer : v2();
    }
    const first = await v2();
    if (first.kind !== 'http' || !REFUSED.has(first.status)) return first;
    const second = await internal();
    if (second.kind !== 'json') return first;
    internalFirst = true;
    return second;
  };
}

type Get = ReturnType<typeof freshdeskApi>;

/** The signed-in agent, or undefined when Freshdesk does not say. */
async function readActor(get: Get): Promise<Actor | undefined> {
  const answer = await get('/agents/me');
  if (answer.kind !== 'json') return undefined;
  const parsed = FdMe.safeParse(answer.body);
  if (!parsed.success) return undefined;
  const name = text(parsed.data.contact.name);
  const email = text(parsed.data.contact.email);
  return name === null && email === null ? undefined : { name, email };
}

/** The requester's full contact record, or null when Freshdesk does not give it (the embedded requester is used then). */
async function readContact(get: Get, contactId: number): Promise<FdContact | null> {
  const answer = await get(`/contacts/${contactId}`);
  if (answer.kind !== 'json') return null;
  const parsed = FdContact.safeParse(answer.body);
  return parsed.success && parsed.data.id === contactId ? parsed.data : null;
}

async function readCompanyName(get: Get, companyId: number): Promise<string | null> {
  const answer = await get(`/companies/${companyId}`);
  if (answer.kind !== 'json') return null;
  const parsed = FdCompany.safeParse(answer.body);
  return parsed.success && parsed.data.id === companyId ? text(parsed.data.name) : null;
}

/** Reads the requester through the API (see the module comment); never throws. */
async function readFromApi(ctx: ReadContext): Promise<ReadResult> {
  const { ticket } = ctx;
  const get = freshdeskApi(ctx);
  const [answer, actor] = await Promise.all([
    get(`/tickets/${encodeURIComponent(ticket.ticketId)}?include=requester,company`),
    readActor(freshdeskApi(ctx)),
  ]);
  if (answer.kind !== 'json') return describeFailure(answer, ticket.ticketId, FAILURE_WORDS);

  const parsed = FdTicket.safeParse(answer.body);
  if (!parsed.success) return notATicket(LABEL, parsed.error);
  const fdTicket = parsed.data;
  if (fdTicket.requester_id == null) return readError(LABEL, 'unreadable', 'the ticket has no requester.');
  const requesterId = fdTicket.requester_id;

  let embedded: z.infer<typeof FdRequester> | null = null;
  if (fdTicket.requester !== undefined && fdTicket.requester !== null) {
    const requester = FdRequester.safeParse(fdTicket.requester);
    if (!requester.success) return malformed(LABEL, 'requester', requester.error);
    if (requester.data.id === requesterId) embedded = requester.data;
  }

  const contact = await readContact(get, requesterId);
  if (!contact && !embedded) {
    return readError(
      LABEL,
      'unreadable',
      `${LABEL} did not include the requester (contact ${requesterId}) in its answer.`,
    );
  }

  const companyId = contact?.company_id ?? fdTicket.company_id ?? null;
  let company: string | null = null;
  if (companyId !== null) {
    const ticketCompany = FdCompany.safeParse(fdTicket.company);
    company =
      ticketCompany.success && ticketCompany.data.id === companyId
        ? text(ticketCompany.data.name)
        : await readCompanyName(get, companyId);
  }

  const person = contact ?? embedded;
  return customerRead(
    {
      helpdesk: 'freshdesk',
      account: ticket.account,
      id: String(requesterId),
      name: text(person?.name),
      email: text(person?.email),
      phone: text(person?.phone) ?? text(person?.mobile),
      company,
      jobTitle: text(contact?.job_title),
      location: text(contact?.address),
      timeZone: text(contact?.time_zone),
      notes: text(contact?.description),
      updatedAt: isoDateTime(contact?.updated_at),
    },
    { label: LABEL, who: 'requester' },
    actor,
  );
}

/** The page's requester widget (see `FRESHDESK_SELECTORS`). */
const WIDGET: CustomerWidget = {
  helpdesk: 'freshdesk',
  widget: FRESHDESK_SELECTORS.widget,
  profileLink: FRESHDESK_SELECTORS.contactLink,
  profileId: /\/contacts\/(\d+)/,
  read: (widget) => ({
    name: textFrom(widget, FRESHDESK_SELECTORS.name),
    email: textFrom(widget, FRESHDESK_SELECTORS.email)?.replace(/^mailto:/i, '') ?? null,
    phone: textFrom(widget, FRESHDESK_SELECTORS.phone) ?? textFrom(widget, FRESHDESK_SELECTORS.mobile),
    company: textFrom(widget, FRESHDESK_SELECTORS.company),
    jobTitle: textFrom(widget, FRESHDESK_SELECTORS.jobTitle),
    location: textFrom(widget, FRESHDESK_SELECTORS.location),
    timeZone: textFrom(widget, FRESHDESK_SELECTORS.timeZone),
  }),
  /**
   * The page has moved on from `ticket` when its URL is another Freshdesk page (the agent navigated
   * while the API was answering), or its title "[#N] subject" names another ticket (the previous
   * ticket is still on screen).
   */
  showsAnotherTicket(document, ticket) {
    if (showsOtherTicket(document, ticket, (host) => HOST.test(host), detect)) return true;
    const titled = /^\s*\[#(\d+)\]/.exec(document.title);
    return titled !== null && titled[1] !== ticket.ticketId;
  },
};

/** Options of {@link createFreshdeskAdapter}. */
export interface FreshdeskAdapterOptions {
  /** How long to wait for the page's requester widget when the API gives no requester (ms, default 2500). */
  pageWaitMs?: number;
}

/** `{account, ticketId}` for an agent ticket page on a Freshdesk domain over HTTPS, else null. */
function detect(url: URL): DetectedTicket | null {
  if (url.protocol !== 'https:') return null;
  const host = HOST.exec(url.hostname);
  const path = AGENT_TICKET_PATH.exec(url.pathname) ?? CLASSIC_TICKET_PATH.exec(url.pathname);
  if (!host?.[1] || !path?.[1]) return null;
  return { account: host[1], ticketId: path[1] };
}

/**
 * A Freshdesk adapter. `readCustomer` reads the requester through the API (see the module
 * comment); when that fails for any reason but "no such ticket", it reads the page's requester
 * widget, and reports the API's reason if the page shows no requester either:
 * 401/403 → not_signed_in, 404 → not_found, 429/5xx/fetch failure → network, HTML, bad JSON,
 * wrong shape or no requester → unreadable (the message names what was missing).
 */
export function createFreshdeskAdapter(options: FreshdeskAdapterOptions = {}): HelpdeskAdapter {
  const pageWaitMs = options.pageWaitMs ?? 2500;
  return {
    id: 'freshdesk',
    label: LABEL,
    words: DEFAULT_TICKET_WORDS,
    matches: ['https://*.freshdesk.com/a/*', 'https://*.freshdesk.com/helpdesk/*'],
    detect,
    readCustomer: readApiThenPage(readFromApi, { label: LABEL, widget: WIDGET, pageWaitMs }),
    testUrls: [
      { url: 'https://acme.freshdesk.com/a/tickets/1002', expected: { account: 'acme', ticketId: '1002' } },
      {
        url: 'https://acme.freshdesk.com/a/tickets/3?current_tab=details',
        expected: { account: 'acme', ticketId: '3' },
      },
      { url: 'https://my-team.freshdesk.com/a/tickets/84162/', expected: { account: 'my-team', ticketId: '84162' } },
      { url: 'https://ACME.freshdesk.com/a/tickets/7#reply', expected: { account: 'acme', ticketId: '7' } },
      { url: 'https://acme.freshdesk.com/helpdesk/tickets/11', expected: { account: 'acme', ticketId: '11' } },
      { url: 'https://acme.freshdesk.com/a/tickets/filters/all_tickets', expected: null },
      { url: 'https://acme.freshdesk.com/a/tickets/new', expected: null },
      { url: 'https://acme.freshdesk.com/a/tickets/0', expected: null },
      { url: 'https://acme.freshdesk.com/a/tickets/', expected: null },
      { url: 'https://acme.freshdesk.com/a/contacts/48000123002', expected: null },
      { url: 'https://acme.freshdesk.com/a/dashboard/default', expected: null },
      { url: 'https://acme.freshdesk.com/helpdesk/tickets/view/123456789', expected: null },
      { url: 'https://acme.freshdesk.com/helpdesk/tickets/11/conversations/note.json', expected: null },
      { url: 'https://acme.freshdesk.com/support/tickets/1002', expected: null },
      { url: 'https://acme.freshdesk.com/api/v2/tickets/1002', expected: null },
      { url: 'http://acme.freshdesk.com/a/tickets/1002', expected: null },
      { url: 'https://acme.freshdesk.com.evil.test/a/tickets/1002', expected: null },
      { url: 'https://freshdesk.com/a/tickets/1002', expected: null },
      { url: 'https://a.b.freshdesk.com/a/tickets/1002', expected: null },
      { url: 'https://acme.freshservice.com/a/tickets/1002', expected: null },
    ],
  };
}

/** The Freshdesk adapter (agent app and classic ticket URLs). */
export const freshdesk: HelpdeskAdapter = createFreshdeskAdapter();
