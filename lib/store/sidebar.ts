/**
 * `createSidebarStore(deps)`: the state of one sidebar (one ticket), a zustand vanilla store built
 * from slices (ticket, crm, sync, conflicts, settings). One store per ticket, so returning to a
 * ticket shows its state at once. The store talks to the background only through
 * `deps.client` (lib/messaging/protocol.ts `MessagingClient`); it never touches browser APIs.
 *
 * Zustand vanilla stores: https://zustand.docs.pmnd.rs/apis/create-store
 * Slices pattern: https://zustand.docs.pmnd.rs/guides/slices-pattern
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  type Conflict,
  type CrmProviderId,
  type CrmRecord,
  type Customer,
  customerKey,
  HELPDESK_LABELS,
  type MatchedBy,
  type TicketRef,
} from '../contracts/index.ts';
import { DEFAULT_TICKET_WORDS, type ReadResult, readError, type TicketWords } from '../helpdesks/types.ts';
import type { MessageName, Reply, ReplyError, ReplyOf, RequestOf } from '../messaging/protocol.ts';
import { describeReplyError } from './errors.ts';
import type {
  ConflictRowState,
  ConflictsSlice,
  CrmSlice,
  RetryOp,
  SettingsSlice,
  SidebarActions,
  SidebarState,
  SidebarStoreDeps,
  SyncSlice,
  TicketSlice,
} from './types.ts';

export type SidebarStore = StoreApi<SidebarState>;

const ticketSlice = (ref: TicketRef, helpdeskLabel: string, words: TicketWords): TicketSlice => ({
  ticket: { ref, helpdeskLabel, words, status: 'reading', customer: null, actor: undefined, error: null },
});
const crmSlice = (): CrmSlice => ({
  crm: { provider: null, record: null, matchedBy: null, noKey: false, source: 'none', cachedAt: null, cachedAge: null },
});
const syncSlice = (): SyncSlice => ({
  sync: { status: 'idle', outcome: null, written: [], warnings: [], at: null, queued: false, error: null },
});
const conflictsSlice = (): ConflictsSlice => ({ conflicts: { rows: [], discarding: false } });
const settingsSlice = (): SettingsSlice => ({ settings: null });

/** "just now", "5 min ago", "3 h ago", "2 days ago" for an age in milliseconds. */
export function describeAge(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** What lookup, sync and the cache all tell about the record. */
interface CrmAnswer {
  provider: CrmProviderId;
  record: CrmRecord | null;
  matchedBy: MatchedBy | null;
  noKey: boolean;
  conflicts: readonly Conflict[];
}

/**
 * Creates the store for one ticket. Nothing is sent until `actions.start()` is called (the
 * content script calls it right after creating the store).
 */
export function createSidebarStore(deps: SidebarStoreDeps): SidebarStore {
  const now = deps.now ?? Date.now;
  const label = deps.helpdeskLabel ?? HELPDESK_LABELS[deps.ticket.helpdesk];
  const words = deps.words ?? DEFAULT_TICKET_WORDS;

  return createStore<SidebarState>()((set, get) => {
    type SliceKey = 'ticket' | 'crm' | 'sync' | 'conflicts';
    const patch = <K extends SliceKey>(key: K, partial: Partial<SidebarState[K]>) =>
      set((s) => ({ [key]: { ...s[key], ...partial } }) as Pick<SidebarState, K>);

    // Requests are numbered when sent; an answer older than the last one applied never
    // overwrites it (a slow lookup must not hide a newer sync).
    let nextSeq = 1;
    let appliedSeq = 0;
    let lookupsInFlight = 0;
    let syncInFlight = false;
    let startPromise: Promise<void> | null = null;
    /** Conflicts this sidebar saw resolved or discarded; an older answer cannot bring them back. */
    const settled = new Set<string>();

    async function send<N extends MessageName>(type: N, payload: RequestOf<N>): Promise<Reply<ReplyOf<N>>> {
      try {
        return await deps.client.send(type, payload);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          error: {
            code: 'extension_unavailable',
            message: 'The CRM sidebar lost its connection to the extension. Reload this page to continue.',
            retryable: false,
            details: { cause: detail },
          },
        };
      }
    }

    const actorPart = () => {
      const actor = get().ticket.actor;
      return actor ? { actor } : {};
    };

    function refreshStatus() {
      patch('sync', { status: syncInFlight ? 'syncing' : lookupsInFlight > 0 ? 'loading' : 'idle' });
    }

    function showError(error: ReplyError, retry: RetryOp) {
      const { message, action } = describeReplyError(error, { proxyUrl: get().settings?.proxyUrl ?? null });
      patch('sync', { error: { code: error.code, message, action, retry } });
    }

    function mergeRows(conflicts: readonly Conflict[]): ConflictRowState[] {
      const previous = new Map(get().conflicts.rows.map((row) => [row.conflict.id, row]));
      return conflicts
        .filter((c) => c.status === 'pending' && !settled.has(c.id))
        .map((conflict) => {
          const old = previous.get(conflict.id);
          if (!old) return { conflict, busy: null, stale: false, queued: null };
          return { ...old, conflict };
        });
    }

    /** Applies an answer numbered `seq` unless a newer one was applied already. */
    function applyCrm(seq: number, answer: CrmAnswer): boolean {
      if (seq < appliedSeq) return false;
      appliedSeq = seq;
      patch('crm', {
        provider: answer.provider,
        record: answer.record,
        matchedBy: answer.matchedBy,
        noKey: answer.noKey,
        source: 'live',
        cachedAt: null,
        cachedAge: null,
      });
      patch('conflicts', { rows: mergeRows(answer.conflicts) });
      return true;
    }

    function applyRecord(seq: number, record: CrmRecord) {
      if (seq < appliedSeq) return;
      appliedSeq = seq;
      patch('crm', { record, source: 'live', cachedAt: null, cachedAge: null });
    }

    async function readTicket(): Promise<boolean> {
      patch('ticket', { status: 'reading', error: null });
      let result: ReadResult;
      try {
        result = typeof deps.read === 'function' ? await deps.read() : deps.read;
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        result = readError(label, 'unreadable', detail, words.noun);
      }
      if (!result.ok) {
        patch('ticket', { status: 'failed', customer: null, error: result.error });
        patch('sync', {
          error: { code: result.error.code, message: result.error.message, action: null, retry: { kind: 'read' } },
        });
        return false;
      }
      patch('ticket', { status: 'ready', customer: result.customer, actor: result.actor, error: null });
      return true;
    }

    async function showCached(customer: Customer) {
      const reply = await send('sidebar→background:cached', {
        ticket: deps.ticket,
        customerKey: customerKey(customer),
      });
      if (!reply.ok || !reply.data || get().crm.source === 'live') return;
      const cached = reply.data;
      const base = cached.lookup ?? cached.sync;
      if (!base) return;
      const savedMs = Date.parse(cached.savedAt);
      patch('crm', {
        provider: base.provider,
        record: base.record,
        matchedBy: base.matchedBy,
        noKey: cached.lookup?.noKey ?? base.record === null,
        source: 'cache',
        cachedAt: cached.savedAt,
        cachedAge: Number.isNaN(savedMs) ? null : describeAge(now() - savedMs),
      });
      patch('conflicts', { rows: mergeRows(base.conflicts) });
    }

    async function loadSettings() {
      const reply = await send('sidebar→background:settings', {});
      if (reply.ok) set({ settings: reply.data });
      return reply.ok ? reply.data : null;
    }

    /** After the customer is read: cached copy at once, then lookup (or sync when auto-sync is on). */
    async function afterRead() {
      const customer = get().ticket.customer;
      if (!customer) return;
      const cached = showCached(customer);
      const settings = await loadSettings();
      if (settings?.configured && settings.autoSync) await actions.syncNow();
      else await lookup();
      await cached;
    }

    async function lookup() {
      const customer = get().ticket.customer;
      if (!customer) return;
      const seq = nextSeq++;
      lookupsInFlight++;
      refreshStatus();
      const reply = await send('sidebar→background:lookup', { ticket: deps.ticket, customer });
      lookupsInFlight--;
      if (reply.ok) {
        if (applyCrm(seq, { ...reply.data })) patch('sync', { warnings: reply.data.warnings });
      } else if (seq >= appliedSeq) {
        showError(reply.error, { kind: 'lookup' });
      }
      refreshStatus();
    }

    const actions: SidebarActions = {
      start() {
        startPromise ??= (async () => {
          if (await readTicket()) await afterRead();
        })();
        return startPromise;
      },

      async syncNow() {
        const customer = get().ticket.customer;
        if (!customer || syncInFlight) return;
        syncInFlight = true;
        patch('sync', { error: null, queued: false });
        refreshStatus();
        const seq = nextSeq++;
        const reply = await send('sidebar→background:sync', { ticket: deps.ticket, customer, ...actorPart() });
        syncInFlight = false;
        if (reply.ok) {
          const data = reply.data;
          applyCrm(seq, { ...data, noKey: data.outcome === 'skipped_no_key' });
          patch('sync', { outcome: data.outcome, written: data.written, warnings: data.warnings, at: data.at });
        } else {
          if (reply.error.queued) patch('sync', { queued: true });
          showError(reply.error, { kind: 'sync' });
        }
        refreshStatus();
      },

      async resolve(id, choice) {
        const row = get().conflicts.rows.find((r) => r.conflict.id === id);
        if (!row || row.busy || row.queued || get().conflicts.discarding) return;
        const setRow = (update: Partial<ConflictRowState>) =>
          patch('conflicts', {
            rows: get().conflicts.rows.map((r) => (r.conflict.id === id ? { ...r, ...update } : r)),
          });
        setRow({ busy: choice });
        if (get().sync.error?.retry.kind === 'resolve') patch('sync', { error: null });
        const seq = nextSeq++;
        const reply = await send('sidebar→background:resolve', {
          ticket: deps.ticket,
          conflictId: id,
          choice,
          ...actorPart(),
        });
        if (!reply.ok) {
          if (reply.error.queued) setRow({ busy: null, queued: choice });
          else {
            setRow({ busy: null });
            showError(reply.error, { kind: 'resolve', id, choice });
          }
          return;
        }
        const { status, conflict, record } = reply.data;
        if (record) applyRecord(seq, record);
        if (status === 'stale' && conflict.status === 'pending') {
          setRow({ busy: null, stale: true, conflict });
        } else {
          settled.add(id);
          patch('conflicts', { rows: get().conflicts.rows.filter((r) => r.conflict.id !== id) });
        }
      },

      async discardAll() {
        const { rows, discarding } = get().conflicts;
        if (discarding) return;
        const ids = rows.filter((r) => !r.busy && !r.queued).map((r) => r.conflict.id);
        if (ids.length === 0) return;
        patch('conflicts', { discarding: true });
        if (get().sync.error?.retry.kind === 'discard') patch('sync', { error: null });
        const reply = await send('sidebar→background:discard', { ticket: deps.ticket, ids, ...actorPart() });
        const sent = new Set(ids);
        if (reply.ok) {
          for (const id of ids) settled.add(id);
          patch('conflicts', { discarding: false, rows: get().conflicts.rows.filter((r) => !sent.has(r.conflict.id)) });
        } else if (reply.error.queued) {
          patch('conflicts', {
            discarding: false,
            rows: get().conflicts.rows.map((r) => (sent.has(r.conflict.id) ? { ...r, queued: 'crm' } : r)),
          });
        } else {
          patch('conflicts', { discarding: false });
          showError(reply.error, { kind: 'discard' });
        }
      },

      async retry() {
        const error = get().sync.error;
        if (!error) return;
        patch('sync', { error: null });
        switch (error.retry.kind) {
          case 'read':
            if (await readTicket()) await afterRead();
            return;
          case 'lookup':
            return lookup();
          case 'sync':
            return actions.syncNow();
          case 'resolve':
            return actions.resolve(error.retry.id, error.retry.choice);
          case 'discard':
            return actions.discardAll();
        }
      },

      async openOptions() {
        await send('sidebar→background:openOptions', {});
      },
    };

    return {
      ...ticketSlice(deps.ticket, label, words),
      ...crmSlice(),
      ...syncSlice(),
      ...conflictsSlice(),
      ...settingsSlice(),
      actions,
    };
  });
}
