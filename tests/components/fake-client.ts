/**
 * A test double of the background: a `MessagingClient` whose replies a test controls, and which
 * records every message it was sent.
 */
import type { MessageName, MessagingClient, Reply, ReplyOf, RequestOf } from '../../lib/messaging/protocol.ts';

export interface Call<N extends MessageName = MessageName> {
  type: N;
  payload: RequestOf<N>;
}

/** A reply the test resolves later (to observe in-flight states). */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

type Answer<N extends MessageName> = Reply<ReplyOf<N>> | Deferred<Reply<ReplyOf<N>>>;
type Handler<N extends MessageName> = (payload: RequestOf<N>) => Reply<ReplyOf<N>>;

export interface FakeClient extends MessagingClient {
  calls: Call[];
  /** The payloads sent as `type`, in order. */
  sent<N extends MessageName>(type: N): RequestOf<N>[];
  /** The next call of `type` answers `answer` (a reply, or a deferred the test resolves). */
  queue<N extends MessageName>(type: N, answer: Answer<N>): void;
  /** Every call of `type` without a queued answer is answered by `handler`. */
  on<N extends MessageName>(type: N, handler: Handler<N>): void;
  /** Makes the next call of `type` wait; returns the deferred to resolve. */
  hold<N extends MessageName>(type: N): Deferred<Reply<ReplyOf<N>>>;
}

export const ok = <T>(data: T): { ok: true; data: T } => ({ ok: true, data });
export const fail = (code: string, message: string, extra: { queued?: boolean; retryable?: boolean } = {}) => ({
  ok: false as const,
  error: { code, message, retryable: extra.retryable ?? true, ...(extra.queued ? { queued: true } : {}) },
});

/**
 * Defaults: `cached` → null, `settings` → configured, no auto-sync, proxy http://127.0.0.1:8787,
 * `openOptions` → opened. Anything else without a queued answer or handler fails the test loudly.
 */
export function createFakeClient(): FakeClient {
  const calls: Call[] = [];
  const queues = new Map<MessageName, Answer<MessageName>[]>();
  const handlers = new Map<MessageName, Handler<MessageName>>();

  const defaults: Partial<{ [N in MessageName]: Handler<N> }> = {
    'sidebar→background:cached': () => ok(null),
    'sidebar→background:settings': () => ok({ configured: true, autoSync: false, proxyUrl: 'http://127.0.0.1:8787' }),
    'sidebar→background:openOptions': () => ok({ opened: true }),
  };

  const client: FakeClient = {
    calls,
    sent(type) {
      return calls.filter((c) => c.type === type).map((c) => c.payload) as never;
    },
    queue(type, answer) {
      const list = queues.get(type) ?? [];
      list.push(answer as Answer<MessageName>);
      queues.set(type, list);
    },
    on(type, handler) {
      handlers.set(type, handler as unknown as Handler<MessageName>);
    },
    hold(type) {
      const d = deferred<Reply<ReplyOf<typeof type>>>();
      client.queue(type, d);
      return d;
    },
    async send(type, payload) {
      calls.push({ type, payload } as Call);
      const queued = queues.get(type)?.shift();
      if (queued) {
        return ('promise' in queued ? await queued.promise : queued) as never;
      }
      const handler = handlers.get(type) ?? (defaults[type] as Handler<MessageName> | undefined);
      if (handler) return handler(payload as never) as never;
      throw new Error(`fake client: no answer for ${type}`);
    },
  };
  return client;
}
