/**
 * Help Scout emulator: the pages an agent's browser gets from `https://secure.helpscout.net`,
 * served by a Hono app from in-memory data. Browser tests and the demo serve it at the real URLs
 * through Playwright routing (scripts/lib/helpdesk-route.ts), so the extension's content script
 * runs as on Help Scout and reads the customer sidebar from the DOM (lib/helpdesks/helpscout.ts).
 *
 * Routes (paths as on Help Scout, see lib/helpdesks/helpscout.ts for the sources):
 * - `GET /` → the mailbox; `GET /mailbox/{slug}/[{folderId}/]` — the app on a folder (no conversation);
 * - `GET /conversation/{id}[/{number}][/]` — the app on a conversation;
 * - `GET /customer/{id}/…`, `GET /customers/{id}` — a customer's profile;
 * - `GET /members/login/` — the sign-in page (where every app page redirects while signed out);
 * - `GET /_emulator/conversations/{id}` — NOT a Help Scout route: the conversation view the
 *   emulator's page script swaps in (the real app loads its data through private endpoints).
 *   Answers 404 for an unknown conversation and 401 with the sign-in form while signed out.
 */
import type { Hono } from 'hono';
import type { FetchLike } from '../../crm/types.ts';
import {
  type EmulatorRequest,
  type EmulatorSession,
  notFoundView,
  redirectWhenSignedOut,
  serveConversationViews,
} from '../dom-helpdesk.ts';
import { emulatorApp } from '../helpdesk-app.ts';
import type { HelpdeskSandbox, HelpdeskSandboxModule } from '../helpdesks.ts';
import { DEMO_MAILBOX_SLUG, type HelpScoutConversation, type HelpScoutSeed, helpScoutSeed } from './data.ts';
import { appPage, conversationPath, conversationView, customerPage, document, signInForm } from './page.ts';

export type { HelpScoutConversation, HelpScoutCustomer, HelpScoutSeed, HelpScoutThread } from './data.ts';
export {
  DEMO_FOLDER_ID,
  DEMO_MAILBOX_SLUG,
  helpScoutConversationId,
  helpScoutConversationNumber,
  helpScoutCustomerId,
  helpScoutSeed,
} from './data.ts';
export { conversationView, customerSidebar } from './page.ts';

/** The Help Scout web app origin. */
export const HELPSCOUT_ORIGIN = 'https://secure.helpscout.net';
/** Playwright URL globs the emulator answers. */
export const HELPSCOUT_URL_PATTERNS = ['https://secure.helpscout.net/**'] as const;

export interface HelpScoutSandboxOptions {
  /** Initial data (default: the demo mailbox); called again by `reset()`. */
  seed?: () => HelpScoutSeed;
  /** Delay before a conversation view is served, in ms (default 150): the previous view stays on screen meanwhile. */
  latencyMs?: number;
}

export interface HelpScoutSandbox extends HelpdeskSandbox {
  app: Hono;
  origin: string;
  /** The live data (tests may change it; `reset()` restores the seed). */
  readonly data: HelpScoutSeed;
  /** Every request answered since creation or the last `reset()`, oldest first. */
  requests: EmulatorRequest[];
  /** The conversation of demo ticket `n` (1001–1009), or undefined. */
  conversation(demoTicket: number): HelpScoutConversation | undefined;
  /** The app path of demo ticket `n`'s conversation (`/conversation/{id}/{number}?folderId=…`). */
  conversationPath(demoTicket: number): string;
  /** From now on the app answers with its sign-in page, as when the agent's session expired. */
  signOut(): void;
  signIn(): void;
}

/** Creates an emulated Help Scout account (see the module comment for what it serves). */
export function createHelpScoutSandbox(options: HelpScoutSandboxOptions = {}): HelpScoutSandbox {
  const seed = options.seed ?? helpScoutSeed;
  const latencyMs = options.latencyMs ?? 150;
  let data = seed();
  const session: EmulatorSession = { signedIn: true };
  const requests: EmulatorRequest[] = [];

  const byDemo = (n: number) => data.conversations.find((c) => c.demoTicket === n);
  const mustDemo = (n: number) => {
    const c = byDemo(n);
    if (!c) throw new Error(`Help Scout sandbox: no conversation for demo ticket ${n}`);
    return c;
  };

  const app = emulatorApp({
    requests,
    serves: (host) => host === 'secure.helpscout.net',
    wrongHost: (c) => c.text('Not found', 404),
  });

  const signInPage = () => document('Log in - Help Scout', signInForm());
  const requireSession = (path: string) => `/members/login/?redirect=${encodeURIComponent(path)}`;

  app.get('/members/login/', (c) => c.html(signInPage()));
  app.get('/members/login', (c) => c.redirect('/members/login/'));

  serveConversationViews(app, {
    latencyMs,
    session,
    signInForm,
    view(id) {
      const conversation = data.conversations.find((x) => x.id === Number(id));
      const customer = conversation && data.customers.find((x) => x.id === conversation.customerId);
      return conversation && customer
        ? { title: `#${conversation.number} ${conversation.subject}`, html: conversationView(conversation, customer) }
        : null;
    },
  });
  redirectWhenSignedOut(app, session, {
    isSignInPath: (path) => path.startsWith('/members/'),
    signInUrl: requireSession,
  });

  app.get('/', (c) => c.redirect(`/mailbox/${DEMO_MAILBOX_SLUG}/`));
  app.get('/mailbox/:slug{[0-9a-f]{16}}/', (c) => c.html(appPage({ seed: data, current: null })));
  app.get('/mailbox/:slug{[0-9a-f]{16}}/:folder{[0-9]+}/', (c) => c.html(appPage({ seed: data, current: null })));
  const conversationPage = (id: string) =>
    appPage({ seed: data, current: data.conversations.find((x) => x.id === Number(id)) ?? null });
  app.get('/conversation/:id{[0-9]+}', (c) => c.html(conversationPage(c.req.param('id'))));
  app.get('/conversation/:id{[0-9]+}/', (c) => c.html(conversationPage(c.req.param('id'))));
  app.get('/conversation/:id{[0-9]+}/:number{[0-9]+}', (c) => c.html(conversationPage(c.req.param('id'))));
  app.get('/conversation/:id{[0-9]+}/:number{[0-9]+}/', (c) => c.html(conversationPage(c.req.param('id'))));
  const profile = (id: string) => data.customers.find((x) => x.id === Number(id));
  app.get('/customer/:id{[0-9]+}/*', (c) => {
    const customer = profile(c.req.param('id'));
    return customer
      ? c.html(customerPage(customer))
      : c.html(document('Not found - Help Scout', notFoundView('customer')), 404);
  });
  app.get('/customers/:id{[0-9]+}', (c) => c.redirect(`/customer/${c.req.param('id')}/0/`));
  app.notFound((c) => c.html(document('Not found - Help Scout', notFoundView('page')), 404));

  return {
    app,
    fetch: ((request: Request) => Promise.resolve(app.fetch(request))) as FetchLike,
    origin: HELPSCOUT_ORIGIN,
    get data() {
      return data;
    },
    requests,
    conversation: byDemo,
    conversationPath: (n) => conversationPath(mustDemo(n)),
    ticketUrl: (n) => `${HELPSCOUT_ORIGIN}${conversationPath(mustDemo(n))}`,
    signOut() {
      session.signedIn = false;
    },
    signIn() {
      session.signedIn = true;
    },
    reset() {
      data = seed();
      session.signedIn = true;
      requests.length = 0;
    },
  };
}

/** The Help Scout emulator in the list of helpdesk emulators (proxy/sandbox/helpdesks.ts). */
export const helpscoutSandboxModule: HelpdeskSandboxModule = {
  id: 'helpscout',
  label: 'Help Scout',
  urlPatterns: HELPSCOUT_URL_PATTERNS,
  create: () => createHelpScoutSandbox(),
};
