/**
 * Freshdesk emulator: the pages and same-origin API an agent's browser gets from
 * `https://<account>.freshdesk.com`, served by a Hono app from in-memory seed data. Browser tests
 * and the demo serve it at real Freshdesk URLs through Playwright request routing
 * (scripts/lib/helpdesk-route.ts), so the extension's content script runs exactly as on Freshdesk.
 *
 * Routes (paths as on Freshdesk):
 * - `GET /a/tickets/filters/all_tickets`, `GET /a/tickets/:id` — the agent app (./page.ts);
 *   `GET /helpdesk/tickets/:id` (classic URL) redirects to `/a/tickets/:id` as Freshdesk does;
 * - API v2 (https://developers.freshdesk.com/api/): `GET /api/v2/tickets/:id[?include=requester,
 *   company,conversations]`, `GET /api/v2/tickets/:id/conversations`, `GET /api/v2/tickets`,
 *   `GET /api/v2/contacts/:id`, `GET /api/v2/companies/:id`, `GET /api/v2/agents/me`;
 * - the agent app's internal mount of the same resources, `/api/_/…` (tickets wrapped in
 *   `{"ticket": …}`), which the page script uses.
 * Errors as Freshdesk writes them: 404 with `{"code":"not_found",…}`, and while signed out
 * (`signOut()`) every API call answers 401 `{"code":"invalid_credentials","message":"You have to be
 * logged in to perform this action."}` (https://developers.freshdesk.com/api/#error). With
 * `refuseApiV2()` only `/api/v2` answers 401 (an account that does not accept the session on v2),
 * while the agent app's `/api/_` keeps working.
 */
import type { Context, Hono } from 'hono';
import { emulatorApp } from '../helpdesk-app.ts';
import type { FetchLike } from '../../crm/types.ts';
import type { HelpdeskSandboxModule } from '../helpdesks.ts';
import type { FreshdeskContact, FreshdeskSeed, FreshdeskTicket } from './data.ts';
import { demoSeed } from './data.ts';
import { agentJson, companyJson, contactJson, conversationJson, ticketJson } from './json.ts';
import { agentAppPage } from './page.ts';

export type { FreshdeskCompany, FreshdeskContact, FreshdeskSeed, FreshdeskTicket } from './data.ts';
export { DEMO_FRESHDESK_AGENT_ID, demoSeed } from './data.ts';

/** The demo helpdesk: https://demo.freshdesk.com. */
export const DEMO_FRESHDESK_ACCOUNT = 'demo';

/** One request the emulator answered. */
export interface FreshdeskRequestLogEntry {
  method: string;
  /** Path and query, e.g. `/api/v2/tickets/1001?include=requester,company`. */
  path: string;
  status: number;
}

export interface FreshdeskSandboxOptions {
  /** Domain served (default `demo`); another `*.freshdesk.com` gets Freshdesk's "no such helpdesk" page. */
  account?: string;
  /** Initial data (default: the demo seed); called again by `reset()`. */
  seed?: () => FreshdeskSeed;
}

export interface FreshdeskSandbox {
  app: Hono;
  /** Calls the app in-process (absolute `https://<account>.freshdesk.com/...` URLs). */
  fetch: FetchLike;
  account: string;
  /** `https://<account>.freshdesk.com`. */
  origin: string;
  /** The live data (tests may change it; `reset()` restores the seed). */
  readonly data: FreshdeskSeed;
  /** Every request answered since creation or the last `reset()`, oldest first. */
  requests: FreshdeskRequestLogEntry[];
  /** The agent app URL of demo ticket `id` (Freshdesk ids are the demo numbers 1001–1008). */
  ticketUrl(id: number | string): string;
  /** Every API call answers 401, as when the agent's session expired. */
  signOut(): void;
  signIn(): void;
  /** `/api/v2` answers 401 to the session while the agent app's `/api/_` still works. */
  refuseApiV2(refuse?: boolean): void;
  /** Seed data back, signed in, v2 accepted, request log cleared. */
  reset(): void;
}

const NOT_FOUND = { code: 'not_found', message: 'The requested resource could not be found.' } as const;
const UNAUTHENTICATED = { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' };

/** Creates an emulated Freshdesk helpdesk (see the module comment for what it serves). */
export function createFreshdeskSandbox(options: FreshdeskSandboxOptions = {}): FreshdeskSandbox {
  const account = options.account ?? DEMO_FRESHDESK_ACCOUNT;
  const origin = `https://${account}.freshdesk.com`;
  const seed = options.seed ?? demoSeed;
  let data = seed();
  const requests: FreshdeskRequestLogEntry[] = [];
  let signedIn = true;
  let v2Refused = false;

  const contact = (id: number): FreshdeskContact | undefined => data.contacts.find((c) => c.id === id);
  const company = (id: number | null) => (id === null ? null : (data.companies.find((c) => c.id === id) ?? null));
  const ticket = (raw: string): FreshdeskTicket | undefined =>
    /^\d{1,15}$/.test(raw) ? data.tickets.find((t) => t.id === Number(raw)) : undefined;

  const app = emulatorApp({
    requests,
    serves: (host) => host === `${account}.freshdesk.com`,
    wrongHost: (c) =>
      c.html(
        '<!doctype html><title>Freshdesk</title><h1>This helpdesk does not exist</h1><p>Check the URL and try again.</p>',
        404,
      ),
  });
  app.use('/api/*', async (c, next) => {
    if (!signedIn) return c.json(UNAUTHENTICATED, 401);
    if (v2Refused && c.req.path.startsWith('/api/v2/')) return c.json(UNAUTHENTICATED, 401);
    await next();
  });

  const page = (ticketId: number | null) =>
    agentAppPage({
      account,
      agent: data.agent,
      ticketId,
      tickets: [...data.tickets]
        .sort((a, b) => a.id - b.id)
        .map((t) => ({ ticket: t, requester: contact(t.requester_id) })),
    });

  app.get('/', (c) => c.redirect('/a/tickets/filters/all_tickets'));
  app.get('/a', (c) => c.redirect('/a/tickets/filters/all_tickets'));
  app.get('/a/tickets/filters/:filter', (c) => c.html(page(null)));
  // The agent app is a single-page app: any ticket URL gets the shell; a missing ticket is reported
  // by the page once its API call answers 404.
  app.get('/a/tickets/:id{[0-9]+}', (c) => c.html(page(Number(c.req.param('id')))));
  app.get('/helpdesk/tickets/:id{[0-9]+}', (c) => c.redirect(`${origin}/a/tickets/${c.req.param('id')}`));

  /** Registers `path` under both `/api/v2` and the agent app's `/api/_`. */
  const both = (path: string, handler: (c: Context, internal: boolean) => Response) => {
    app.get(`/api/v2${path}`, (c) => handler(c, false));
    app.get(`/api/_${path}`, (c) => handler(c, true));
  };

  both('/agents/me', (c) => c.json(agentJson(data.agent)));

  both('/tickets', (c) => c.json([...data.tickets].sort((a, b) => b.id - a.id).map((t) => ticketJson(t))));

  both('/tickets/:id/conversations', (c) => {
    const t = ticket(c.req.param('id') ?? '');
    if (!t) return c.json(NOT_FOUND, 404);
    return c.json(t.conversations.map((m) => conversationJson(t.id, m, data.agent.email)));
  });

  both('/tickets/:id', (c, internal) => {
    const t = ticket(c.req.param('id') ?? '');
    if (!t) return c.json(NOT_FOUND, 404);
    const include = new Set((c.req.query('include') ?? '').split(',').map((s) => s.trim()));
    const body = {
      ...ticketJson(t, {
        requester: include.has('requester') ? contact(t.requester_id) : undefined,
        company: include.has('company') ? company(t.company_id) : undefined,
      }),
      ...(include.has('conversations')
        ? { conversations: t.conversations.map((m) => conversationJson(t.id, m, data.agent.email)) }
        : {}),
    };
    return c.json(internal ? { ticket: body } : body);
  });

  both('/contacts/:id', (c) => {
    const raw = c.req.param('id') ?? '';
    const found = /^\d{1,15}$/.test(raw) ? contact(Number(raw)) : undefined;
    return found ? c.json(contactJson(found)) : c.json(NOT_FOUND, 404);
  });

  both('/companies/:id', (c) => {
    const raw = c.req.param('id') ?? '';
    const found = /^\d{1,15}$/.test(raw) ? company(Number(raw)) : null;
    return found ? c.json(companyJson(found)) : c.json(NOT_FOUND, 404);
  });

  app.all('/api/*', (c) => c.json({ code: 'invalid_url', message: 'The requested URL is not valid.' }, 404));
  app.notFound((c) => c.html('<!doctype html><title>Freshdesk</title><h1>Page not found</h1>', 404));

  return {
    app,
    fetch: (request) => Promise.resolve(app.fetch(request)),
    account,
    origin,
    get data() {
      return data;
    },
    requests,
    ticketUrl: (id) => `${origin}/a/tickets/${id}`,
    signOut() {
      signedIn = false;
    },
    signIn() {
      signedIn = true;
    },
    refuseApiV2(refuse = true) {
      v2Refused = refuse;
    },
    reset() {
      data = seed();
      signedIn = true;
      v2Refused = false;
      requests.length = 0;
    },
  };
}

/** The Freshdesk emulator for the demo and the browser tests (https://demo.freshdesk.com). */
export const freshdeskSandboxModule: HelpdeskSandboxModule = {
  id: 'freshdesk',
  label: 'Freshdesk',
  urlPatterns: ['https://*.freshdesk.com/**'],
  create: () => createFreshdeskSandbox(),
};
