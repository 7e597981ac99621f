/**
 * `POST /v1/sync`: the sync rules of DESIGN.md carried out against the CRM. Every decision is the
 * planner's (lib/sync `planSync`); this module only reads, writes and stores what it is told:
 *
 * 1. no usable email or phone → `skipped_no_key`, zero CRM calls;
 * 2. find the record (link → email → phone, see ./lookup.ts);
 * 3. read the CRM's field list (cached) and the record's remembered decisions;
 * 4. nothing matched → create (a contact, or a lead where the CRM makes leads — Dynamics 365,
 *    Salesforce Lead mode; a create that races a duplicate links to the existing record, read back
 *    by id whatever its object type, and continues as an update — or as `existing_lead` when that
 *    record is a lead the CRM only reports); the match is a lead the CRM only reports
 *    (`reportsExistingLeads`: Dynamics 365) that the proxy FOUND by email or phone (someone else's)
 *    → `existing_lead`, the lead shown and linked, nothing written or queued; else — a contact, or
 *    a lead this proxy created for this customer (remembered on the link) → ONE update with every
 *    safe write, and the conflicts queued;
 * 5. a history entry for the sync — a failed one too, with the error.
 *
 * Every CRM call names the record's object type (contact or lead), from the lookup, the stored link
 * or the create, so a lead is read and written as a lead.
 */
import {
  type Actor,
  type Customer,
  customerKey,
  type FieldWrite,
  type MatchedBy,
  type SyncOutcome,
  type SyncResult,
  type SyncWarning,
} from '../../lib/contracts/index.ts';
import { lookupKeys, type PlannedConflict, planSync } from '../../lib/sync/index.ts';
import type { AuthenticatedKey } from '../auth.ts';
import { CrmError, type NativeRecord } from '../crm/types.ts';
import { toApiError } from '../errors.ts';
import { pendingConflicts, queueConflicts, toConflict } from './conflicts.ts';
import { actorName, type ServiceContext, searchObjectTypes } from './context.ts';
import { settledDecisions } from './decisions.ts';
import { recordHistory, syncSummary } from './history.ts';
import { saveLink } from './links.ts';
import { findRecord } from './lookup.ts';
import { toCrmRecord } from './records.ts';

export interface SyncCall {
  customer: Customer;
  actor?: Actor | undefined;
  apiKey: AuthenticatedKey;
}

interface Outcome {
  outcome: SyncOutcome;
  record: NativeRecord | null;
  matchedBy: MatchedBy | null;
  written: FieldWrite[];
  planned: PlannedConflict[];
  queued: number;
  warnings: SyncWarning[];
}

/** Runs one sync and records it in the history. Throws CrmError / ApiError (the failure is recorded first). */
export async function syncCustomer(ctx: ServiceContext, call: SyncCall): Promise<SyncResult> {
  const at = ctx.now();
  const key = customerKey(call.customer);
  const actor = actorName(call.actor, call.apiKey.label);
  let result: Outcome;
  try {
    result = await runSync(ctx, call.customer, key);
  } catch (error) {
    // The CRM refused a field: its field list may have changed since it was cached; read it again next time.
    if (error instanceof CrmError && (error.kind === 'invalid_field' || error.kind === 'validation')) {
      ctx.fields.invalidate();
    }
    const apiError = toApiError(error);
    await recordHistory(ctx.db, {
      at,
      action: 'sync',
      outcome: 'error',
      customerKey: key,
      record: null,
      summary: `Sync failed: ${apiError.message}`,
      actor,
      apiKeyId: call.apiKey.id,
      details: { error: { code: apiError.code, message: apiError.message, details: apiError.details ?? null } },
    }).catch((historyError: unknown) => ctx.log.error('could not record a failed sync in history', { historyError }));
    throw error;
  }

  const record = result.record;
  const ref = record ? { provider: ctx.provider.id, objectType: record.objectType, id: record.id } : null;
  const historyId = await recordHistory(ctx.db, {
    at,
    action: 'sync',
    outcome: result.outcome,
    customerKey: key,
    record: ref,
    summary: syncSummary({
      outcome: result.outcome,
      objectType: record?.objectType ?? null,
      recordId: record?.id ?? null,
      writes: result.written,
      conflicts: result.planned,
      warnings: result.warnings,
      providerLabel: ctx.provider.label,
    }),
    actor,
    apiKeyId: call.apiKey.id,
    details: {
      matchedBy: result.matchedBy,
      written: result.written,
      queued: result.planned,
      warnings: result.warnings,
    },
  });
  const conflicts = record ? await pendingConflicts(ctx.db, ctx.provider.id, record.id) : [];
  return {
    outcome: result.outcome,
    provider: ctx.provider.id,
    record: record ? toCrmRecord(ctx, record) : null,
    matchedBy: result.matchedBy,
    written: result.written,
    queued: result.queued,
    conflicts: conflicts.map(toConflict),
    warnings: result.warnings,
    historyId,
    at: at.toISOString(),
  };
}

async function runSync(ctx: ServiceContext, customer: Customer, key: string): Promise<Outcome> {
  const { provider } = ctx;
  const base = {
    customer,
    mapping: ctx.mapping,
    providerLabel: provider.label,
    options: ctx.options,
  };

  const keys = lookupKeys(customer, ctx.options);
  if (!keys.email && !keys.phone) {
    // No CRM call at all: not even the field list.
    const plan = planSync({ ...base, record: null, crmFields: null, settled: [] });
    return {
      outcome: 'skipped_no_key',
      record: null,
      matchedBy: null,
      written: [],
      planned: [],
      queued: 0,
      warnings: plan.warnings,
    };
  }

  const found = await findRecord(ctx, customer, keys);

  if (found.record && isReportedLead(ctx, found.record) && !found.createdByProxy) {
    // Sales owns the leads it has in this CRM: show and link the lead (findRecord stored the link), touch nothing.
    return existingLead(found.record, found.matchedBy ?? 'link', found.warnings);
  }

  if (!found.record) {
    const crmFields = await ctx.fields.get(provider.createsObjectType);
    const plan = planSync({ ...base, record: null, crmFields, settled: [] });
    if (plan.kind === 'create') {
      try {
        const created = await provider.create(plan.properties, await ctx.readable([provider.createsObjectType]));
        await link(ctx, key, created, true);
        return {
          outcome: 'created',
          record: created,
          matchedBy: 'created',
          written: plan.writes,
          planned: [],
          queued: 0,
          warnings: [...found.warnings, ...plan.warnings],
        };
      } catch (error) {
        const existing = await recoverFromDuplicate(ctx, customer, keys, error);
        if (!existing) throw error;
        await link(ctx, key, existing, false);
        // The CRM matched the person it refused to create twice by a key we gave it: the email
        // when there is one (every CRM's duplicate rules look at it first), else the phone.
        const matchedBy: MatchedBy = keys.email ? 'email' : 'phone';
        if (isReportedLead(ctx, existing)) return existingLead(existing, matchedBy, found.warnings);
        return update(ctx, base, key, existing, matchedBy, found.warnings);
      }
    }
    // The planner found nothing usable to create with after all (e.g. an unusable email and phone).
    return {
      outcome: 'skipped_no_key',
      record: null,
      matchedBy: null,
      written: [],
      planned: [],
      queued: 0,
      warnings: [...found.warnings, ...plan.warnings],
    };
  }

  return update(ctx, base, key, found.record, found.matchedBy ?? 'link', found.warnings);
}

/** Whether `record` is a lead of a CRM that reports existing leads rather than updating them (Dynamics 365). */
function isReportedLead(ctx: ServiceContext, record: NativeRecord): boolean {
  return ctx.provider.reportsExistingLeads && record.objectType === 'lead';
}

/** The `existing_lead` outcome: the lead shown (and linked by the caller), nothing written or queued. */
function existingLead(record: NativeRecord, matchedBy: MatchedBy, warnings: SyncWarning[]): Outcome {
  return { outcome: 'existing_lead', record, matchedBy, written: [], planned: [], queued: 0, warnings };
}

/**
 * A create refused as a duplicate (HubSpot 409 "Contact already exists. Existing ID: N") means
 * someone created the person meanwhile: fetch that record to continue with it. Returns null when
 * the error is something else or the existing record cannot be found.
 *
 * The existing record is read by id WITHOUT assuming it is of the kind being created: a Dynamics
 * 365 lead create is refused as a duplicate of a CONTACT (its cross-table e-mail rule), a
 * Salesforce Lead-mode create may collide with a Contact. The provider tells its true object type
 * (Dynamics ids are GUIDs unique across tables, Salesforce ids carry the object's key prefix); the
 * fields read are those of every object a lookup may return.
 */
async function recoverFromDuplicate(
  ctx: ServiceContext,
  customer: Customer,
  keys: ReturnType<typeof lookupKeys>,
  error: unknown,
): Promise<NativeRecord | null> {
  if (!(error instanceof CrmError) || error.kind !== 'duplicate') return null;
  if (error.existingId) {
    const objectTypes = [...new Set([ctx.provider.createsObjectType, ...searchObjectTypes(ctx.provider)])];
    const existing = await ctx.provider.getById(error.existingId, await ctx.readable(objectTypes));
    if (existing) return existing;
  }
  const again = await findRecord(ctx, customer, keys);
  return again.record;
}

/** Links the customer to `record`; `createdByProxy` when this sync created it. */
async function link(ctx: ServiceContext, key: string, record: NativeRecord, createdByProxy: boolean): Promise<void> {
  await saveLink(
    ctx.db,
    { provider: ctx.provider.id, customerKey: key, objectType: record.objectType, recordId: record.id, createdByProxy },
    ctx.now(),
  );
}

async function update(
  ctx: ServiceContext,
  base: Pick<Parameters<typeof planSync>[0], 'customer' | 'mapping' | 'providerLabel' | 'options'>,
  key: string,
  record: NativeRecord,
  matchedBy: MatchedBy,
  lookupWarnings: SyncWarning[],
): Promise<Outcome> {
  const crmFields = await ctx.fields.get(record.objectType);
  const settled = await settledDecisions(ctx.db, ctx.provider.id, record.objectType, record.id);
  const plan = planSync({ ...base, record, crmFields, settled });
  if (plan.kind !== 'update') {
    throw new Error(`The planner answered "${plan.kind}" for an existing record; expected "update".`);
  }

  let after = record;
  if (Object.keys(plan.properties).length > 0) {
    const readBack = await ctx.readable([record.objectType]);
    after = await ctx.provider.update(record.id, plan.properties, readBack, record.objectType);
  }
  const queued = await queueConflicts(
    ctx.db,
    { provider: ctx.provider.id, objectType: record.objectType, recordId: record.id, customerKey: key },
    plan.conflicts,
    ctx.now(),
  );
  const outcome: SyncOutcome =
    plan.conflicts.length > 0 ? 'conflicts' : plan.writes.length > 0 ? 'updated' : 'no_changes';
  return {
    outcome,
    record: after,
    matchedBy,
    written: plan.writes,
    planned: plan.conflicts,
    queued: queued.length,
    warnings: [...lookupWarnings, ...plan.warnings],
  };
}
