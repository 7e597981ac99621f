/**
 * The proxy operations of the background and how each result is remembered in IndexedDB. Used both
 * by the message handlers (first attempt) and by the outbox (retries), so a decision that reaches the
 * proxy late updates the cache exactly as one that reached it at once.
 */
import {
  type Conflict,
  type Customer,
  customerKey,
  type DiscardResult,
  type LookupResult,
  type ResolveResult,
  type SyncResult,
  type TicketRef,
  ticketKey,
} from '../../lib/contracts/index.ts';
import type { CachedTicket, RequestOf } from '../../lib/messaging/protocol.ts';
import type { BackgroundContext } from './context.ts';

/** Warnings about the match itself (not about one sync's writes), kept with the cached lookup. */
const LOOKUP_WARNINGS = new Set(['multiple_matches', 'stale_link']);

/** `POST /v1/lookup`, then cache the result and the customer↔record link. */
export async function performLookup(
  ctx: BackgroundContext,
  payload: RequestOf<'sidebar→background:lookup'>,
): Promise<LookupResult> {
  const client = await ctx.proxy();
  const result = await client.lookup({ customer: payload.customer });
  await saveLookup(ctx, payload.ticket, payload.customer, result);
  return result;
}

/** `POST /v1/sync` with `idempotencyKey`, then cache the result (as the ticket's last sync and its new lookup). */
export async function performSync(
  ctx: BackgroundContext,
  payload: RequestOf<'sidebar→background:sync'>,
  idempotencyKey: string,
): Promise<SyncResult> {
  const client = await ctx.proxy();
  const result = await client.sync(
    { customer: payload.customer, ...(payload.actor ? { actor: payload.actor } : {}) },
    idempotencyKey,
  );
  await saveSync(ctx, payload.ticket, payload.customer, result);
  return result;
}

/** `POST /v1/conflicts/{id}/resolve` with `idempotencyKey`, then update the cached conflicts. */
export async function performResolve(
  ctx: BackgroundContext,
  payload: RequestOf<'sidebar→background:resolve'>,
  idempotencyKey: string,
): Promise<ResolveResult> {
  const client = await ctx.proxy();
  const result = await client.resolve(
    payload.conflictId,
    { choice: payload.choice, ...(payload.actor ? { actor: payload.actor } : {}) },
    idempotencyKey,
  );
  await saveResolve(ctx, payload.ticket, result);
  return result;
}

/** `POST /v1/conflicts/discard` with `idempotencyKey`, then drop the discarded conflicts from the cache. */
export async function performDiscard(
  ctx: BackgroundContext,
  payload: RequestOf<'sidebar→background:discard'>,
  idempotencyKey: string,
): Promise<DiscardResult> {
  const client = await ctx.proxy();
  const result = await client.discard(
    { ids: payload.ids, ...(payload.actor ? { actor: payload.actor } : {}) },
    idempotencyKey,
  );
  await saveDiscard(ctx, payload.ticket, result);
  return result;
}

/**
 * Caches a lookup: the ticket's entry gets the new lookup (its last sync is kept when the ticket
 * still shows the same customer); the link is saved, or forgotten when the CRM has no record.
 */
export async function saveLookup(
  ctx: BackgroundContext,
  ticket: TicketRef,
  customer: Customer,
  result: LookupResult,
): Promise<void> {
  const tk = ticketKey(ticket);
  const ck = customerKey(customer);
  const savedAt = ctx.nowIso();
  await ctx.repos.tickets.update(tk, (current) => ({
    ticketKey: tk,
    customerKey: ck,
    lookup: result,
    sync: current?.customerKey === ck ? current.sync : null,
    savedAt,
  }));
  if (result.record) await ctx.repos.links.put(ck, result.record, savedAt);
  else if (!result.noKey) await ctx.repos.links.delete(ck);
}

/**
 * Caches a sync: it becomes the ticket's last sync, and its record and conflicts become the ticket's
 * lookup (what a revisit shows before the proxy answers again).
 */
export async function saveSync(
  ctx: BackgroundContext,
  ticket: TicketRef,
  customer: Customer,
  result: SyncResult,
): Promise<void> {
  const tk = ticketKey(ticket);
  const ck = customerKey(customer);
  const savedAt = ctx.nowIso();
  const lookup: LookupResult = {
    provider: result.provider,
    record: result.record,
    matchedBy: result.matchedBy,
    noKey: result.outcome === 'skipped_no_key',
    conflicts: result.conflicts,
    warnings: result.warnings.filter((w) => LOOKUP_WARNINGS.has(w.code)),
  };
  await ctx.repos.tickets.put({ ticketKey: tk, customerKey: ck, lookup, sync: result, savedAt });
  if (result.record) await ctx.repos.links.put(ck, result.record, savedAt);
}

/**
 * Caches a resolution in every cached ticket of the same customer: a `resolved`/`obsolete` conflict
 * disappears, a `stale` one is replaced by the proxy's copy (with the new CRM value), and the record
 * (when the proxy sent it) replaces the cached one.
 */
export async function saveResolve(ctx: BackgroundContext, ticket: TicketRef, result: ResolveResult): Promise<void> {
  const id = result.conflict.id;
  const change = (conflicts: Conflict[]) =>
    result.status === 'stale'
      ? conflicts.map((c) => (c.id === id ? result.conflict : c))
      : conflicts.filter((c) => c.id !== id);
  await updateCustomerTickets(ctx, ticket, (entry) => ({
    ...entry,
    lookup: entry.lookup
      ? {
          ...entry.lookup,
          record: result.record ?? entry.lookup.record,
          conflicts: change(entry.lookup.conflicts),
        }
      : null,
    sync: entry.sync
      ? { ...entry.sync, record: result.record ?? entry.sync.record, conflicts: change(entry.sync.conflicts) }
      : null,
  }));
  const entry = await ctx.repos.tickets.get(ticketKey(ticket));
  if (entry && result.record) await ctx.repos.links.put(entry.customerKey, result.record, ctx.nowIso());
}

/** Caches a Discard all: the discarded conflicts disappear from every cached ticket of the customer. */
export async function saveDiscard(ctx: BackgroundContext, ticket: TicketRef, result: DiscardResult): Promise<void> {
  const gone = new Set(result.discarded.map((c) => c.id));
  const keep = (conflicts: Conflict[]) => conflicts.filter((c) => !gone.has(c.id));
  await updateCustomerTickets(ctx, ticket, (entry) => ({
    ...entry,
    lookup: entry.lookup ? { ...entry.lookup, conflicts: keep(entry.lookup.conflicts) } : null,
    sync: entry.sync ? { ...entry.sync, conflicts: keep(entry.sync.conflicts) } : null,
  }));
}

/**
 * Applies `change` to the ticket's cached entry and to every other cached ticket of the same
 * customer (their conflicts are the same record's). Does nothing when the ticket is not cached.
 */
async function updateCustomerTickets(
  ctx: BackgroundContext,
  ticket: TicketRef,
  change: (entry: CachedTicket) => CachedTicket,
): Promise<void> {
  const own = await ctx.repos.tickets.get(ticketKey(ticket));
  if (!own) return;
  const savedAt = ctx.nowIso();
  const entries = await ctx.repos.tickets.forCustomer(own.customerKey);
  for (const entry of entries) {
    await ctx.repos.tickets.update(entry.ticketKey, (current) => (current ? { ...change(current), savedAt } : null));
  }
}
