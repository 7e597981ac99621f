/**
 * One PGlite database per test FILE, loaded from the migrated template the global setup built
 * (each instance costs ~300 MB, so never one per test), emptied before every test and closed after
 * the file.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { type Database, openDatabase, truncateAll } from '../../../proxy/db/index.ts';

let template: Promise<Blob> | null = null;

/** The template dump (read once per worker). */
export function loadTemplate(): Promise<Blob> {
  template ??= readFile(inject('pgliteTemplatePath')).then((bytes) => new Blob([new Uint8Array(bytes)]));
  return template;
}

/** Registers the hooks; read `.current` inside tests and hooks. */
export function useTestDatabase(): { readonly current: Database } {
  let database: Database | null = null;
  beforeAll(async () => {
    database = await openDatabase({ template: await loadTemplate(), migrate: false });
  });
  afterAll(async () => {
    await database?.close();
    database = null;
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
