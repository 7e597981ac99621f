/**
 * Zendesk Support adapter: agent workspace pages `https://{subdomain}.zendesk.com/agent/tickets/{id}`.
 *
 * The requester is read through the same-origin Tickets API with side-loaded users and
 * organizations, authenticated by the agent's session cookie (no token needed):
 * `GET /api/v2/tickets/{id}.json?include=users,organizations`
 * - Show Ticket: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket
 * - Side-loading: https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/
 * - Users (name, email, phone, organization_id, time_zone, iana_time_zone, notes, user_fields,
 *   updated_at): https://developer.zendesk.com/api-reference/ticketing/users/users/
 * - Organizations (name): https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/
 * - Time stamps are ISO 8601 UTC; ids are JSON integers that fit a JS number:
 *   https://developer.zendesk.com/api-reference/introduction/data-types
 * The agent (actor) comes from `GET /api/v2/users/me.json` (Show Self), best effort.
 */
import { z } from 'zod';
import { type Actor, Customer } from '../contracts/customer.ts';
import type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadResult } from './types.ts';
import { readError } from './types.ts';

const LABEL = 'Zendesk';

/** A Zendesk subdomain: one DNS label. https://support.zendesk.com/hc/en-us/articles/4408836460698 */
const HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.zendesk\.com$/;
/** `/agent/tickets/{id}` followed by nothing or by a sub-page (`/events`, `/requester/…`). */
const TICKET_PATH = /^\/agent\/tickets\/([1-9][0-9]{0,18})(?:\/|$)/;

/**
 * Custom user fields (`user_fields`, keyed by the field's key) that commonly hold a job title or
 * a location; the first non-blank text value wins. Zendesk has no built-in job title or city.
 * https://developer.zendesk.com/api-reference/ticketing/users/user_fields/
 */
export const ZENDESK_USER_FIELD_KEYS = {
  jobTitle: ['job_title', 'jobtitle', 'title', 'position'],
  location: ['location', 'city'],
} as const;

const ZdId = z.number().int().nonnegative();
const ZdText = z.string().nullish();

/** A side-loaded user, as far as the sidebar needs it (unknown keys ignored). */
const ZdUser = z.object({
  id: ZdId,
  name: ZdText,
  email: ZdText,
  phone: ZdText,
  organization_id: ZdId.nullish(),
  time_zone: ZdText,
  iana_time_zone: ZdText,
  notes: ZdText,
  user_fields: z.record(z.string(), z.unknown()).nullish(),
  updated_at: ZdText,
});
type ZdUser = z.infer<typeof ZdUser>;

const ZdOrganization = z.object({ id: ZdId, name: ZdText });

/**
 * The Show Ticket answer with side-loads. `users` / `organizations` entries are validated one by
 * one later, so an odd side-loaded agent or organization cannot hide the requester.
 */
const ZdTicketResponse = z.object({
  ticket: z.object({
    id: ZdId,
    requester_id: ZdId.nullish(),
    organization_id: ZdId.nullish(),
  }),
  users: z.array(z.unknown()).default([]),
  organizations: z.array(z.unknown()).default([]),
});

const ZdMe = z.object({
  user: z.object({ id: ZdId.nullish(), name: ZdText, email: ZdText }),
});

const IsoDateTime = z.iso.datetime({ offset: true });

/** `value` when it is a non-blank string, else null (whitespace-only means blank). */
function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function userField(user: ZdUser, keys: readonly string[]): string | null {
  const fields = user.user_fields;
  if (!fields) return null;
  for (const key of keys) {
    const value = text(fields[key]);
    if (value !== null) return value;
  }
  return null;
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
      return { kind: 'network', reason: timedOut ? 'Zendesk did not answer in time' : 'the request was cancelled' };
    }
    const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
    return { kind: 'network', reason: `Zendesk could not be reached${detail}` };
  }
  if (!response.ok) return { kind: 'http', status: response.status };
  const contentType = response.headers.get('content-type') ?? '';
  let raw: string;
  try {
    raw = await response.text();
  } catch {
    return { kind: 'network', reason: 'the answer from Zendesk was cut off' };
  }
  if (contentType.includes('text/html') || /^\s*</.test(raw)) return { kind: 'not_json' };
  try {
    return { kind: 'json', body: JSON.parse(raw) };
  } catch {
    return { kind: 'bad_json' };
  }
}

/** The signed-in agent, or undefined when Zendesk does not say (anonymous, error, odd shape). */
async function readActor(fetchFn: typeof fetch, origin: string, signal: AbortSignal): Promise<Actor | undefined> {
  const answer = await getJson(fetchFn, `${origin}/api/v2/users/me.json`, signal);
  if (answer.kind !== 'json') return undefined;
  const parsed = ZdMe.safeParse(answer.body);
  if (!parsed.success || parsed.data.user.id == null) return undefined;
  const name = text(parsed.data.user.name);
  const email = text(parsed.data.user.email);
  if (name === null && email === null) return undefined;
  return { name, email };
}

/** Maps a failed ticket request to the sentence the sidebar shows. */
function failure(answer: Exclude<JsonAnswer, { kind: 'json' }>, ticketId: string): ReadResult {
  switch (answer.kind) {
    case 'network':
      return readError(LABEL, 'network', `${answer.reason}.`);
    case 'not_json':
      return readError(LABEL, 'unreadable', 'Zendesk answered with a web page instead of ticket data.');
    case 'bad_json':
      return readError(LABEL, 'unreadable', "Zendesk's answer is not valid JSON.");
    case 'http':
      if (answer.status === 401 || answer.status === 403) {
        return readError(
          LABEL,
          'not_signed_in',
          `Zendesk refused the request (HTTP ${answer.status}). Sign in to Zendesk as an agent and retry.`,
        );
      }
      if (answer.status === 404) {
        return readError(LABEL, 'not_found', `ticket #${ticketId} does not exist or you can't see it.`);
      }
      if (answer.status === 429) {
        return readError(LABEL, 'network', 'Zendesk is limiting requests (HTTP 429). Retry in a minute.');
      }
      return readError(LABEL, 'network', `Zendesk answered HTTP ${answer.status}.`);
  }
}

/**
 * Reads the ticket's requester into a `Customer`:
 * - `id` = Zendesk user id, `account` = subdomain; name, email, phone and notes as stored;
 * - `company` = name of the requester's organization, else of the ticket's organization;
 * - `timeZone` = `iana_time_zone` ("Europe/Berlin") when present, else `time_zone` ("Berlin");
 * - `jobTitle` / `location` from custom user fields (see `ZENDESK_USER_FIELD_KEYS`);
 * - `updatedAt` = the user's `updated_at`.
 * Errors: 401/403 → not_signed_in, 404 → not_found, 429/5xx/fetch failure → network, HTML or
 * JSON of the wrong shape or no requester → unreadable (the message names what was missing).
 */
async function readCustomer(ctx: ReadContext): Promise<ReadResult> {
  const { url, ticket, signal } = ctx;
  const origin = url.origin;
  const ticketUrl = `${origin}/api/v2/tickets/${encodeURIComponent(ticket.ticketId)}.json?include=users,organizations`;
  const [answer, actor] = await Promise.all([
    getJson(ctx.fetch, ticketUrl, signal),
    readActor(ctx.fetch, origin, signal),
  ]);
  if (answer.kind !== 'json') return failure(answer, ticket.ticketId);

  const parsed = ZdTicketResponse.safeParse(answer.body);
  if (!parsed.success) {
    return readError(
      LABEL,
      'unreadable',
      `Zendesk's answer does not look like a ticket (${describeIssue(parsed.error)}).`,
    );
  }
  const { ticket: zdTicket, users, organizations } = parsed.data;
  if (zdTicket.requester_id == null) return readError(LABEL, 'unreadable', 'the ticket has no requester.');

  const requesterId = zdTicket.requester_id;
  const rawRequester = users.find(
    (u): boolean => typeof u === 'object' && u !== null && (u as { id?: unknown }).id === requesterId,
  );
  if (rawRequester === undefined) {
    return readError(LABEL, 'unreadable', `Zendesk did not include the requester (user ${requesterId}) in its answer.`);
  }
  const requester = ZdUser.safeParse(rawRequester);
  if (!requester.success) {
    return readError(LABEL, 'unreadable', `the requester's data is malformed (${describeIssue(requester.error)}).`);
  }
  const user = requester.data;

  const orgId = user.organization_id ?? zdTicket.organization_id ?? null;
  let company: string | null = null;
  if (orgId != null) {
    for (const raw of organizations) {
      const org = ZdOrganization.safeParse(raw);
      if (org.success && org.data.id === orgId) {
        company = text(org.data.name);
        break;
      }
    }
  }

  const candidate = {
    helpdesk: 'zendesk' as const,
    account: ticket.account,
    id: String(user.id),
    name: text(user.name),
    email: text(user.email),
    phone: text(user.phone),
    company,
    jobTitle: userField(user, ZENDESK_USER_FIELD_KEYS.jobTitle),
    location: userField(user, ZENDESK_USER_FIELD_KEYS.location),
    timeZone: text(user.iana_time_zone) ?? text(user.time_zone),
    notes: text(user.notes),
    updatedAt: IsoDateTime.safeParse(user.updated_at).success ? (user.updated_at ?? null) : null,
  };
  const customer = Customer.safeParse(candidate);
  if (!customer.success) {
    const issue = customer.error.issues[0];
    return readError(LABEL, 'unreadable', `${issue ? issue.message : 'the requester is not valid'}.`);
  }
  return actor ? { ok: true, customer: customer.data, actor } : { ok: true, customer: customer.data };
}

/** `{account, ticketId}` for an agent ticket page on a Zendesk subdomain over HTTPS, else null. */
function detect(url: URL): DetectedTicket | null {
  if (url.protocol !== 'https:') return null;
  const host = HOST.exec(url.hostname);
  const path = TICKET_PATH.exec(url.pathname);
  if (!host?.[1] || !path?.[1]) return null;
  return { account: host[1], ticketId: path[1] };
}

/** The Zendesk Support adapter (agent workspace). */
export const zendesk: HelpdeskAdapter = {
  id: 'zendesk',
  label: LABEL,
  matches: ['https://*.zendesk.com/agent/*'],
  detect,
  readCustomer,
  testUrls: [
    { url: 'https://acme.zendesk.com/agent/tickets/1002', expected: { account: 'acme', ticketId: '1002' } },
    { url: 'https://demo.zendesk.com/agent/tickets/7/events', expected: { account: 'demo', ticketId: '7' } },
    {
      url: 'https://my-team.zendesk.com/agent/tickets/381?brand=2#comment-5',
      expected: { account: 'my-team', ticketId: '381' },
    },
    { url: 'https://ACME.zendesk.com/agent/tickets/42/', expected: { account: 'acme', ticketId: '42' } },
    { url: 'https://acme.zendesk.com/agent/tickets/new', expected: null },
    { url: 'https://acme.zendesk.com/agent/tickets/12a', expected: null },
    { url: 'https://acme.zendesk.com/agent/tickets/0', expected: null },
    { url: 'https://acme.zendesk.com/agent/tickets/', expected: null },
    { url: 'https://acme.zendesk.com/agent/filters/360001', expected: null },
    { url: 'https://acme.zendesk.com/agent/users/1002/requested_tickets', expected: null },
    { url: 'https://acme.zendesk.com/hc/en-us/requests/1002', expected: null },
    { url: 'http://acme.zendesk.com/agent/tickets/1002', expected: null },
    { url: 'https://acme.zendesk.com.evil.example/agent/tickets/1002', expected: null },
    { url: 'https://zendesk.com/agent/tickets/1002', expected: null },
    { url: 'https://a.b.zendesk.com/agent/tickets/1002', expected: null },
  ],
};
