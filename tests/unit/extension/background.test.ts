import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type BackgroundContext, createBackgroundContext } from '../../../entrypoints/background/context.ts';
import { createHandlers } from '../../../entrypoints/background/handlers.ts';
import { backoffMs, createOutbox, OUTBOX_ALARM, type Outbox } from '../../../entrypoints/background/outbox.ts';
import { startBackground } from '../../../entrypoints/background/start.ts';
import { openDatabase, type Repositories } from '../../../lib/db/index.ts';
import type { MessageName, Reply, ReplyOf, RequestOf, Settings } from '../../../lib/messaging/protocol.ts';
import { createRouter, type MessageSender } from '../../../lib/messaging/router.ts';
import type { SettingsRead } from '../../../lib/messaging/settings.ts';
import {
  API_KEY,
  COMPANY_CONFLICT_ID,
  CUSTOMER_KEY,
  companyConflict,
  customer,
  discardResult,
  envelope,
  fakeProxy,
  health,
  json,
  lookupResult,
  networkError,
  PROXY_URL,
  type RecordedRequest,
  record,
  resolveResult,
  syncResult,
  TICKET_KEY,
  TITLE_CONFLICT_ID,
  ticket,
  titleConflict,
} from './fixtures.ts';

const EXTENSION_ID = 'test-extension-id';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const contentScript: MessageSender = { id: EXTENSION_ID, url: ticket.url, tab: { id: 3 } };
const optionsPage: MessageSender = { id: EXTENSION_ID, url: `${ORIGIN}options.html` };
const T0 = Date.parse('2026-10-05T10:00:00.000Z');

type ProxyMode = 'up' | 'down' | ((req: RecordedRequest) => Response);

/** Answers like a healthy proxy for every route the background uses. */
function healthyProxy(req: RecordedRequest): Response {
  const path = req.url.pathname;
  if (path === '/v1/health') return json(health);
  if (path === '/v1/lookup') return json(lookupResult);
  if (path === '/v1/sync') return json(syncResult);
  if (path.endsWith('/resolve')) return json(resolveResult);
  if (path === '/v1/conflicts/discard') return json(discardResult);
  return envelope(404, 'not_found', `No route ${path}`);
}

let dbCounter = 0;
let openRepos: Repositories[] = [];

interface Harness {
  repos: Repositories;
  ctx: BackgroundContext;
  outbox: Outbox;
  requests: RecordedRequest[];
  setProxy(mode: ProxyMode): void;
  setSettings(read: SettingsRead): void;
  advance(ms: number): void;
  openOptionsPage: ReturnType<typeof vi.fn>;
  send<N extends MessageName>(type: N, payload: RequestOf<N>, sender?: MessageSender): Promise<Reply<ReplyOf<N>>>;
}

const settings: Settings = { proxyUrl: PROXY_URL, apiKey: API_KEY, autoSync: false };

function harness(): Harness {
  const repos = openDatabase(`background-test-${++dbCounter}`);
  openRepos.push(repos);
  let mode: ProxyMode = 'up';
  let now = T0;
  let id = 0;
  let read: SettingsRead = { ok: true, settings };
  const proxy = fakeProxy((req) => {
    if (mode === 'down') throw networkError();
    return mode === 'up' ? healthyProxy(req) : mode(req);
  });
  const openOptionsPage = vi.fn(async () => {});
  const ctx = createBackgroundContext({
    repos,
    readSettings: async () => read,
    openOptionsPage,
    fetch: proxy.fetch,
    now: () => now,
    newId: () => `id-${String(++id).padStart(8, '0')}`,
    proxyRetryDelayMs: () => 0,
  });
  const outbox = createOutbox(ctx);
  const router = createRouter(createHandlers(ctx, outbox), { extensionId: EXTENSION_ID, extensionOrigin: ORIGIN });
  return {
    repos,
    ctx,
    outbox,
    requests: proxy.requests,
    openOptionsPage,
    setProxy: (m) => {
      mode = m;
    },
    setSettings: (r) => {
      read = r;
    },
    advance: (ms) => {
      now += ms;
    },
    send: async (type, payload, sender = contentScript) => {
      const reply = await router.handle({ type, payload }, sender);
      await outbox.idle();
      return reply as never;
    },
  };
}

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(async () => {
  for (const repos of openRepos) await repos.db.delete();
  openRepos = [];
  vi.restoreAllMocks();
});

function keysOf(requests: RecordedRequest[], path: string): (string | null)[] {
  return requests.filter((r) => r.url.pathname === path).map((r) => r.headers.get('idempotency-key'));
}

describe('cached + lookup', () => {
  it('a lookup is cached per ticket and its record linked to the customer', async () => {
    const h = harness();
    expect(await h.send('sidebar→background:cached', { ticket, customerKey: CUSTOMER_KEY })).toEqual({
      ok: true,
      data: null,
    });
    expect(await h.send('sidebar→background:lookup', { ticket, customer })).toEqual({ ok: true, data: lookupResult });
    const cached = await h.send('sidebar→background:cached', { ticket, customerKey: CUSTOMER_KEY });
    expect(cached).toEqual({
      ok: true,
      data: {
        ticketKey: TICKET_KEY,
        customerKey: CUSTOMER_KEY,
        lookup: lookupResult,
        sync: null,
        savedAt: new Date(T0).toISOString(),
      },
    });
    expect((await h.repos.links.get(CUSTOMER_KEY))?.record).toEqual(record);
  });

  it('another ticket of the same customer shows the linked record at once', async () => {
    const h = harness();
    await h.send('sidebar→background:lookup', { ticket, customer });
    const other = { ...ticket, ticketId: '2001', url: 'https://demo.zendesk.com/agent/tickets/2001' };
    const reply = await h.send('sidebar→background:cached', { ticket: other, customerKey: CUSTOMER_KEY });
    expect(reply).toMatchObject({
      ok: true,
      data: { ticketKey: 'zendesk:demo:2001', lookup: { record, matchedBy: 'link', conflicts: [] }, sync: null },
    });
  });

  it('a ticket whose requester changed does not show the old customer', async () => {
    const h = harness();
    await h.send('sidebar→background:lookup', { ticket, customer });
    expect(await h.send('sidebar→background:cached', { ticket, customerKey: 'zendesk:demo:someone-else' })).toEqual({
      ok: true,
      data: null,
    });
  });

  it('a lookup that finds nothing forgets the link', async () => {
    const h = harness();
    await h.send('sidebar→background:lookup', { ticket, customer });
    h.setProxy((req) =>
      req.url.pathname === '/v1/lookup'
        ? json({ ...lookupResult, record: null, matchedBy: null, conflicts: [] })
        : healthyProxy(req),
    );
    await h.send('sidebar→background:lookup', { ticket, customer });
    expect(await h.repos.links.get(CUSTOMER_KEY)).toBeNull();
  });

  it('without an API key: not_configured, and no request is made', async () => {
    const h = harness();
    h.setSettings({ ok: true, settings: { ...settings, apiKey: '  ' } });
    const reply = await h.send('sidebar→background:lookup', { ticket, customer });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'not_configured',
        message: 'Set the sync proxy URL and API key in the CRM sidebar options.',
        retryable: false,
      },
    });
    expect(h.requests).toHaveLength(0);
    expect(await h.send('sidebar→background:settings', {})).toEqual({
      ok: true,
      data: { configured: false, autoSync: false, proxyUrl: PROXY_URL },
    });
  });

  it('a lookup the proxy cannot receive is reported, not queued', async () => {
    const h = harness();
    h.setProxy('down');
    const reply = await h.send('sidebar→background:lookup', { ticket, customer });
    expect(reply).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'proxy_unreachable',
        message: `Can't reach the sync proxy at ${PROXY_URL}.`,
        retryable: true,
      }),
    });
    if (!reply.ok) expect(reply.error.queued).toBeUndefined();
    expect(await h.repos.outbox.count()).toBe(0);
  });
});

describe('sync', () => {
  it('sends a fresh idempotency key per click and caches the result as the ticket state', async () => {
    const h = harness();
    expect(await h.send('sidebar→background:sync', { ticket, customer })).toEqual({ ok: true, data: syncResult });
    await h.send('sidebar→background:sync', { ticket, customer });
    const keys = keysOf(h.requests, '/v1/sync');
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    const cached = await h.repos.tickets.get(TICKET_KEY);
    expect(cached?.sync).toEqual(syncResult);
    expect(cached?.lookup).toEqual({
      provider: 'hubspot',
      record,
      matchedBy: 'email',
      noKey: false,
      conflicts: [companyConflict, titleConflict],
      warnings: [syncResult.warnings[1]], // multiple_matches kept; field_missing belongs to that sync only
    });
  });

  it('a later lookup keeps the last sync of the same customer', async () => {
    const h = harness();
    await h.send('sidebar→background:sync', { ticket, customer });
    await h.send('sidebar→background:lookup', { ticket, customer });
    expect((await h.repos.tickets.get(TICKET_KEY))?.sync).toEqual(syncResult);
  });

  it('4xx is reported with the proxy message and not queued', async () => {
    const h = harness();
    h.setProxy(() => envelope(400, 'validation_failed', 'customer.email: Email is longer than 254 characters'));
    const reply = await h.send('sidebar→background:sync', { ticket, customer });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'validation_failed',
        message: 'customer.email: Email is longer than 254 characters',
        retryable: false,
      },
    });
    expect(await h.repos.outbox.count()).toBe(0);
  });

  it('a rejected API key is reported and not queued', async () => {
    const h = harness();
    h.setProxy(() => envelope(401, 'unauthorized', 'Invalid API key'));
    const reply = await h.send('sidebar→background:sync', { ticket, customer });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: 'The sync proxy rejected the API key.' },
    });
    expect(await h.repos.outbox.count()).toBe(0);
  });
});

describe('outbox', () => {
  it('queues a sync the proxy could not receive and answers queued:true', async () => {
    const h = harness();
    h.setProxy('down');
    const reply = await h.send('sidebar→background:sync', { ticket, customer });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'proxy_unreachable',
        message: `Can't reach the sync proxy at ${PROXY_URL}.`,
        retryable: true,
        queued: true,
        details: { cause: 'Failed to fetch' },
      },
    });
    const [entry, ...rest] = await h.repos.outbox.list();
    expect(rest).toHaveLength(0);
    expect(entry).toMatchObject({
      kind: 'sync',
      payload: { ticket, customer },
      attempts: 0,
      nextAttemptAt: T0 + backoffMs(1),
      lastError: { code: 'proxy_unreachable' },
    });
    // every inline attempt carried the key that is now stored
    expect(new Set(keysOf(h.requests, '/v1/sync'))).toEqual(new Set([entry?.idempotencyKey]));
  });

  it('a due entry is retried with the same idempotency key; success removes it and updates the cache', async () => {
    const h = harness();
    h.setProxy('down');
    await h.send('sidebar→background:sync', { ticket, customer });
    const [entry] = await h.repos.outbox.list();
    h.setProxy('up');

    // not due yet: nothing is sent
    expect(await h.outbox.drain()).toEqual({ sent: 0, kept: 0, dropped: 0 });
    h.advance(backoffMs(1));
    expect(await h.outbox.drain()).toEqual({ sent: 1, kept: 0, dropped: 0 });

    const keys = keysOf(h.requests, '/v1/sync');
    expect(keys.at(-1)).toBe(entry?.idempotencyKey);
    expect(await h.repos.outbox.count()).toBe(0);
    expect((await h.repos.tickets.get(TICKET_KEY))?.sync).toEqual(syncResult);
  });

  it('a retry that fails again backs off (doubling) and records the error', async () => {
    const h = harness();
    h.setProxy('down');
    await h.send('sidebar→background:sync', { ticket, customer });
    h.advance(backoffMs(1));
    expect(await h.outbox.drain()).toEqual({ sent: 0, kept: 1, dropped: 0 });
    const [entry] = await h.repos.outbox.list();
    expect(entry).toMatchObject({
      attempts: 1,
      nextAttemptAt: T0 + backoffMs(1) + backoffMs(1),
      lastError: { code: 'proxy_unreachable' },
    });
    h.advance(backoffMs(1));
    await h.outbox.drain();
    expect((await h.repos.outbox.list())[0]).toMatchObject({ attempts: 2 });
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    expect(backoffMs(50)).toBe(15 * 60_000);
  });

  it('a queued decision is sent right after any successful proxy call, ignoring the backoff', async () => {
    const h = harness();
    h.setProxy('down');
    const queued = await h.send('sidebar→background:resolve', {
      ticket,
      conflictId: COMPANY_CONFLICT_ID,
      choice: 'chat',
    });
    expect(queued).toMatchObject({ ok: false, error: { code: 'proxy_unreachable', queued: true } });
    const [entry] = await h.repos.outbox.list();

    h.setProxy('up');
    await h.send('sidebar→background:sync', { ticket, customer }); // the proxy is back: the outbox drains
    expect(await h.repos.outbox.count()).toBe(0);
    const resolves = h.requests.filter((r) => r.url.pathname.endsWith('/resolve'));
    expect(resolves.at(-1)?.headers.get('idempotency-key')).toBe(entry?.idempotencyKey);
    expect(resolves.at(-1)?.body).toEqual({ choice: 'chat' });
  });

  it('a lookup delivers queued decisions first and answers with the state after them', async () => {
    const h = harness();
    await h.send('sidebar→background:lookup', { ticket, customer });
    h.setProxy('down');
    await h.send('sidebar→background:resolve', { ticket, conflictId: COMPANY_CONFLICT_ID, choice: 'chat' });

    // A proxy that remembers the resolution, like the real one.
    let resolved = false;
    h.setProxy((req) => {
      if (req.url.pathname.endsWith('/resolve')) resolved = true;
      if (req.url.pathname === '/v1/lookup' && resolved) return json({ ...lookupResult, conflicts: [titleConflict] });
      return healthyProxy(req);
    });
    const before = h.requests.length;
    const reply = await h.send('sidebar→background:lookup', { ticket, customer });
    expect(reply).toEqual({ ok: true, data: { ...lookupResult, conflicts: [titleConflict] } });
    expect(h.requests.slice(before).map((r) => r.url.pathname)).toEqual([
      '/v1/lookup',
      `/v1/conflicts/${COMPANY_CONFLICT_ID}/resolve`,
      '/v1/lookup',
    ]);
    expect(await h.repos.outbox.count()).toBe(0);
    expect((await h.repos.tickets.get(TICKET_KEY))?.lookup?.conflicts).toEqual([titleConflict]);
  });

  it("the agent's latest decision on a conflict replaces the queued one", async () => {
    const h = harness();
    h.setProxy('down');
    await h.send('sidebar→background:resolve', { ticket, conflictId: COMPANY_CONFLICT_ID, choice: 'chat' });
    await h.send('sidebar→background:resolve', { ticket, conflictId: COMPANY_CONFLICT_ID, choice: 'crm' });
    await h.send('sidebar→background:resolve', { ticket, conflictId: TITLE_CONFLICT_ID, choice: 'crm' });
    const entries = await h.repos.outbox.list();
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => (e.kind === 'resolve' ? [e.payload.conflictId, e.payload.choice] : null))).toEqual([
      [COMPANY_CONFLICT_ID, 'crm'],
      [TITLE_CONFLICT_ID, 'crm'],
    ]);
  });

  it('a queued entry the proxy refuses for good (4xx) is dropped; a rejected key keeps it', async () => {
    const h = harness();
    h.setProxy('down');
    await h.send('sidebar→background:discard', { ticket, ids: [COMPANY_CONFLICT_ID] });
    await h.send('sidebar→background:resolve', { ticket, conflictId: TITLE_CONFLICT_ID, choice: 'chat' });
    h.advance(backoffMs(1));
    vi.spyOn(console, 'warn').mockImplementation(() => {});

    h.setProxy(() => envelope(401, 'unauthorized', 'Invalid API key'));
    expect(await h.outbox.drain()).toEqual({ sent: 0, kept: 1, dropped: 0 }); // stops at the first: same key for all
    expect(await h.repos.outbox.count()).toBe(2);

    h.setProxy((req) =>
      req.url.pathname.endsWith('/resolve') ? envelope(404, 'not_found', 'No such conflict') : healthyProxy(req),
    );
    expect(await h.outbox.drain({ force: true })).toEqual({ sent: 1, kept: 0, dropped: 1 });
    expect(await h.repos.outbox.count()).toBe(0);
  });

  it('entries wait while the extension is not configured', async () => {
    const h = harness();
    h.setProxy('down');
    await h.send('sidebar→background:sync', { ticket, customer });
    h.setSettings({ ok: true, settings: { ...settings, apiKey: '' } });
    h.setProxy('up');
    h.advance(backoffMs(1));
    expect(await h.outbox.drain()).toEqual({ sent: 0, kept: 1, dropped: 0 });
    expect(await h.repos.outbox.count()).toBe(1);
  });

  it('a 503 (CRM unavailable) is queued as well', async () => {
    const h = harness();
    h.setProxy(() => envelope(503, 'crm_unavailable', "Can't reach HubSpot."));
    const reply = await h.send('sidebar→background:discard', { ticket, ids: [COMPANY_CONFLICT_ID] });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'crm_unavailable', message: "Can't reach HubSpot.", retryable: true, queued: true },
    });
    expect(await h.repos.outbox.count()).toBe(1);
  });
});

describe('resolve and discard update the cache', () => {
  it('a resolved conflict disappears from every cached ticket of the customer; the record is refreshed', async () => {
    const h = harness();
    const other = { ...ticket, ticketId: '2001', url: 'https://demo.zendesk.com/agent/tickets/2001' };
    await h.send('sidebar→background:sync', { ticket, customer });
    await h.send('sidebar→background:lookup', { ticket: other, customer });
    const reply = await h.send('sidebar→background:resolve', {
      ticket,
      conflictId: COMPANY_CONFLICT_ID,
      choice: 'chat',
    });
    expect(reply).toEqual({ ok: true, data: resolveResult });
    for (const key of [TICKET_KEY, 'zendesk:demo:2001']) {
      const cached = await h.repos.tickets.get(key);
      expect(cached?.lookup?.conflicts.map((c) => c.id)).toEqual([TITLE_CONFLICT_ID]);
      expect(cached?.lookup?.record?.values.company).toBe('Globex');
    }
    expect((await h.repos.tickets.get(TICKET_KEY))?.sync?.conflicts.map((c) => c.id)).toEqual([TITLE_CONFLICT_ID]);
    expect((await h.repos.links.get(CUSTOMER_KEY))?.record.values.company).toBe('Globex');
  });

  it('a stale conflict is replaced by the proxy copy with the new CRM value', async () => {
    const h = harness();
    await h.send('sidebar→background:lookup', { ticket, customer });
    const stale = { ...companyConflict, crmValue: 'Globex Corp (renamed)' };
    h.setProxy((req) =>
      req.url.pathname.endsWith('/resolve')
        ? json({ status: 'stale', conflict: stale, written: [], record: null })
        : healthyProxy(req),
    );
    await h.send('sidebar→background:resolve', { ticket, conflictId: COMPANY_CONFLICT_ID, choice: 'chat' });
    const cached = await h.repos.tickets.get(TICKET_KEY);
    expect(cached?.lookup?.conflicts).toEqual([stale, titleConflict]);
    expect(cached?.lookup?.record).toEqual(record);
  });

  it('Discard all removes the discarded conflicts', async () => {
    const h = harness();
    await h.send('sidebar→background:lookup', { ticket, customer });
    const reply = await h.send('sidebar→background:discard', { ticket, ids: [COMPANY_CONFLICT_ID, TITLE_CONFLICT_ID] });
    expect(reply).toEqual({ ok: true, data: discardResult });
    expect((await h.repos.tickets.get(TICKET_KEY))?.lookup?.conflicts).toEqual([]);
  });
});

describe('settings, options and test connection', () => {
  it('settings reports the saved configuration', async () => {
    const h = harness();
    h.setSettings({ ok: true, settings: { ...settings, autoSync: true } });
    expect(await h.send('sidebar→background:settings', {})).toEqual({
      ok: true,
      data: { configured: true, autoSync: true, proxyUrl: PROXY_URL },
    });
    h.setSettings({ ok: false, problem: 'proxyUrl: Invalid URL', raw: { proxyUrl: 'x' } });
    expect(await h.send('sidebar→background:settings', {})).toMatchObject({ ok: true, data: { configured: false } });
    expect(await h.send('sidebar→background:lookup', { ticket, customer })).toMatchObject({
      ok: false,
      error: { code: 'not_configured', message: expect.stringContaining('proxyUrl: Invalid URL') },
    });
  });

  it('openOptions opens the options page', async () => {
    const h = harness();
    expect(await h.send('sidebar→background:openOptions', {})).toEqual({ ok: true, data: { opened: true } });
    expect(h.openOptionsPage).toHaveBeenCalledOnce();
  });

  it('testConnection checks the given URL and key, not the saved ones', async () => {
    const h = harness();
    const reply = await h.send(
      'options→background:testConnection',
      { proxyUrl: 'http://10.0.0.5:9999/', apiKey: 'other-key' },
      optionsPage,
    );
    expect(reply).toEqual({ ok: true, data: health });
    expect(h.requests[0]?.url.href).toBe('http://10.0.0.5:9999/v1/health');
    expect(h.requests[0]?.headers.get('authorization')).toBe('Bearer other-key');
  });

  it('testConnection reports the exact failure', async () => {
    const h = harness();
    h.setProxy('down');
    expect(
      await h.send('options→background:testConnection', { proxyUrl: 'http://127.0.0.1:1', apiKey: 'k' }, optionsPage),
    ).toMatchObject({ ok: false, error: { message: "Can't reach the sync proxy at http://127.0.0.1:1." } });
  });
});

describe('startBackground', () => {
  async function started(preload?: (repos: Repositories) => Promise<void>) {
    const repos = openDatabase(`background-start-${++dbCounter}`);
    openRepos.push(repos);
    await preload?.(repos);
    const proxy = fakeProxy(healthyProxy);
    const bg = startBackground({
      repos,
      fetch: proxy.fetch,
      readSettings: async () => ({ ok: true, settings }),
      openOptionsPage: async () => {},
      newId: () => crypto.randomUUID(),
      proxyRetryDelayMs: () => 0,
      custom: null, // the custom helpdesk's wiring is tested in custom-helpdesk.test.ts
    });
    await bg.ready;
    return { bg, repos, proxy };
  }

  it('registers the message listener and answers runtime messages', async () => {
    await started();
    const sendResponse = vi.fn();
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'sidebar→background:settings', payload: {} },
      contentScript as Browser.runtime.MessageSender,
      sendResponse,
    );
    await vi.waitFor(() =>
      expect(sendResponse).toHaveBeenCalledWith({
        ok: true,
        data: { configured: true, autoSync: false, proxyUrl: PROXY_URL },
      }),
    );
  });

  it('creates the outbox alarm once (a restart does not postpone it)', async () => {
    await started();
    const alarm = await fakeBrowser.alarms.get(OUTBOX_ALARM);
    expect(alarm).toMatchObject({ name: OUTBOX_ALARM, periodInMinutes: 1 });
    await fakeBrowser.alarms.create(OUTBOX_ALARM, { when: 42, periodInMinutes: 1 });
    await started();
    expect((await fakeBrowser.alarms.get(OUTBOX_ALARM))?.scheduledTime).toBe(42);
  });

  it('sends due entries on start and on the alarm', async () => {
    const entry = {
      id: 'queued-1',
      kind: 'sync' as const,
      payload: { ticket, customer },
      idempotencyKey: 'queued-key-1',
      createdAt: 1,
      attempts: 0,
      nextAttemptAt: 2,
      lastError: null,
    };
    const { repos, proxy, bg } = await started((r) => r.outbox.put(entry));
    expect(await repos.outbox.count()).toBe(0);
    expect(keysOf(proxy.requests, '/v1/sync')).toEqual(['queued-key-1']);

    await repos.outbox.put({ ...entry, id: 'queued-2', idempotencyKey: 'queued-key-2' });
    await fakeBrowser.alarms.onAlarm.trigger({ name: OUTBOX_ALARM, scheduledTime: Date.now() });
    await bg.outbox.idle();
    expect(keysOf(proxy.requests, '/v1/sync')).toEqual(['queued-key-1', 'queued-key-2']);
    expect(await repos.outbox.count()).toBe(0);
  });

  it('prunes cached tickets older than the retention period', async () => {
    const { repos } = await started(async (r) => {
      await r.tickets.put({
        ticketKey: 'zendesk:demo:old',
        customerKey: CUSTOMER_KEY,
        lookup: null,
        sync: null,
        savedAt: '2000-01-01T00:00:00.000Z',
      });
    });
    expect(await repos.tickets.get('zendesk:demo:old')).toBeNull();
  });
});
