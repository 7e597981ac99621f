/**
 * The shape of an outbox entry: a sync, resolve or discard the proxy could not receive, with the
 * idempotency key it was first sent with (reused on every retry, so a retry never acts twice).
 */
import { z } from 'zod';
import { PROTOCOL, ReplyError } from '../messaging/protocol.ts';

const common = {
  /** Random id of the entry (UUID). */
  id: z.string().min(1),
  /** The `Idempotency-Key` of the first attempt; every retry sends the same one. */
  idempotencyKey: z.string().min(8),
  /** When the entry was queued, epoch milliseconds. Entries are retried oldest first. */
  createdAt: z.number(),
  /** Retries made so far (the first attempt, made before queueing, is not counted). */
  attempts: z.number().int().nonnegative(),
  /** Not retried before this time, epoch milliseconds (backoff). */
  nextAttemptAt: z.number(),
  /** Why the last attempt failed. */
  lastError: ReplyError.nullable(),
};

/** One queued request; `payload` is the sidebar message that asked for it. */
export const OutboxEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sync'), payload: PROTOCOL['sidebar→background:sync'].request, ...common }),
  z.object({ kind: z.literal('resolve'), payload: PROTOCOL['sidebar→background:resolve'].request, ...common }),
  z.object({ kind: z.literal('discard'), payload: PROTOCOL['sidebar→background:discard'].request, ...common }),
]);
export type OutboxEntry = z.infer<typeof OutboxEntry>;
export type OutboxKind = OutboxEntry['kind'];
