/**
 * What the emulators of DOM-read helpdesks (proxy/sandbox/{helpscout,front,intercom}) share:
 * - `demoConversations()`: the demo customers and their conversations, taken from the Zendesk
 *   emulator's seed (proxy/sandbox/zendesk/data.ts) so every helpdesk shows the same people with
 *   the same values (ticket 1001 Mary Jane Watson … 1009 Noah Kim) and every sync outcome can be
 *   shown on any of them;
 * - `spaClientScript()`: the page script of a single-page app that swaps a server-rendered
 *   conversation view in place on `history.pushState` navigation (keeping the previous view on
 *   screen until the next one arrives, as real apps do), and opens/closes the customer panel;
 * - small HTTP helpers.
 *
 * The server renders every value with `escapeHtml`, so values from the store reach the page as text.
 */
import type { Hono } from 'hono';
import type { EmulatorRequest } from './helpdesk-app.ts';
import { escapeHtml } from './helpdesk-page.ts';
import { demoSeed, type ZendeskUser } from './zendesk/index.ts';

export { escapeHtml };

/** One message of a demo conversation. Times are ISO 8601 UTC. */
export interface DemoMessage {
  from: 'customer' | 'agent';
  author: string;
  body: string;
  at: string;
}

/** The customer of a demo conversation, in the sidebar's field names; null = not shown. */
export interface DemoCustomer {
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  location: string | null;
  timeZone: string | null;
  notes: string | null;
}

/** A demo conversation; `demoTicket` is the Zendesk demo ticket it mirrors (1001–1009). */
export interface DemoConversation {
  demoTicket: number;
  subject: string;
  status: 'open' | 'pending' | 'closed';
  channel: 'email' | 'chat' | 'phone' | 'web';
  customer: DemoCustomer;
  messages: DemoMessage[];
  createdAt: string;
}

/** The demo agent and conversations, lowest demo ticket first (a fresh copy each call). */
export function demoConversations(): { agent: { name: string; email: string }; conversations: DemoConversation[] } {
  const seed = demoSeed();
  const users = new Map(seed.users.map((u) => [u.id, u]));
  const orgs = new Map(seed.organizations.map((o) => [o.id, o]));
  const field = (u: ZendeskUser, key: string) => u.user_fields[key] ?? null;
  const conversations = [...seed.tickets]
    .sort((a, b) => a.id - b.id)
    .map((t): DemoConversation => {
      const requester = users.get(t.requester_id);
      if (!requester) throw new Error(`Demo data: ticket ${t.id} has no requester`);
      const orgId = requester.organization_id ?? t.organization_id;
      return {
        demoTicket: t.id,
        subject: t.subject,
        status: t.status === 'solved' || t.status === 'closed' ? 'closed' : t.status === 'pending' ? 'pending' : 'open',
        channel: t.channel === 'api' ? 'phone' : t.channel,
        customer: {
          name: requester.name,
          email: requester.email,
          phone: requester.phone,
          company: orgId === null ? null : (orgs.get(orgId)?.name ?? null),
          jobTitle: field(requester, 'job_title'),
          location: field(requester, 'location'),
          timeZone: requester.iana_time_zone,
          notes: requester.notes,
        },
        messages: t.comments.map((c) => {
          const author = users.get(c.author_id);
          const fromAgent = author !== undefined && author.role !== 'end-user';
          return {
            from: fromAgent ? 'agent' : 'customer',
            author: author?.name ?? 'Unknown',
            body: c.body,
            at: c.created_at,
          };
        }),
        createdAt: t.created_at,
      };
    });
  return { agent: { name: seed.agent.name, email: seed.agent.email ?? '' }, conversations };
}

/** Initials of a name for an avatar ("Mary Jane Watson" → "MW"). */
export function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^[\p{L}\p{N}]/u.test(w));
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** "Oct 14, 2026, 9:03 AM UTC". */
export function formatTime(iso: string): string {
  try {
    return `${new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
  } catch {
    return iso;
  }
}

/** Waits `ms` milliseconds (0: not at all). */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export type { EmulatorRequest };

/** Whether the agent is signed in to an emulated app (tests sign out to see the sign-in page). */
export interface EmulatorSession {
  signedIn: boolean;
}

/** How {@link serveConversationViews} finds and draws a conversation's view. */
export interface ConversationViews {
  /** How long a view takes, in ms: the previous view stays on screen meanwhile. */
  latencyMs: number;
  session: EmulatorSession;
  /** The sign-in form the app swaps in once the session has ended. */
  signInForm(): string;
  /** The view of conversation `key` and its subject (the page's title), or null when there is none. */
  view(key: string): { title: string; html: string } | null;
}

/**
 * Serves `GET /_emulator/conversations/{key}` (digits) — NOT a route of the real app: the
 * conversation view the emulator's page script swaps in (`spaScripts`), after `latencyMs`. 401 with
 * the sign-in form while signed out, 404 with `notFoundView` for an unknown conversation; the title
 * travels in `x-emulator-title` (URI-encoded).
 */
export function serveConversationViews(app: Hono, views: ConversationViews): void {
  app.get('/_emulator/conversations/:key{[0-9]+}', async (c) => {
    await delay(views.latencyMs);
    if (!views.session.signedIn) return c.html(views.signInForm(), 401);
    const found = views.view(c.req.param('key'));
    if (!found) return c.html(notFoundView('conversation'), 404);
    c.header('x-emulator-title', encodeURIComponent(found.title));
    return c.html(found.html);
  });
}

/**
 * While signed out, every page but the sign-in pages (`isSignInPath`) redirects to `signInUrl(path)`,
 * as the real apps do. Register it after the routes that must answer anyway.
 */
export function redirectWhenSignedOut(
  app: Hono,
  session: EmulatorSession,
  signIn: { isSignInPath(path: string): boolean; signInUrl(path: string): string },
): void {
  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (!session.signedIn && !signIn.isSignInPath(path)) return c.redirect(signIn.signInUrl(path));
    await next();
  });
}

/** How the page script of an emulated single-page app behaves (see `spaClientScript`). */
export interface SpaConfig {
  /** Id of the element the app lives in (replaced by the sign-in form when the session ends). */
  appId: string;
  /** Id of the element whose content is the current conversation's view. */
  viewId: string;
  /** Links that navigate inside the app: `a[data-spa-link]`. */
  linkSelector: string;
  /** Regular expressions (sources) over `location.pathname`; group 1 is the conversation key. */
  routes: string[];
  /** Where a conversation's view is fetched: this prefix + the key. */
  fragmentPrefix: string;
  /** Shown while the first conversation loads, and when no conversation is selected. */
  loadingText: string;
  emptyText: string;
  /** The customer panel(s) the toggle opens and closes, and the toggle button. */
  panelSelector: string;
  toggleSelector: string;
  /** The toggle's accessible name when the panel is open / closed. */
  hideLabel: string;
  showLabel: string;
  /** localStorage key remembering a closed panel. */
  storageKey: string;
  /** Suffix of the document title ("Help Scout"). */
  product: string;
  /**
   * Where the app moves the URL on load with `history.replaceState`, for entry links such as
   * Front's `/open/cnv_…`: the app resolves them in place rather than with an HTTP redirect
   * (which Playwright cannot follow to another routed URL, microsoft/playwright#39480).
   */
  canonicalPath?: string;
}

/**
 * The `<script>` elements of an emulated single-page app: its config as JSON, then the page script.
 * The script renders the conversation named by the URL, follows in-app links with
 * `history.pushState` and Back/Forward with `popstate`, keeps the previous view until the next
 * arrives (stale for a moment, like a real app), and marks the current link `aria-current`.
 */
export function spaScripts(config: SpaConfig): string {
  const json = JSON.stringify(config).replaceAll('<', '\\u003c');
  return `<script type="application/json" id="emulator-config">${json}</script>\n<script>${SPA_CLIENT}</script>`;
}

/** Plain browser JavaScript (kept as text so no bundler helper leaks into it). */
const SPA_CLIENT = `
(() => {
  const cfg = JSON.parse(document.getElementById('emulator-config').textContent);
  const routes = cfg.routes.map((r) => new RegExp(r));
  let generation = 0;
  if (cfg.canonicalPath && location.pathname !== cfg.canonicalPath) {
    history.replaceState({}, '', cfg.canonicalPath + location.hash);
  }

  const view = () => document.getElementById(cfg.viewId);
  function keyOf(path) {
    for (const r of routes) { const m = r.exec(path); if (m) return m[1]; }
    return null;
  }
  function note(text) {
    const p = document.createElement('p');
    p.className = 'emulator-placeholder';
    p.textContent = text;
    return p;
  }
  function panelOpen() {
    try { return localStorage.getItem(cfg.storageKey) !== 'closed'; } catch { return true; }
  }
  function applyPanel() {
    const open = panelOpen();
    for (const panel of document.querySelectorAll(cfg.panelSelector)) {
      if (open) panel.removeAttribute('hidden'); else panel.setAttribute('hidden', '');
    }
    for (const button of document.querySelectorAll(cfg.toggleSelector)) {
      button.setAttribute('aria-expanded', String(open));
      button.setAttribute('aria-label', open ? cfg.hideLabel : cfg.showLabel);
    }
  }
  function markCurrent(key) {
    for (const a of document.querySelectorAll(cfg.linkSelector)) {
      if (key !== null && a.getAttribute('data-key') === key) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  async function show() {
    const mine = ++generation;
    const key = keyOf(location.pathname);
    markCurrent(key);
    const target = view();
    if (!target) return;
    if (key === null) {
      target.replaceChildren(note(cfg.emptyText));
      document.title = cfg.product;
      return;
    }
    if (!target.querySelector('[data-conversation-id]')) target.replaceChildren(note(cfg.loadingText));
    let status = 0;
    let html = '';
    let title = '';
    try {
      const res = await fetch(cfg.fragmentPrefix + encodeURIComponent(key), { credentials: 'same-origin' });
      status = res.status;
      title = decodeURIComponent(res.headers.get('x-emulator-title') || '');
      html = await res.text();
    } catch (error) {
      html = '';
    }
    if (mine !== generation) return;
    if (status === 401) {
      document.getElementById(cfg.appId).innerHTML = html;
      document.title = 'Sign in - ' + cfg.product;
      return;
    }
    if (!html) {
      target.replaceChildren(note('Something went wrong. Reload the page.'));
      return;
    }
    target.innerHTML = html; // rendered and escaped by the emulator's server
    applyPanel();
    document.title = (title ? title + ' - ' : '') + cfg.product;
  }

  document.addEventListener('click', (event) => {
    const el = event.target instanceof Element ? event.target : null;
    if (!el) return;
    const toggle = el.closest(cfg.toggleSelector);
    if (toggle) {
      const open = !panelOpen();
      try { if (open) localStorage.removeItem(cfg.storageKey); else localStorage.setItem(cfg.storageKey, 'closed'); } catch {}
      applyPanel();
      return;
    }
    const a = el.closest(cfg.linkSelector);
    if (!a || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const href = a.getAttribute('href');
    if (href !== location.pathname + location.search) history.pushState({}, '', href);
    show();
  });
  window.addEventListener('popstate', show);
  applyPanel();
  show();
})();
`;

/** The emulator's answer for a conversation view it does not have. */
export function notFoundView(noun: string): string {
  return `<section class="emulator-notice" role="alert"><h1>This ${escapeHtml(noun)} could not be found</h1><p>It may have been deleted, or you may not have access to it.</p></section>`;
}
