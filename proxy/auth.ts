/**
 * API-key authentication for every /v1 route: `Authorization: Bearer <key>`.
 *
 * Keys are stored as SHA-256 hashes (hex) in `api_keys`; a presented key is hashed and compared with
 * every active hash using `crypto.timingSafeEqual`, without stopping at the first match, so the time
 * taken says nothing about which bytes were right. Active hashes are cached in memory for a short
 * while (a cache only: a key revoked by another process stops working within `ttlMs`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { Db } from './db/index.ts';
import { apiKeys } from './db/schema.ts';
import { ApiError } from './errors.ts';

/** The key a request authenticated with; the label names it in history ("env", "support team"). */
export interface AuthenticatedKey {
  id: string;
  label: string;
}

/** SHA-256 of the key's UTF-8 bytes, lower-case hex (64 chars). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Makes `key` an active API key labelled `env` (PROXY_API_KEY at start-up), re-activating it when it
 * was revoked, and revokes any other `env` key, so rotating PROXY_API_KEY retires the old one.
 */
export async function upsertEnvApiKey(db: Db, key: string, now: Date = new Date()): Promise<AuthenticatedKey> {
  const keyHash = hashApiKey(key);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ label: 'env', keyHash, createdAt: now })
      .onConflictDoUpdate({ target: apiKeys.keyHash, set: { label: 'env', revokedAt: null } })
      .returning({ id: apiKeys.id, label: apiKeys.label });
    await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.label, 'env'), ne(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
    return row!;
  });
}

interface CachedKey {
  id: string;
  label: string;
  hash: Buffer;
}

export interface KeyVerifierOptions {
  /** How long the active-key list is trusted, in ms (default 30 s). */
  ttlMs?: number;
  /** After a miss, the list is re-read at most this often, in ms (default 2 s), so a new key works quickly. */
  missRefreshMs?: number;
  now?: () => number;
}

/** Checks presented keys against the active keys in the database. */
export interface KeyVerifier {
  /** The key's identity, or null when it is not an active key. */
  verify(presented: string): Promise<AuthenticatedKey | null>;
  /** Forget the cached list (after creating or revoking a key in this process). */
  invalidate(): void;
}

export function createKeyVerifier(db: Db, options: KeyVerifierOptions = {}): KeyVerifier {
  const ttlMs = options.ttlMs ?? 30_000;
  const missRefreshMs = options.missRefreshMs ?? 2_000;
  const now = options.now ?? Date.now;
  let cache: { keys: CachedKey[]; loadedAt: number } | null = null;
  let loading: Promise<CachedKey[]> | null = null;

  const load = async (): Promise<CachedKey[]> => {
    if (!loading) {
      loading = db
        .select({ id: apiKeys.id, label: apiKeys.label, keyHash: apiKeys.keyHash })
        .from(apiKeys)
        .where(isNull(apiKeys.revokedAt))
        .then((rows) => {
          const keys = rows
            .filter((row) => /^[0-9a-f]{64}$/.test(row.keyHash))
            .map((row) => ({ id: row.id, label: row.label, hash: Buffer.from(row.keyHash, 'hex') }));
          cache = { keys, loadedAt: now() };
          return keys;
        })
        .finally(() => {
          loading = null;
        });
    }
    return loading;
  };

  const match = (keys: readonly CachedKey[], presented: Buffer): AuthenticatedKey | null => {
    let found: CachedKey | null = null;
    for (const key of keys) {
      // Every key is compared, whatever the earlier results, and every comparison takes the same time.
      if (timingSafeEqual(key.hash, presented) && found === null) found = key;
    }
    return found ? { id: found.id, label: found.label } : null;
  };

  return {
    async verify(presented) {
      const hash = Buffer.from(hashApiKey(presented), 'hex');
      const fresh = cache !== null && now() - cache.loadedAt < ttlMs;
      const keys = fresh && cache ? cache.keys : await load();
      const hit = match(keys, hash);
      if (hit || !fresh || !cache || now() - cache.loadedAt < missRefreshMs) return hit;
      return match(await load(), hash);
    },
    invalidate() {
      cache = null;
    },
  };
}

/** The variables `requireApiKey` sets on the Hono context. */
export interface AuthVariables {
  apiKey: AuthenticatedKey;
}

const unauthorized = (message: string) =>
  new ApiError('unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer realm="crm-sync-proxy"' } });

/**
 * Hono middleware: rejects a request without a valid `Authorization: Bearer <key>` with 401 and the
 * envelope (`unauthorized`), else stores the key's identity as `c.var.apiKey`.
 */
export function requireApiKey(verifier: KeyVerifier): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (header === undefined || header.trim() === '') {
      throw unauthorized('Missing API key: send it as the header "Authorization: Bearer <API key>".');
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header.trim());
    if (!match) {
      throw unauthorized('The Authorization header must be "Bearer <API key>".');
    }
    const key = await verifier.verify(match[1]!);
    if (!key) {
      throw unauthorized('The API key was not accepted: it is unknown or has been revoked.');
    }
    c.set('apiKey', key);
    await next();
  };
}
