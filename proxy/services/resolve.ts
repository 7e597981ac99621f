/**
 * Settling queued conflicts: `POST /v1/conflicts/{id}/resolve` (Use chat value / Keep CRM value)
 * and `POST /v1/conflicts/discard` (Discard all).
 *
 * Resolution is compare-and-set (DESIGN.md "Resolving a conflict is compare-and-set"): the record
 * is re-read from the CRM and the planner's `planResolution` decides from what it holds NOW —
 * `stale` (changed since the agent looked: nothing written, the conflict asks again with the new
 * CRM value), `obsolete` (the CRM already holds the chat value: closed), `write` (one update), or
 * `keep` (closed, and the decision remembered so the next sync does not queue it again).
 */
import {
  type Actor,
  type CrmObjectType,
  type CrmProviderId,
  type CustomerField,
  type DiscardResult,
  FIELD_LABELS,
  type FieldMapping,
  type FieldWrite,
  type ResolveResult,
} from '../../lib/contracts/index.ts';
import { planResolution, valuesEqual } from '../../lib/sync/index.ts';
import type { AuthenticatedKey } from '../auth.ts';
import type { NativeRecord } from '../crm/types.ts';
import { ApiError, toApiError } from '../errors.ts';
import {
  type ConflictRow,
  closeConflict,
  closeConflicts,
  closeRecordConflicts,
  findConflict,
  refreshCrmValue,
  toConflict,
} from './conflicts.ts';
import { actorName, type ServiceContext } from './context.ts';
import { rememberDecisions } from './decisions.ts';
import { listLabels, recordHistory } from './history.ts';
import { dropLinksToRecord } from './links.ts';
import { toCrmRecord } from './records.ts';

export interface ResolveCall {
  id: string;
  choice: 'chat' | 'crm';
  actor?: Actor | undefined;
  apiKey: AuthenticatedKey;
}

/** The mapping entry to resolve a conflict with: the current one's policy/direction, the CRM fields the agent saw. */
function mappingFor(ctx: ServiceContext, row: ConflictRow): FieldMapping {
  const field = row.field as CustomerField;
  const current = ctx.mapping.find((entry) => entry.field === field);
  return {
    field,
    crmFields: row.crmFields,
    direction: current?.direction ?? 'both',
    policy: current?.policy ?? 'queue',
  };
}

function ref(row: ConflictRow) {
  return { provider: row.provider as CrmProviderId, objectType: row.objectType as CrmObjectType, id: row.recordId };
}

/**
 * Resolves one conflict. A conflict that is no longer pending answers its current state with status
 * `resolved` (a retry of a resolution that already happened is harmless).
 *
 * @throws ApiError `not_found` for an unknown id, or when the CRM no longer has the record (its
 *   pending conflicts are then closed); CrmError from the CRM.
 */
export async function resolveConflict(ctx: ServiceContext, call: ResolveCall): Promise<ResolveResult> {
  const row = await findConflict(ctx.db, call.id);
  if (!row || row.provider !== ctx.provider.id) {
    throw new ApiError('not_found', `No conflict with id ${call.id}.`, { details: { id: call.id } });
  }
  if (row.status !== 'pending') {
    return { status: 'resolved', conflict: toConflict(row), written: [], record: null };
  }

  const by = actorName(call.actor, call.apiKey.label);
  const label = FIELD_LABELS[row.field as CustomerField] ?? row.field;
  const history = (outcome: string, summary: string, details: Record<string, unknown> = {}) =>
    recordHistory(ctx.db, {
      at: ctx.now(),
      action: 'resolve',
      outcome,
      customerKey: row.customerKey,
      record: ref(row),
      summary,
      actor: by,
      apiKeyId: call.apiKey.id,
      details: { conflictId: row.id, field: row.field, choice: call.choice, ...details },
    });

  try {
    const objectType = row.objectType as CrmObjectType;
    const readFields = await ctx.readable([objectType], row.crmFields);
    const current = await ctx.provider.getById(row.recordId, readFields, objectType);
    if (!current) {
      const now = ctx.now();
      await closeRecordConflicts(ctx.db, ctx.provider.id, row.recordId, {
        status: 'discarded',
        resolution: null,
        resolvedBy: by,
        now,
      });
      await dropLinksToRecord(ctx.db, ctx.provider.id, row.recordId);
      throw new ApiError(
        'not_found',
        `${ctx.provider.label} no longer has record ${row.recordId}, so its pending conflicts were closed.`,
        { details: { recordId: row.recordId } },
      );
    }

    const mapping = mappingFor(ctx, row);
    const field = row.field as CustomerField;
    let plan = planResolution({
      conflict: { field, crmFields: row.crmFields, crmValue: row.crmValue, chatValue: row.chatValue },
      choice: call.choice,
      current: current.values,
      mapping,
      options: ctx.options,
    });
    // Compare-and-set: "stale" means the CRM changed since the agent looked. When it holds exactly
    // what the conflict already shows (e.g. a blank the agent was asked about again), it has not.
    if (
      plan.kind === 'stale' &&
      call.choice === 'crm' &&
      valuesEqual(field, plan.crmValue, row.crmValue, ctx.options)
    ) {
      plan = { kind: 'keep' };
    }

    const closing = (resolution: 'chat' | 'crm') => ({
      status: 'resolved' as const,
      resolution,
      resolvedBy: by,
      now: ctx.now(),
    });
    const settledElsewhere = async (): Promise<ResolveResult> => {
      const latest = (await findConflict(ctx.db, row.id)) ?? row;
      return { status: 'resolved', conflict: toConflict(latest), written: [], record: toCrmRecord(ctx, current) };
    };

    switch (plan.kind) {
      case 'stale': {
        const updated = await refreshCrmValue(ctx.db, row.id, plan.crmValue, ctx.now());
        if (!updated) return settledElsewhere();
        await history('stale', `${label} changed in ${ctx.provider.label} since it was queued; asked again`, {
          crmValue: plan.crmValue,
        });
        return { status: 'stale', conflict: toConflict(updated), written: [], record: toCrmRecord(ctx, current) };
      }
      case 'obsolete': {
        const closed = await closeConflict(ctx.db, row.id, closing('chat'));
        if (!closed) return settledElsewhere();
        await history('obsolete', `${label} already holds the chat value in ${ctx.provider.label}; closed`);
        return { status: 'obsolete', conflict: toConflict(closed), written: [], record: toCrmRecord(ctx, current) };
      }
      case 'write': {
        const after: NativeRecord = await ctx.provider.update(row.recordId, plan.properties, readFields, objectType);
        const written: FieldWrite[] = [plan.write];
        const closed =
          (await closeConflict(ctx.db, row.id, closing('chat'))) ?? (await findConflict(ctx.db, row.id)) ?? row;
        await history('resolved', `Used chat value for ${label}`, { written });
        return { status: 'resolved', conflict: toConflict(closed), written, record: toCrmRecord(ctx, after) };
      }
      case 'keep': {
        const closed = await ctx.db.transaction(async (tx) => {
          const done = await closeConflict(tx, row.id, closing('crm'));
          if (done) {
            await rememberDecisions(
              tx,
              [
                {
                  provider: ctx.provider.id,
                  objectType: row.objectType,
                  recordId: row.recordId,
                  field,
                  chatValue: row.chatValue,
                  crmValue: row.crmValue,
                  decidedBy: by,
                },
              ],
              ctx.now(),
            );
          }
          return done;
        });
        if (!closed) return settledElsewhere();
        await history('resolved', `Kept ${ctx.provider.label} value for ${label}`);
        return { status: 'resolved', conflict: toConflict(closed), written: [], record: toCrmRecord(ctx, current) };
      }
    }
  } catch (error) {
    const apiError = toApiError(error);
    await history('error', `Resolving ${label} failed: ${apiError.message}`, {
      error: { code: apiError.code, message: apiError.message },
    }).catch((historyError: unknown) =>
      ctx.log.error('could not record a failed resolution in history', { historyError }),
    );
    throw error;
  }
}

export interface DiscardCall {
  ids: readonly string[];
  actor?: Actor | undefined;
  apiKey: AuthenticatedKey;
}

/**
 * Discard all: closes exactly the listed conflicts that are still pending (status `discarded`,
 * resolution `crm`) and remembers each (field, chat value, CRM value) so it is not queued again.
 * Ids that are unknown or already closed are ignored. No CRM call.
 */
export async function discardConflicts(ctx: ServiceContext, call: DiscardCall): Promise<DiscardResult> {
  const by = actorName(call.actor, call.apiKey.label);
  const now = ctx.now();
  const ids = [...new Set(call.ids)];
  const closed = await ctx.db.transaction(async (tx) => {
    const rows = await closeConflicts(tx, ctx.provider.id, ids, {
      status: 'discarded',
      resolution: 'crm',
      resolvedBy: by,
      now,
    });
    await rememberDecisions(
      tx,
      rows.map((row) => ({
        provider: ctx.provider.id,
        objectType: row.objectType,
        recordId: row.recordId,
        field: row.field as CustomerField,
        chatValue: row.chatValue,
        crmValue: row.crmValue,
        decidedBy: by,
      })),
      now,
    );
    return rows;
  });

  // One history entry per record (and customer) touched.
  const groups = new Map<string, ConflictRow[]>();
  for (const row of closed) {
    const groupKey = JSON.stringify([row.objectType, row.recordId, row.customerKey]);
    groups.set(groupKey, [...(groups.get(groupKey) ?? []), row]);
  }
  for (const rows of groups.values()) {
    const first = rows[0]!;
    await recordHistory(ctx.db, {
      at: now,
      action: 'discard',
      outcome: 'discarded',
      customerKey: first.customerKey,
      record: ref(first),
      summary: `Discarded ${listLabels(rows.map((row) => row.field as CustomerField))}; kept ${ctx.provider.label} values`,
      actor: by,
      apiKeyId: call.apiKey.id,
      details: { conflictIds: rows.map((row) => row.id) },
    });
  }
  return { discarded: closed.map(toConflict) };
}
