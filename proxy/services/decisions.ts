/**
 * Remembered decisions: Keep CRM value and Discard all settle (field, chat value, CRM value) for a
 * record, and the planner does not queue that pair again.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { CrmProviderId, CustomerField } from '../../lib/contracts/index.ts';
import type { SettledDecision } from '../../lib/sync/index.ts';
import type { Db } from '../db/index.ts';
import { decisions } from '../db/schema.ts';

export interface Decision {
  provider: CrmProviderId;
  objectType: string;
  recordId: string;
  field: CustomerField;
  chatValue: string;
  crmValue: string;
  decidedBy: string | null;
}

/** SHA-256 (hex) of `[chatValue, crmValue]` as JSON: the uniqueness key of a decision. */
export function decisionPairHash(chatValue: string, crmValue: string): string {
  return createHash('sha256')
    .update(JSON.stringify([chatValue, crmValue]), 'utf8')
    .digest('hex');
}

/** The settled decisions of one record, for the planner. */
export async function settledDecisions(
  db: Db,
  provider: CrmProviderId,
  objectType: string,
  recordId: string,
): Promise<SettledDecision[]> {
  const rows = await db
    .select({ field: decisions.field, chatValue: decisions.chatValue, crmValue: decisions.crmValue })
    .from(decisions)
    .where(
      and(eq(decisions.provider, provider), eq(decisions.objectType, objectType), eq(decisions.recordId, recordId)),
    );
  return rows.map((row) => ({ ...row, field: row.field as CustomerField }));
}

/** Remembers decisions; a pair already remembered is left as it is. */
export async function rememberDecisions(db: Db, list: readonly Decision[], now: Date): Promise<void> {
  if (list.length === 0) return;
  await db
    .insert(decisions)
    .values(list.map((d) => ({ ...d, pairHash: decisionPairHash(d.chatValue, d.crmValue), createdAt: now })))
    .onConflictDoNothing();
}
