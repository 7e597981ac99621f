import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type OutboxEntry, openDatabase, type Repositories } from '../../../lib/db/index.ts';
import type { CachedTicket } from '../../../lib/messaging/protocol.ts';
import { CUSTOMER_KEY, customer, lookupResult, record, syncResult, TICKET_KEY, ticket } from './fixtures.ts';

let repos: Repositories | null = null;
let counter = 0;
function open(): Repositories {
  repos = openDatabase(`db-test-${++counter}`);
  return repos;
}
afterEach(async () => {
  await repos?.db.delete();
  repos = null;
});

const cached = (overrides: Partial<CachedTicket> = {}): CachedTicket => ({
  ticketKey: TICKET_KEY,
  customerKey: CUSTOMER_KEY,
  lookup: lookupResult,
  sync: null,
  savedAt: '2026-10-05T10:00:00.000Z',
  ...overrides,
});

const outboxEntry = (overrides: Partial<OutboxEntry> = {}): OutboxEntry =>
  ({
    id: 'e1',
    kind: 'sync',
    payload: { ticket, customer },
    idempotencyKey: 'key-0000001',
    createdAt: 1_000,
    attempts: 0,
    nextAttemptAt: 2_000,
    lastError: null,
    ...overrides,
  }) as OutboxEntry;

describe('tickets repository', () => {
  it('stores and reads a cached ticket', async () => {
    const { tickets } = open();
    expect(await tickets.get(TICKET_KEY)).toBeNull();
    await tickets.put(cached());
    expect(await tickets.get(TICKET_KEY)).toEqual(cached());
  });

  it('update reads, changes and writes in one transaction; null leaves the row alone', async () => {
    const { tickets } = open();
    await tickets.update(TICKET_KEY, (current) => {
      expect(current).toBeNull();
      return cached();
    });
    const saved = await tickets.update(TICKET_KEY, (current) => (current ? { ...current, sync: syncResult } : null));
    expect(saved?.sync).toEqual(syncResult);
    expect(await tickets.update(TICKET_KEY, () => null)).toBeNull();
    expect((await tickets.get(TICKET_KEY))?.sync).toEqual(syncResult);
  });

  it('refuses to store an entry that does not fit the schema', async () => {
    const { tickets } = open();
    await expect(tickets.put({ ...cached(), savedAt: 42 } as unknown as CachedTicket)).rejects.toThrow();
  });

  it('drops a stored row that no longer fits the schema instead of returning it', async () => {
    const r = open();
    await r.db.tickets.put({ ...cached(), lookup: { nonsense: true } } as unknown as CachedTicket);
    expect(await r.tickets.get(TICKET_KEY)).toBeNull();
    expect(await r.db.tickets.count()).toBe(0);
  });

  it('lists the tickets of one customer and prunes old entries', async () => {
    const { tickets } = open();
    await tickets.put(cached());
    await tickets.put(cached({ ticketKey: 'zendesk:demo:2000', savedAt: '2026-01-01T00:00:00.000Z' }));
    await tickets.put(cached({ ticketKey: 'zendesk:demo:3000', customerKey: 'zendesk:demo:other' }));
    expect((await tickets.forCustomer(CUSTOMER_KEY)).map((t) => t.ticketKey).sort()).toEqual([
      'zendesk:demo:1003',
      'zendesk:demo:2000',
    ]);
    expect(await tickets.prune(new Date('2026-06-01T00:00:00.000Z'))).toBe(1);
    expect(await tickets.get('zendesk:demo:2000')).toBeNull();
    expect(await tickets.get(TICKET_KEY)).not.toBeNull();
  });
});

describe('links repository', () => {
  it('puts, gets, deletes and prunes links', async () => {
    const { links } = open();
    await links.put(CUSTOMER_KEY, record, '2026-10-05T10:00:00.000Z');
    expect(await links.get(CUSTOMER_KEY)).toEqual({
      customerKey: CUSTOMER_KEY,
      record,
      savedAt: '2026-10-05T10:00:00.000Z',
    });
    await links.delete(CUSTOMER_KEY);
    expect(await links.get(CUSTOMER_KEY)).toBeNull();
    await links.put('a', record, '2026-01-01T00:00:00.000Z');
    await links.put('b', record, '2026-12-01T00:00:00.000Z');
    expect(await links.prune(new Date('2026-06-01T00:00:00.000Z'))).toBe(1);
    expect(await links.get('a')).toBeNull();
    expect(await links.get('b')).not.toBeNull();
  });
});

describe('outbox repository', () => {
  it('stores entries and lists them oldest first; due() honours nextAttemptAt', async () => {
    const { outbox } = open();
    await outbox.put(outboxEntry({ id: 'late', createdAt: 3_000, nextAttemptAt: 9_000 }));
    await outbox.put(outboxEntry({ id: 'old', createdAt: 1_000, nextAttemptAt: 5_000 }));
    await outbox.put(outboxEntry({ id: 'mid', createdAt: 2_000, nextAttemptAt: 4_000 }));
    expect((await outbox.list()).map((e) => e.id)).toEqual(['old', 'mid', 'late']);
    expect((await outbox.due(5_000)).map((e) => e.id)).toEqual(['old', 'mid']);
    expect(await outbox.count()).toBe(3);
    await outbox.remove('old');
    expect(await outbox.get('old')).toBeNull();
    expect(await outbox.count()).toBe(2);
  });

  it('finds the queued resolution of a conflict', async () => {
    const { outbox } = open();
    const conflictId = '0b7c6a56-2a1e-4d8e-9b6e-1f3c1d2a4b01';
    await outbox.put(outboxEntry());
    expect(await outbox.findResolve(conflictId)).toBeNull();
    await outbox.put(
      outboxEntry({
        id: 'r1',
        kind: 'resolve',
        payload: { ticket, conflictId, choice: 'chat' },
      } as Partial<OutboxEntry>),
    );
    expect((await outbox.findResolve(conflictId))?.id).toBe('r1');
  });

  it('refuses an entry whose payload does not fit its kind', async () => {
    const { outbox } = open();
    await expect(
      outbox.put(outboxEntry({ kind: 'resolve', payload: { ticket, customer } } as unknown as Partial<OutboxEntry>)),
    ).rejects.toThrow();
  });
});
