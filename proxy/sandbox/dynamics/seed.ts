/**
 * Demo data of the Dynamics 365 sandbox (the phase-2 demo people, as every CRM sandbox seeds them):
 * contacts linked to their company's account, plus one lead. Each is built to produce one sync
 * outcome against the matching demo Zendesk ticket (proxy/sandbox/zendesk/data.ts):
 *
 * | record                                              | demo ticket → outcome                                 |
 * |-----------------------------------------------------|-------------------------------------------------------|
 * | contact Priya Patel, email only                     | 1002 → Contact updated (phone, job title, city)        |
 * | contact Jonas Berg, account Globex Corporation, CTO | 1003 → Conflicts queued (Job title); company From CRM  |
 * | contact Sam Lee, no email, "(646) 555-0142", Initech| 1004 → found by phone, Contact updated                 |
 * | contacts Dana Cruz ×2, "+1 303 555 0177"            | 1005 → the more recently modified one is chosen        |
 * | contact Lin Chen, account `<img src=x …>`           | 1006 → values that must render as literal text         |
 * | contact Olivia Stone, Stone & Co, Founder           | 1008 → No changes                                      |
 * | LEAD Noah Kim                                       | 1009 → Lead already exists (no duplicate, no update)   |
 *
 * Mary Jane Watson (ticket 1001) is in neither table, so the first sync creates a LEAD for her.
 * Ids are GUIDs, as Dataverse's are; `createdon`/`modifiedon` are UTC.
 */

/** The access token the sandbox accepts (send it as `Authorization: Bearer sandbox-dynamics-token`). */
export const SANDBOX_DYNAMICS_TOKEN = 'sandbox-dynamics-token';

/** One seeded row: table, GUID, timestamps, column values, and (contacts) the parent account's id. */
export interface DynamicsSeedRow {
  entity: 'contact' | 'lead' | 'account';
  id: string;
  createdon: string;
  modifiedon: string;
  values: Readonly<Record<string, string | number>>;
  /** For contacts: the `parentcustomerid` account. */
  parentAccountId?: string;
}

const CREATED = '2026-10-01T09:00:00Z';

/** Seeded account ids. */
export const SEED_ACCOUNT_IDS = {
  globex: '8340cc86-aca6-4c31-8629-c25b295be63d',
  initech: '7ca01fbe-1079-489a-8294-133fde3aca09',
  linChen: '1cadd961-9d63-4b25-84bc-5db6ff438632',
  stone: '30fc4c3f-a02d-495f-be62-5d2bebe9af8b',
} as const;

/** Seeded contact and lead ids, by person. */
export const SEED_IDS = {
  priya: '9cd76b35-5f9d-46b4-89e0-505bbac275a2',
  jonas: 'bfa95168-330d-47c2-a4eb-4d01c5718a91',
  sam: '9007704b-da85-4ce7-af8c-d7056a45223b',
  danaOlder: '91c3c5c0-5a54-47df-8096-201e9c188d66',
  danaNewer: 'c335cf31-14d1-44ea-b094-cf7e4d6b212f',
  lin: '3bf9f495-b3ea-44b0-bbc6-73a344444039',
  olivia: 'd15312aa-4bbe-44e8-96cd-44f55b089824',
  noahLead: 'bcf6c08e-c71e-40c0-8196-a576834e0dd0',
} as const;

/** The seed, accounts first (contacts point at them). */
export const DYNAMICS_SEED: readonly DynamicsSeedRow[] = [
  {
    entity: 'account',
    id: SEED_ACCOUNT_IDS.globex,
    createdon: CREATED,
    modifiedon: CREATED,
    values: { name: 'Globex Corporation', address1_city: 'New York' },
  },
  {
    entity: 'account',
    id: SEED_ACCOUNT_IDS.initech,
    createdon: CREATED,
    modifiedon: CREATED,
    values: { name: 'Initech' },
  },
  {
    entity: 'account',
    id: SEED_ACCOUNT_IDS.linChen,
    createdon: CREATED,
    modifiedon: CREATED,
    values: { name: '<img src=x onerror=alert(1)>' },
  },
  {
    entity: 'account',
    id: SEED_ACCOUNT_IDS.stone,
    createdon: CREATED,
    modifiedon: CREATED,
    values: { name: 'Stone & Co' },
  },
  {
    entity: 'contact',
    id: SEED_IDS.priya,
    createdon: CREATED,
    modifiedon: '2026-10-02T10:15:00Z',
    values: { firstname: 'Priya', lastname: 'Patel', emailaddress1: 'priya.patel@example.com' },
  },
  {
    entity: 'contact',
    id: SEED_IDS.jonas,
    createdon: CREATED,
    modifiedon: '2026-10-03T11:20:00Z',
    values: {
      firstname: 'Jonas',
      lastname: 'Berg',
      emailaddress1: 'jonas.berg@example.com',
      telephone1: '+1 212 555 0199',
      jobtitle: 'CTO',
      address1_city: 'New York',
    },
    parentAccountId: SEED_ACCOUNT_IDS.globex,
  },
  {
    entity: 'contact',
    id: SEED_IDS.sam,
    createdon: CREATED,
    modifiedon: '2026-10-04T08:45:00Z',
    values: { firstname: 'Sam', lastname: 'Lee', telephone1: '(646) 555-0142' },
    parentAccountId: SEED_ACCOUNT_IDS.initech,
  },
  {
    entity: 'contact',
    id: SEED_IDS.danaOlder,
    createdon: CREATED,
    modifiedon: '2026-10-05T09:30:00Z',
    values: { firstname: 'Dana', lastname: 'Cruz', telephone1: '+1 303 555 0177' },
  },
  {
    entity: 'contact',
    id: SEED_IDS.danaNewer,
    createdon: CREATED,
    modifiedon: '2026-10-07T14:10:00Z',
    values: { firstname: 'Dana', lastname: 'Cruz', telephone1: '+1 303 555 0177' },
  },
  {
    entity: 'contact',
    id: SEED_IDS.lin,
    createdon: CREATED,
    modifiedon: '2026-10-06T16:00:00Z',
    values: { firstname: 'Lin', lastname: 'Chen', emailaddress1: 'lin.chen@example.com' },
    parentAccountId: SEED_ACCOUNT_IDS.linChen,
  },
  {
    entity: 'contact',
    id: SEED_IDS.olivia,
    createdon: CREATED,
    modifiedon: '2026-10-08T12:00:00Z',
    values: {
      firstname: 'Olivia',
      lastname: 'Stone',
      emailaddress1: 'olivia.stone@example.com',
      telephone1: '+1 415 555 0107',
      jobtitle: 'Founder',
    },
    parentAccountId: SEED_ACCOUNT_IDS.stone,
  },
  {
    entity: 'lead',
    id: SEED_IDS.noahLead,
    createdon: CREATED,
    modifiedon: '2026-10-09T15:30:00Z',
    values: {
      subject: 'Interested in the enterprise plan',
      firstname: 'Noah',
      lastname: 'Kim',
      emailaddress1: 'noah.kim@example.com',
      telephone1: '+1 617 555 0123',
      leadsourcecode: 8,
    },
  },
];
