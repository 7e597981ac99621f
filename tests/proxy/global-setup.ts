/**
 * Global setup of the `proxy` test project: builds ONE migrated PGlite template per run (creating
 * PGlite from scratch takes seconds; loading a dump is much faster) and writes it to a temporary
 * file whose path tests read with `inject('pgliteTemplatePath')` (see tests/proxy/support/db.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createMigratedTemplate } from '../../proxy/db/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a tar dump of a migrated, empty PGlite database. */
    pgliteTemplatePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crm-sidebar-proxy-tests-'));
  const file = path.join(dir, 'template.tar');
  const template = await createMigratedTemplate();
  await writeFile(file, new Uint8Array(await template.arrayBuffer()));
  project.provide('pgliteTemplatePath', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
