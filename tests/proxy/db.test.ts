/**
 * proxy/db: migrations, the constraints the services rely on across processes, the embedded
 * database's single-process lock, and the idempotency store's expiry rules.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DatabaseError, MIGRATIONS_FOLDER, openDatabase } from '../../proxy/db/index.ts';
import { conflicts, decisions, idempotencyKeys } from '../../proxy/db/schema.ts';
import { rememberDecisions } from '../../proxy/services/decisions.ts';
import { createIdempotencyStore, requestHash } from '../../proxy/services/idempotency.ts';
import { createServerDatabase, testDatabaseUrl, useTestDatabase } from './support/db.ts';

const database = useTestDatabase();
const API_KEY_ID = '11111111-2222-4333-8444-555555555555';

const conflict = (status: 'pending' | 'resolved', crmValue = 'Globex Corporation') => ({
  provider: 'hubspot',
  objectType: 'contact',
  recordId: '102',
  customerKey: 'zendesk:demo:10003',
  field: 'company',
  crmFields: ['company'],
  crmValue,
  chatValue: 'Globex',
  status,
});

describe('schema', () => {
  it('allows at most one pending conflict per record and field, any number of closed ones', async () => {
    const { db } = database.current;
    await db.insert(conflicts).values([conflict('resolved'), conflict('resolved'), conflict('pending')]);
    await expect(db.insert(conflicts).values(conflict('pending', 'Other'))).rejects.toThrow();
    expect(await db.select().from(conflicts)).toHaveLength(3);
  });

  it('remembers a decision once, even with values too long for a btree key', async () => {
    const { db } = database.current;
    const long = 'n'.repeat(10_000);
    const decision = {
      provider: 'hubspot' as const,
      objectType: 'contact',
      recordId: '102',
      field: 'notes' as const,
      chatValue: long,
      crmValue: `${long}!`,
      decidedBy: 'env',
    };
    await rememberDecisions(db, [decision, decision], new Date());
    await rememberDecisions(db, [decision], new Date());
    expect(await db.select().from(decisions)).toHaveLength(1);
  });
});

describe('openDatabase on disk', () => {
  // Creating PGlite on disk from scratch takes seconds (longer on a busy CI machine).
  it(
    'migrates a new data directory, keeps data across restarts, and refuses a second opener',
    {
      timeout: 120_000,
    },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'crm-sidebar-db-test-'));
      try {
        const first = await openDatabase({ dataDir: dir });
        expect(first.kind).toBe('pglite');
        expect(first.description).toBe(`PGlite in ${path.join(dir, 'pglite')}`);
        await first.db.insert(conflicts).values(conflict('pending'));
        await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DatabaseError);
        await first.close();

        const again = await openDatabase({ dataDir: dir });
        expect(await again.db.select().from(conflicts)).toHaveLength(1);
        await again.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('openDatabase on PostgreSQL', () => {
  it('fails on an unreachable server with DatabaseError naming it, never the password', async () => {
    const error = await openDatabase({ databaseUrl: 'postgres://proxy:s3cret-pw@127.0.0.1:1/crm' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).toContain('127.0.0.1:1/crm');
    expect((error as Error).message).not.toContain('s3cret-pw');
  });

  // Runs with TEST_DATABASE_URL (npm test's PostgreSQL pass, .ci/run): many proxies share one server.
  it.runIf(testDatabaseUrl())('migrates a new database once when two proxies start on it together', async () => {
    const { database: setup, url, drop } = await createServerDatabase(testDatabaseUrl()!, { migrate: false });
    try {
      // Two "processes" start at the same moment on an empty database: the advisory lock makes one
      // migrate while the other waits, then finds every migration applied.
      const [a, b] = await Promise.all([openDatabase({ databaseUrl: url }), openDatabase({ databaseUrl: url })]);
      expect([a.kind, b.kind]).toEqual(['postgres', 'postgres']);
      const applied = (await a.db.execute(
        sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
      )) as unknown as { rows: Array<{ n: number }> };
      const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
        entries: unknown[];
      };
      expect(applied.rows[0]?.n).toBe(journal.entries.length);
      // What one process writes, the other reads.
      await a.db.insert(conflicts).values(conflict('pending'));
      expect(await b.db.select().from(conflicts)).toHaveLength(1);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await setup.close();
      await drop();
    }
  });
});

describe('idempotency store', () => {
  it('hashes equivalent JSON bodies alike and different ones apart', () => {
    expect(requestHash('POST', '/v1/sync', '{"a":1,"b":[1,{"c":2,"d":3}]}')).toBe(
      requestHash('post', '/v1/sync', '{ "b": [1, {"d":3, "c":2}], "a": 1 }'),
    );
    expect(requestHash('POST', '/v1/sync', '{"a":1}')).not.toBe(requestHash('POST', '/v1/sync', '{"a":2}'));
    expect(requestHash('POST', '/v1/sync', '{"a":1}')).not.toBe(requestHash('POST', '/v1/lookup', '{"a":1}'));
  });

  it('lets an abandoned claim be taken over, and forgets keys after the retention', async () => {
    const { db } = database.current;
    let now = new Date('2026-11-01T10:00:00Z');
    const store = createIdempotencyStore(db, () => now, { staleClaimMs: 60_000, retentionMs: 3_600_000 });

    expect(await store.claim(API_KEY_ID, 'key-00000001', 'h1')).toEqual({ kind: 'claimed' });
    expect(await store.claim(API_KEY_ID, 'key-00000001', 'h1')).toEqual({ kind: 'in_flight' });
    now = new Date('2026-11-01T10:02:00Z');
    expect(await store.claim(API_KEY_ID, 'key-00000001', 'h1')).toEqual({ kind: 'claimed' });
    await store.complete(API_KEY_ID, 'key-00000001', 200, { ok: true });
    expect(await store.claim(API_KEY_ID, 'key-00000001', 'h1')).toEqual({
      kind: 'replay',
      status: 200,
      body: { ok: true },
    });
    expect(await store.claim(API_KEY_ID, 'key-00000001', 'h2')).toEqual({ kind: 'mismatch' });

    now = new Date('2026-11-01T12:00:00Z');
    expect(await store.purgeExpired()).toBe(1);
    expect(await db.select().from(idempotencyKeys)).toEqual([]);
    expect(await store.claim(API_KEY_ID, 'key-00000001', 'h2')).toEqual({ kind: 'claimed' });
  });
});
