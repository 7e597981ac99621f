/**
 * The content script's memory: one sidebar store per ticket, so following the agent between
 * tickets (without a page reload) shows each ticket's state at once when they come back to it.
 */
import { type TicketRef, ticketKey } from '../../lib/contracts/customer.ts';
import { HELPDESK_ADAPTERS, recognise } from '../../lib/helpdesks/index.ts';
import type { DetectedTicket, HelpdeskAdapter, HelpdeskNoun, ReadResult } from '../../lib/helpdesks/types.ts';
import type { MessagingClient } from '../../lib/messaging/protocol.ts';
import { createSidebarStore, type SidebarStore } from '../../lib/store/sidebar.ts';

/** Builds the reader of one ticket (called again by Retry). */
export type ReaderFactory = (adapter: HelpdeskAdapter, ticket: DetectedTicket, url: URL) => () => Promise<ReadResult>;

export interface TicketSidebarsOptions {
  client: MessagingClient;
  reader: ReaderFactory;
  adapters?: readonly HelpdeskAdapter[];
  /** Most tickets remembered; the least recently shown is forgotten first. Default 40. */
  limit?: number;
}

export interface TicketSidebars {
  /** The store of the ticket at `href` (created and started on first sight), or null off a ticket page. */
  storeFor(href: string): SidebarStore | null;
  /** What the helpdesk of the page at `href` calls a ticket ("ticket" on a page no adapter knows). */
  nounFor(href: string): HelpdeskNoun;
  /** How many tickets are remembered. */
  readonly size: number;
}

export function createTicketSidebars(options: TicketSidebarsOptions): TicketSidebars {
  const stores = new Map<string, SidebarStore>();
  const limit = Math.max(1, options.limit ?? 40);
  const adapters = options.adapters ?? HELPDESK_ADAPTERS;

  return {
    storeFor(href) {
      const url = new URL(href);
      const found = recognise(url, adapters);
      if (!found?.ticket) return null;
      const { adapter, ticket } = found;
      const ref: TicketRef = {
        helpdesk: adapter.id,
        account: ticket.account,
        ticketId: ticket.ticketId,
        url: url.href,
      };
      const key = ticketKey(ref);
      let store = stores.get(key);
      if (store) {
        stores.delete(key); // re-insert: most recently shown last
      } else {
        store = createSidebarStore({
          client: options.client,
          ticket: ref,
          helpdeskLabel: adapter.label,
          words: adapter.words,
          read: options.reader(adapter, ticket, url),
        });
        void store.getState().actions.start();
      }
      stores.set(key, store);
      while (stores.size > limit) {
        const oldest = stores.keys().next().value;
        if (oldest === undefined) break;
        stores.delete(oldest);
      }
      return store;
    },
    nounFor(href) {
      return recognise(href, adapters)?.adapter.words.noun ?? 'ticket';
    },
    get size() {
      return stores.size;
    },
  };
}
