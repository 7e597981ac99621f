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
import type { Actor } from '../contracts/customer.ts';
import {
  describeFailure,
  type FailureWords,
  isoDateTime,
  type JsonGetter,
  jsonGetter,
  malformed,
  notATicket,
  text,
} from './http.ts';
import type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadResult } from './types.ts';
import { customerRead, DEFAULT_TICKET_WORDS, readError } from './types.ts';

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

const FAILURE_WORDS: FailureWords = {
  label: LABEL,
  words: DEFAULT_TICKET_WORDS,
  refusedStatuses: [401, 403],
  signIn: `Sign in to ${LABEL} as an agent and retry.`,
};

function userField(user: ZdUser, keys: readonly string[]): string | null {
  const fields = user.user_fields;
  if (!fields) return null;
  for (const key of keys) {
    const value = text(fields[key]);
    if (value !== null) return value;
  }
  return null;
}

/** The signed-in agent, or undefined when Zendesk does not say (anonymous, error, odd shape). */
async function readActor(get: JsonGetter, origin: string): Promise<Actor | undefined> {
  const answer = await get(`${origin}/api/v2/users/me.json`);
  if (answer.kind !== 'json') return undefined;
  const parsed = ZdMe.safeParse(answer.body);
  if (!parsed.success || parsed.data.user.id == null) return undefined;
  const name = text(parsed.data.user.name);
  const email = text(parsed.data.user.email);
  if (name === null && email === null) return undefined;
  return { name, email };
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
  const { url, ticket } = ctx;
  const origin = url.origin;
  const get = jsonGetter(ctx, { label: LABEL });
  const ticketUrl = `${origin}/api/v2/tickets/${encodeURIComponent(ticket.ticketId)}.json?include=users,organizations`;
  const [answer, actor] = await Promise.all([get(ticketUrl), readActor(get, origin)]);
  if (answer.kind !== 'json') return describeFailure(answer, ticket.ticketId, FAILURE_WORDS);

  const parsed = ZdTicketResponse.safeParse(answer.body);
  if (!parsed.success) return notATicket(LABEL, parsed.error);
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
  if (!requester.success) return malformed(LABEL, 'requester', requester.error);
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
    helpdesk: 'zendesk',
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
    updatedAt: isoDateTime(user.updated_at),
  };
  return customerRead(candidate, { label: LABEL, who: 'requester' }, actor);
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
  words: DEFAULT_TICKET_WORDS,
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
