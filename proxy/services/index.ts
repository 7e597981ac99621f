/**
 * The proxy's use cases, bound to one database, one CRM and one field mapping. Routes call these;
 * they hold no state another process needs (only caches: the CRM field list).
 */
import type {
  Conflict,
  Customer,
  DiscardRequest,
  DiscardResult,
  FieldMappingInput,
  HistoryEntry,
  LookupResult,
  ResolveResult,
  SyncRequest,
  SyncResult,
} from '../../lib/contracts/index.ts';
import { mappedCrmFields, resolveMapping } from '../../lib/sync/index.ts';
import type { AuthenticatedKey } from '../auth.ts';
import type { CrmProvider } from '../crm/types.ts';
import type { Db } from '../db/index.ts';
import { type Logger, silentLogger } from '../log.ts';
import { pendingConflicts, toConflict } from './conflicts.ts';
import type { ServiceContext } from './context.ts';
import { createFieldCache } from './fields.ts';
import { listHistory } from './history.ts';
import { createIdempotencyStore, type IdempotencyStore } from './idempotency.ts';
import { lookupCustomer } from './lookup.ts';
import { discardConflicts, resolveConflict } from './resolve.ts';
import { syncCustomer } from './sync.ts';

export interface ServicesDeps {
  db: Db;
  provider: CrmProvider;
  /** The field mapping; defaults to the provider's default mapping. */
  mapping?: readonly FieldMappingInput[];
  /** Region for phone numbers without a country code (ISO 3166-1 alpha-2), default US. */
  defaultRegion?: string;
  /** How long the CRM field list is cached, in ms (default 10 minutes). */
  fieldCacheTtlMs?: number;
  now?: () => Date;
  log?: Logger;
}

export interface Services {
  readonly context: ServiceContext;
  readonly idempotency: IdempotencyStore;
  lookup(customer: Customer): Promise<LookupResult>;
  sync(request: SyncRequest, apiKey: AuthenticatedKey): Promise<SyncResult>;
  listConflicts(recordId: string): Promise<Conflict[]>;
  resolve(
    id: string,
    choice: 'chat' | 'crm',
    actor: SyncRequest['actor'],
    apiKey: AuthenticatedKey,
  ): Promise<ResolveResult>;
  discard(request: DiscardRequest, apiKey: AuthenticatedKey): Promise<DiscardResult>;
  history(customerKey: string, limit: number): Promise<HistoryEntry[]>;
}

/** @throws MappingError when the mapping is invalid (a field mapped twice, ...). */
export function createServices(deps: ServicesDeps): Services {
  const now = deps.now ?? (() => new Date());
  const mapping = resolveMapping(deps.mapping ?? deps.provider.defaultMapping());
  const readFields = mappedCrmFields(mapping);
  const fields = createFieldCache(deps.provider, {
    ...(deps.fieldCacheTtlMs !== undefined ? { ttlMs: deps.fieldCacheTtlMs } : {}),
    now: () => now().getTime(),
  });
  const context: ServiceContext = {
    db: deps.db,
    provider: deps.provider,
    mapping,
    readFields,
    async readable(objectTypes, extra = []) {
      const lists = await Promise.all([...new Set(objectTypes)].map((objectType) => fields.get(objectType)));
      return [...new Set([...readFields, ...extra])].filter((name) => lists.some((list) => list.has(name)));
    },
    options: { defaultRegion: deps.defaultRegion ?? 'US' },
    fields,
    now,
    log: deps.log ?? silentLogger,
  };
  return {
    context,
    idempotency: createIdempotencyStore(deps.db, now),
    lookup: (customer) => lookupCustomer(context, customer),
    sync: (request, apiKey) => syncCustomer(context, { customer: request.customer, actor: request.actor, apiKey }),
    listConflicts: async (recordId) =>
      (await pendingConflicts(context.db, context.provider.id, recordId)).map(toConflict),
    resolve: (id, choice, actor, apiKey) => resolveConflict(context, { id, choice, actor, apiKey }),
    discard: (request, apiKey) => discardConflicts(context, { ids: request.ids, actor: request.actor, apiKey }),
    history: (customerKey, limit) => listHistory(context.db, customerKey, limit),
  };
}
