/**
 * The CRM object's field list (HubSpot `GET /crm/v3/properties/contacts`), read once and cached per
 * process so a sync knows which mapped fields exist and are writable before it writes
 * (DESIGN.md "Know the CRM's fields before writing").
 */
import type { CrmFieldInfo } from '../../lib/contracts/index.ts';
import type { CrmProvider } from '../crm/types.ts';

export interface FieldCache {
  /** The fields by name; read from the CRM when missing or older than the TTL. Throws the provider's CrmError. */
  get(): Promise<ReadonlyMap<string, CrmFieldInfo>>;
  /** Forget the cached list (e.g. after a CRM said a field does not exist). */
  invalidate(): void;
}

export interface FieldCacheOptions {
  /** How long a field list is used before it is read again, in ms (default 10 minutes). */
  ttlMs?: number;
  now?: () => number;
}

/** One in-flight read at a time: concurrent syncs share it. A failed read is not cached. */
export function createFieldCache(provider: CrmProvider, options: FieldCacheOptions = {}): FieldCache {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  let cached: { fields: ReadonlyMap<string, CrmFieldInfo>; at: number } | null = null;
  let pending: Promise<ReadonlyMap<string, CrmFieldInfo>> | null = null;

  return {
    get() {
      if (cached && now() - cached.at < ttlMs) return Promise.resolve(cached.fields);
      if (!pending) {
        pending = provider
          .describeFields()
          .then((list) => {
            const fields = new Map(list.map((field) => [field.name, field] as const));
            cached = { fields, at: now() };
            return fields as ReadonlyMap<string, CrmFieldInfo>;
          })
          .finally(() => {
            pending = null;
          });
      }
      return pending;
    },
    invalidate() {
      cached = null;
    },
  };
}
