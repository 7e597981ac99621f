/**
 * Never lose a decision: a sync, resolve or discard the proxy could not receive waits in the
 * IndexedDB outbox and is sent again — on the `outbox` alarm (every minute), when the service worker
 * starts, and after any successful proxy call — with the idempotency key of its first attempt, so a
 * request that did reach the proxy (its answer was lost) is answered from the proxy's record instead
 * of acting twice.
 *
 * Backoff: 30 s after the first failed retry, doubling, capped at 15 minutes; a successful proxy call
 * elsewhere sends everything at once regardless (`drain({force: true})`).
 * An entry is dropped only when the proxy refuses it for good (a 4xx other than 401/409/429, or an
 * answer the proxy gave but we cannot read); 401 and "not configured" keep it until the team lead
 * fixes the settings.
 */
import { isProxyError } from '../../lib/api/index.ts';
import type { OutboxEntry, OutboxKind } from '../../lib/db/index.ts';
import { internalError, isReplyErrorSource } from '../../lib/messaging/errors.ts';
import type { ReplyError } from '../../lib/messaging/protocol.ts';
import type { BackgroundContext } from './context.ts';
import { performDiscard, performResolve, performSync } from './operations.ts';

/** Name of the periodic alarm that retries the outbox. */
export const OUTBOX_ALARM = 'outbox';
/** Period of the alarm, in minutes (Chrome's minimum for a packed extension is 0.5). */
export const OUTBOX_ALARM_PERIOD_MINUTES = 1;

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 15 * 60_000;

/** Wait before retry number `attempts` (1-based), in ms: 30 s doubling, capped at 15 min. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);
}

/** What one drain did. */
export interface DrainReport {
  /** Entries the proxy accepted (removed, cache updated). */
  sent: number;
  /** Entries that failed again and wait for their next attempt. */
  kept: number;
  /** Entries the proxy refused for good (removed). */
  dropped: number;
}

/** A payload by entry kind. */
export type OutboxPayload<K extends OutboxKind> = Extract<OutboxEntry, { kind: K }>['payload'];

/** The outbox of one background: queue a failed request, send what waits. */
export interface Outbox {
  /**
   * Queues a request whose first attempt failed with `error`. A resolution of a conflict that already
   * has one queued replaces it (the agent's latest decision wins). Resolves with the stored entry.
   */
  enqueue<K extends OutboxKind>(
    kind: K,
    payload: OutboxPayload<K>,
    idempotencyKey: string,
    error: ReplyError,
  ): Promise<OutboxEntry>;
  /**
   * Sends waiting entries, oldest first: only those whose backoff has passed, or all with
   * `force`. Concurrent calls share one run (and a call during a run schedules one more).
   */
  drain(options?: { force?: boolean }): Promise<DrainReport>;
  /** Resolves when no drain is running (tests; and the alarm handler, to keep the worker alive). */
  idle(): Promise<void>;
}

/** Should a failed retry stay in the outbox? */
function keepForRetry(error: unknown): boolean {
  if (isProxyError(error)) {
    return error.retryable || ['unauthorized', 'idempotency_conflict', 'not_configured'].includes(error.code);
  }
  if (isReplyErrorSource(error)) return error.toReplyError().code === 'not_configured';
  return true; // an unexpected failure (e.g. IndexedDB busy): try again rather than lose the decision
}

/** Should the drain stop after this failure (the next entries would fail the same way)? */
function stopsDrain(error: unknown): boolean {
  const code = isProxyError(error) || isReplyErrorSource(error) ? error.toReplyError().code : null;
  return code === 'proxy_unreachable' || code === 'unauthorized' || code === 'not_configured';
}

/** Creates the outbox over the context's repositories. Its only in-memory state is the running drain. */
export function createOutbox(ctx: BackgroundContext): Outbox {
  let running: Promise<DrainReport> | null = null;
  let rerun: { force: boolean } | null = null;

  async function send(entry: OutboxEntry): Promise<void> {
    switch (entry.kind) {
      case 'sync':
        await performSync(ctx, entry.payload, entry.idempotencyKey);
        return;
      case 'resolve':
        await performResolve(ctx, entry.payload, entry.idempotencyKey);
        return;
      case 'discard':
        await performDiscard(ctx, entry.payload, entry.idempotencyKey);
        return;
    }
  }

  async function runOnce(force: boolean): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, kept: 0, dropped: 0 };
    const entries = force ? await ctx.repos.outbox.list() : await ctx.repos.outbox.due(ctx.now());
    for (const entry of entries) {
      try {
        await send(entry);
        await ctx.repos.outbox.remove(entry.id);
        report.sent++;
      } catch (error) {
        const lastError = isReplyErrorSource(error) ? error.toReplyError() : internalError(error);
        if (!keepForRetry(error)) {
          await ctx.repos.outbox.remove(entry.id);
          report.dropped++;
          console.warn(`[crm-sidebar] The sync proxy refused a queued ${entry.kind}; it was dropped.`, lastError);
          continue;
        }
        const attempts = entry.attempts + 1;
        await ctx.repos.outbox.put({ ...entry, attempts, nextAttemptAt: ctx.now() + backoffMs(attempts), lastError });
        report.kept++;
        if (stopsDrain(error)) break;
      }
    }
    return report;
  }

  async function loop(force: boolean): Promise<DrainReport> {
    const total: DrainReport = { sent: 0, kept: 0, dropped: 0 };
    let next: { force: boolean } | null = { force };
    while (next) {
      rerun = null;
      const report = await runOnce(next.force);
      total.sent += report.sent;
      total.kept += report.kept;
      total.dropped += report.dropped;
      next = rerun;
    }
    return total;
  }

  return {
    async enqueue(kind, payload, idempotencyKey, error) {
      const now = ctx.now();
      const base = { idempotencyKey, attempts: 0, nextAttemptAt: now + backoffMs(1), lastError: error };
      let entry: OutboxEntry | null = null;
      if (kind === 'resolve') {
        const conflictId = (payload as OutboxPayload<'resolve'>).conflictId;
        const existing = await ctx.repos.outbox.findResolve(conflictId);
        if (existing) entry = { ...existing, ...base, kind: 'resolve', payload: payload as OutboxPayload<'resolve'> };
      }
      entry ??= { id: ctx.newId(), createdAt: now, ...base, kind, payload } as OutboxEntry;
      await ctx.repos.outbox.put(entry);
      return entry;
    },

    drain(options) {
      const force = options?.force ?? false;
      if (running) {
        rerun = { force: force || (rerun?.force ?? false) };
        return running;
      }
      running = loop(force).finally(() => {
        running = null;
      });
      return running;
    },

    async idle() {
      while (running) await running.catch(() => undefined);
    },
  };
}
