/**
 * The extension's IndexedDB database (Dexie 4, https://dexie.org/docs/Tutorial/Understanding-the-basics).
 * Opened ONLY by the background service worker: a content script would open it in the helpdesk's
 * origin, not the extension's.
 *
 * Tables:
 * - `tickets`: the last lookup and the last sync result per ticket (`ticketKey`), shown at once
 *   when the ticket is opened again;
 * - `links`: helpdesk customer (`customerKey`) → CRM record, to show the record before the proxy answers;
 * - `outbox`: syncs and decisions the proxy could not receive, retried until it does.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { CrmRecord } from '../contracts/index.ts';
import type { CachedTicket } from '../messaging/protocol.ts';
import type { OutboxEntry } from './outbox-entry.ts';

/** A row of `links`: the CRM record a helpdesk customer was last matched to. `savedAt` is ISO 8601. */
export interface LinkRow {
  customerKey: string;
  record: CrmRecord;
  savedAt: string;
}

/** Default database name. */
export const DATABASE_NAME = 'crm-sidebar';

/** The Dexie database with its three tables. */
export class CrmSidebarDatabase extends Dexie {
  tickets!: EntityTable<CachedTicket, 'ticketKey'>;
  links!: EntityTable<LinkRow, 'customerKey'>;
  outbox!: EntityTable<OutboxEntry, 'id'>;

  /** @param name database name; tests pass a unique one per test. */
  constructor(name: string = DATABASE_NAME) {
    super(name);
    // Primary key first, then the indexed properties (only those queried need an index).
    this.version(1).stores({
      tickets: 'ticketKey, customerKey, savedAt',
      links: 'customerKey, savedAt',
      outbox: 'id, nextAttemptAt, createdAt',
    });
  }
}
