/**
 * The CRM objects' field lists (HubSpot `GET /crm/v3/properties/contacts`, Salesforce describe,
 * Dynamics EntityDefinitions, ...), read once per object type and cached per process so a sync
 * knows which mapped fields exist and are writable before it writes (DESIGN.md "Know the CRM's
 * fields before writing"). Contacts and leads are cached apart: in Dynamics 365 and Salesforce they
 * are different objects with different fields.
 */
import type { CrmFieldInfo, CrmObjectType } from '../../lib/contracts/index.ts';
import type { CrmProvider } from '../crm/types.ts';

export interface FieldCache {
  /**
   * The fields of `objectType` (default: the object the provider creates) by name; read from the CRM
   * when missing or older than the TTL. Throws the provider's CrmError.
   */
  get(objectType?: CrmObjectType): Promise<ReadonlyMap<string, CrmFieldInfo>>;
  /** Forget every cached list (e.g. after a CRM said a field does not exist). */
  invalidate(): void;
}

export interface FieldCacheOptions {
  /** How long a field list is used before it is read again, in ms (default 10 minutes). */
  ttlMs?: number;
  now?: () => number;
}

/** One in-flight read per object type at a time: concurrent syncs share it. A failed read is not cached. */
export function createFieldCache(provider: CrmProvider, options: FieldCacheOptions = {}): FieldCache {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const cached = new Map<CrmObjectType, { fields: ReadonlyMap<string, CrmFieldInfo>; at: number }>();
  const pending = new Map<CrmObjectType, Promise<ReadonlyMap<string, CrmFieldInfo>>>();
  let generation = 0;

  return {
    get(objectType = provider.createsObjectType) {
      const hit = cached.get(objectType);
      if (hit && now() - hit.at < ttlMs) return Promise.resolve(hit.fields);
      let read = pending.get(objectType);
      if (!read) {
        const started = generation;
        read = provider
          .describeFields(objectType)
          .then((fields) => {
            const byName: ReadonlyMap<string, CrmFieldInfo> = new Map(
              fields.map((field) => [field.name, field] as const),
            );
            // A list read before an invalidate() may already be out of date: use it, don't keep it.
            if (started === generation) cached.set(objectType, { fields: byName, at: now() });
            return byName;
          })
          .finally(() => {
            pending.delete(objectType);
          });
        pending.set(objectType, read);
      }
      return read;
    },
    invalidate() {
      generation++;
      cached.clear();
    },
  };
}
