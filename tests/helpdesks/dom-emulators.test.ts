/**
 * The emulators of the DOM-read helpdesks (Help Scout, Front, Intercom) against their adapters,
 * without a browser: for every demo conversation, the page the emulator serves at the ticket URL is
 * recognised by the registry, and the conversation view its page script would swap in is read by
 * the adapter into the demo customer's values. The browser tests (tests/e2e/helpdesk-*.spec.ts)
 * then check the same with the built extension.
 */
import { describe, expect, test } from 'vitest';
import { createFrontAdapter } from '../../lib/helpdesks/front.ts';
import { createHelpScoutAdapter } from '../../lib/helpdesks/helpscout.ts';
import { recognise } from '../../lib/helpdesks/index.ts';
import { createIntercomAdapter } from '../../lib/helpdesks/intercom.ts';
import type { HelpdeskAdapter } from '../../lib/helpdesks/types.ts';
import { type DemoConversation, demoConversations } from '../../proxy/sandbox/dom-helpdesk.ts';
import { createFrontSandbox } from '../../proxy/sandbox/front/index.ts';
import { findHelpdeskSandbox, type HelpdeskSandbox } from '../../proxy/sandbox/helpdesks.ts';
import { createHelpScoutSandbox } from '../../proxy/sandbox/helpscout/index.ts';
import { createIntercomSandbox } from '../../proxy/sandbox/intercom/index.ts';

const TIMING = { timeoutMs: 1_000, pollMs: 10, closedGraceMs: 50, staleGraceMs: 200 };

interface Case {
  id: 'helpscout' | 'front' | 'intercom';
  create: () => HelpdeskSandbox & { fetch: (r: Request) => Promise<Response>; signOut(): void };
  adapter: HelpdeskAdapter;
  /** The key the page script fetches the view with, for demo ticket `n`. */
  viewKey: (sandbox: never, n: number) => string;
  /** Which optional fields this helpdesk shows. */
  shows: { notes: boolean };
  /** An app page that is not a conversation. */
  listPath: string;
}

const CASES: Case[] = [
  {
    id: 'helpscout',
    create: () => createHelpScoutSandbox({ latencyMs: 0 }),
    adapter: createHelpScoutAdapter(TIMING),
    viewKey: (sb: ReturnType<typeof createHelpScoutSandbox>, n) => String(sb.conversation(n)?.id),
    shows: { notes: true },
    listPath: '/mailbox/5e4b2c1a9d8f7e60/',
  },
  {
    id: 'front',
    create: () => createFrontSandbox({ latencyMs: 0 }),
    adapter: createFrontAdapter(TIMING),
    viewKey: (sb: ReturnType<typeof createFrontSandbox>, n) => String(sb.conversation(n)?.number),
    shows: { notes: true },
    listPath: '/inboxes/teams/folders/4808209/unassigned',
  },
  {
    id: 'intercom',
    create: () => createIntercomSandbox({ latencyMs: 0 }),
    adapter: createIntercomAdapter(TIMING),
    viewKey: (sb: ReturnType<typeof createIntercomSandbox>, n) => String(sb.conversation(n)?.id),
    shows: { notes: false },
    listPath: '/a/inbox/demoapp1/inbox/shared/all',
  },
] as Case[];

interface SpaConfigJson {
  viewId: string;
  routes: string[];
  fragmentPrefix: string;
}

/** The page at `url` as the browser gets it, with the view the page script would fetch put in place. */
async function renderedPage(sandbox: Case['create'] extends () => infer S ? S : never, url: string) {
  const response = await sandbox.fetch(new Request(url));
  expect(response.status).toBe(200);
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const config = JSON.parse(doc.getElementById('emulator-config')?.textContent ?? 'null') as SpaConfigJson;
  const path = new URL(url).pathname;
  const key = config.routes.map((r) => new RegExp(r).exec(path)?.[1]).find(Boolean);
  if (!key) throw new Error(`the page script has no route for ${path}`);
  const view = await sandbox.fetch(new Request(new URL(config.fragmentPrefix + key, url)));
  const target = doc.getElementById(config.viewId);
  if (!target) throw new Error('no view element');
  target.innerHTML = await view.text();
  return { doc, key, status: view.status };
}

function expected(demo: DemoConversation, shows: Case['shows']) {
  const c = demo.customer;
  return {
    name: c.name,
    email: c.email?.trim() ?? null,
    phone: c.phone,
    company: c.company,
    jobTitle: c.jobTitle,
    location: c.location,
    notes: shows.notes ? c.notes : null,
  };
}

describe.each(CASES.map((c) => [c.id, c] as const))('%s emulator', (id, kase) => {
  const demos = demoConversations().conversations;

  test('is listed in HELPDESK_SANDBOXES, and its ticket URLs are ticket pages of its adapter', () => {
    const module = findHelpdeskSandbox(id);
    expect(module?.id).toBe(id);
    const sandbox = module!.create();
    for (const demo of demos) {
      const found = recognise(sandbox.ticketUrl(demo.demoTicket));
      expect(found?.adapter.id).toBe(id);
      expect(found?.ticket).not.toBeNull();
    }
  });

  test.each(demos.map((d) => [d.demoTicket, d] as const))(
    'demo ticket %i: the adapter reads the demo customer from the page',
    async (n, demo) => {
      const sandbox = kase.create();
      const url = sandbox.ticketUrl(n);
      const ticket = recognise(url)?.ticket;
      if (!ticket) throw new Error(`${url} is not recognised`);
      const { doc, key, status } = await renderedPage(sandbox, url);
      expect(status).toBe(200);
      expect(kase.viewKey(sandbox as never, n)).toBe(key);
      const result = await kase.adapter.readCustomer({
        url: new URL(url),
        ticket,
        fetch: () => Promise.reject(new Error('no fetch')),
        signal: new AbortController().signal,
        document: doc,
      });
      if (!result.ok) throw new Error(result.error.message);
      expect(result.customer).toMatchObject({ helpdesk: id, account: ticket.account, ...expected(demo, kase.shows) });
      expect(result.customer.id).not.toBe('');
    },
  );

  test('each person keeps one customer id across conversations and page loads', async () => {
    const ids = new Set<string>();
    for (const n of [1001, 1002]) {
      for (let load = 0; load < 2; load++) {
        const sandbox = kase.create();
        const url = sandbox.ticketUrl(n);
        const { doc } = await renderedPage(sandbox, url);
        const result = await kase.adapter.readCustomer({
          url: new URL(url),
          ticket: recognise(url)!.ticket!,
          fetch: () => Promise.reject(new Error('no fetch')),
          signal: new AbortController().signal,
          document: doc,
        });
        if (result.ok) ids.add(`${n}:${result.customer.id}`);
      }
    }
    expect([...ids].map((s) => s.split(':')[0])).toEqual(['1001', '1002']);
  });

  test('a list page is served and is not a ticket page', async () => {
    const sandbox = kase.create();
    const url = new URL(kase.listPath, sandbox.ticketUrl(1001)).href;
    const response = await sandbox.fetch(new Request(url));
    expect(response.status).toBe(200);
    expect(recognise(url)?.adapter.id).toBe(id);
    expect(recognise(url)?.ticket).toBeNull();
  });

  test('an unknown conversation view is a 404 notice; signed out, the view is the sign-in form (401)', async () => {
    const sandbox = kase.create();
    const origin = new URL(sandbox.ticketUrl(1001)).origin;
    const missing = await sandbox.fetch(new Request(`${origin}/_emulator/conversations/99`));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('could not be found');

    sandbox.signOut();
    const view = await sandbox.fetch(
      new Request(`${origin}/_emulator/conversations/${kase.viewKey(sandbox as never, 1001)}`),
    );
    expect(view.status).toBe(401);
    const doc = new DOMParser().parseFromString(await view.text(), 'text/html');
    const ticket = recognise(sandbox.ticketUrl(1001))!.ticket!;
    const result = await kase.adapter.readCustomer({
      url: new URL(sandbox.ticketUrl(1001)),
      ticket,
      fetch: () => Promise.reject(new Error('no fetch')),
      signal: new AbortController().signal,
      document: doc,
    });
    expect(result.ok ? null : result.error.code).toBe('not_signed_in');

    const page = await sandbox.fetch(new Request(sandbox.ticketUrl(1001), { redirect: 'manual' }));
    expect(page.status).toBe(302);
  });

  test('values are escaped: the hostile name is text in the page, never markup', async () => {
    const sandbox = kase.create();
    const { doc } = await renderedPage(sandbox, sandbox.ticketUrl(1006));
    expect(doc.body.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(doc.querySelector('img[onerror]')).toBeNull();
    expect(doc.querySelector('b')).toBeNull();
  });

  test('reset() restores the seed and clears the request log', async () => {
    const sandbox = kase.create() as ReturnType<typeof createHelpScoutSandbox>;
    await sandbox.fetch(new Request(sandbox.ticketUrl(1001)));
    expect(sandbox.requests.length).toBeGreaterThan(0);
    sandbox.reset();
    expect(sandbox.requests).toEqual([]);
  });
});

/** The `canonicalPath` of an app page's page-script config (where it moves the URL on load). */
async function canonicalPathOf(response: Response): Promise<string | undefined> {
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const config = JSON.parse(doc.getElementById('emulator-config')?.textContent ?? '{}') as { canonicalPath?: string };
  return config.canonicalPath;
}

test('Front: the permanent link /open/cnv_… opens the conversation and moves the URL to its inbox path', async () => {
  const sandbox = createFrontSandbox({ latencyMs: 0 });
  const response = await sandbox.fetch(new Request(sandbox.openUrl(1003)));
  expect(response.status).toBe(200);
  const canonical = new URL((await canonicalPathOf(response)) ?? '', sandbox.origin).href;
  expect(canonical).toBe(sandbox.ticketUrl(1003));
  // Both URLs name the same conversation, so the sidebar keeps one store for it.
  expect(recognise(sandbox.openUrl(1003))?.ticket).toEqual(recognise(canonical)?.ticket);
  const unknown = await sandbox.fetch(new Request(`${sandbox.origin}/open/cnv_zzzz`));
  expect(unknown.status).toBe(404);
});

test('Intercom: a deep link opens the conversation in the Inbox; another workspace is not served', async () => {
  const sandbox = createIntercomSandbox({ latencyMs: 0 });
  const id = sandbox.conversation(1003)?.id;
  const deepUrl = `${sandbox.origin}/a/apps/demoapp1/conversations/${id}`;
  const deep = await sandbox.fetch(new Request(deepUrl));
  expect(deep.status).toBe(200);
  expect(new URL((await canonicalPathOf(deep)) ?? '', sandbox.origin).href).toBe(sandbox.ticketUrl(1003));
  expect(recognise(deepUrl)?.ticket).toEqual(recognise(sandbox.ticketUrl(1003))?.ticket);
  const other = await sandbox.fetch(
    new Request(`${sandbox.origin}/a/inbox/otherapp/inbox/shared/all/conversation/${id}`),
  );
  expect(other.status).toBe(404);
});
