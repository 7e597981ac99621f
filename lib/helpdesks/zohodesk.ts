/**
 * Zoho Desk adapter: agent ticket pages
 * `https://desk.zoho.{com|eu|in|com.au|jp|com.cn}/agent/{portal}/{department}/tickets/details/{id}`,
 * where `{portal}` is the help desk's portal name and `{id}` Zoho Desk's (long) ticket id. The
 * data centre is part of the host (https://desk.zoho.com/DeskAPIDocument "API Root Endpoint"), so
 * the tenant (`account`) is `{portal}@{host}`, e.g. `zylker@desk.zoho.eu`.
 *
 * The contact is read through Zoho Desk's v1 API, same-origin with the agent's session:
 * - every call but `/organizations` needs the organization in an `orgId` header
 *   (https://desk.zoho.com/DeskAPIDocument#Introduction). The agent app keeps it in a page global
 *   that a content script cannot see, so it is looked up once per portal with
 *   `GET …/organizations` (Get all organizations: `data[] {id, portalName, companyName}`), matching
 *   `portalName` to the URL's portal;
 * - `GET …/tickets/{id}?include=contacts` — Get a ticket: `contactId` and `contact {id, firstName,
 *   lastName, email, phone, mobile, account {accountName}}`
 *   (https://desk.zoho.com/DeskAPIDocument#Tickets#Tickets_Getaticket);
 * - `GET …/contacts/{contactId}` — Get a contact: `title` (job title), `city`, `state`, `country`,
 *   `description`, `modifiedTime` (https://desk.zoho.com/DeskAPIDocument#Contacts#Contacts_Getacontact);
 * - `GET …/myinfo` — Get my information (the agent: `name`, `emailId`), best effort
 *   (https://desk.zoho.com/DeskAPIDocument#Agents#Agents_Getmyinformation).
 * The documented root `/api/v1` takes an OAuth token, not the session; the agent app calls the same
 * resources under `/supportapi/zd/{portal}/api/v1` with the session cookie (not in the public
 * docs), so that is the prefix used here. Times are ISO 8601 UTC ("2016-06-21T13:16:14.000Z").
 * Signed out, Zoho redirects to its accounts server's sign-in page, which reads as not signed in.
 *
 * When the API yields no contact (but the ticket exists), the contact card of the page is read
 * instead (`ZOHO_DESK_SELECTORS`).
 */
import { z } from 'zod';
import type { Actor } from '../contracts/customer.ts';
import { type SelectorList, textFrom } from './dom.ts';
import {
  describeFailure,
  describeIssue,
  type FailureWords,
  isoDateTime,
  joined,
  jsonGetter,
  type JsonGetterOptions,
  malformed,
  notATicket,
  text,
} from './http.ts';
import { type CustomerWidget, readApiThenPage, showsOtherTicket } from './page-fallback.ts';
import type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadResult, TicketWords } from './types.ts';
import { customerRead, readError } from './types.ts';

const LABEL = 'Zoho Desk';

/** Zoho Desk's data centres (https://desk.zoho.com/DeskAPIDocument; one host each). */
const HOST = /^desk\.zoho\.(?:com|eu|in|com\.au|jp|com\.cn)$/;
/** Portal names are lower-case letters and digits (Zoho Desk's Update organization, `portalName`). */
const TICKET_PATH = /^\/agent\/([a-z0-9]{1,100})\/[^/]+\/tickets\/details\/([1-9][0-9]{0,24})(?:\/|$)/;

/**
 * The contact card of the ticket page. Zoho Desk does not publish its markup: these are the
 * accessible names and links the card shows (checked against the emulator only, 2026-11); keep the
 * generic `mailto:` / `tel:` / contact-link fallbacks last.
 */
export const ZOHO_DESK_SELECTORS = {
  card: ['[data-id="contactCard"]', 'section[aria-label="Contact information"]', '[aria-label="Contact"]'],
  name: ['[data-id="contactName"]', 'a[href*="/contacts/details/"]'],
  email: ['[data-id="contactEmail"]', 'a[href^="mailto:"]'],
  phone: ['[data-id="contactPhone"]', 'a[href^="tel:"]'],
  mobile: ['[data-id="contactMobile"]'],
  company: ['[data-id="contactAccount"]'],
  jobTitle: ['[data-id="contactTitle"]'],
  location: ['[data-id="contactLocation"]'],
  /** The link to the contact's page, `…/contacts/details/{id}`: gives the contact id. */
  contactLink: ['a[href*="/contacts/details/"]'],
} as const satisfies Record<string, SelectorList>;

/** Zoho Desk ids: decimal strings too long for a JS number. */
const ZdId = z.string().regex(/^\d{1,25}$/, 'expected a Zoho Desk id');
const ZdText = z.string().nullish();

const ZdOrganizations = z.object({
  data: z.array(z.object({ id: z.union([ZdId, z.number().int().nonnegative()]), portalName: ZdText })),
});

const ZdTicket = z.object({
  id: ZdId,
  contactId: ZdId.nullish(),
  contact: z.unknown().optional(),
});

const ZdTicketContact = z.object({
  id: ZdId,
  firstName: ZdText,
  lastName: ZdText,
  email: ZdText,
  phone: ZdText,
  mobile: ZdText,
  account: z.object({ accountName: ZdText }).nullish(),
});

const ZdContact = z.object({
  id: ZdId,
  firstName: ZdText,
  lastName: ZdText,
  email: ZdText,
  phone: ZdText,
  mobile: ZdText,
  title: ZdText,
  city: ZdText,
  state: ZdText,
  country: ZdText,
  description: ZdText,
  modifiedTime: ZdText,
  account: z.object({ accountName: ZdText }).nullish(),
});

const ZdMe = z.object({ name: ZdText, firstName: ZdText, lastName: ZdText, emailId: ZdText });

/** Zoho Desk's long ids are not the ticket numbers its agents see ("#101"), so they read as is. */
const WORDS: TicketWords = { noun: 'ticket', hashIds: false };

const FAILURE_WORDS: FailureWords = {
  label: LABEL,
  words: WORDS,
  refusedStatuses: [401, 403],
  signIn: `Sign in to ${LABEL} as an agent and retry.`,
};

/** True for a response that ended on Zoho's accounts server: its sign-in page (see the module comment). */
function isSignInRedirect(response: Response): boolean {
  let host = '';
  try {
    host = new URL(response.url).hostname;
  } catch {
    host = '';
  }
  return response.redirected && /^accounts\.zoho\./.test(host);
}

const GETTER: JsonGetterOptions = { label: LABEL, isSignInRedirect };

/** `portal`, `host` of a Zoho Desk tenant key `{portal}@{host}`. */
function splitAccount(account: string): { portal: string; host: string } {
  const at = account.indexOf('@');
  return { portal: account.slice(0, at), host: account.slice(at + 1) };
}

/** The agent app's session-authenticated mount of the v1 API for `portal`. */
function apiBase(origin: string, portal: string): string {
  return `${origin}/supportapi/zd/${encodeURIComponent(portal)}/api/v1`;
}

/** orgId per `origin/portal`, kept by each adapter (organization ids do not change; forgotten after a failed ticket read). */
type OrgIdCache = Map<string, string>;

/** The organization id of `portal` (see the module comment), or a failed read. */
async function organizationId(ctx: ReadContext, portal: string, orgIds: OrgIdCache): Promise<string | ReadResult> {
  const key = `${ctx.url.origin}/${portal}`;
  const known = orgIds.get(key);
  if (known) return known;
  const answer = await jsonGetter(ctx, GETTER)(`${apiBase(ctx.url.origin, portal)}/organizations`);
  if (answer.kind !== 'json') return describeFailure(answer, ctx.ticket.ticketId, FAILURE_WORDS);
  const parsed = ZdOrganizations.safeParse(answer.body);
  if (!parsed.success) {
    return readError(
      LABEL,
      'unreadable',
      `${LABEL}'s list of organizations is not readable (${describeIssue(parsed.error)}).`,
    );
  }
  const org = parsed.data.data.find((o) => o.portalName?.toLowerCase() === portal);
  if (!org) {
    return readError(LABEL, 'unreadable', `${LABEL} does not list the portal "${portal}" among your organizations.`);
  }
  const id = String(org.id);
  orgIds.set(key, id);
  return id;
}

async function readActor(ctx: ReadContext, base: string, orgId: string): Promise<Actor | undefined> {
  const answer = await jsonGetter(ctx, GETTER)(`${base}/myinfo`, { orgId });
  if (answer.kind !== 'json') return undefined;
  const me = ZdMe.safeParse(answer.body);
  if (!me.success) return undefined;
  const name = text(me.data.name) ?? joined([me.data.firstName, me.data.lastName], ' ');
  const email = text(me.data.emailId);
  return name === null && email === null ? undefined : { name, email };
}

async function readFromApi(ctx: ReadContext, orgIds: OrgIdCache): Promise<ReadResult> {
  const { ticket } = ctx;
  const { portal } = splitAccount(ticket.account);
  const orgId = await organizationId(ctx, portal, orgIds);
  if (typeof orgId !== 'string') return orgId;
  const base = apiBase(ctx.url.origin, portal);
  const headers = { orgId };
  const getJson = jsonGetter(ctx, GETTER);

  const [answer, actor] = await Promise.all([
    getJson(`${base}/tickets/${encodeURIComponent(ticket.ticketId)}?include=contacts`, headers),
    readActor(ctx, base, orgId),
  ]);
  if (answer.kind !== 'json') {
    if (answer.kind !== 'network') orgIds.delete(`${ctx.url.origin}/${portal}`);
    return describeFailure(answer, ticket.ticketId, FAILURE_WORDS);
  }
  const parsed = ZdTicket.safeParse(answer.body);
  if (!parsed.success) return notATicket(LABEL, parsed.error);
  const contactId = parsed.data.contactId;
  if (contactId == null) return readError(LABEL, 'unreadable', 'the ticket has no contact.');

  let embedded: z.infer<typeof ZdTicketContact> | null = null;
  if (parsed.data.contact != null) {
    const contact = ZdTicketContact.safeParse(parsed.data.contact);
    if (!contact.success) return malformed(LABEL, 'contact', contact.error);
    if (contact.data.id === contactId) embedded = contact.data;
  }

  let full: z.infer<typeof ZdContact> | null = null;
  const contactAnswer = await getJson(`${base}/contacts/${contactId}?include=accounts`, headers);
  if (contactAnswer.kind === 'json') {
    const contact = ZdContact.safeParse(contactAnswer.body);
    if (contact.success && contact.data.id === contactId) full = contact.data;
  }
  const person = full ?? embedded;
  if (!person) {
    return readError(LABEL, 'unreadable', `${LABEL} did not include the contact (${contactId}) in its answer.`);
  }

  return customerRead(
    {
      helpdesk: 'zohodesk',
      account: ticket.account,
      id: contactId,
      name: joined([person.firstName, person.lastName], ' '),
      email: text(person.email),
      phone: text(person.phone) ?? text(person.mobile),
      company: text(full?.account?.accountName) ?? text(embedded?.account?.accountName),
      jobTitle: text(full?.title),
      location: joined([full?.city, full?.state, full?.country], ', '),
      timeZone: null,
      notes: text(full?.description),
      updatedAt: isoDateTime(full?.modifiedTime),
    },
    { label: LABEL, who: 'contact' },
    actor,
  );
}

/** `{account: "{portal}@{host}", ticketId}` for a Zoho Desk agent ticket page over HTTPS, else null. */
function detect(url: URL): DetectedTicket | null {
  if (url.protocol !== 'https:' || !HOST.test(url.hostname)) return null;
  const path = TICKET_PATH.exec(url.pathname);
  if (!path?.[1] || !path[2]) return null;
  return { account: `${path[1]}@${url.hostname}`, ticketId: path[2] };
}

/** The page's contact card (see `ZOHO_DESK_SELECTORS`). */
const WIDGET: CustomerWidget = {
  helpdesk: 'zohodesk',
  widget: ZOHO_DESK_SELECTORS.card,
  profileLink: ZOHO_DESK_SELECTORS.contactLink,
  profileId: /\/contacts\/details\/(\d+)/,
  read: (card) => ({
    name: textFrom(card, ZOHO_DESK_SELECTORS.name),
    email: textFrom(card, ZOHO_DESK_SELECTORS.email),
    phone: textFrom(card, ZOHO_DESK_SELECTORS.phone) ?? textFrom(card, ZOHO_DESK_SELECTORS.mobile),
    company: textFrom(card, ZOHO_DESK_SELECTORS.company),
    jobTitle: textFrom(card, ZOHO_DESK_SELECTORS.jobTitle),
    location: textFrom(card, ZOHO_DESK_SELECTORS.location),
    timeZone: null,
  }),
  showsAnotherTicket: (document, ticket) => showsOtherTicket(document, ticket, (host) => HOST.test(host), detect),
};

/** Options of {@link createZohoDeskAdapter}. */
export interface ZohoDeskAdapterOptions {
  /** How long to wait for the page's contact card when the API gives no contact (ms, default 2500). */
  pageWaitMs?: number;
}

/**
 * A Zoho Desk adapter. `readCustomer` reads the ticket's contact through the API; when that fails
 * for any reason but "no such ticket", it reads the page's contact card, and reports the API's
 * reason if the page shows no contact either: 401/403 or a sign-in redirect → not_signed_in,
 * 404 → not_found, 429/5xx/fetch failure → network, HTML, bad JSON, wrong shape, unknown portal or
 * no contact → unreadable.
 */
export function createZohoDeskAdapter(options: ZohoDeskAdapterOptions = {}): HelpdeskAdapter {
  const pageWaitMs = options.pageWaitMs ?? 2500;
  const orgIds: OrgIdCache = new Map();
  return {
    id: 'zohodesk',
    label: LABEL,
    words: WORDS,
    matches: [
      'https://desk.zoho.com/agent/*',
      'https://desk.zoho.eu/agent/*',
      'https://desk.zoho.in/agent/*',
      'https://desk.zoho.com.au/agent/*',
      'https://desk.zoho.jp/agent/*',
      'https://desk.zoho.com.cn/agent/*',
    ],
    detect,
    readCustomer: readApiThenPage((ctx) => readFromApi(ctx, orgIds), { label: LABEL, widget: WIDGET, pageWaitMs }),
    testUrls: [
      {
        url: 'https://desk.zoho.com/agent/zylker/support/tickets/details/1892000000042034',
        expected: { account: 'zylker@desk.zoho.com', ticketId: '1892000000042034' },
      },
      {
        url: 'https://desk.zoho.eu/agent/acme/all/tickets/details/123400000456789/conversation',
        expected: { account: 'acme@desk.zoho.eu', ticketId: '123400000456789' },
      },
      {
        url: 'https://desk.zoho.com.au/agent/acme/reconciliation-department/tickets/details/123400000456789',
        expected: { account: 'acme@desk.zoho.com.au', ticketId: '123400000456789' },
      },
      {
        url: 'https://desk.zoho.in/agent/acme2/support/tickets/details/7?tab=resolution',
        expected: { account: 'acme2@desk.zoho.in', ticketId: '7' },
      },
      {
        url: 'https://desk.zoho.jp/agent/acme/support/tickets/details/42/',
        expected: { account: 'acme@desk.zoho.jp', ticketId: '42' },
      },
      { url: 'https://desk.zoho.com/agent/zylker/support/tickets/list/all-cases', expected: null },
      { url: 'https://desk.zoho.com/agent/zylker/support/tickets/details/', expected: null },
      { url: 'https://desk.zoho.com/agent/zylker/support/contacts/details/1892000000042032', expected: null },
      { url: 'https://desk.zoho.com/agent/zylker/support/setup#setup/data-administration/export', expected: null },
      { url: 'https://desk.zoho.com/agent/Zylker/support/tickets/details/42', expected: null },
      { url: 'https://desk.zoho.eu/support/acme/ShowHomePage.do#Cases/dv/123400000456789', expected: null },
      { url: 'https://desk.zoho.com/supportapi/zd/zylker/api/v1/tickets/1892000000042034', expected: null },
      { url: 'http://desk.zoho.com/agent/zylker/support/tickets/details/42', expected: null },
      { url: 'https://desk.zoho.com.evil.test/agent/zylker/support/tickets/details/42', expected: null },
      { url: 'https://desk.zoho.co/agent/zylker/support/tickets/details/42', expected: null },
      { url: 'https://crm.zoho.com/agent/zylker/support/tickets/details/42', expected: null },
    ],
  };
}

/** The Zoho Desk adapter. */
export const zohodesk: HelpdeskAdapter = createZohoDeskAdapter();
