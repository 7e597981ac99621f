/**
 * Demo data of the HubSpot sandbox (agreement §5 of the build brief): portal 24681357 and contacts
 * 101–107, each built to produce one sync outcome against the matching demo Zendesk ticket:
 *
 * | id  | contact                                   | demo ticket → outcome                                  |
 * |-----|-------------------------------------------|--------------------------------------------------------|
 * | 101 | Priya Patel, email only                   | 1002 → Contact updated (phone, company, jobtitle, city) |
 * | 102 | Jonas Berg, Globex Corporation, CTO       | 1003 → Conflicts queued (Company, Job title)           |
 * | 103 | Sam Lee, no email, phone "(646) 555-0142" | 1004 → found by phone, Contact updated (jobtitle)      |
 * | 104 | Dana Cruz, phone "+1 303 555 0177"        | 1005 → not chosen: 105 was updated more recently       |
 * | 105 | Dana Cruz, same phone, newer              | 1005 → chosen, with a multiple_matches warning (104)   |
 * | 106 | Lin Chen, company `<img src=x …>`         | 1006 → conflicts that must render as literal text      |
 * | 107 | Olivia Stone, Stone & Co, Founder         | 1008 → No changes                                      |
 *
 * Ticket 1001 (Mary Jane Watson) has no contact, so the first sync creates one (ids continue at 201);
 * ticket 1007 has no email and no phone (No lookup key). Only property values a HubSpot user would
 * type are seeded; `createdate`, `lastmodifieddate`, `hs_object_id` and the calculated phone are
 * derived by the store, as HubSpot derives them.
 */

/** The sandbox's private-app access token (send it as `Authorization: Bearer sandbox-hubspot-token`). */
export const SANDBOX_HUBSPOT_TOKEN = 'sandbox-hubspot-token';

/** The sandbox portal's id (HubSpot's "Hub ID"), as `GET /account-info/v3/details` reports it. */
export const SANDBOX_PORTAL_ID = 24681357;

/** Ids of contacts created through the API start here, after the seeded 101–107. */
export const FIRST_CREATED_CONTACT_ID = 201;

/** One seeded contact: HubSpot id, timestamps (ISO 8601, UTC) and the values a user typed. */
export interface HubSpotSeedContact {
  id: string;
  createdAt: string;
  updatedAt: string;
  properties: Readonly<Record<string, string>>;
}

const CREATED_AT = '2026-10-01T09:00:00.000Z';

/** The seeded contacts (agreement §5). Contact 105 is updated more recently than 104. */
export const HUBSPOT_SEED_CONTACTS: readonly HubSpotSeedContact[] = [
  {
    id: '101',
    createdAt: CREATED_AT,
    updatedAt: '2026-10-02T10:15:00.000Z',
    properties: { email: 'priya.patel@example.com', firstname: 'Priya', lastname: 'Patel' },
  },
  {
    id: '102',
    createdAt: CREATED_AT,
    updatedAt: '2026-10-03T11:20:00.000Z',
    properties: {
      email: 'jonas.berg@example.com',
      firstname: 'Jonas',
      lastname: 'Berg',
      phone: '+1 212 555 0199',
      company: 'Globex Corporation',
      jobtitle: 'CTO',
      city: 'New York',
    },
  },
  {
    id: '103',
    createdAt: CREATED_AT,
    updatedAt: '2026-10-04T08:45:00.000Z',
    properties: { firstname: 'Sam', lastname: 'Lee', phone: '(646) 555-0142', company: 'Initech' },
  },
  {
    id: '104',
    createdAt: CREATED_AT,
    updatedAt: '2026-10-05T09:30:00.000Z',
    properties: { firstname: 'Dana', lastname: 'Cruz', phone: '+1 303 555 0177' },
  },
  {
    id: '105',
    createdAt: CREATED_AT,
    updatedAt: '2026-10-07T14:10:00.000Z',
    properties: { firstname: 'Dana', lastname: 'Cruz', phone: '+1 303 555 0177' },
  },
  {
    id: '106',
    createdAt: CREATED_AT,
    updatedAt: '2026-10-06T16:00:00.000Z',
    properties: {
      email: 'lin.chen@example.com',
      firstname: 'Lin',
      lastname: 'Chen',
      company: '<img src=x onerror=alert(1)>',
    },
  },
  {
    id: '107',
    createdAt: CREATED_AT,
    updatedAt: '2026-10-08T12:00:00.000Z',
    properties: {
      email: 'olivia.stone@example.com',
      firstname: 'Olivia',
      lastname: 'Stone',
      phone: '+1 415 555 0107',
      company: 'Stone & Co',
      jobtitle: 'Founder',
    },
  },
];
