/**
 * One database per test FILE, emptied before every test and dropped (or closed) after the file:
 *
 * - by default, an in-memory PGlite loaded from the migrated template the global setup built (each
 *   instance costs ~300 MB, so never one per test);
 * - when `TEST_DATABASE_URL` names a PostgreSQL server (`postgres://user:pass@host:5432/db`; the
 *   user needs CREATEDB), a fresh, uniquely named database on that server, created from the URL's
 *   database, migrated by `openDatabase` exactly as the proxy migrates at start-up, and dropped
 *   after the file. `npm test` runs the proxy's database-backed tests both ways (see
 *   scripts/test-all.ts); `.ci/run` provides the server.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { type Database, type DatabaseKind, openDatabase, truncateAll } from '../../../proxy/db/index.ts';

let template: Promise<Blob> | null = null;

/** The template dump (read once per worker). */
export function loadTemplate(): Promise<Blob> {
  template ??= readFile(inject('pgliteTemplatePath')).then((bytes) => new Blob([new Uint8Array(bytes)]));
  return template;
}

/** The PostgreSQL server the tests use instead of PGlite, or null (`TEST_DATABASE_URL`, blank = unset). */
export function testDatabaseUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : null;
}

/** Which database the test files of this run use. */
export function testDatabaseKind(): DatabaseKind {
  return testDatabaseUrl() ? 'postgres' : 'pglite';
}

/** `url` with its database name replaced by `name`. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

/** Runs `sql` over one short-lived connection to `url` (CREATE/DROP DATABASE cannot run in a pool's transaction). */
async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A new, empty database on the server of `TEST_DATABASE_URL` (migrated unless `migrate: false`),
 * its URL, and how to drop it.
 * The name is unique per call (`crm_test_<pid>_<random>`), so parallel files never share one.
 */
export async function createServerDatabase(
  serverUrl: string,
  options: { migrate?: boolean } = {},
): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const name = `crm_test_${process.pid}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  // Not `WITH (FORCE)`: that would need the right to end other roles' sessions (an autovacuum
  // worker's); a plain DROP ends autovacuum by itself, and the file's own pool is closed by then.
  // A session still closing is waited for a moment.
  const drop = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}"`);
      } catch (error) {
        if (attempt >= 20 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  try {
    const url = withDatabase(serverUrl, name);
    const database = await openDatabase({ databaseUrl: url, migrate: options.migrate ?? true });
    return { database, url, drop };
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}

/** Registers the hooks; read `.current` inside tests and hooks. */
export function useTestDatabase(): { readonly current: Database } {
  let database: Database | null = null;
  let drop: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    const serverUrl = testDatabaseUrl();
    if (serverUrl) {
      ({ database, drop } = await createServerDatabase(serverUrl));
    } else {
      database = await openDatabase({ template: await loadTemplate(), migrate: false });
    }
  });
  afterAll(async () => {
    try {
      await database?.close();
    } finally {
      database = null;
      await drop?.();
      drop = null;
    }
  });
  beforeEach(async () => {
    if (database) await truncateAll(database.db);
  });
  return {
    get current() {
      if (!database) throw new Error('The test database is not open (use it inside tests and hooks).');
      return database;
    },
  };
}
