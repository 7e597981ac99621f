/**
 * Intercom emulator: the pages an agent's browser gets from `https://app.intercom.com`, served by a
 * Hono app from in-memory data. Browser tests and the demo serve it at the real URLs through
 * Playwright routing (scripts/lib/helpdesk-route.ts), so the extension's content script runs as on
 * Intercom and reads the details sidebar from the DOM (lib/helpdesks/intercom.ts).
 *
 * Routes (paths as on Intercom, see lib/helpdesks/intercom.ts for the sources):
 * - `GET /` → the Inbox; `GET /a/inbox/{app}/inbox/shared/{view}` — the Inbox on a view;
 * - `GET /a/inbox/{app}/inbox/[…/]conversation/{id}` — the Inbox on a conversation;
 * - `GET /a/apps/{app}/conversations/{id}` — a conversation's deep link: the Inbox opens it and
 *   moves the URL to its own path (`history.replaceState`);
 * - `GET /a/apps/{app}/users/{contactId}[/all-conversations]` — a contact's profile;
 * - `GET /admins/sign_in` — the sign-in page (where every app page redirects while signed out);
 * - `GET /_emulator/conversations/{id}` — NOT an Intercom route: the conversation view the
 *   emulator's page script swaps in. 404 for an unknown conversation, 401 with the sign-in form
 *   while signed out.
 * Another app id than the workspace's answers 404, as for a workspace the agent is not in.
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
import { DEMO_INTERCOM_APP, type IntercomConversation, type IntercomSeed, intercomSeed } from './data.ts';
import { conversationPath, conversationView, document, inboxPage, profilePage, signInForm } from './page.ts';

export type { IntercomContact, IntercomConversation, IntercomPart, IntercomSeed } from './data.ts';
export { DEMO_INTERCOM_APP, intercomContactId, intercomConversationId, intercomSeed } from './data.ts';
export { conversationView, detailsSidebar } from './page.ts';

/** The Intercom web app origin (US hosting). */
export const INTERCOM_ORIGIN = 'https://app.intercom.com';
/** Playwright URL globs the emulator answers. */
export const INTERCOM_URL_PATTERNS = ['https://app.intercom.com/**'] as const;

export interface IntercomSandboxOptions {
  /** Initial data (default: the demo workspace); called again by `reset()`. */
  seed?: () => IntercomSeed;
  /** Delay before a conversation view is served, in ms (default 150): the previous view stays on screen meanwhile. */
  latencyMs?: number;
}

export interface IntercomSandbox extends HelpdeskSandbox {
  app: Hono;
  origin: string;
  readonly data: IntercomSeed;
  requests: EmulatorRequest[];
  /** The conversation of demo ticket `n` (1001–1009), or undefined. */
  conversation(demoTicket: number): IntercomConversation | undefined;
  signOut(): void;
  signIn(): void;
}

/** Creates an emulated Intercom workspace (see the module comment for what it serves). */
export function createIntercomSandbox(options: IntercomSandboxOptions = {}): IntercomSandbox {
  const seed = options.seed ?? intercomSeed;
  const latencyMs = options.latencyMs ?? 150;
  let data = seed();
  const session: EmulatorSession = { signedIn: true };
  const requests: EmulatorRequest[] = [];

  const byDemo = (n: number) => data.conversations.find((c) => c.demoTicket === n);
  const mustDemo = (n: number) => {
    const c = byDemo(n);
    if (!c) throw new Error(`Intercom sandbox: no conversation for demo ticket ${n}`);
    return c;
  };
  const byId = (id: string) => data.conversations.find((c) => c.id === id);

  const app = emulatorApp({
    requests,
    serves: (host) => host === 'app.intercom.com',
    wrongHost: (c) => c.text('Not found', 404),
  });

  app.get('/admins/sign_in', (c) => c.html(document('Sign in | Intercom', signInForm())));

  serveConversationViews(app, {
    latencyMs,
    session,
    signInForm,
    view(id) {
      const conversation = byId(id);
      const contact = conversation && data.contacts.find((x) => x.id === conversation.contactId);
      return conversation && contact
        ? { title: conversation.title, html: conversationView(data.appId, conversation, contact) }
        : null;
    },
  });
  redirectWhenSignedOut(app, session, {
    isSignInPath: (path) => path === '/admins/sign_in',
    signInUrl: (path) => `/admins/sign_in?redirect_url=${encodeURIComponent(path)}`,
  });
  // Another workspace: Intercom answers that the agent has no access.
  app.use('/a/:area{inbox|apps}/:app/*', async (c, next) => {
    if (c.req.param('app') !== data.appId) {
      return c.html(document('Not found | Intercom', notFoundView('workspace')), 404);
    }
    await next();
  });

  const inbox = () => `/a/inbox/${data.appId}/inbox/shared/all`;
  app.get('/', (c) => c.redirect(inbox()));
  app.get('/a/inbox/:app/inbox/shared/:view{[a-z_-]+}', (c) => c.html(inboxPage({ seed: data, current: null })));
  app.get('/a/inbox/:app/inbox/*', (c) => {
    const m = /\/conversation\/(\d+)\/?$/.exec(new URL(c.req.url).pathname);
    if (!m?.[1]) return c.html(inboxPage({ seed: data, current: null }));
    return c.html(inboxPage({ seed: data, current: byId(m[1]) ?? null }));
  });
  app.get('/a/apps/:app/conversations/:id{[0-9]+}', (c) => {
    const conversation = byId(c.req.param('id'));
    if (!conversation) return c.html(document('Not found | Intercom', notFoundView('conversation')), 404);
    return c.html(
      inboxPage({ seed: data, current: conversation, canonicalPath: conversationPath(data.appId, conversation) }),
    );
  });
  app.get('/a/apps/:app/users/:id{[0-9a-f]{24}}/*', (c) => {
    const contact = data.contacts.find((x) => x.id === c.req.param('id'));
    return contact
      ? c.html(profilePage(contact))
      : c.html(document('Not found | Intercom', notFoundView('person')), 404);
  });
  app.get('/a/apps/:app/users/:id{[0-9a-f]{24}}', (c) =>
    c.redirect(`${new URL(c.req.url).pathname}/all-conversations`),
  );
  app.notFound((c) => c.html(document('Not found | Intercom', notFoundView('page')), 404));

  return {
    app,
    fetch: ((request: Request) => Promise.resolve(app.fetch(request))) as FetchLike,
    origin: INTERCOM_ORIGIN,
    get data() {
      return data;
    },
    requests,
    conversation: byDemo,
    ticketUrl: (n) => `${INTERCOM_ORIGIN}${conversationPath(data.appId, mustDemo(n))}`,
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

export { DEMO_INTERCOM_APP as DEMO_INTERCOM_ACCOUNT };

/** The Intercom emulator in the list of helpdesk emulators (proxy/sandbox/helpdesks.ts). */
export const intercomSandboxModule: HelpdeskSandboxModule = {
  id: 'intercom',
  label: 'Intercom',
  urlPatterns: INTERCOM_URL_PATTERNS,
  create: () => createIntercomSandbox(),
};
