/** Repository of the `outbox` table: requests waiting for the proxy (see `OutboxEntry`). */
import type { CrmSidebarDatabase } from './database.ts';
import { OutboxEntry } from './outbox-entry.ts';

/** Reads and writes `OutboxEntry`s, validated with their zod schema; unreadable rows are skipped. */
export class OutboxRepository {
  constructor(private readonly db: CrmSidebarDatabase) {}

  /** Adds or replaces an entry (by `id`). Throws a zod error for an entry that does not fit the schema. */
  async put(entry: OutboxEntry): Promise<void> {
    await this.db.outbox.put(OutboxEntry.parse(entry));
  }

  /** One entry, or null. */
  async get(id: string): Promise<OutboxEntry | null> {
    return this.parse(await this.db.outbox.get(id));
  }

  /** Every entry, oldest first. */
  async list(): Promise<OutboxEntry[]> {
    return this.parseAll(await this.db.outbox.orderBy('createdAt').toArray());
  }

  /** Entries whose backoff has passed (`nextAttemptAt <= now`, epoch ms), oldest first. */
  async due(now: number): Promise<OutboxEntry[]> {
    const rows = await this.db.outbox.where('nextAttemptAt').belowOrEqual(now).toArray();
    return this.parseAll(rows).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The queued resolution of one conflict, if any (a newer decision on the same conflict replaces it). */
  async findResolve(conflictId: string): Promise<OutboxEntry | null> {
    const rows = await this.db.outbox.toArray();
    return this.parseAll(rows).find((e) => e.kind === 'resolve' && e.payload.conflictId === conflictId) ?? null;
  }

  /** Removes an entry (sent, or refused for good). */
  async remove(id: string): Promise<void> {
    await this.db.outbox.delete(id);
  }

  /** How many entries wait. */
  async count(): Promise<number> {
    return this.db.outbox.count();
  }

  private parse(row: unknown): OutboxEntry | null {
    if (row === undefined) return null;
    const parsed = OutboxEntry.safeParse(row);
    return parsed.success ? parsed.data : null;
  }

  private parseAll(rows: unknown[]): OutboxEntry[] {
    return rows.flatMap((row) => {
      const entry = this.parse(row);
      return entry ? [entry] : [];
    });
  }
}
