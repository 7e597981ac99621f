/**
 * Gorgias emulator: the helpdesk pages and same-origin REST API an agent's browser gets from
 * `https://<account>.gorgias.com`, served by a Hono app from in-memory seed data. Browser tests and
 * the demo serve it at real Gorgias URLs through Playwright request routing
 * (scripts/lib/helpdesk-route.ts), so the extension's content script runs exactly as on Gorgias.
 *
 * Routes (paths as on Gorgias):
 * - `GET /app/views/:viewId`, `/app/views/:viewId/:ticketId`, `/app/ticket/:ticketId`,
 *   `/app/tickets/:viewId/:ticketId` — the helpdesk web app (./page.ts); `/app` opens the demo view;
 * - REST API (https://developers.gorgias.com/reference): `GET /api/tickets/:id` (with its
 *   messages), `GET /api/tickets/:id/messages`, `GET /api/tickets`, `GET /api/customers/:id`,
 *   `GET /api/users/:id`.
 * Errors as Gorgias writes them, `{"error": {"msg": …}}`: 404 for an unknown id, and while signed
 * out (`signOut()`) 401 for every API call. `expireSession()` answers 419 "Your session has
 * expired." instead, as Gorgias does for a stale session.
 */
import type { Hono } from 'hono';
import { emulatorApp } from '../helpdesk-app.ts';
import type { FetchLike } from '../../crm/types.ts';
import type { HelpdeskSandboxModule } from '../helpdesks.ts';
import type { GorgiasCustomer, GorgiasSeed, GorgiasTicket } from './data.ts';
import { DEMO_VIEW_ID, demoSeed, gorgiasTicketId } from './data.ts';
import { customerJson, messageJson, ticketJson, userJson } from './json.ts';
import { helpdeskPage } from './page.ts';

export type { GorgiasCustomer, GorgiasSeed, GorgiasTicket } from './data.ts';
export { DEMO_VIEW_ID, demoSeed, gorgiasTicketId } from './data.ts';

/** The demo account: https://demo.gorgias.com. */
export const DEMO_GORGIAS_ACCOUNT = 'demo';

export interface GorgiasRequestLogEntry {
  method: string;
  path: string;
  status: number;
}

export interface GorgiasSandboxOptions {
  /** Account served (default `demo`); another `*.gorgias.com` gets a "no such account" page. */
  account?: string;
  seed?: () => GorgiasSeed;
}

export interface GorgiasSandbox {
  app: Hono;
  fetch: FetchLike;
  account: string;
  /** `https://<account>.gorgias.com`. */
  origin: string;
  /** The live data (tests may change it; `reset()` restores the seed). */
  readonly data: GorgiasSeed;
  requests: GorgiasRequestLogEntry[];
  /** `https://<account>.gorgias.com/app/ticket/<gorgias id>` of demo ticket `demoTicket` (1001–1008). */
  ticketUrl(demoTicket: number): string;
  /** Every API call answers 401. */
  signOut(): void;
  /** Every API call answers 419 "Your session has expired." */
  expireSession(): void;
  signIn(): void;
  reset(): void;
}

/** Creates an emulated Gorgias account (see the module comment for what it serves). */
export function createGorgiasSandbox(options: GorgiasSandboxOptions = {}): GorgiasSandbox {
  const account = options.account ?? DEMO_GORGIAS_ACCOUNT;
  const origin = `https://${account}.gorgias.com`;
  const seed = options.seed ?? demoSeed;
  let data = seed();
  const requests: GorgiasRequestLogEntry[] = [];
  let session: 'valid' | 'signed_out' | 'expired' = 'valid';

  const customer = (id: number): GorgiasCustomer | undefined => data.customers.find((c) => c.id === id);
  const ticket = (raw: string | undefined): GorgiasTicket | undefined =>
    raw && /^\d{1,15}$/.test(raw) ? data.tickets.find((t) => t.id === Number(raw)) : undefined;
  const notFound = (what: string) => ({ error: { msg: `${what} not found` } });

  const app = emulatorApp({
    requests,
    serves: (host) => host === `${account}.gorgias.com`,
    wrongHost: (c) => c.html('<!doctype html><title>Gorgias</title><h1>This account does not exist</h1>', 404),
  });
  app.use('/api/*', async (c, next) => {
    if (session === 'signed_out') return c.json({ error: { msg: 'Unauthorized' } }, 401);
    if (session === 'expired') {
      // 419 is not a standard status, so Hono's typed `c.json` does not take it.
      return new Response(JSON.stringify({ error: { msg: 'Your session has expired.' } }), {
        status: 419,
        headers: { 'content-type': 'application/json' },
      });
    }
    await next();
  });

  const page = (ticketId: number | null) =>
    helpdeskPage({
      account,
      agent: data.agent,
      viewId: DEMO_VIEW_ID,
      ticketId,
      tickets: data.tickets.map((t) => ({ ticket: t, customer: customer(t.customer_id) })),
    });

  app.get('/', (c) => c.redirect(`/app/views/${DEMO_VIEW_ID}`));
  app.get('/app', (c) => c.redirect(`/app/views/${DEMO_VIEW_ID}`));
  app.get('/app/views/:viewId{[0-9]+}', (c) => c.html(page(null)));
  // A single-page app: every ticket URL gets the shell; an unknown ticket is reported by the page.
  app.get('/app/views/:viewId{[0-9]+}/:id{[0-9]+}', (c) => c.html(page(Number(c.req.param('id')))));
  app.get('/app/tickets/:viewId{[0-9]+}/:id{[0-9]+}', (c) => c.html(page(Number(c.req.param('id')))));
  app.get('/app/ticket/:id{[0-9]+}', (c) => c.html(page(Number(c.req.param('id')))));

  app.get('/api/tickets', (c) =>
    c.json({
      object: 'list',
      uri: '/api/tickets/',
      data: data.tickets.map((t) => ticketJson(t, customer(t.customer_id), data.agent, { messages: false })),
      meta: { prev_cursor: null, next_cursor: null },
    }),
  );
  app.get('/api/tickets/:id/messages', (c) => {
    const t = ticket(c.req.param('id'));
    if (!t) return c.json(notFound('Ticket'), 404);
    return c.json({
      object: 'list',
      uri: `/api/tickets/${t.id}/messages/`,
      data: t.messages.map((m) => messageJson(t, m, customer(t.customer_id), data.agent)),
      meta: { prev_cursor: null, next_cursor: null },
    });
  });
  app.get('/api/tickets/:id', (c) => {
    const t = ticket(c.req.param('id'));
    if (!t) return c.json(notFound('Ticket'), 404);
    return c.json(ticketJson(t, customer(t.customer_id), data.agent, { messages: true }));
  });
  app.get('/api/customers/:id', (c) => {
    const raw = c.req.param('id');
    const found = /^\d{1,15}$/.test(raw) ? customer(Number(raw)) : undefined;
    return found ? c.json(customerJson(found)) : c.json(notFound('Customer'), 404);
  });
  app.get('/api/users/:id', (c) => {
    return c.req.param('id') === String(data.agent.id) ? c.json(userJson(data.agent)) : c.json(notFound('User'), 404);
  });
  app.all('/api/*', (c) => c.json({ error: { msg: 'Not found' } }, 404));
  app.notFound((c) => c.html('<!doctype html><title>Gorgias</title><h1>Page not found</h1>', 404));

  return {
    app,
    fetch: (request) => Promise.resolve(app.fetch(request)),
    account,
    origin,
    get data() {
      return data;
    },
    requests,
    ticketUrl: (demoTicket) => `${origin}/app/ticket/${gorgiasTicketId(demoTicket)}`,
    signOut() {
      session = 'signed_out';
    },
    expireSession() {
      session = 'expired';
    },
    signIn() {
      session = 'valid';
    },
    reset() {
      data = seed();
      session = 'valid';
      requests.length = 0;
    },
  };
}

/** The Gorgias emulator for the demo and the browser tests (https://demo.gorgias.com). */
export const gorgiasSandboxModule: HelpdeskSandboxModule = {
  id: 'gorgias',
  label: 'Gorgias',
  urlPatterns: ['https://*.gorgias.com/**'],
  create: () => createGorgiasSandbox(),
};
