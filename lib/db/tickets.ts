/** Repository of the `tickets` table: the last lookup and sync result per ticket. */
import { CachedTicket } from '../messaging/protocol.ts';
import type { CrmSidebarDatabase } from './database.ts';

/** Reads and writes `CachedTicket`s, validated with their zod schema on the way in and out. */
export class TicketRepository {
  constructor(private readonly db: CrmSidebarDatabase) {}

  /**
   * The cached entry of a ticket (`helpdesk:account:ticketId`), or null. An entry that no longer fits
   * the schema (written by an older version) is deleted and reported as absent.
   */
  async get(ticketKey: string): Promise<CachedTicket | null> {
    const row = await this.db.tickets.get(ticketKey);
    if (!row) return null;
    const parsed = CachedTicket.safeParse(row);
    if (parsed.success) return parsed.data;
    await this.db.tickets.delete(ticketKey);
    return null;
  }

  /** Saves (replaces) the entry of `entry.ticketKey`. */
  async put(entry: CachedTicket): Promise<void> {
    await this.db.tickets.put(CachedTicket.parse(entry));
  }

  /**
   * Reads, changes and writes one entry in a single transaction. `change` gets the current entry (or
   * null) and returns the new one, or null to leave the table as it is. Resolves with what was saved.
   */
  async update(
    ticketKey: string,
    change: (current: CachedTicket | null) => CachedTicket | null,
  ): Promise<CachedTicket | null> {
    return this.db.transaction('rw', this.db.tickets, async () => {
      const next = change(await this.get(ticketKey));
      if (next) await this.put(next);
      return next;
    });
  }

  /** Every cached ticket of one helpdesk customer (`helpdesk:account:id`). */
  async forCustomer(customerKey: string): Promise<CachedTicket[]> {
    const rows = await this.db.tickets.where('customerKey').equals(customerKey).toArray();
    return rows.flatMap((row) => {
      const parsed = CachedTicket.safeParse(row);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Deletes entries saved before `before` (ISO 8601 strings compare in time order). Resolves with the count. */
  async prune(before: Date): Promise<number> {
    return this.db.tickets.where('savedAt').below(before.toISOString()).delete();
  }
}
