/**
 * Finding a helpdesk customer in the CRM, in the order of DESIGN.md "The sync rules":
 * stored link → email (case-insensitive) → phone (E.164) → none. Every search candidate is
 * re-checked with the planner's `recordMatchesKey` (CRM searches may be fuzzy) against every email
 * and phone the record holds (its mapped fields and its `contactPoints`: a secondary email, a
 * mobile-only number — such a person is found, not created a second time), several matches are
 * narrowed with `chooseMatch` (most recently updated wins) and reported as a `multiple_matches`
 * warning; a link to a record the CRM no longer has is dropped with a `stale_link` warning.
 */
import {
  type Customer,
  customerKey,
  type LookupResult,
  type MatchedBy,
  type SyncWarning,
} from '../../lib/contracts/index.ts';
import { chooseMatch, type LookupKeys, lookupKeys, recordMatchesKey } from '../../lib/sync/index.ts';
import type { NativeRecord } from '../crm/types.ts';
import { pendingConflicts, toConflict } from './conflicts.ts';
import { type ServiceContext, searchObjectTypes } from './context.ts';
import { dropLink, findLink, saveLink } from './links.ts';
import { toCrmRecord } from './records.ts';

export interface FoundRecord {
  record: NativeRecord | null;
  matchedBy: Exclude<MatchedBy, 'created'> | null;
  /**
   * True when the record was found through a link this proxy stored when it CREATED the record for
   * this customer (a lead the sidebar made is the agent's to fill, not sales' to keep).
   */
  createdByProxy: boolean;
  warnings: SyncWarning[];
}

/**
 * Finds the customer's record. Stores a link when found by email or phone. Makes no CRM call when
 * the customer has no stored link and no usable key (callers check `lookupKeys` first).
 * Throws the provider's CrmError.
 */
export async function findRecord(ctx: ServiceContext, customer: Customer, keys: LookupKeys): Promise<FoundRecord> {
  const { db, provider } = ctx;
  const key = customerKey(customer);
  const warnings: SyncWarning[] = [];

  const link = await findLink(db, provider.id, key);
  if (link) {
    const linked = await provider.getById(link.recordId, await ctx.readable([link.objectType]), link.objectType);
    if (linked) return { record: linked, matchedBy: 'link', createdByProxy: link.createdByProxy, warnings };
    await dropLink(db, provider.id, key);
    warnings.push({
      code: 'stale_link',
      message: `The ${provider.label} record ${link.recordId} this customer was linked to no longer exists; looked them up again.`,
      details: { recordId: link.recordId },
    });
  }

  const searches: Array<{ by: 'email' | 'phone'; run: () => Promise<NativeRecord[]> }> = [];
  const properties = keys.email || keys.phone ? await ctx.readable(searchObjectTypes(provider)) : [];
  if (keys.email) {
    const email = keys.email;
    searches.push({ by: 'email', run: () => provider.findByEmail(email, properties) });
  }
  if (keys.phone) {
    const phone = keys.phone;
    searches.push({ by: 'phone', run: () => provider.findByPhone(phone, properties) });
  }

  for (const search of searches) {
    const candidates = (await search.run()).filter((record) =>
      recordMatchesKey(record.values, ctx.mapping, { [search.by]: keys[search.by] }, ctx.options, record.contactPoints),
    );
    const choice = chooseMatch(candidates);
    if (!choice) continue;
    if (choice.others.length > 0) {
      const others = choice.others.map((record) => record.id);
      warnings.push({
        code: 'multiple_matches',
        message:
          `${candidates.length} ${provider.label} records match this customer's ${search.by}; using ${choice.chosen.id} ` +
          `(the most recently updated). Also matching: ${others.join(', ')}.`,
        field: search.by,
        details: { chosen: choice.chosen.id, others },
      });
    }
    await saveLink(
      db,
      {
        provider: provider.id,
        customerKey: key,
        objectType: choice.chosen.objectType,
        recordId: choice.chosen.id,
        createdByProxy: false,
      },
      ctx.now(),
    );
    return { record: choice.chosen, matchedBy: search.by, createdByProxy: false, warnings };
  }
  return { record: null, matchedBy: null, createdByProxy: false, warnings };
}

/**
 * `POST /v1/lookup`: who is this customer in the CRM? Never writes to the CRM. No usable email or
 * phone → `noKey` with zero CRM calls.
 */
export async function lookupCustomer(ctx: ServiceContext, customer: Customer): Promise<LookupResult> {
  const keys = lookupKeys(customer, ctx.options);
  if (!keys.email && !keys.phone) {
    return { provider: ctx.provider.id, record: null, matchedBy: null, noKey: true, conflicts: [], warnings: [] };
  }
  const found = await findRecord(ctx, customer, keys);
  const conflicts = found.record ? await pendingConflicts(ctx.db, ctx.provider.id, found.record.id) : [];
  return {
    provider: ctx.provider.id,
    record: found.record ? toCrmRecord(ctx, found.record) : null,
    matchedBy: found.matchedBy,
    noKey: false,
    conflicts: conflicts.map(toConflict),
    warnings: found.warnings,
  };
}
