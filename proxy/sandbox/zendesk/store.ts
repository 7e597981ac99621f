/**
 * The Zendesk emulator's state: one account's users, organizations and tickets, changeable in-process
 * by tests and the demo (e.g. edit a requester while the agent has the ticket open).
 */
import { z } from 'zod';
import {
  demoSeed,
  JOB_TITLE_FIELD,
  LOCATION_FIELD,
  type ZendeskOrganization,
  type ZendeskSeed,
  type ZendeskTicket,
  type ZendeskUser,
} from './data.ts';

/**
 * A change to a ticket's requester in the words of the sidebar's customer fields. `null` or `''`
 * clears a value; an absent key leaves it alone. `company` moves the requester to the organization of
 * that name (created if the account has none).
 */
export const RequesterPatch = z
  .object({
    name: z.string().min(1),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    company: z.string().nullable(),
    jobTitle: z.string().nullable(),
    location: z.string().nullable(),
    notes: z.string().nullable(),
    timeZone: z.string().nullable(),
  })
  .partial()
  .strict();
export type RequesterPatch = z.infer<typeof RequesterPatch>;

/** Stateful store of one emulated Zendesk account. Every getter returns live objects: do not mutate them. */
export class ZendeskStore {
  #seed: () => ZendeskSeed;
  #data: ZendeskSeed;
  #nextOrgId = 361_290_000;
  #clock: () => Date;

  /** @param seed builds the initial data (called again by `reset()`); @param clock stamps `updated_at`. */
  constructor(seed: () => ZendeskSeed = demoSeed, clock: () => Date = () => new Date()) {
    this.#seed = seed;
    this.#data = seed();
    this.#clock = clock;
  }

  /** Back to the seed data. */
  reset(): void {
    this.#data = this.#seed();
  }

  /** The signed-in agent (`/api/v2/users/me.json`). */
  get agent(): ZendeskUser {
    return this.#data.agent;
  }

  /** Every ticket, lowest id first. */
  tickets(): readonly ZendeskTicket[] {
    return [...this.#data.tickets].sort((a, b) => a.id - b.id);
  }

  ticket(id: number): ZendeskTicket | undefined {
    return this.#data.tickets.find((t) => t.id === id);
  }

  user(id: number): ZendeskUser | undefined {
    return this.#data.users.find((u) => u.id === id);
  }

  organization(id: number): ZendeskOrganization | undefined {
    return this.#data.organizations.find((o) => o.id === id);
  }

  /** The requester of ticket `ticketId`; throws when the ticket does not exist. */
  requester(ticketId: number): ZendeskUser {
    const t = this.#mustTicket(ticketId);
    const u = this.user(t.requester_id);
    if (!u) throw new Error(`Zendesk sandbox: requester ${t.requester_id} of ticket ${ticketId} is missing`);
    return u;
  }

  /**
   * Changes the requester of ticket `ticketId` (see {@link RequesterPatch}) and stamps its
   * `updated_at`, as an agent editing the user profile in Zendesk would. Returns the updated user.
   * Throws on an unknown ticket or a patch that fails the schema.
   */
  updateRequester(ticketId: number, patch: RequesterPatch): ZendeskUser {
    const p = RequesterPatch.parse(patch);
    const u = this.requester(ticketId);
    const blank = (v: string | null) => (v === null || v === '' ? null : v);
    if (p.name !== undefined) u.name = p.name;
    if (p.email !== undefined) u.email = blank(p.email);
    if (p.phone !== undefined) u.phone = blank(p.phone);
    if (p.notes !== undefined) u.notes = blank(p.notes);
    if (p.timeZone !== undefined) {
      u.iana_time_zone = p.timeZone ?? 'Etc/UTC';
      u.time_zone = p.timeZone ?? 'UTC';
    }
    if (p.jobTitle !== undefined) u.user_fields[JOB_TITLE_FIELD] = blank(p.jobTitle);
    if (p.location !== undefined) u.user_fields[LOCATION_FIELD] = blank(p.location);
    if (p.company !== undefined) {
      const name = blank(p.company);
      u.organization_id = name === null ? null : this.#organizationNamed(name).id;
      for (const t of this.#data.tickets) if (t.requester_id === u.id) t.organization_id = u.organization_id;
    }
    u.updated_at = this.#now();
    return u;
  }

  /** Adds a ticket (e.g. a test's own customer); returns it. Throws if the id is taken. */
  addTicket(t: ZendeskTicket, requester: ZendeskUser): ZendeskTicket {
    if (this.ticket(t.id)) throw new Error(`Zendesk sandbox: ticket ${t.id} already exists`);
    if (!this.user(requester.id)) this.#data.users.push(requester);
    this.#data.tickets.push(t);
    return t;
  }

  #organizationNamed(name: string): ZendeskOrganization {
    const found = this.#data.organizations.find((o) => o.name === name);
    if (found) return found;
    const now = this.#now();
    const created: ZendeskOrganization = {
      id: this.#nextOrgId++,
      name,
      domain_names: [],
      details: null,
      notes: null,
      tags: [],
      created_at: now,
      updated_at: now,
    };
    this.#data.organizations.push(created);
    return created;
  }

  #mustTicket(id: number): ZendeskTicket {
    const t = this.ticket(id);
    if (!t) throw new Error(`Zendesk sandbox: no ticket ${id}`);
    return t;
  }

  #now(): string {
    return this.#clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }
}
