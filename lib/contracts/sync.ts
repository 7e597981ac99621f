/**
 * Request and response bodies of the proxy API v1 (see DESIGN.md "Proxy API"). Defined once here;
 * the proxy validates requests and builds responses with them, the extension validates responses.
 *
 * Imports nothing but zod.
 */
import { z } from 'zod';
import { type CrmObjectType, CrmProviderId, CrmRecord, RecordRef } from './crm.ts';
import { Actor, Customer, CustomerField } from './customer.ts';

/** Header carrying the idempotency key of a POST (any string of 8–200 visible ASCII chars; a UUID is ideal). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{8,200}$/, 'Idempotency-Key must be 8–200 visible ASCII characters');

/**
 * Outcome of one sync, and the words the sidebar shows for it.
 * `conflicts` wins over `updated` when a sync both wrote fields and has conflicts waiting.
 */
export const SYNC_OUTCOMES = [
  'created',
  'updated',
  'conflicts',
  'no_changes',
  'skipped_no_key',
  'existing_lead',
] as const;
export const SyncOutcome = z.enum(SYNC_OUTCOMES);
export type SyncOutcome = z.infer<typeof SyncOutcome>;
export const OUTCOME_LABELS: Record<SyncOutcome, string> = {
  created: 'Contact created',
  updated: 'Contact updated',
  conflicts: 'Conflicts queued',
  no_changes: 'No changes',
  skipped_no_key: 'No lookup key',
  existing_lead: 'Lead already exists',
};

/**
 * The words for `created` / `updated` when the record is a lead (Dynamics 365 creates Leads;
 * Salesforce in Lead mode syncs Leads), so the sidebar does not say "Contact" about a lead.
 */
export const LEAD_OUTCOME_LABELS = { created: 'Lead created', updated: 'Lead updated' } as const;

/**
 * The words the sidebar shows for `outcome` on a record of `objectType` (null/absent: no record,
 * or unknown): "Lead created" / "Lead updated" for a lead, else {@link OUTCOME_LABELS}.
 */
export function outcomeLabel(outcome: SyncOutcome, objectType?: CrmObjectType | null): string {
  if (objectType === 'lead' && (outcome === 'created' || outcome === 'updated')) return LEAD_OUTCOME_LABELS[outcome];
  return OUTCOME_LABELS[outcome];
}

/** How the record was found: stored link, email, phone, or it was just created. */
export const MatchedBy = z.enum(['link', 'email', 'phone', 'created']);
export type MatchedBy = z.infer<typeof MatchedBy>;

/**
 * A non-fatal note about a lookup or sync, shown under the outcome:
 * - `field_missing`: a mapped CRM field does not exist in this CRM account (skipped, never sent);
 * - `field_read_only`: a mapped CRM field cannot be written (skipped);
 * - `invalid_value`: a chat value could not be used (e.g. an unparseable phone number);
 * - `multiple_matches`: several records matched, the most recently updated was chosen
 *   (`details.others` lists the other ids);
 * - `stale_link`: the stored link pointed at a record the CRM no longer has; looked up again.
 */
export const WarningCode = z.enum([
  'field_missing',
  'field_read_only',
  'invalid_value',
  'multiple_matches',
  'stale_link',
]);
export type WarningCode = z.infer<typeof WarningCode>;
export const SyncWarning = z.object({
  code: WarningCode,
  message: z.string(),
  field: CustomerField.optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type SyncWarning = z.infer<typeof SyncWarning>;

/** One field written to the CRM by a sync or a resolution. `value` is what was sent (for a split name, the full name). */
export const FieldWrite = z.object({
  field: CustomerField,
  crmFields: z.array(z.string()).min(1),
  value: z.string(),
});
export type FieldWrite = z.infer<typeof FieldWrite>;

export const ConflictStatus = z.enum(['pending', 'resolved', 'discarded']);
export type ConflictStatus = z.infer<typeof ConflictStatus>;

/**
 * A queued conflict: the CRM and the chat hold different non-empty values for one field of one
 * record. At most one `pending` conflict exists per (record, field).
 * - `crmValue` / `chatValue`: display values (name joined from first + last).
 * - `resolution`: `chat` (Use chat value, written to the CRM), `crm` (Keep CRM value) — set once
 *   status is `resolved`; a Discard all sets status `discarded` and resolution `crm`.
 * - times are ISO 8601; `resolvedBy` is the agent's email or name, else the API key's label.
 */
export const Conflict = z.object({
  id: z.string().uuid(),
  record: RecordRef,
  customerKey: z.string().nullable(),
  field: CustomerField,
  label: z.string(),
  crmFields: z.array(z.string()).min(1),
  crmValue: z.string(),
  chatValue: z.string(),
  status: ConflictStatus,
  resolution: z.enum(['chat', 'crm']).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});
export type Conflict = z.infer<typeof Conflict>;

/** `POST /v1/lookup` body: who is this customer in the CRM? Never writes to the CRM. */
export const LookupRequest = z.object({ customer: Customer });
export type LookupRequest = z.infer<typeof LookupRequest>;

/**
 * `POST /v1/lookup` response. `noKey` is true (and `record` null, no CRM call made) when the
 * customer has neither email nor phone. `conflicts` are the record's pending conflicts.
 */
export const LookupResult = z.object({
  /** The CRM this proxy talks to (so the sidebar can say "Not in HubSpot yet" before any record exists). */
  provider: CrmProviderId,
  record: CrmRecord.nullable(),
  matchedBy: MatchedBy.nullable(),
  noKey: z.boolean(),
  conflicts: z.array(Conflict),
  warnings: z.array(SyncWarning),
});
export type LookupResult = z.infer<typeof LookupResult>;

/** `POST /v1/sync` body; send an `Idempotency-Key` header so a retry never creates twice. */
export const SyncRequest = z.object({ customer: Customer, actor: Actor.optional() });
export type SyncRequest = z.infer<typeof SyncRequest>;

/**
 * `POST /v1/sync` response.
 * - `record`: the CRM record after the sync (null for `skipped_no_key`; for `existing_lead` the lead).
 * - `written`: fields written by this sync; `queued`: conflicts newly queued by this sync;
 *   `conflicts`: every pending conflict of the record (including earlier ones).
 * - `historyId`: the sync history entry for this operation.
 */
export const SyncResult = z.object({
  outcome: SyncOutcome,
  provider: CrmProviderId,
  record: CrmRecord.nullable(),
  matchedBy: MatchedBy.nullable(),
  written: z.array(FieldWrite),
  queued: z.number().int().nonnegative(),
  conflicts: z.array(Conflict),
  warnings: z.array(SyncWarning),
  historyId: z.string(),
  at: z.string(),
});
export type SyncResult = z.infer<typeof SyncResult>;

/** `GET /v1/conflicts?record=<crm record id>` response: that record's pending conflicts, oldest first. */
export const ConflictList = z.object({ conflicts: z.array(Conflict) });
export type ConflictList = z.infer<typeof ConflictList>;
export const ConflictsQuery = z.object({ record: z.string().min(1).max(128) });

/** `POST /v1/conflicts/{id}/resolve` body: `chat` = Use chat value, `crm` = Keep CRM value. */
export const ResolveRequest = z.object({ choice: z.enum(['chat', 'crm']), actor: Actor.optional() });
export type ResolveRequest = z.infer<typeof ResolveRequest>;

/**
 * `POST /v1/conflicts/{id}/resolve` response. Resolution is compare-and-set against the CRM:
 * - `resolved`: done (for `chat`, the value was written; `written` lists it);
 * - `stale`: the CRM value changed since the agent saw it; nothing was written and `conflict`
 *   (still pending) carries the new `crmValue` to ask again;
 * - `obsolete`: the CRM now holds the chat value itself; nothing to do, the conflict is closed.
 * Resolving a conflict that is no longer pending answers its current state with status `resolved`.
 */
export const ResolveResult = z.object({
  status: z.enum(['resolved', 'stale', 'obsolete']),
  conflict: Conflict,
  written: z.array(FieldWrite),
  record: CrmRecord.nullable(),
});
export type ResolveResult = z.infer<typeof ResolveResult>;

/**
 * `POST /v1/conflicts/discard` body: the conflicts the agent saw (Discard all keeps every CRM value).
 * Only the listed ids are discarded, so a conflict queued meanwhile by someone else survives.
 */
export const DiscardRequest = z.object({ ids: z.array(z.string().uuid()).min(1).max(200), actor: Actor.optional() });
export type DiscardRequest = z.infer<typeof DiscardRequest>;
export const DiscardResult = z.object({ discarded: z.array(Conflict) });
export type DiscardResult = z.infer<typeof DiscardResult>;

export const HistoryAction = z.enum(['sync', 'resolve', 'discard', 'webhook']);
export type HistoryAction = z.infer<typeof HistoryAction>;

/** One sync-history entry; `summary` is a sentence for people ("Wrote Phone, Company"). */
export const HistoryEntry = z.object({
  id: z.string(),
  at: z.string(),
  action: HistoryAction,
  outcome: z.string(),
  customerKey: z.string().nullable(),
  record: RecordRef.nullable(),
  summary: z.string(),
  actor: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** `GET /v1/history?customer=<customerKey>&limit=` — newest first; `limit` 1–200, default 50. */
export const HistoryQuery = z.object({
  customer: z.string().min(1).max(600),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const HistoryList = z.object({ entries: z.array(HistoryEntry) });
export type HistoryList = z.infer<typeof HistoryList>;

/** `GET /v1/health` response (needs the API key, so it doubles as the options page's Test connection). */
export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  crm: z.object({ provider: CrmProviderId, label: z.string(), sandbox: z.boolean() }),
  database: z.enum(['pglite', 'postgres']),
});
export type Health = z.infer<typeof Health>;
