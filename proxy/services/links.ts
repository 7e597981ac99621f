/**
 * Links between a helpdesk customer (`customerKey`, e.g. `zendesk:demo:381`) and a CRM record, one
 * per (provider, customer). Looked up first on every lookup and sync.
 */
import { and, eq } from 'drizzle-orm';
import type { CrmObjectType, CrmProviderId } from '../../lib/contracts/index.ts';
import type { Db } from '../db/index.ts';
import { links } from '../db/schema.ts';

export interface Link {
  provider: string;
  customerKey: string;
  objectType: CrmObjectType;
  recordId: string;
  /**
   * True when this proxy created the record for this customer (sync outcome `created`); false when
   * it found the record by email or phone, or a create collided with it. A lead the proxy created is
   * updated like a contact on later syncs; a lead it found stays sales' (`existing_lead`).
   */
  createdByProxy: boolean;
}

export async function findLink(db: Db, provider: CrmProviderId, customerKey: string): Promise<Link | null> {
  const [row] = await db
    .select()
    .from(links)
    .where(and(eq(links.provider, provider), eq(links.customerKey, customerKey)))
    .limit(1);
  return row ? { ...row, objectType: row.objectType as CrmObjectType } : null;
}

/** Creates or moves the customer's link to this record (its origin, `createdByProxy`, with it). */
export async function saveLink(db: Db, link: Link, now: Date): Promise<void> {
  await db
    .insert(links)
    .values({ ...link, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [links.provider, links.customerKey],
      set: {
        objectType: link.objectType,
        recordId: link.recordId,
        createdByProxy: link.createdByProxy,
        updatedAt: now,
      },
    });
}

/** Drops one customer's link. */
export async function dropLink(db: Db, provider: CrmProviderId, customerKey: string): Promise<void> {
  await db.delete(links).where(and(eq(links.provider, provider), eq(links.customerKey, customerKey)));
}

/** Drops every link to a record the CRM no longer has. */
export async function dropLinksToRecord(db: Db, provider: CrmProviderId, recordId: string): Promise<void> {
  await db.delete(links).where(and(eq(links.provider, provider), eq(links.recordId, recordId)));
}
