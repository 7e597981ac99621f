/**
 * The background's message handlers, one per message of lib/messaging/protocol.ts (the `Handlers`
 * type makes the compiler check that none is missing and each returns its reply type).
 *
 * Proxy failures reach the sidebar as `{ok:false, error}` with the client's sentence ("Can't reach
 * the sync proxy at …", "The sync proxy rejected the API key.", "HubSpot said: …"). A sync, resolve or
 * discard that failed for a reason that may pass (network, timeout, 429, 5xx) is queued in the outbox
 * and answered with `error.queued: true`, so the sidebar can say "Saved — will be sent when the sync
 * proxy is reachable."
 */
import { isProxyError } from '../../lib/api/index.ts';
import { ticketKey } from '../../lib/contracts/index.ts';
import type { OutboxKind } from '../../lib/db/index.ts';
import { ReplyFailure } from '../../lib/messaging/errors.ts';
import { type CachedTicket, DEFAULT_SETTINGS } from '../../lib/messaging/protocol.ts';
import type { Handlers } from '../../lib/messaging/router.ts';
import { isConfigured } from '../../lib/messaging/settings.ts';
import type { BackgroundContext } from './context.ts';
import { performDiscard, performLookup, performResolve, performSync } from './operations.ts';
import type { Outbox, OutboxPayload } from './outbox.ts';

/** Builds the handlers over a context and an outbox. */
export function createHandlers(ctx: BackgroundContext, outbox: Outbox): Handlers {
  /** The proxy answered: whatever waits in the outbox can go now. */
  const proxyIsUp = () => {
    outbox.drain({ force: true }).catch((error: unknown) => {
      console.warn('[crm-sidebar] Sending the outbox failed.', error);
    });
  };

  /** Runs a proxy write; on a retryable failure queues it and rethrows with `queued: true`. */
  async function queuedOnFailure<K extends OutboxKind, T>(
    kind: K,
    payload: OutboxPayload<K>,
    perform: (idempotencyKey: string) => Promise<T>,
  ): Promise<T> {
    const idempotencyKey = ctx.newId();
    try {
      const result = await perform(idempotencyKey);
      proxyIsUp();
      return result;
    } catch (error) {
      if (isProxyError(error) && error.retryable) {
        const replyError = error.toReplyError();
        await outbox.enqueue(kind, payload, idempotencyKey, replyError);
        throw new ReplyFailure({ ...replyError, queued: true });
      }
      throw error;
    }
  }

  return {
    async 'sidebar→background:cached'({ ticket, customerKey: ck }) {
      const cached = await ctx.repos.tickets.get(ticketKey(ticket));
      if (cached && cached.customerKey === ck) return cached;
      const link = await ctx.repos.links.get(ck);
      if (!link) return null;
      const fromLink: CachedTicket = {
        ticketKey: ticketKey(ticket),
        customerKey: ck,
        lookup: {
          provider: link.record.provider,
          record: link.record,
          matchedBy: 'link',
          noKey: false,
          conflicts: [],
          warnings: [],
        },
        sync: null,
        savedAt: link.savedAt,
      };
      return fromLink;
    },

    async 'sidebar→background:lookup'(payload) {
      const result = await performLookup(ctx, payload);
      if ((await ctx.repos.outbox.count()) === 0) return result;
      // The proxy is back and decisions wait: deliver them first, so the answer (e.g. the conflicts
      // of a ticket opened again) already reflects them instead of showing settled rows as pending.
      const report = await outbox.drain({ force: true }).catch((error: unknown) => {
        console.warn('[crm-sidebar] Sending the outbox failed.', error);
        return null;
      });
      if (!report || report.sent === 0) return result;
      try {
        return await performLookup(ctx, payload);
      } catch {
        return result; // the first answer is still a true answer, only older
      }
    },

    async 'sidebar→background:sync'(payload) {
      return queuedOnFailure('sync', payload, (key) => performSync(ctx, payload, key));
    },

    async 'sidebar→background:resolve'(payload) {
      return queuedOnFailure('resolve', payload, (key) => performResolve(ctx, payload, key));
    },

    async 'sidebar→background:discard'(payload) {
      return queuedOnFailure('discard', payload, (key) => performDiscard(ctx, payload, key));
    },

    async 'sidebar→background:settings'() {
      const read = await ctx.readSettings();
      if (!read.ok) return { configured: false, autoSync: false, proxyUrl: DEFAULT_SETTINGS.proxyUrl };
      const { settings } = read;
      return { configured: isConfigured(settings), autoSync: settings.autoSync, proxyUrl: settings.proxyUrl };
    },

    async 'sidebar→background:openOptions'() {
      try {
        await ctx.openOptionsPage();
      } catch (error) {
        throw new ReplyFailure({
          code: 'options_unavailable',
          message: `Couldn't open the CRM sidebar options: ${error instanceof Error ? error.message : String(error)}`,
          retryable: true,
        });
      }
      return { opened: true };
    },

    async 'options→background:testConnection'({ proxyUrl, apiKey }) {
      return ctx.proxyFor(proxyUrl, apiKey).health();
    },

    async 'options→background:customHelpdesk'() {
      return ctx.customHelpdesk().reconcile();
    },

    async 'options→background:saveCustomHelpdesk'({ config }) {
      return ctx.customHelpdesk().save(config);
    },

    async 'options→background:removeCustomHelpdesk'() {
      return ctx.customHelpdesk().remove();
    },
  };
}
