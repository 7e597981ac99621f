/**
 * Front emulator: the pages an agent's browser gets from `https://app.frontapp.com`, served by a
 * Hono app from in-memory data. Browser tests and the demo serve it at the real URLs through
 * Playwright routing (scripts/lib/helpdesk-route.ts), so the extension's content script runs as on
 * Front and reads the contact panel from the DOM (lib/helpdesks/front.ts).
 *
 * Routes (paths as on Front, see lib/helpdesks/front.ts for the sources):
 * - `GET /` → the demo inbox; `GET /inboxes/teams/folders/{inbox}/{status}` — the app on an inbox;
 * - `GET /inboxes/teams/folders/{inbox}/{status}/{conversation}` — the app on a conversation
 *   (decimal id, as in Front's URLs);
 * - `GET /open/{cnv_…|decimal}` — a conversation's permanent link: the app opens the conversation
 *   and moves the URL to its inbox path (`history.replaceState`);
 * - `GET /contacts/{crd_…}` — a contact's page;
 * - `GET /signin` — the sign-in page (where every app page redirects while signed out);
 * - `GET /_emulator/conversations/{decimal}` — NOT a Front route: the conversation view the
 *   emulator's page script swaps in. 404 for an unknown conversation, 401 with the sign-in form
 *   while signed out.
 */
import type { Hono } from 'hono';
import { frontConversationId } from '../../../lib/helpdesks/front.ts';
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
import { type FrontConversation, type FrontSeed, frontSeed } from './data.ts';
import { appPage, contactPage, conversationPath, conversationView, document, signInForm } from './page.ts';

export type { FrontContact, FrontConversation, FrontHandle, FrontMessage, FrontSeed } from './data.ts';
export { DEMO_INBOX, frontApiId, frontContactId, frontConversationNumber, frontSeed } from './data.ts';
export { contactPanel, conversationView } from './page.ts';

/** The Front web app origin. */
export const FRONT_ORIGIN = 'https://app.frontapp.com';
/** Playwright URL globs the emulator answers. */
export const FRONT_URL_PATTERNS = ['https://app.frontapp.com/**'] as const;

export interface FrontSandboxOptions {
  /** Initial data (default: the demo inbox); called again by `reset()`. */
  seed?: () => FrontSeed;
  /** Delay before a conversation view is served, in ms (default 150): the previous view stays on screen meanwhile. */
  latencyMs?: number;
}

export interface FrontSandbox extends HelpdeskSandbox {
  app: Hono;
  origin: string;
  /** The live data (tests may change it; `reset()` restores the seed). */
  readonly data: FrontSeed;
  requests: EmulatorRequest[];
  /** The conversation of demo ticket `n` (1001–1009), or undefined. */
  conversation(demoTicket: number): FrontConversation | undefined;
  /** The conversation's permanent link, `https://app.frontapp.com/open/cnv_…`. */
  openUrl(demoTicket: number): string;
  signOut(): void;
  signIn(): void;
}

/** Creates an emulated Front company (see the module comment for what it serves). */
export function createFrontSandbox(options: FrontSandboxOptions = {}): FrontSandbox {
  const seed = options.seed ?? frontSeed;
  const latencyMs = options.latencyMs ?? 150;
  let data = seed();
  const session: EmulatorSession = { signedIn: true };
  const requests: EmulatorRequest[] = [];

  const byDemo = (n: number) => data.conversations.find((c) => c.demoTicket === n);
  const mustDemo = (n: number) => {
    const c = byDemo(n);
    if (!c) throw new Error(`Front sandbox: no conversation for demo ticket ${n}`);
    return c;
  };
  const byNumber = (n: string) => data.conversations.find((c) => String(c.number) === n);

  const app = emulatorApp({
    requests,
    serves: (host) => host === 'app.frontapp.com',
    wrongHost: (c) => c.text('Not found', 404),
  });

  app.get('/signin', (c) => c.html(document('Log in - Front', signInForm())));

  serveConversationViews(app, {
    latencyMs,
    session,
    signInForm,
    view(number) {
      const conversation = byNumber(number);
      const contact = conversation && data.contacts.find((x) => x.id === conversation.contactId);
      return conversation && contact
        ? { title: conversation.subject, html: conversationView(conversation, contact) }
        : null;
    },
  });
  redirectWhenSignedOut(app, session, {
    isSignInPath: (path) => path === '/signin',
    signInUrl: (path) => `/signin?next=${encodeURIComponent(path)}`,
  });

  const inboxPath = () => `/inboxes/teams/folders/${data.inbox.number}/unassigned`;
  app.get('/', (c) => c.redirect(inboxPath()));
  app.get('/inboxes/teams/folders/:inbox{[0-9]+}/:status{[a-z]+}', (c) =>
    c.html(appPage({ seed: data, current: null })),
  );
  app.get('/inboxes/teams/folders/:inbox{[0-9]+}/:status{[a-z]+}/:number{[0-9]+}', (c) =>
    c.html(appPage({ seed: data, current: byNumber(c.req.param('number')) ?? null })),
  );
  app.get('/open/:id', (c) => {
    const id = frontConversationId(c.req.param('id'));
    const conversation = id ? data.conversations.find((x) => x.id === id) : undefined;
    if (!conversation) return c.html(document('Not found - Front', notFoundView('conversation')), 404);
    return c.html(
      appPage({ seed: data, current: conversation, canonicalPath: conversationPath(data.inbox.number, conversation) }),
    );
  });
  app.get('/contacts/:id', (c) => {
    const contact = data.contacts.find((x) => x.id === c.req.param('id'));
    return contact ? c.html(contactPage(contact)) : c.html(document('Not found - Front', notFoundView('contact')), 404);
  });
  app.notFound((c) => c.html(document('Not found - Front', notFoundView('page')), 404));

  return {
    app,
    fetch: ((request: Request) => Promise.resolve(app.fetch(request))) as FetchLike,
    origin: FRONT_ORIGIN,
    get data() {
      return data;
    },
    requests,
    conversation: byDemo,
    openUrl: (n) => `${FRONT_ORIGIN}/open/${mustDemo(n).id}`,
    ticketUrl: (n) => `${FRONT_ORIGIN}${conversationPath(data.inbox.number, mustDemo(n))}`,
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

/** The Front emulator in the list of helpdesk emulators (proxy/sandbox/helpdesks.ts). */
export const frontSandboxModule: HelpdeskSandboxModule = {
  id: 'front',
  label: 'Front',
  urlPatterns: FRONT_URL_PATTERNS,
  create: () => createFrontSandbox(),
};
