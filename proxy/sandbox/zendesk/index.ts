/**
 * Zendesk emulator: the pages and same-origin REST API an agent's browser gets from
 * `https://<account>.zendesk.com`, served by a Hono app from an in-memory store. Browser tests and the
 * demo serve it at real Zendesk URLs through Playwright request routing (see
 * scripts/lib/helpdesk-route.ts), so the extension's content script runs exactly as on Zendesk.
 *
 * Routes (paths as on Zendesk):
 * - `GET /agent/dashboard`, `GET /agent/tickets/:id` — the agent workspace (see ./page.ts);
 * - `GET /api/v2/tickets/:id.json[?include=users,organizations]` — `{ticket}` plus sideloaded
 *   `users[]` (requester, submitter, assignee) and `organizations[]`
 *   (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket,
 *   https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/);
 * - `GET /api/v2/tickets.json`, `GET /api/v2/tickets/:id/comments.json`, `GET /api/v2/users/:id.json`,
 *   `GET /api/v2/users/me.json`, `GET /api/v2/organizations/:id.json`.
 * Errors as Zendesk writes them: 404 `{"error":"RecordNotFound","description":"Not found"}`, and
 * while signed out (`signOut()`) every API call answers 401 `{"error":"Couldn't authenticate you"}`
 * (https://developer.zendesk.com/api-reference/introduction/requests/#response-format).
 */
import type { Hono } from 'hono';
import { emulatorApp } from '../helpdesk-app.ts';
import type { FetchLike } from '../../crm/types.ts';
import type { ZendeskSeed, ZendeskTicket } from './data.ts';
import { demoSeed } from './data.ts';
import { commentJson, organizationJson, ticketJson, userJson } from './json.ts';
import { workspacePage } from './page.ts';
import { ZendeskStore } from './store.ts';

export type { ZendeskComment, ZendeskOrganization, ZendeskSeed, ZendeskTicket, ZendeskUser } from './data.ts';
export { DEMO_AGENT_ID, demoSeed, JOB_TITLE_FIELD, LOCATION_FIELD } from './data.ts';
export { escapeHtml } from './page.ts';
export { RequesterPatch, ZendeskStore } from './store.ts';

/** The demo account: https://demo.zendesk.com. */
export const DEMO_ZENDESK_ACCOUNT = 'demo';

/** One request the emulator answered (for tests: "the page read the ticket once"). */
export interface ZendeskRequestLogEntry {
  method: string;
  /** Path and query, e.g. `/api/v2/tickets/1001.json?include=users,organizations`. */
  path: string;
  status: number;
}

export interface ZendeskSandboxOptions {
  /** Subdomain served (default `demo`); requests for another subdomain get Zendesk's "no such account" 404. */
  account?: string;
  /** Initial data (default: the demo seed); called again by `reset()`. */
  seed?: () => ZendeskSeed;
  /** Clock for `updated_at` stamps (default: now). */
  clock?: () => Date;
}

export interface ZendeskSandbox {
  /** The Hono app; mount it or call `app.fetch` with absolute `https://<account>.zendesk.com/...` URLs. */
  app: Hono;
  /** Calls the app in-process. */
  fetch: FetchLike;
  account: string;
  /** `https://<account>.zendesk.com`. */
  origin: string;
  store: ZendeskStore;
  /** Every request answered since creation or the last `reset()`, oldest first. */
  requests: ZendeskRequestLogEntry[];
  /** The agent workspace URL of a ticket: `https://<account>.zendesk.com/agent/tickets/<id>`. */
  ticketUrl(id: number | string): string;
  /** From now on every API call answers 401, as when the agent's Zendesk session expired. */
  signOut(): void;
  signIn(): void;
  readonly signedIn: boolean;
  /** Seed data back, signed in, request log cleared. */
  reset(): void;
}

const NOT_FOUND = { error: 'RecordNotFound', description: 'Not found' } as const;
const UNAUTHENTICATED = { error: "Couldn't authenticate you" } as const;

/** Parses `"1001.json"` → 1001; anything else → null. */
function jsonId(segment: string): number | null {
  const m = /^(\d{1,15})\.json$/.exec(segment);
  return m ? Number(m[1]) : null;
}

/** Creates an emulated Zendesk account (see the module comment for what it serves). */
export function createZendeskSandbox(options: ZendeskSandboxOptions = {}): ZendeskSandbox {
  const account = options.account ?? DEMO_ZENDESK_ACCOUNT;
  const origin = `https://${account}.zendesk.com`;
  const store = new ZendeskStore(options.seed ?? demoSeed, options.clock);
  const requests: ZendeskRequestLogEntry[] = [];
  let signedIn = true;

  const app = emulatorApp({
    requests,
    serves: (host) => host === `${account}.zendesk.com`,
    wrongHost: (c) =>
      c.html(
        '<!doctype html><title>Zendesk</title><h1>Oops! This help center no longer exists</h1><p>The account you are looking for does not exist.</p>',
        404,
      ),
  });

  app.use('/api/v2/*', async (c, next) => {
    if (!signedIn) return c.json(UNAUTHENTICATED, 401);
    await next();
  });

  const page = (ticketId: number | null) =>
    workspacePage({
      account,
      agent: store.agent,
      ticketId,
      tickets: store.tickets().map((ticket) => ({ ticket, requester: store.user(ticket.requester_id) })),
    });

  app.get('/', (c) => c.redirect('/agent/dashboard'));
  app.get('/agent', (c) => c.redirect('/agent/dashboard'));
  app.get('/agent/dashboard', (c) => c.html(page(null)));
  // The workspace is a single-page app: any ticket URL gets the shell (a missing ticket is reported
  // by the page after its API call answers 404, as on Zendesk).
  app.get('/agent/tickets/:id{[0-9]+}', (c) => c.html(page(Number(c.req.param('id')))));

  app.get('/api/v2/users/me.json', (c) => c.json({ user: userJson(origin, store.agent) }));

  app.get('/api/v2/users/:file', (c) => {
    const id = jsonId(c.req.param('file'));
    const u = id === null ? undefined : store.user(id);
    return u ? c.json({ user: userJson(origin, u) }) : c.json(NOT_FOUND, 404);
  });

  app.get('/api/v2/organizations/:file', (c) => {
    const id = jsonId(c.req.param('file'));
    const o = id === null ? undefined : store.organization(id);
    return o ? c.json({ organization: organizationJson(origin, o) }) : c.json(NOT_FOUND, 404);
  });

  const sideloads = (tickets: readonly ZendeskTicket[], include: string | undefined) => {
    const wanted = new Set((include ?? '').split(',').map((s) => s.trim()));
    const out: { users?: unknown[]; organizations?: unknown[] } = {};
    const userIds = new Set<number>();
    for (const t of tickets) {
      for (const id of [t.requester_id, t.submitter_id, t.assignee_id]) if (id !== null) userIds.add(id);
    }
    const users = [...userIds].flatMap((id) => store.user(id) ?? []);
    if (wanted.has('users')) out.users = users.map((u) => userJson(origin, u));
    if (wanted.has('organizations')) {
      const orgIds = new Set<number>();
      for (const t of tickets) if (t.organization_id !== null) orgIds.add(t.organization_id);
      for (const u of users) if (u.organization_id !== null) orgIds.add(u.organization_id);
      out.organizations = [...orgIds].flatMap((id) => {
        const o = store.organization(id);
        return o ? [organizationJson(origin, o)] : [];
      });
    }
    return out;
  };

  app.get('/api/v2/tickets.json', (c) => {
    const tickets = store.tickets();
    return c.json({
      tickets: tickets.map((t) => ticketJson(origin, t)),
      ...sideloads(tickets, c.req.query('include')),
      next_page: null,
      previous_page: null,
      count: tickets.length,
    });
  });

  app.get('/api/v2/tickets/:id{[0-9]+}/comments.json', (c) => {
    const t = store.ticket(Number(c.req.param('id')));
    if (!t) return c.json(NOT_FOUND, 404);
    return c.json({
      comments: t.comments.map(commentJson),
      next_page: null,
      previous_page: null,
      count: t.comments.length,
    });
  });

  app.get('/api/v2/tickets/:file', (c) => {
    const id = jsonId(c.req.param('file'));
    const t = id === null ? undefined : store.ticket(id);
    if (!t) return c.json(NOT_FOUND, 404);
    return c.json({ ticket: ticketJson(origin, t), ...sideloads([t], c.req.query('include')) });
  });

  app.all('/api/v2/*', (c) => c.json({ error: 'InvalidEndpoint', description: 'Not found' }, 404));
  app.notFound((c) => c.html('<!doctype html><title>Zendesk</title><h1>Page not found</h1>', 404));

  return {
    app,
    fetch: (request) => Promise.resolve(app.fetch(request)),
    account,
    origin,
    store,
    requests,
    ticketUrl: (id) => `${origin}/agent/tickets/${id}`,
    signOut() {
      signedIn = false;
    },
    signIn() {
      signedIn = true;
    },
    get signedIn() {
      return signedIn;
    },
    reset() {
      store.reset();
      signedIn = true;
      requests.length = 0;
    },
  };
}
