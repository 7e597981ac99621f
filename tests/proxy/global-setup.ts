/**
 * Global setup of the `proxy` test project: builds ONE migrated PGlite template per run (creating
 * PGlite from scratch takes seconds; loading a dump is much faster) and writes it to a temporary
 * file whose path tests read with `inject('pgliteTemplatePath')` (see tests/proxy/support/db.ts).
 * With TEST_DATABASE_URL set, the test files use fresh databases on that PostgreSQL server instead;
 * the setup checks first that it answers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createMigratedTemplate } from '../../proxy/db/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a tar dump of a migrated, empty PGlite database. */
    pgliteTemplatePath: string;
  }
}

/**
 * With TEST_DATABASE_URL set, the server must answer before any test file creates its database:
 * fail the run at once with the reason, rather than every file with the same error.
 */
async function checkServer(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `TEST_DATABASE_URL is set, but PostgreSQL cannot be reached there: ${(error as Error).message}. ` +
        'Start the server, or unset TEST_DATABASE_URL to run the proxy tests on PGlite.',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL?.trim();
  if (serverUrl) await checkServer(serverUrl);
  const dir = await mkdtemp(path.join(tmpdir(), 'crm-sidebar-proxy-tests-'));
  const file = path.join(dir, 'template.tar');
  const template = await createMigratedTemplate();
  await writeFile(file, new Uint8Array(await template.arrayBuffer()));
  project.provide('pgliteTemplatePath', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
