/**
 * Sync history: every sync, resolution and discard — failures included — with a sentence for
 * people ("Wrote Phone, Company; queued Job title").
 */
import { desc, eq } from 'drizzle-orm';
import {
  type CrmProviderId,
  type CustomerField,
  FIELD_LABELS,
  type FieldWrite,
  type HistoryAction,
  type HistoryEntry,
  type RecordRef,
  type SyncOutcome,
  type SyncWarning,
} from '../../lib/contracts/index.ts';
import type { PlannedConflict } from '../../lib/sync/index.ts';
import type { Db } from '../db/index.ts';
import { history } from '../db/schema.ts';

export interface HistoryInput {
  at: Date;
  action: HistoryAction;
  /** A sync outcome, `resolved`/`stale`/`obsolete`/`discarded`, or `error`. */
  outcome: string;
  customerKey: string | null;
  record: RecordRef | null;
  summary: string;
  actor: string | null;
  apiKeyId: string | null;
  details?: Record<string, unknown>;
}

/** Appends one entry; returns its id. */
export async function recordHistory(db: Db, input: HistoryInput): Promise<string> {
  const [row] = await db
    .insert(history)
    .values({
      at: input.at,
      action: input.action,
      outcome: input.outcome,
      customerKey: input.customerKey,
      provider: input.record?.provider ?? null,
      objectType: input.record?.objectType ?? null,
      recordId: input.record?.id ?? null,
      summary: input.summary,
      actor: input.actor,
      apiKeyId: input.apiKeyId,
      details: input.details ?? null,
    })
    .returning({ id: history.id });
  return row!.id;
}

/** A customer's history, newest first. */
export async function listHistory(db: Db, customerKey: string, limit: number): Promise<HistoryEntry[]> {
  const rows = await db
    .select()
    .from(history)
    .where(eq(history.customerKey, customerKey))
    .orderBy(desc(history.at), desc(history.seq))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    action: row.action,
    outcome: row.outcome,
    customerKey: row.customerKey,
    record:
      row.provider && row.objectType && row.recordId
        ? ({ provider: row.provider, objectType: row.objectType, id: row.recordId } as RecordRef)
        : null,
    summary: row.summary,
    actor: row.actor,
  }));
}

/** "Phone", "Phone and Company", "Phone, Company and Job title". */
export function listLabels(fields: readonly CustomerField[]): string {
  const labels = [...new Set(fields)].map((field) => FIELD_LABELS[field]);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/**
 * The sentence for a sync, e.g. "Created contact 5101 with Name, Email and Phone",
 * "Wrote Phone and Company; queued Job title; skipped Notes", "No changes",
 * "Skipped: no email or phone to look up", "Lead 7f3c… already exists in Dynamics 365; linked, nothing written".
 */
export function syncSummary(input: {
  outcome: SyncOutcome;
  objectType: string | null;
  recordId: string | null;
  writes: readonly FieldWrite[];
  conflicts: readonly PlannedConflict[];
  warnings: readonly SyncWarning[];
  providerLabel: string;
}): string {
  if (input.outcome === 'skipped_no_key') return 'Skipped: no email or phone to look up';
  if (input.outcome === 'existing_lead') {
    const lead = input.recordId ? `Lead ${input.recordId}` : 'The lead';
    return `${lead} already exists in ${input.providerLabel}; linked, nothing written`;
  }
  const parts: string[] = [];
  const written = listLabels(input.writes.map((w) => w.field));
  if (input.outcome === 'created') {
    parts.push(
      `Created ${input.objectType ?? 'record'} ${input.recordId ?? ''}`.trim() + (written ? ` with ${written}` : ''),
    );
  } else if (written) {
    parts.push(`Wrote ${written}`);
  }
  const queued = listLabels(input.conflicts.map((c) => c.field));
  if (queued) parts.push(parts.length ? `queued ${queued}` : `Queued ${queued}`);
  const skipped = listLabels(
    input.warnings
      .filter((w) => (w.code === 'field_missing' || w.code === 'field_read_only') && w.field !== undefined)
      .map((w) => w.field!),
  );
  if (skipped)
    parts.push(
      parts.length
        ? `skipped ${skipped} (not writable in ${input.providerLabel})`
        : `Skipped ${skipped} (not writable in ${input.providerLabel})`,
    );
  return parts.length ? parts.join('; ') : 'No changes';
}

/** Provider id → RecordRef helper for history rows. */
export function recordRef(provider: CrmProviderId, objectType: RecordRef['objectType'], id: string): RecordRef {
  return { provider, objectType, id };
}
