/**
 * The conflicts table: queueing (at most one pending conflict per record and field), listing, and
 * closing. The rules for resolving live in ./resolve.ts.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  type Conflict,
  type CrmObjectType,
  type CrmProviderId,
  type CustomerField,
  FIELD_LABELS,
} from '../../lib/contracts/index.ts';
import type { PlannedConflict } from '../../lib/sync/index.ts';
import type { Db } from '../db/index.ts';
import { conflicts } from '../db/schema.ts';

export type ConflictRow = typeof conflicts.$inferSelect;

/** The API shape of a stored conflict (times ISO 8601). */
export function toConflict(row: ConflictRow): Conflict {
  const field = row.field as CustomerField;
  return {
    id: row.id,
    record: { provider: row.provider as CrmProviderId, objectType: row.objectType as CrmObjectType, id: row.recordId },
    customerKey: row.customerKey,
    field,
    label: FIELD_LABELS[field] ?? row.field,
    crmFields: row.crmFields,
    crmValue: row.crmValue,
    chatValue: row.chatValue,
    status: row.status,
    resolution: row.resolution,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolvedAt: row.resolvedAt ? row.resolvedAt.toISOString() : null,
    resolvedBy: row.resolvedBy,
  };
}

/** The pending conflicts of one record, oldest first. */
export async function pendingConflicts(db: Db, provider: CrmProviderId, recordId: string): Promise<ConflictRow[]> {
  return db
    .select()
    .from(conflicts)
    .where(and(eq(conflicts.provider, provider), eq(conflicts.recordId, recordId), eq(conflicts.status, 'pending')))
    .orderBy(asc(conflicts.createdAt), asc(conflicts.field));
}

export async function findConflict(db: Db, id: string): Promise<ConflictRow | null> {
  const [row] = await db.select().from(conflicts).where(eq(conflicts.id, id)).limit(1);
  return row ?? null;
}

export interface ConflictTarget {
  provider: CrmProviderId;
  objectType: CrmObjectType;
  recordId: string;
  customerKey: string | null;
}

/**
 * Queues the planner's conflicts for one record. Per (record, field) there is at most one pending
 * conflict (a partial unique index enforces it across processes): the same values again keep the
 * existing row untouched; changed values update it in place.
 *
 * @returns the rows inserted or changed by this call (not the ones left as they were).
 */
export async function queueConflicts(
  db: Db,
  target: ConflictTarget,
  planned: readonly PlannedConflict[],
  now: Date,
): Promise<ConflictRow[]> {
  if (planned.length === 0) return [];
  return db
    .insert(conflicts)
    .values(
      planned.map((conflict) => ({
        provider: target.provider,
        objectType: target.objectType,
        recordId: target.recordId,
        customerKey: target.customerKey,
        field: conflict.field,
        crmFields: [...conflict.crmFields],
        crmValue: conflict.crmValue,
        chatValue: conflict.chatValue,
        status: 'pending' as const,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [conflicts.provider, conflicts.objectType, conflicts.recordId, conflicts.field],
      targetWhere: sql`status = 'pending'`,
      set: {
        crmValue: sql`excluded.crm_value`,
        chatValue: sql`excluded.chat_value`,
        crmFields: sql`excluded.crm_fields`,
        customerKey: sql`excluded.customer_key`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: sql`${conflicts.crmValue} IS DISTINCT FROM excluded.crm_value OR ${conflicts.chatValue} IS DISTINCT FROM excluded.chat_value`,
    })
    .returning();
}

export interface Closing {
  status: 'resolved' | 'discarded';
  resolution: 'chat' | 'crm' | null;
  resolvedBy: string;
  now: Date;
}

/** Closes one conflict if it is still pending; null when it was not (someone else closed it first). */
export async function closeConflict(db: Db, id: string, closing: Closing): Promise<ConflictRow | null> {
  const [row] = await db
    .update(conflicts)
    .set({
      status: closing.status,
      resolution: closing.resolution,
      resolvedBy: closing.resolvedBy,
      resolvedAt: closing.now,
      updatedAt: closing.now,
    })
    .where(and(eq(conflicts.id, id), eq(conflicts.status, 'pending')))
    .returning();
  return row ?? null;
}

/** Closes the listed conflicts that are still pending (for this provider); returns the closed rows. */
export async function closeConflicts(
  db: Db,
  provider: CrmProviderId,
  ids: readonly string[],
  closing: Closing,
): Promise<ConflictRow[]> {
  if (ids.length === 0) return [];
  return db
    .update(conflicts)
    .set({
      status: closing.status,
      resolution: closing.resolution,
      resolvedBy: closing.resolvedBy,
      resolvedAt: closing.now,
      updatedAt: closing.now,
    })
    .where(and(inArray(conflicts.id, [...ids]), eq(conflicts.provider, provider), eq(conflicts.status, 'pending')))
    .returning();
}

/** Closes every pending conflict of a record (the CRM no longer has it). */
export async function closeRecordConflicts(
  db: Db,
  provider: CrmProviderId,
  recordId: string,
  closing: Closing,
): Promise<ConflictRow[]> {
  return db
    .update(conflicts)
    .set({
      status: closing.status,
      resolution: closing.resolution,
      resolvedBy: closing.resolvedBy,
      resolvedAt: closing.now,
      updatedAt: closing.now,
    })
    .where(and(eq(conflicts.provider, provider), eq(conflicts.recordId, recordId), eq(conflicts.status, 'pending')))
    .returning();
}

/** A stale resolution: the CRM now holds `crmValue`; the conflict stays pending and asks again. */
export async function refreshCrmValue(db: Db, id: string, crmValue: string, now: Date): Promise<ConflictRow | null> {
  const [row] = await db
    .update(conflicts)
    .set({ crmValue, updatedAt: now })
    .where(and(eq(conflicts.id, id), eq(conflicts.status, 'pending')))
    .returning();
  return row ?? null;
}
