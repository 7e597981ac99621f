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
import { type Actor, Customer } from '../contracts/customer.ts';
import { queryFirst, type SelectorList, textFrom } from './dom.ts';
import type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadResult } from './types.ts';
import { readError } from './types.ts';

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

const IsoDateTime = z.iso.datetime({ offset: true });

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function joined(parts: readonly unknown[], separator: string): string | null {
  return text(parts.filter((p) => text(p) !== null).join(separator));
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

type JsonAnswer =
  | { kind: 'json'; body: unknown }
  | { kind: 'http'; status: number }
  | { kind: 'signed_out' }
  | { kind: 'not_json' }
  | { kind: 'bad_json' }
  | { kind: 'network'; reason: string };

/**
 * GETs `url` same-origin with the session cookie (and `headers`) and classifies the answer; a
 * redirect to Zoho's accounts server is a sign-in page. Never throws.
 */
async function getJson(
  fetchFn: typeof fetch,
  url: string,
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...headers },
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
  if (response.redirected && /^accounts\.zoho\./.test(safeHost(response.url))) return { kind: 'signed_out' };
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

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function failure(answer: Exclude<JsonAnswer, { kind: 'json' }>, ticketId: string): ReadResult {
  switch (answer.kind) {
    case 'network':
      return readError(LABEL, 'network', `${answer.reason}.`);
    case 'signed_out':
      return readError(LABEL, 'not_signed_in', `${LABEL} asked to sign in again. Sign in to ${LABEL} and retry.`);
    case 'not_json':
      return readError(LABEL, 'unreadable', `${LABEL} answered with a web page instead of ticket data.`);
    case 'bad_json':
      return readError(LABEL, 'unreadable', `${LABEL}'s answer is not valid JSON.`);
    case 'http':
      if (answer.status === 401 || answer.status === 403) {
        return readError(
          LABEL,
          'not_signed_in',
          `${LABEL} refused the request (HTTP ${answer.status}). Sign in to ${LABEL} as an agent and retry.`,
        );
      }
      if (answer.status === 404) {
        return readError(LABEL, 'not_found', `ticket ${ticketId} does not exist or you can't see it.`);
      }
      if (answer.status === 429) {
        return readError(LABEL, 'network', `${LABEL} is limiting requests (HTTP 429). Retry in a minute.`);
      }
      return readError(LABEL, 'network', `${LABEL} answered HTTP ${answer.status}.`);
  }
}

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
  const answer = await getJson(ctx.fetch, `${apiBase(ctx.url.origin, portal)}/organizations`, ctx.signal);
  if (answer.kind !== 'json') return failure(answer, ctx.ticket.ticketId);
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
  const answer = await getJson(ctx.fetch, `${base}/myinfo`, ctx.signal, { orgId });
  if (answer.kind !== 'json') return undefined;
  const me = ZdMe.safeParse(answer.body);
  if (!me.success) return undefined;
  const name = text(me.data.name) ?? joined([me.data.firstName, me.data.lastName], ' ');
  const email = text(me.data.emailId);
  return name === null && email === null ? undefined : { name, email };
}

async function readFromApi(ctx: ReadContext, orgIds: OrgIdCache): Promise<ReadResult> {
  const { ticket, signal } = ctx;
  const { portal } = splitAccount(ticket.account);
  const orgId = await organizationId(ctx, portal, orgIds);
  if (typeof orgId !== 'string') return orgId;
  const base = apiBase(ctx.url.origin, portal);
  const headers = { orgId };

  const [answer, actor] = await Promise.all([
    getJson(ctx.fetch, `${base}/tickets/${encodeURIComponent(ticket.ticketId)}?include=contacts`, signal, headers),
    readActor(ctx, base, orgId),
  ]);
  if (answer.kind !== 'json') {
    if (answer.kind !== 'network') orgIds.delete(`${ctx.url.origin}/${portal}`);
    return failure(answer, ticket.ticketId);
  }
  const parsed = ZdTicket.safeParse(answer.body);
  if (!parsed.success) {
    return readError(
      LABEL,
      'unreadable',
      `${LABEL}'s answer does not look like a ticket (${describeIssue(parsed.error)}).`,
    );
  }
  const contactId = parsed.data.contactId;
  if (contactId == null) return readError(LABEL, 'unreadable', 'the ticket has no contact.');

  let embedded: z.infer<typeof ZdTicketContact> | null = null;
  if (parsed.data.contact != null) {
    const contact = ZdTicketContact.safeParse(parsed.data.contact);
    if (!contact.success) {
      return readError(LABEL, 'unreadable', `the contact's data is malformed (${describeIssue(contact.error)}).`);
    }
    if (contact.data.id === contactId) embedded = contact.data;
  }

  let full: z.infer<typeof ZdContact> | null = null;
  const contactAnswer = await getJson(ctx.fetch, `${base}/contacts/${contactId}?include=accounts`, signal, headers);
  if (contactAnswer.kind === 'json') {
    const contact = ZdContact.safeParse(contactAnswer.body);
    if (contact.success && contact.data.id === contactId) full = contact.data;
  }
  const person = full ?? embedded;
  if (!person) {
    return readError(LABEL, 'unreadable', `${LABEL} did not include the contact (${contactId}) in its answer.`);
  }

  const modifiedTime = full?.modifiedTime ?? null;
  const candidate = Customer.safeParse({
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
    updatedAt: IsoDateTime.safeParse(modifiedTime).success ? modifiedTime : null,
  });
  if (!candidate.success) {
    const issue = candidate.error.issues[0];
    return readError(LABEL, 'unreadable', `${issue ? issue.message : 'the contact is not valid'}.`);
  }
  return actor ? { ok: true, customer: candidate.data, actor } : { ok: true, customer: candidate.data };
}

/** `{account: "{portal}@{host}", ticketId}` for a Zoho Desk agent ticket page over HTTPS, else null. */
function detect(url: URL): DetectedTicket | null {
  if (url.protocol !== 'https:' || !HOST.test(url.hostname)) return null;
  const path = TICKET_PATH.exec(url.pathname);
  if (!path?.[1] || !path[2]) return null;
  return { account: `${path[1]}@${url.hostname}`, ticketId: path[2] };
}

function showsAnotherTicket(document: Document, ticket: DetectedTicket): boolean {
  let shown: URL;
  try {
    shown = new URL(document.URL);
  } catch {
    return false;
  }
  return HOST.test(shown.hostname) && detect(shown)?.ticketId !== ticket.ticketId;
}

/** The contact as the page's contact card shows it, or null when the page shows none. */
function customerFromPage(document: Document, ticket: DetectedTicket): Customer | null {
  if (showsAnotherTicket(document, ticket)) return null;
  const card = queryFirst(document, ZOHO_DESK_SELECTORS.card);
  if (!card) return null;
  const href = queryFirst(card, ZOHO_DESK_SELECTORS.contactLink)?.getAttribute('href') ?? '';
  const id = /\/contacts\/details\/(\d+)/.exec(href)?.[1];
  if (!id) return null;
  const parsed = Customer.safeParse({
    helpdesk: 'zohodesk',
    account: ticket.account,
    id,
    name: textFrom(card, ZOHO_DESK_SELECTORS.name),
    email: textFrom(card, ZOHO_DESK_SELECTORS.email),
    phone: textFrom(card, ZOHO_DESK_SELECTORS.phone) ?? textFrom(card, ZOHO_DESK_SELECTORS.mobile),
    company: textFrom(card, ZOHO_DESK_SELECTORS.company),
    jobTitle: textFrom(card, ZOHO_DESK_SELECTORS.jobTitle),
    location: textFrom(card, ZOHO_DESK_SELECTORS.location),
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
    matches: [
      'https://desk.zoho.com/agent/*',
      'https://desk.zoho.eu/agent/*',
      'https://desk.zoho.in/agent/*',
      'https://desk.zoho.com.au/agent/*',
      'https://desk.zoho.jp/agent/*',
      'https://desk.zoho.com.cn/agent/*',
    ],
    detect,
    async readCustomer(ctx) {
      let result: ReadResult;
      try {
        result = await readFromApi(ctx, orgIds);
      } catch (error) {
        result = readError(LABEL, 'unreadable', `unexpected error (${String(error)}).`);
      }
      if (result.ok || result.error.code === 'not_found' || !ctx.document) return result;
      const document = ctx.document;
      const fromPage = await poll(() => customerFromPage(document, ctx.ticket), pageWaitMs, ctx.signal);
      return fromPage ? { ok: true, customer: fromPage } : result;
    },
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
