import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, test } from 'vitest';
import { describeReplyError } from '../../lib/store/errors.ts';
import { createSidebarStore, describeAge } from '../../lib/store/sidebar.ts';
import { useSidebar } from '../../lib/store/use-sidebar.ts';
import { createFakeClient, fail, ok } from './fake-client.ts';
import { conflict, lookup, readOk, record, syncResult, TICKET } from './fixtures.ts';

afterEach(cleanup);

function makeStore(client = createFakeClient(), read = readOk()) {
  return { client, store: createSidebarStore({ client, ticket: TICKET, read }) };
}

describe('createSidebarStore', () => {
  test('start runs once: one read, one cached, one settings, one lookup', async () => {
    let reads = 0;
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    const store = createSidebarStore({
      client,
      ticket: TICKET,
      read: async () => {
        reads++;
        return readOk();
      },
    });
    await Promise.all([store.getState().actions.start(), store.getState().actions.start()]);
    expect(reads).toBe(1);
    expect(client.calls.map((c) => c.type).sort()).toEqual([
      'sidebar→background:cached',
      'sidebar→background:lookup',
      'sidebar→background:settings',
    ]);
    expect(store.getState().crm.source).toBe('live');
    expect(store.getState().sync.status).toBe('idle');
  });

  test('a slow lookup never overwrites a newer sync, and its error is not shown', async () => {
    const { client, store } = makeStore();
    const slowLookup = client.hold('sidebar→background:lookup');
    client.queue('sidebar→background:sync', ok(syncResult('updated', { record: record({ company: 'After sync' }) })));
    const started = store.getState().actions.start();
    await waitFor(() => expect(store.getState().sync.status).toBe('loading'));
    await store.getState().actions.syncNow();
    expect(store.getState().crm.record?.values.company).toBe('After sync');
    slowLookup.resolve(ok(lookup({ record: record({ company: 'Before sync' }) })));
    await started;
    expect(store.getState().crm.record?.values.company).toBe('After sync');
    expect(store.getState().sync.outcome).toBe('updated');

    const second = makeStore();
    const failing = second.client.hold('sidebar→background:lookup');
    second.client.queue('sidebar→background:sync', ok(syncResult('no_changes')));
    const started2 = second.store.getState().actions.start();
    await waitFor(() => expect(second.store.getState().sync.status).toBe('loading'));
    await second.store.getState().actions.syncNow();
    failing.resolve(fail('proxy_unreachable', "Can't reach the sync proxy at http://x.test."));
    await started2;
    expect(second.store.getState().sync.error).toBeNull();
  });

  test('a resolved conflict does not come back from an older answer', async () => {
    const company = conflict('company', 'A', 'B');
    const { client, store } = makeStore();
    client.queue('sidebar→background:lookup', ok(lookup({ conflicts: [company] })));
    await store.getState().actions.start();
    const slowSync = client.hold('sidebar→background:sync');
    const syncing = store.getState().actions.syncNow();
    client.queue(
      'sidebar→background:resolve',
      ok({ status: 'resolved', conflict: { ...company, status: 'resolved' }, written: [], record: null }),
    );
    await store.getState().actions.resolve(company.id, 'crm');
    expect(store.getState().conflicts.rows).toHaveLength(0);
    slowSync.resolve(ok(syncResult('conflicts', { conflicts: [company] })));
    await syncing;
    expect(store.getState().conflicts.rows).toHaveLength(0);
  });

  test('a queued decision stays marked when a later answer still lists the conflict', async () => {
    const company = conflict('company', 'A', 'B');
    const { client, store } = makeStore();
    client.queue('sidebar→background:lookup', ok(lookup({ conflicts: [company] })));
    await store.getState().actions.start();
    client.queue('sidebar→background:resolve', fail('proxy_unreachable', 'down', { queued: true }));
    await store.getState().actions.resolve(company.id, 'chat');
    client.queue('sidebar→background:sync', ok(syncResult('conflicts', { conflicts: [company] })));
    await store.getState().actions.syncNow();
    expect(store.getState().conflicts.rows[0]).toMatchObject({ queued: 'chat', busy: null });
  });

  test('a client that throws becomes a visible error, not an unhandled rejection', async () => {
    const client = createFakeClient();
    client.on('sidebar→background:lookup', () => {
      throw new Error('Extension context invalidated.');
    });
    const { store } = makeStore(client);
    await store.getState().actions.start();
    expect(store.getState().sync.error).toMatchObject({
      code: 'extension_unavailable',
      message: 'The CRM sidebar lost its connection to the extension. Reload this page to continue.',
      retry: { kind: 'lookup' },
    });
  });

  test('a reader that throws is reported as an unreadable ticket', async () => {
    const broken = createSidebarStore({
      client: createFakeClient(),
      ticket: TICKET,
      read: async () => {
        throw new Error('boom');
      },
    });
    await broken.getState().actions.start();
    expect(broken.getState().ticket).toMatchObject({ status: 'failed', customer: null });
    expect(broken.getState().sync.error).toMatchObject({
      message: "Can't read this Zendesk ticket: boom",
      retry: { kind: 'read' },
    });
  });

  test('sync with no lookup key records it and clears the record', async () => {
    const { client, store } = makeStore();
    client.queue('sidebar→background:lookup', ok(lookup({ record: null, matchedBy: null, noKey: true })));
    await store.getState().actions.start();
    client.queue('sidebar→background:sync', ok(syncResult('skipped_no_key')));
    await store.getState().actions.syncNow();
    expect(store.getState().crm).toMatchObject({ record: null, noKey: true });
    expect(store.getState().sync.outcome).toBe('skipped_no_key');
  });
});

describe('describeReplyError', () => {
  test('proxy_unreachable names the URL from details, else settings, else says so without one', () => {
    const base = { code: 'proxy_unreachable', message: 'TypeError: Failed to fetch', retryable: true };
    expect(describeReplyError({ ...base, details: { proxyUrl: 'https://sync.acme.test' } }).message).toBe(
      "Can't reach the sync proxy at https://sync.acme.test.",
    );
    expect(describeReplyError(base, { proxyUrl: 'http://localhost:8787' }).message).toBe(
      "Can't reach the sync proxy at http://localhost:8787.",
    );
    expect(describeReplyError(base).message).toBe("Can't reach the sync proxy.");
  });

  test('not_configured and unauthorized offer Open settings; CRM errors pass the message through', () => {
    expect(describeReplyError({ code: 'not_configured', message: 'x', retryable: false })).toEqual({
      message: "Set the proxy URL and API key in the extension's options.",
      action: 'openOptions',
    });
    expect(describeReplyError({ code: 'unauthorized', message: 'x', retryable: false }).action).toBe('openOptions');
    expect(
      describeReplyError({ code: 'crm_validation', message: 'HubSpot said: bad phone', retryable: false }),
    ).toEqual({ message: 'HubSpot said: bad phone', action: null });
    expect(describeReplyError({ code: 'internal', message: '  ', retryable: false }).message).toBe(
      'The request failed (internal).',
    );
  });
});

test('describeAge', () => {
  expect(describeAge(10_000)).toBe('just now');
  expect(describeAge(5 * 60_000)).toBe('5 min ago');
  expect(describeAge(3 * 3_600_000)).toBe('3 h ago');
  expect(describeAge(26 * 3_600_000)).toBe('1 day ago');
  expect(describeAge(80 * 3_600_000)).toBe('3 days ago');
});

test('useSidebar re-renders only when the selected value changes', async () => {
  const { store } = makeStore();
  let renders = 0;
  function Outcome() {
    renders++;
    const outcome = useSidebar(store, (s) => s.sync.outcome);
    return <p>{outcome ?? 'none'}</p>;
  }
  render(<Outcome />);
  expect(screen.getByText('none')).toBeTruthy();
  const before = renders;
  act(() => store.setState({ settings: { configured: true, autoSync: false, proxyUrl: 'http://x.test' } }));
  expect(renders).toBe(before);
  act(() => store.setState((s) => ({ sync: { ...s.sync, outcome: 'no_changes' } })));
  expect(screen.getByText('no_changes')).toBeTruthy();
  expect(renders).toBe(before + 1);
});
