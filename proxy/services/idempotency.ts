/**
 * Idempotency keys (header `Idempotency-Key`), per API key, stored in the database so every proxy
 * process sees them:
 *
 * - the first request with a key claims it (`in_flight`) and runs;
 * - its 2xx response is stored (`done`) and replayed to a retry with the same request;
 * - the same key with a different request → `mismatch`; while the first is still running →
 *   `in_flight` (both answered 409 `idempotency_conflict` by the route);
 * - a request that fails releases its key, so the client's retry runs again;
 * - a claim older than `staleClaimMs` (a crashed process) may be taken over; keys expire after
 *   `retentionMs`.
 */
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { idempotencyKeys } from '../db/schema.ts';

export interface IdempotencyOptions {
  /** A claim older than this is considered abandoned (default 2 minutes). */
  staleClaimMs?: number;
  /** Keys older than this are forgotten (default 24 hours). */
  retentionMs?: number;
}

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of method, path and body (canonical JSON when the body parses, else its text). */
export function requestHash(method: string, path: string, bodyText: string): string {
  let body = bodyText;
  try {
    body = canonicalJson(JSON.parse(bodyText));
  } catch {
    // not JSON: hash the raw text
  }
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${body}`, 'utf8').digest('hex');
}

export interface IdempotencyStore {
  claim(apiKeyId: string, key: string, hash: string): Promise<ClaimResult>;
  complete(apiKeyId: string, key: string, status: number, body: unknown): Promise<void>;
  release(apiKeyId: string, key: string): Promise<void>;
  /** Deletes keys older than the retention; returns how many. */
  purgeExpired(): Promise<number>;
}

export function createIdempotencyStore(db: Db, now: () => Date, options: IdempotencyOptions = {}): IdempotencyStore {
  const staleClaimMs = options.staleClaimMs ?? 2 * 60_000;
  const retentionMs = options.retentionMs ?? 24 * 60 * 60_000;
  const where = (apiKeyId: string, key: string) =>
    and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key));

  return {
    async claim(apiKeyId, key, hash) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const at = now();
        const inserted = await db
          .insert(idempotencyKeys)
          .values({ apiKeyId, key, requestHash: hash, status: 'in_flight', createdAt: at })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeys.key });
        if (inserted.length > 0) return { kind: 'claimed' };

        const [existing] = await db.select().from(idempotencyKeys).where(where(apiKeyId, key)).limit(1);
        if (!existing) continue; // released meanwhile: try to claim again
        const age = at.getTime() - existing.createdAt.getTime();
        if (age > retentionMs) {
          await db
            .delete(idempotencyKeys)
            .where(and(where(apiKeyId, key), eq(idempotencyKeys.createdAt, existing.createdAt)));
          continue;
        }
        if (existing.requestHash !== hash) return { kind: 'mismatch' };
        if (existing.status === 'done') {
          return { kind: 'replay', status: existing.responseStatus ?? 200, body: existing.responseBody };
        }
        if (age <= staleClaimMs) return { kind: 'in_flight' };
        // An abandoned claim (its process died): take it over, unless someone else just did.
        const taken = await db
          .update(idempotencyKeys)
          .set({ createdAt: at })
          .where(
            and(
              where(apiKeyId, key),
              eq(idempotencyKeys.status, 'in_flight'),
              eq(idempotencyKeys.createdAt, existing.createdAt),
            ),
          )
          .returning({ key: idempotencyKeys.key });
        if (taken.length > 0) return { kind: 'claimed' };
      }
      return { kind: 'in_flight' };
    },

    async complete(apiKeyId, key, status, body) {
      await db
        .update(idempotencyKeys)
        .set({ status: 'done', responseStatus: status, responseBody: body, completedAt: now() })
        .where(where(apiKeyId, key));
    },

    async release(apiKeyId, key) {
      await db.delete(idempotencyKeys).where(and(where(apiKeyId, key), eq(idempotencyKeys.status, 'in_flight')));
    },

    async purgeExpired() {
      const cutoff = new Date(now().getTime() - retentionMs);
      const deleted = await db
        .delete(idempotencyKeys)
        .where(lt(idempotencyKeys.createdAt, cutoff))
        .returning({ key: idempotencyKeys.key });
      return deleted.length;
    },
  };
}
