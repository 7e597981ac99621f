/**
 * What every service needs: the database, the CRM, the field mapping and planner options, the
 * CRM field cache, a clock and a logger. Built once per app by `createServices`.
 */
import type { FieldMapping } from '../../lib/contracts/index.ts';
import type { PlannerOptions } from '../../lib/sync/index.ts';
import type { CrmProvider } from '../crm/types.ts';
import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';
import type { FieldCache } from './fields.ts';

export interface ServiceContext {
  db: Db;
  provider: CrmProvider;
  /** The resolved field mapping (zod defaults applied). */
  mapping: readonly FieldMapping[];
  /** CRM fields to read back on every CRM call (every mapped field). */
  readFields: readonly string[];
  options: PlannerOptions;
  fields: FieldCache;
  now: () => Date;
  log: Logger;
}

/** Who did something, for history and `resolvedBy`: the agent's email, else their name, else the API key's label. */
export function actorName(
  actor: { name?: string | null; email?: string | null } | undefined,
  keyLabel: string,
): string {
  const email = actor?.email?.trim();
  if (email) return email;
  const name = actor?.name?.trim();
  if (name) return name;
  return keyLabel;
}
