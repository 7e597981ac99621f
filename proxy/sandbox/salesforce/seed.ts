/**
 * Demo data of the Salesforce sandbox (the phase's demo people, as in every CRM sandbox), and the
 * sandbox org's credentials.
 *
 * Contacts, each linked to an Account named after the person's company, each built to produce one
 * sync outcome against the matching demo Zendesk ticket (Contact mode, default mapping):
 *
 * | #  | Contact                                          | demo ticket → outcome                                       |
 * |----|--------------------------------------------------|-------------------------------------------------------------|
 * | 1  | Priya Patel, email only                          | 1002 → Contact updated (Phone, Title, MailingCity, Description) |
 * | 2  | Jonas Berg, Globex Corporation, CTO, New York    | 1003 → Conflicts queued (Title)                             |
 * | 3  | Sam Lee, no email, "(646) 555-0142", Initech     | 1004 → found by phone, Contact updated (Title)              |
 * | 4  | Dana Cruz, "+1 303 555 0177"                     | 1005 → not chosen: #5 was modified more recently            |
 * | 5  | Dana Cruz, same phone, newer                     | 1005 → chosen, with a multiple_matches warning              |
 * | 6  | Lin Chen, Account `<img src=x onerror=alert(1)>` | 1006 → markup that must render as literal text              |
 * | 7  | Olivia Stone, Stone & Co, Founder                | 1008 → No changes                                           |
 *
 * Ticket 1001 (Mary Jane Watson) has no record, so the first sync creates one (ids continue at
 * 101); ticket 1007 has no email and no phone (No lookup key). The same people are seeded as Leads
 * (Company filled from their Account, "[not provided]" where they have none — Salesforce requires
 * it) for Lead mode. The org has no `TimeZone__c` field (the time zone is skipped with a warning).
 */
import { toId18 } from '../../crm/salesforce/ids.ts';
import { newRecordId } from './ids.ts';
import type { SeedRecord } from './store.ts';

/** The access token the sandbox accepts from the start (until `expireTokens`). */
export const SANDBOX_SALESFORCE_ACCESS_TOKEN = '00DHs0000000001!AQ4AQsandbox.access.token';
/** The sandbox connected app's consumer key (client id). */
export const SANDBOX_SALESFORCE_CLIENT_ID = '3MVG9sandbox.connected.app.consumer.key';
/** The sandbox connected app's consumer secret (client secret). */
export const SANDBOX_SALESFORCE_CLIENT_SECRET = 'sandbox-consumer-secret';
/** The refresh token the sandbox's token endpoint accepts. */
export const SANDBOX_SALESFORCE_REFRESH_TOKEN = '5Aep861sandbox.refresh.token';
/** The sandbox org's id. */
export const SANDBOX_ORG_ID = toId18('00DHs0000000001');
/** The sandbox integration user's id. */
export const SANDBOX_USER_ID = toId18('005Hs0000000001');

const CREATED = '2026-10-01T09:00:00.000+0000';

/** Account ids of the seed. */
export const SEED_ACCOUNTS = {
  globex: newRecordId('001', 1),
  initech: newRecordId('001', 2),
  markup: newRecordId('001', 3),
  stone: newRecordId('001', 4),
} as const;

/** Contact ids of the seed, by person. */
export const SEED_CONTACTS = {
  priya: newRecordId('003', 1),
  jonas: newRecordId('003', 2),
  sam: newRecordId('003', 3),
  danaOlder: newRecordId('003', 4),
  danaNewer: newRecordId('003', 5),
  lin: newRecordId('003', 6),
  olivia: newRecordId('003', 7),
} as const;

/** Lead ids of the seed, by person. */
export const SEED_LEADS = {
  priya: newRecordId('00Q', 1),
  jonas: newRecordId('00Q', 2),
  sam: newRecordId('00Q', 3),
  danaOlder: newRecordId('00Q', 4),
  danaNewer: newRecordId('00Q', 5),
  lin: newRecordId('00Q', 6),
  olivia: newRecordId('00Q', 7),
} as const;

const ACCOUNT_NAMES: Record<keyof typeof SEED_ACCOUNTS, string> = {
  globex: 'Globex Corporation',
  initech: 'Initech',
  markup: '<img src=x onerror=alert(1)>',
  stone: 'Stone & Co',
};

interface Person {
  key: keyof typeof SEED_CONTACTS;
  updatedAt: string;
  account?: keyof typeof SEED_ACCOUNTS;
  values: Record<string, string>;
  /** Contact field → Lead field for the location (MailingCity → City). */
  city?: string;
}

const PEOPLE: readonly Person[] = [
  {
    key: 'priya',
    updatedAt: '2026-10-02T10:15:00.000+0000',
    values: { FirstName: 'Priya', LastName: 'Patel', Email: 'priya.patel@example.com' },
  },
  {
    key: 'jonas',
    updatedAt: '2026-10-03T11:20:00.000+0000',
    account: 'globex',
    city: 'New York',
    values: {
      FirstName: 'Jonas',
      LastName: 'Berg',
      Email: 'jonas.berg@example.com',
      Phone: '+1 212 555 0199',
      Title: 'CTO',
    },
  },
  {
    key: 'sam',
    updatedAt: '2026-10-04T08:45:00.000+0000',
    account: 'initech',
    values: { FirstName: 'Sam', LastName: 'Lee', Phone: '(646) 555-0142' },
  },
  {
    key: 'danaOlder',
    updatedAt: '2026-10-05T09:30:00.000+0000',
    values: { FirstName: 'Dana', LastName: 'Cruz', Phone: '+1 303 555 0177' },
  },
  {
    key: 'danaNewer',
    updatedAt: '2026-10-07T14:10:00.000+0000',
    values: { FirstName: 'Dana', LastName: 'Cruz', Phone: '+1 303 555 0177' },
  },
  {
    key: 'lin',
    updatedAt: '2026-10-06T16:00:00.000+0000',
    account: 'markup',
    values: { FirstName: 'Lin', LastName: 'Chen', Email: 'lin.chen@example.com' },
  },
  {
    key: 'olivia',
    updatedAt: '2026-10-08T12:00:00.000+0000',
    account: 'stone',
    values: {
      FirstName: 'Olivia',
      LastName: 'Stone',
      Email: 'olivia.stone@example.com',
      Phone: '+1 415 555 0107',
      Title: 'Founder',
    },
  },
];

/** The seeded Accounts, Contacts and Leads. */
export const SALESFORCE_SEED: readonly SeedRecord[] = [
  ...(Object.keys(SEED_ACCOUNTS) as (keyof typeof SEED_ACCOUNTS)[]).map((key): SeedRecord => ({
    object: 'Account',
    id: SEED_ACCOUNTS[key],
    createdAt: CREATED,
    updatedAt: CREATED,
    values: { Name: ACCOUNT_NAMES[key] },
  })),
  ...PEOPLE.map((p): SeedRecord => ({
    object: 'Contact',
    id: SEED_CONTACTS[p.key],
    createdAt: CREATED,
    updatedAt: p.updatedAt,
    values: {
      ...p.values,
      ...(p.account ? { AccountId: SEED_ACCOUNTS[p.account] } : {}),
      ...(p.city ? { MailingCity: p.city } : {}),
    },
  })),
  ...PEOPLE.map((p): SeedRecord => ({
    object: 'Lead',
    id: SEED_LEADS[p.key],
    createdAt: CREATED,
    updatedAt: p.updatedAt,
    values: {
      ...p.values,
      Company: p.account ? ACCOUNT_NAMES[p.account] : '[not provided]',
      Status: 'Open - Not Contacted',
      ...(p.city ? { City: p.city } : {}),
    },
  })),
];
