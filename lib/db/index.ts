/**
 * lib/db: the background's IndexedDB (Dexie) and its repositories. Background only.
 * `openDatabase()` gives one object with the three repositories.
 */
import { CrmSidebarDatabase, DATABASE_NAME } from './database.ts';
import { LinkRepository } from './links.ts';
import { OutboxRepository } from './outbox.ts';
import { TicketRepository } from './tickets.ts';

export * from './database.ts';
export * from './links.ts';
export * from './outbox.ts';
export * from './outbox-entry.ts';
export * from './tickets.ts';

/** The repositories over one open database. */
export interface Repositories {
  db: CrmSidebarDatabase;
  tickets: TicketRepository;
  links: LinkRepository;
  outbox: OutboxRepository;
}

/** Opens (lazily — Dexie opens on first use) the database `name` and wraps it in repositories. */
export function openDatabase(name: string = DATABASE_NAME): Repositories {
  const db = new CrmSidebarDatabase(name);
  return {
    db,
    tickets: new TicketRepository(db),
    links: new LinkRepository(db),
    outbox: new OutboxRepository(db),
  };
}
