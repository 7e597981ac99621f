/**
 * The demo Zendesk tickets' customers (agreement §5), as the extension sends them to the proxy.
 * Each is built to produce one sync outcome against the seeded CRM sandboxes (the same people in
 * every CRM's sandbox).
 */
import type { Customer } from '../../../lib/contracts/index.ts';

const base = (id: string) => ({ helpdesk: 'zendesk' as const, account: 'demo', id });

/** Requesters of the demo tickets, keyed by ticket id; Zendesk user ids are the ticket id + 9000. */
export const DEMO_CUSTOMERS = {
  /** No contact yet → Contact created (firstname "Mary Jane", lastname "Watson"). */
  1001: {
    ...base('10001'),
    name: 'Mary Jane Watson',
    email: 'mj.watson@example.com',
    phone: '+44 20 7946 0958',
    company: 'Daily Bugle',
  },
  /** Contact 101 (email only) → Contact updated with phone, company, jobtitle, city; notes skipped. */
  1002: {
    ...base('10002'),
    name: 'Priya Patel',
    email: ' PRIYA.PATEL@Example.com',
    phone: '(415) 555-0134',
    company: 'Northwind Traders',
    jobTitle: 'Head of Operations',
    location: 'San Francisco',
    notes: 'VIP: renewal in March',
  },
  /** Contact 102 → Conflicts queued (Company, Job title); phone equal after normalisation. */
  1003: {
    ...base('10003'),
    name: 'Jonas Berg',
    email: 'jonas.berg@example.com',
    phone: '(212) 555-0199',
    company: 'Globex',
    jobTitle: 'Chief Technology Officer',
  },
  /** Contact 103 (no email) → found by phone, Contact updated (jobtitle). */
  1004: { ...base('10004'), name: 'Sam Lee', email: null, phone: '+1 646-555-0142', jobTitle: 'Support Lead' },
  /** Contacts 104 and 105 share the phone; 105 is newer → chosen, multiple_matches names 104. */
  1005: { ...base('10005'), name: 'Dana Cruz', phone: '303.555.0177', email: null },
  /** Contact 106 → conflicts (Name, Company) with markup that must stay text. */
  1006: {
    ...base('10006'),
    name: '<img src=x onerror=alert(1)>',
    email: 'lin.chen@example.com',
    company: 'Acme <b>Bold</b>',
  },
  /** No email, no phone → No lookup key, zero CRM calls. */
  1007: { ...base('10007'), name: 'Anonymous visitor', email: null, phone: null },
  /** Contact 107, same values → No changes. */
  1008: {
    ...base('10008'),
    name: 'Olivia Stone',
    email: 'olivia.stone@example.com',
    phone: '+1 415 555 0107',
    company: 'Stone & Co',
    jobTitle: 'Founder',
  },
  /** A Lead in the Dynamics 365 sandbox → Lead already exists; on every other CRM simply created. */
  1009: { ...base('10009'), name: 'Noah Kim', email: 'noah.kim@example.com', phone: '+1 617 555 0123' },
} satisfies Record<number, Customer>;

export type DemoTicket = keyof typeof DEMO_CUSTOMERS;

/** A demo customer, optionally changed. */
export function customer(ticket: DemoTicket, changes: Partial<Customer> = {}): Customer {
  return { ...DEMO_CUSTOMERS[ticket], ...changes };
}
