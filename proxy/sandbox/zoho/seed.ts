/**
 * Demo data of the Zoho CRM sandbox: the same people every CRM sandbox seeds (phase-2 demo data),
 * as Zoho Contacts linked to Accounts, each built to produce one sync outcome against the matching
 * demo Zendesk ticket (proxy/sandbox/zendesk/data.ts):
 *
 * | id                  | contact                                      | demo ticket → outcome                          |
 * |---------------------|----------------------------------------------|------------------------------------------------|
 * | 5725767000000412001 | Priya Patel, email only                      | 1002 → Contact updated (Phone, Title, City)     |
 * | 5725767000000412002 | Jonas Berg, Globex Corporation, CTO          | 1003 → Conflicts queued (Title)                 |
 * | 5725767000000412003 | Sam Lee, no email, Phone "(646) 555-0142"    | 1004 → found by phone, Contact updated          |
 * | 5725767000000412004 | Dana Cruz, Phone "+1 303 555 0177"           | 1005 → not chosen: …005 was modified later      |
 * | 5725767000000412005 | Dana Cruz, same phone, modified later        | 1005 → chosen, with a multiple_matches warning  |
 * | 5725767000000412006 | Lin Chen, Account `<img src=x …>`            | 1006 → values that must render as literal text  |
 * | 5725767000000412007 | Olivia Stone, Stone & Co, Founder            | 1008 → No changes                               |
 *
 * Company is the contact's Account (a lookup, shown From CRM). Mary Jane Watson (ticket 1001) has
 * no contact: the first sync creates one (ids continue at 5725767000000500001).
 */
import type { ZohoSeedRecord } from './store.ts';

/** The sandbox's OAuth access token (send it as `Authorization: Zoho-oauthtoken <token>`). */
export const SANDBOX_ZOHO_TOKEN = '1000.sandbox0zoho0access0token.5725767000000000001';

const CREATED_AT = '2026-10-01T09:00:00.000Z';

/** Account ids. */
export const ZOHO_SEED_ACCOUNT_IDS = {
  globex: '5725767000000398001',
  initech: '5725767000000398002',
  img: '5725767000000398003',
  stone: '5725767000000398004',
} as const;

/** Contact ids, by person. */
export const ZOHO_SEED_CONTACT_IDS = {
  priya: '5725767000000412001',
  jonas: '5725767000000412002',
  sam: '5725767000000412003',
  danaOlder: '5725767000000412004',
  danaNewer: '5725767000000412005',
  lin: '5725767000000412006',
  olivia: '5725767000000412007',
} as const;

const account = (id: string, name: string): ZohoSeedRecord => ({
  id,
  module: 'Accounts',
  createdAt: CREATED_AT,
  modifiedAt: CREATED_AT,
  values: { Account_Name: name },
});

const contact = (id: string, modifiedAt: string, values: Record<string, string>): ZohoSeedRecord => ({
  id,
  module: 'Contacts',
  createdAt: CREATED_AT,
  modifiedAt,
  values,
});

/** The seeded Accounts and Contacts. Contact …005 is modified more recently than …004. */
export const ZOHO_SEED_RECORDS: readonly ZohoSeedRecord[] = [
  account(ZOHO_SEED_ACCOUNT_IDS.globex, 'Globex Corporation'),
  account(ZOHO_SEED_ACCOUNT_IDS.initech, 'Initech'),
  account(ZOHO_SEED_ACCOUNT_IDS.img, '<img src=x onerror=alert(1)>'),
  account(ZOHO_SEED_ACCOUNT_IDS.stone, 'Stone & Co'),
  contact(ZOHO_SEED_CONTACT_IDS.priya, '2026-10-02T10:15:00.000Z', {
    First_Name: 'Priya',
    Last_Name: 'Patel',
    Email: 'priya.patel@example.com',
  }),
  contact(ZOHO_SEED_CONTACT_IDS.jonas, '2026-10-03T11:20:00.000Z', {
    First_Name: 'Jonas',
    Last_Name: 'Berg',
    Email: 'jonas.berg@example.com',
    Phone: '+1 212 555 0199',
    Account_Name: ZOHO_SEED_ACCOUNT_IDS.globex,
    Title: 'CTO',
    Mailing_City: 'New York',
  }),
  contact(ZOHO_SEED_CONTACT_IDS.sam, '2026-10-04T08:45:00.000Z', {
    First_Name: 'Sam',
    Last_Name: 'Lee',
    Phone: '(646) 555-0142',
    Account_Name: ZOHO_SEED_ACCOUNT_IDS.initech,
  }),
  contact(ZOHO_SEED_CONTACT_IDS.danaOlder, '2026-10-05T09:30:00.000Z', {
    First_Name: 'Dana',
    Last_Name: 'Cruz',
    Phone: '+1 303 555 0177',
  }),
  contact(ZOHO_SEED_CONTACT_IDS.danaNewer, '2026-10-07T14:10:00.000Z', {
    First_Name: 'Dana',
    Last_Name: 'Cruz',
    Phone: '+1 303 555 0177',
  }),
  contact(ZOHO_SEED_CONTACT_IDS.lin, '2026-10-06T16:00:00.000Z', {
    First_Name: 'Lin',
    Last_Name: 'Chen',
    Email: 'lin.chen@example.com',
    Account_Name: ZOHO_SEED_ACCOUNT_IDS.img,
  }),
  contact(ZOHO_SEED_CONTACT_IDS.olivia, '2026-10-08T12:00:00.000Z', {
    First_Name: 'Olivia',
    Last_Name: 'Stone',
    Email: 'olivia.stone@example.com',
    Phone: '+1 415 555 0107',
    Account_Name: ZOHO_SEED_ACCOUNT_IDS.stone,
    Title: 'Founder',
  }),
];
