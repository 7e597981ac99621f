/** Repository of the `links` table: helpdesk customer → the CRM record it was last matched to. */
import { CrmRecord } from '../contracts/index.ts';
import type { CrmSidebarDatabase, LinkRow } from './database.ts';

/** Reads and writes customer → CRM record links, validated with `CrmRecord`. */
export class LinkRepository {
  constructor(private readonly db: CrmSidebarDatabase) {}

  /** The link of a customer (`helpdesk:account:id`), or null; a row that no longer fits the schema is dropped. */
  async get(customerKey: string): Promise<LinkRow | null> {
    const row = await this.db.links.get(customerKey);
    if (!row) return null;
    const record = CrmRecord.safeParse(row.record);
    if (record.success && typeof row.savedAt === 'string') return { ...row, record: record.data };
    await this.db.links.delete(customerKey);
    return null;
  }

  /** Remembers that `customerKey` is `record` (as of `savedAt`, ISO 8601). */
  async put(customerKey: string, record: CrmRecord, savedAt: string): Promise<void> {
    await this.db.links.put({ customerKey, record: CrmRecord.parse(record), savedAt });
  }

  /** Forgets the link (the proxy found no record for this customer). */
  async delete(customerKey: string): Promise<void> {
    await this.db.links.delete(customerKey);
  }

  /** Deletes links saved before `before`. Resolves with the count. */
  async prune(before: Date): Promise<number> {
    return this.db.links.where('savedAt').below(before.toISOString()).delete();
  }
}
