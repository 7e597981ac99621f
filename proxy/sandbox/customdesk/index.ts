/**
 * "Acme Help": an in-house helpdesk emulator at https://support.acme-help.test, for the custom
 * helpdesk (lib/helpdesks/custom.ts), which a team lead configures with a URL pattern and CSS selectors
 * instead of code. Its markup is like no vendor's (see ./page.ts). Served into a browser at its real URL
 * by Playwright routing (scripts/lib/helpdesk-route.ts), like every helpdesk emulator.
 *
 * Routes: `GET /` → `/tickets`; `GET /tickets` (list); `GET /tickets/{id}` (ticket page, demo tickets
 * 1001–1008); anything else answers the helpdesk's 404 page. Requests for another host answer 404.
 */
import { Hono } from 'hono';
import type { CustomHelpdeskConfig } from '../../../lib/helpdesks/custom/config.ts';
import type { FetchLike } from '../../crm/types.ts';
import type { HelpdeskSandbox, HelpdeskSandboxModule } from '../helpdesks.ts';
import { type AcmeSeed, acmeSeed } from './data.ts';
import { notFoundPage, ticketListPage, ticketPage } from './page.ts';

export type { AcmeMessage, AcmeRequester, AcmeSeed, AcmeTicket } from './data.ts';
export { acmeSeed } from './data.ts';
export { telHref } from './page.ts';

/** The emulator's origin. `.test` is reserved (RFC 2606): it never reaches a real server. */
export const ACME_HELP_ORIGIN = 'https://support.acme-help.test';

/**
 * What a team lead would enter in the options page for this helpdesk: the ticket pages, the
 * Requester box as the customer area, the name and organisation by selector (with a fallback), email
 * and phone from the box's mailto:/tel: links. Used by the demo and the tests.
 */
export const ACME_HELP_CONFIG: CustomHelpdeskConfig = {
  version: 1,
  name: 'Acme Help',
  urlPattern: `${ACME_HELP_ORIGIN}/tickets/*`,
  ticketIdPattern: '',
  customerArea: '.requester-box',
  selectors: {
    name: ['.rq-fullname'],
    email: [],
    phone: [],
    company: ['[data-field="org"]', '.rq-org'],
  },
  useLinks: true,
};

/** One request the emulator answered. */
export interface AcmeRequestLogEntry {
  method: string;
  path: string;
  status: number;
}

export interface AcmeHelpSandbox extends HelpdeskSandbox {
  app: Hono;
  origin: string;
  /** The data served (mutable: tests may change a requester). */
  readonly seed: AcmeSeed;
  /** Every request answered since creation or the last `reset()`, oldest first. */
  requests: AcmeRequestLogEntry[];
}

const html = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });

/** Creates the emulator with the demo data. */
export function createAcmeHelpSandbox(): AcmeHelpSandbox {
  let seed = acmeSeed();
  const requests: AcmeRequestLogEntry[] = [];
  const host = new URL(ACME_HELP_ORIGIN).host;
  const app = new Hono();

  app.use(async (c, next) => {
    if (new URL(c.req.url).host !== host) {
      c.res = html('<!doctype html><title>Unknown site</title><h1>This site does not exist.</h1>', 404);
      return;
    }
    await next();
  });
  app.get('/', (c) => c.redirect('/tickets', 302));
  app.get('/tickets', () => html(ticketListPage(seed)));
  app.get('/tickets/:id', (c) => {
    const id = c.req.param('id');
    const ticket = /^\d{1,9}$/.test(id) ? seed.tickets.find((t) => t.id === Number(id)) : undefined;
    return ticket ? html(ticketPage(seed, ticket)) : html(notFoundPage(seed, `There is no ticket #${id}.`), 404);
  });
  app.notFound(() => html(notFoundPage(seed, 'This page does not exist.'), 404));

  const fetch: FetchLike = async (request) => {
    const response = await app.fetch(request);
    const url = new URL(request.url);
    requests.push({ method: request.method, path: `${url.pathname}${url.search}`, status: response.status });
    return response;
  };

  return {
    app,
    fetch,
    origin: ACME_HELP_ORIGIN,
    get seed() {
      return seed;
    },
    requests,
    ticketUrl: (demoTicket) => `${ACME_HELP_ORIGIN}/tickets/${demoTicket}`,
    reset() {
      seed = acmeSeed();
      requests.length = 0;
    },
  };
}

/** The emulator in the helpdesk emulator list (proxy/sandbox/helpdesks.ts). */
export const customdeskSandboxModule: HelpdeskSandboxModule = {
  id: 'custom',
  label: 'Acme Help (custom helpdesk)',
  urlPatterns: [`${ACME_HELP_ORIGIN}/**`],
  create: createAcmeHelpSandbox,
};
