/**
 * What every service needs: the database, the CRM, the field mapping and planner options, the
 * CRM field cache, a clock and a logger. Built once per app by `createServices`.
 */
import type { CrmObjectType, FieldMapping } from '../../lib/contracts/index.ts';
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
  /** Every mapped CRM field (some may not exist in this CRM account; see `readable`). */
  readFields: readonly string[];
  /**
   * The mapped CRM fields (plus `extra`) that exist on any of `objectTypes`, per the cached field
   * lists: what a CRM call may read back. A field the CRM lacks is never sent, not even in a read
   * (a Salesforce SOQL query naming an unknown field fails). Throws the provider's CrmError.
   */
  readable(objectTypes: readonly CrmObjectType[], extra?: readonly string[]): Promise<string[]>;
  options: PlannerOptions;
  fields: FieldCache;
  now: () => Date;
  log: Logger;
}

/**
 * The object types a search may return: contacts and leads where the CRM reports existing leads
 * (Dynamics 365 looks up contacts, then leads), else what the CRM creates.
 */
export function searchObjectTypes(provider: CrmProvider): CrmObjectType[] {
  return provider.reportsExistingLeads ? ['contact', 'lead'] : [provider.createsObjectType];
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
