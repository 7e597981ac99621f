/**
 * The proxy's tables (drizzle pg-core). One schema serves both drivers: embedded PGlite and
 * PostgreSQL. Change it, then run `npm run db:generate` to add a migration under proxy/db/migrations;
 * migrations are applied at start-up (see proxy/db/index.ts).
 *
 * Every timestamp is `timestamptz`; the API renders them as ISO 8601.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/**
 * API keys the extension authenticates with (`Authorization: Bearer <key>`). Only the SHA-256 hash
 * (lower-case hex) is stored. `PROXY_API_KEY` is upserted at start with label `env`.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().$defaultFn(randomUUID),
    label: text('label').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_keys_key_hash_uq').on(t.keyHash)],
);

/**
 * Helpdesk customer ↔ CRM record. One link per (provider, customer key); looked up first on every
 * lookup and sync, dropped when the CRM no longer has the record. `created_by_proxy`: the proxy
 * created the record for this customer (false: found by email/phone, or a create collided with it);
 * a lead the proxy created is updated on later syncs, a lead it found answers `existing_lead`.
 */
export const links = pgTable(
  'links',
  {
    provider: text('provider').notNull(),
    customerKey: text('customer_key').notNull(),
    objectType: text('object_type').notNull(),
    recordId: text('record_id').notNull(),
    createdByProxy: boolean('created_by_proxy').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.customerKey] }), index('links_record_idx').on(t.provider, t.recordId)],
);

/**
 * Queued conflicts: chat and CRM hold different non-empty values for one field of one record.
 * `status` pending | resolved | discarded; `resolution` chat | crm | null. A partial unique index
 * keeps at most ONE pending conflict per (provider, object type, record, field), across processes.
 */
export const conflicts = pgTable(
  'conflicts',
  {
    id: uuid('id').primaryKey().$defaultFn(randomUUID),
    provider: text('provider').notNull(),
    objectType: text('object_type').notNull(),
    recordId: text('record_id').notNull(),
    customerKey: text('customer_key'),
    field: text('field').notNull(),
    crmFields: jsonb('crm_fields').$type<string[]>().notNull(),
    crmValue: text('crm_value').notNull(),
    chatValue: text('chat_value').notNull(),
    status: text('status', { enum: ['pending', 'resolved', 'discarded'] })
      .notNull()
      .default('pending'),
    resolution: text('resolution', { enum: ['chat', 'crm'] }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    resolvedBy: text('resolved_by'),
  },
  (t) => [
    uniqueIndex('conflicts_one_pending_uq')
      .on(t.provider, t.objectType, t.recordId, t.field)
      .where(sql`${t.status} = 'pending'`),
    index('conflicts_record_idx').on(t.provider, t.recordId, t.status),
  ],
);

/**
 * Remembered decisions (Keep CRM value / Discard all): for this record's field, this chat value
 * against this CRM value, keep the CRM. The planner does not queue such a pair again.
 * `pairHash` is the SHA-256 (hex) of the JSON `[chatValue, crmValue]`: values may be up to 10,000
 * characters (notes), too long for a btree key, so uniqueness is enforced on the hash.
 */
export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey().$defaultFn(randomUUID),
    provider: text('provider').notNull(),
    objectType: text('object_type').notNull(),
    recordId: text('record_id').notNull(),
    field: text('field').notNull(),
    chatValue: text('chat_value').notNull(),
    crmValue: text('crm_value').notNull(),
    pairHash: text('pair_hash').notNull(),
    decidedBy: text('decided_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('decisions_pair_uq').on(t.provider, t.objectType, t.recordId, t.field, t.pairHash)],
);

/**
 * Sync history: one row per sync, resolution and discard (failures included, with the error).
 * `details` holds what was written/queued, the warnings and the error, for audits.
 */
export const history = pgTable(
  'history',
  {
    id: uuid('id').primaryKey().$defaultFn(randomUUID),
    /** Insertion order, to list entries written in the same millisecond deterministically. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    action: text('action', { enum: ['sync', 'resolve', 'discard', 'webhook'] }).notNull(),
    outcome: text('outcome').notNull(),
    customerKey: text('customer_key'),
    provider: text('provider'),
    objectType: text('object_type'),
    recordId: text('record_id'),
    summary: text('summary').notNull(),
    actor: text('actor'),
    apiKeyId: uuid('api_key_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('history_customer_at_idx').on(t.customerKey, t.at),
    index('history_record_at_idx').on(t.provider, t.recordId, t.at),
  ],
);

/**
 * Idempotency keys, per API key. A request claims its key (`in_flight`) before running; a 2xx
 * response is stored (`done`) and replayed for a retry with the same request hash. A failed request
 * releases its key so the client can retry.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    apiKeyId: uuid('api_key_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: text('status', { enum: ['in_flight', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index('idempotency_created_idx').on(t.createdAt)],
);

/** Every table, in an order safe to truncate together. */
export const ALL_TABLES = ['api_keys', 'links', 'conflicts', 'decisions', 'history', 'idempotency_keys'] as const;
