/**
 * Demo data of the Pipedrive sandbox: the same people every CRM sandbox seeds (phase-2 demo data), as
 * Pipedrive persons linked to organizations, each built to produce one sync outcome against the
 * matching demo Zendesk ticket (proxy/sandbox/zendesk/data.ts):
 *
 * | id | person                                          | demo ticket → outcome                          |
 * |----|-------------------------------------------------|------------------------------------------------|
 * | 1  | Priya Patel, email only                         | 1002 → Contact updated (phone, job title)      |
 * | 2  | Jonas Berg, Globex Corporation, CTO, New York   | 1003 → Conflicts queued (job title)            |
 * | 3  | Sam Lee, no email, phone "(646) 555-0142"       | 1004 → found by phone, Contact updated         |
 * | 4  | Dana Cruz, phone "+1 303 555 0177"              | 1005 → not chosen: 5 was updated more recently |
 * | 5  | Dana Cruz, same phone, updated later            | 1005 → chosen, with a multiple_matches warning |
 * | 6  | Lin Chen, organization `<img src=x …>`          | 1006 → values that must render as literal text |
 * | 7  | Olivia Stone, Stone & Co, Founder               | 1008 → No changes                              |
 *
 * Company is the person's organization (shown From CRM). Mary Jane Watson (ticket 1001) has no
 * person: the first sync creates one (ids continue at 8). Job title and city live in the contact-sync
 * fields `job_title` and `postal_address`, which the sandbox has unless created with
 * `contactSync: false`.
 */
import type { PipedriveSeedOrganization, PipedriveSeedPerson } from './store.ts';

/** The sandbox's API token (send it as `x-api-token`). */
export const SANDBOX_PIPEDRIVE_TOKEN = 'sandbox0pipedrive0api0token0000000000000';

const CREATED_AT = '2026-10-01T09:00:00.000Z';

/** The seeded organizations. */
export const PIPEDRIVE_SEED_ORGANIZATIONS: readonly PipedriveSeedOrganization[] = [
  { id: 1, name: 'Globex Corporation' },
  { id: 2, name: 'Initech' },
  { id: 3, name: '<img src=x onerror=alert(1)>' },
  { id: 4, name: 'Stone & Co' },
];

/** The seeded persons. Person 5 is updated more recently than person 4. */
export const PIPEDRIVE_SEED_PERSONS: readonly PipedriveSeedPerson[] = [
  {
    id: 1,
    name: 'Priya Patel',
    email: 'priya.patel@example.com',
    addTime: CREATED_AT,
    updateTime: '2026-10-02T10:15:00.000Z',
  },
  {
    id: 2,
    name: 'Jonas Berg',
    email: 'jonas.berg@example.com',
    phone: '+1 212 555 0199',
    orgId: 1,
    jobTitle: 'CTO',
    city: 'New York',
    addTime: CREATED_AT,
    updateTime: '2026-10-03T11:20:00.000Z',
  },
  {
    id: 3,
    name: 'Sam Lee',
    phone: '(646) 555-0142',
    orgId: 2,
    addTime: CREATED_AT,
    updateTime: '2026-10-04T08:45:00.000Z',
  },
  { id: 4, name: 'Dana Cruz', phone: '+1 303 555 0177', addTime: CREATED_AT, updateTime: '2026-10-05T09:30:00.000Z' },
  { id: 5, name: 'Dana Cruz', phone: '+1 303 555 0177', addTime: CREATED_AT, updateTime: '2026-10-07T14:10:00.000Z' },
  {
    id: 6,
    name: 'Lin Chen',
    email: 'lin.chen@example.com',
    orgId: 3,
    addTime: CREATED_AT,
    updateTime: '2026-10-06T16:00:00.000Z',
  },
  {
    id: 7,
    name: 'Olivia Stone',
    email: 'olivia.stone@example.com',
    phone: '+1 415 555 0107',
    orgId: 4,
    jobTitle: 'Founder',
    addTime: CREATED_AT,
    updateTime: '2026-10-08T12:00:00.000Z',
  },
];
