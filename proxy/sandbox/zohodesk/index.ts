/**
 * Zoho Desk emulator: the agent pages and session-authenticated API an agent's browser gets from
 * `https://desk.zoho.com` for one portal, served by a Hono app from in-memory seed data. Browser
 * tests and the demo serve it at the real URLs through Playwright request routing
 * (scripts/lib/helpdesk-route.ts), so the extension's content script runs exactly as on Zoho Desk.
 *
 * Routes (paths as on Zoho Desk; `{portal}` is the demo portal, `demo`):
 * - `GET /agent/{portal}/{department}/tickets/list/{view}`, `…/tickets/details/{id}` — the agent
 *   app (./page.ts); `/agent` and `/agent/{portal}` open the list;
 * - the v1 API (https://desk.zoho.com/DeskAPIDocument) under the agent app's session mount
 *   `/supportapi/zd/{portal}/api/v1`: `GET /organizations` (no orgId needed), and, with an `orgId`
 *   header naming the organization, `GET /tickets/{id}[?include=contacts]`,
 *   `GET /tickets/{id}/threads`, `GET /tickets`, `GET /contacts/{id}[?include=accounts]`,
 *   `GET /accounts/{id}`, `GET /myinfo`.
 * Errors as Zoho Desk writes them, `{"errorCode", "message"}`: 404 `RESOURCE_NOT_FOUND`, 422
 * `INVALID_DATA` for a missing or wrong `orgId`, and while signed out (`signOut()`) 401
 * `UNAUTHORIZED` for every API call.
 */
import { type Context, Hono } from 'hono';
import { emulatorApp } from '../helpdesk-app.ts';
import type { FetchLike } from '../../crm/types.ts';
import type { HelpdeskSandboxModule } from '../helpdesks.ts';
import type { ZohoContact, ZohoSeed, ZohoTicket } from './data.ts';
import { demoSeed, zohoTicketId } from './data.ts';
import {
  accountJson,
  contactJson,
  type JsonContext,
  myInfoJson,
  organizationJson,
  threadJson,
  ticketJson,
} from './json.ts';
import { agentPage } from './page.ts';

export type { ZohoAccount, ZohoContact, ZohoSeed, ZohoTicket } from './data.ts';
export { demoSeed, zohoTicketId } from './data.ts';

/** The demo data centre's host. */
export const DEMO_ZOHO_DESK_HOST = 'desk.zoho.com';

export interface ZohoDeskRequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** The `orgId` header sent, if any. */
  orgId: string | null;
}

export interface ZohoDeskSandboxOptions {
  seed?: () => ZohoSeed;
}

export interface ZohoDeskSandbox {
  app: Hono;
  fetch: FetchLike;
  /** `https://desk.zoho.com`. */
  origin: string;
  /** The demo portal name (`demo`). */
  readonly portal: string;
  /** The live data (tests may change it; `reset()` restores the seed). */
  readonly data: ZohoSeed;
  requests: ZohoDeskRequestLogEntry[];
  /** The agent page of demo ticket `demoTicket` (1001–1008). */
  ticketUrl(demoTicket: number): string;
  /** Every API call answers 401. */
  signOut(): void;
  signIn(): void;
  reset(): void;
}

const NOT_FOUND = { errorCode: 'RESOURCE_NOT_FOUND', message: 'The requested resource does not exist.' };

/** Creates an emulated Zoho Desk organization (see the module comment for what it serves). */
export function createZohoDeskSandbox(options: ZohoDeskSandboxOptions = {}): ZohoDeskSandbox {
  const origin = `https://${DEMO_ZOHO_DESK_HOST}`;
  const seed = options.seed ?? demoSeed;
  let data = seed();
  const requests: ZohoDeskRequestLogEntry[] = [];
  let signedIn = true;

  const json = (): JsonContext => ({
    origin,
    portal: data.organization.portalName,
    departmentId: data.department.id,
    departmentSlug: data.department.slug,
  });
  const contact = (id: string): ZohoContact | undefined => data.contacts.find((c) => c.id === id);
  const account = (id: string | null) => (id === null ? undefined : data.accounts.find((a) => a.id === id));
  const ticket = (id: string | undefined): ZohoTicket | undefined => data.tickets.find((t) => t.id === id);
  const includes = (c: Context, what: string) =>
    (c.req.query('include') ?? '')
      .split(',')
      .map((s) => s.trim())
      .includes(what);

  const app = emulatorApp({
    requests,
    serves: (host) => host === DEMO_ZOHO_DESK_HOST,
    wrongHost: (c) => c.html('<!doctype html><title>Zoho Desk</title><h1>This page is not available here</h1>', 404),
    logEntry: (c, entry) => ({ ...entry, orgId: c.req.header('orgId') ?? null }),
  });

  const page = (ticketId: string | null) =>
    agentPage({
      portal: data.organization.portalName,
      departmentSlug: data.department.slug,
      orgId: String(data.organization.id),
      agentName: `${data.agent.firstName} ${data.agent.lastName}`.trim(),
      ticketId,
      tickets: data.tickets.map((t) => ({ ticket: t, contact: contact(t.contactId) })),
    });
  const listUrl = () => `/agent/${data.organization.portalName}/${data.department.slug}/tickets/list/all-cases`;
  const ownPortal = (c: Context) => c.req.param('portal') === data.organization.portalName;
  const noPortal = (c: Context) =>
    c.html('<!doctype html><title>Zoho Desk</title><h1>Portal not found</h1><p>Check the URL.</p>', 404);

  app.get('/', (c) => c.redirect(listUrl()));
  app.get('/agent', (c) => c.redirect(listUrl()));
  app.get('/agent/:portal', (c) => (ownPortal(c) ? c.redirect(listUrl()) : noPortal(c)));
  app.get('/agent/:portal/:dept/tickets/list/:view', (c) => (ownPortal(c) ? c.html(page(null)) : noPortal(c)));
  // A single-page app: any ticket URL gets the shell; an unknown ticket is reported by the page.
  app.get('/agent/:portal/:dept/tickets/details/:id{[0-9]+}', (c) =>
    ownPortal(c) ? c.html(page(c.req.param('id'))) : noPortal(c),
  );

  const api = new Hono();
  api.use('*', async (c, next) => {
    if (!signedIn) {
      return c.json(
        { errorCode: 'UNAUTHORIZED', message: 'You are not authenticated to perform this operation.' },
        401,
      );
    }
    if (c.req.param('portal') !== data.organization.portalName) {
      return c.json({ errorCode: 'INVALID_DATA', message: 'The portal name is not valid.' }, 422);
    }
    if (!c.req.path.endsWith('/organizations') && c.req.header('orgId') !== String(data.organization.id)) {
      return c.json({ errorCode: 'INVALID_DATA', message: 'The orgId header is missing or not valid.' }, 422);
    }
    await next();
  });
  api.get('/organizations', (c) => c.json({ data: [organizationJson(origin, data.organization)] }));
  api.get('/myinfo', (c) => c.json(myInfoJson(data.agent)));
  api.get('/tickets', (c) =>
    c.json({
      data: data.tickets.map((t) => {
        const person = contact(t.contactId);
        return ticketJson(json(), t, person, account(person?.accountId ?? null), includes(c, 'contacts'));
      }),
    }),
  );
  api.get('/tickets/:id/threads', (c) => {
    const t = ticket(c.req.param('id'));
    if (!t) return c.json(NOT_FOUND, 404);
    const person = contact(t.contactId);
    const customerName = person ? [person.firstName, person.lastName].filter(Boolean).join(' ') : 'Customer';
    const agentName = `${data.agent.firstName} ${data.agent.lastName}`.trim();
    // Newest first, as Zoho Desk lists threads.
    return c.json({
      data: [...t.threads]
        .reverse()
        .map((th) =>
          threadJson(
            th,
            th.direction === 'in' ? { name: customerName, type: 'END_USER' } : { name: agentName, type: 'AGENT' },
          ),
        ),
    });
  });
  api.get('/tickets/:id', (c) => {
    const t = ticket(c.req.param('id'));
    if (!t) return c.json(NOT_FOUND, 404);
    const person = contact(t.contactId);
    return c.json(ticketJson(json(), t, person, account(person?.accountId ?? null), includes(c, 'contacts')));
  });
  api.get('/contacts/:id', (c) => {
    const person = contact(c.req.param('id'));
    if (!person) return c.json(NOT_FOUND, 404);
    return c.json(contactJson(json(), person, account(person.accountId), includes(c, 'accounts')));
  });
  api.get('/accounts/:id', (c) => {
    const found = account(c.req.param('id'));
    return found ? c.json(accountJson(found)) : c.json(NOT_FOUND, 404);
  });
  api.all('*', (c) => c.json({ errorCode: 'URL_NOT_FOUND', message: 'The requested URL was not found.' }, 404));
  app.route('/supportapi/zd/:portal/api/v1', api);

  app.notFound((c) => c.html('<!doctype html><title>Zoho Desk</title><h1>Page not found</h1>', 404));

  return {
    app,
    fetch: (request) => Promise.resolve(app.fetch(request)),
    origin,
    get portal() {
      return data.organization.portalName;
    },
    get data() {
      return data;
    },
    requests,
    ticketUrl: (demoTicket) =>
      `${origin}/agent/${data.organization.portalName}/${data.department.slug}/tickets/details/${zohoTicketId(demoTicket)}`,
    signOut() {
      signedIn = false;
    },
    signIn() {
      signedIn = true;
    },
    reset() {
      data = seed();
      signedIn = true;
      requests.length = 0;
    },
  };
}

/** The Zoho Desk emulator for the demo and the browser tests (https://desk.zoho.com, portal `demo`). */
export const zohodeskSandboxModule: HelpdeskSandboxModule = {
  id: 'zohodesk',
  label: 'Zoho Desk',
  urlPatterns: ['https://desk.zoho.com/**'],
  create: () => createZohoDeskSandbox(),
};
