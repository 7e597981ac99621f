/**
 * The demo tickets of the shared agreement (§5), run through the planner the way the proxy does:
 * lookupKeys → search (simulated over the seeded contacts) → recordMatchesKey → chooseMatch → planSync.
 * If one of these fails, the demo and the browser tests will show the wrong outcome.
 */
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../lib/contracts/index.ts';
import {
  chooseMatch,
  crmDisplayValues,
  lookupKeys,
  type PlannerRecord,
  planResolution,
  planSync,
  recordMatchesKey,
  type SyncPlan,
} from '../../../lib/sync/index.ts';
import { customer, HUBSPOT_MAPPING, HUBSPOT_SCHEMA, US } from './fixtures.ts';

const SEEDED: PlannerRecord[] = [
  {
    id: '101',
    updatedAt: '2026-10-01T10:00:00Z',
    values: { firstname: 'Priya', lastname: 'Patel', email: 'priya.patel@example.com' },
  },
  {
    id: '102',
    updatedAt: '2026-10-02T10:00:00Z',
    values: {
      firstname: 'Jonas',
      lastname: 'Berg',
      email: 'jonas.berg@example.com',
      phone: '+1 212 555 0199',
      company: 'Globex Corporation',
      jobtitle: 'CTO',
      city: 'New York',
    },
  },
  {
    id: '103',
    updatedAt: '2026-10-03T10:00:00Z',
    values: { firstname: 'Sam', lastname: 'Lee', phone: '(646) 555-0142', company: 'Initech' },
  },
  {
    id: '104',
    updatedAt: '2026-10-04T10:00:00Z',
    values: { firstname: 'Dana', lastname: 'Cruz', phone: '+1 303 555 0177' },
  },
  {
    id: '105',
    updatedAt: '2026-10-05T10:00:00Z',
    values: { firstname: 'Dana', lastname: 'Cruz', phone: '+1 303 555 0177' },
  },
  {
    id: '106',
    updatedAt: '2026-10-06T10:00:00Z',
    values: {
      firstname: 'Lin',
      lastname: 'Chen',
      email: 'lin.chen@example.com',
      company: '<img src=x onerror=alert(1)>',
    },
  },
  {
    id: '107',
    updatedAt: '2026-10-07T10:00:00Z',
    values: {
      firstname: 'Olivia',
      lastname: 'Stone',
      email: 'olivia.stone@example.com',
      phone: '+1 415 555 0107',
      company: 'Stone & Co',
      jobtitle: 'Founder',
    },
  },
];

/** The proxy's lookup order (email, then phone) over the seeded contacts, then the plan. */
function sync(fields: Partial<Customer>): { plan: SyncPlan; matched: string | null; others: string[] } {
  const c = customer(fields);
  const keys = lookupKeys(c, US);
  let candidates: PlannerRecord[] = [];
  if (keys.email)
    candidates = SEEDED.filter((r) => recordMatchesKey(r.values, HUBSPOT_MAPPING, { email: keys.email }, US));
  if (candidates.length === 0 && keys.phone) {
    candidates = SEEDED.filter((r) => recordMatchesKey(r.values, HUBSPOT_MAPPING, { phone: keys.phone }, US));
  }
  const match = chooseMatch(candidates);
  const plan = planSync({
    customer: c,
    record: match?.chosen ?? null,
    mapping: HUBSPOT_MAPPING,
    crmFields: HUBSPOT_SCHEMA,
    settled: [],
    providerLabel: 'HubSpot',
    options: US,
  });
  return { plan, matched: match?.chosen.id ?? null, others: match?.others.map((o) => o.id) ?? [] };
}

describe('demo tickets', () => {
  it('1001 Mary Jane Watson → Contact created (firstname "Mary Jane", lastname "Watson")', () => {
    const { plan, matched } = sync({
      name: 'Mary Jane Watson',
      email: 'mj.watson@example.com',
      phone: '+44 20 7946 0958',
      company: 'Daily Bugle',
    });
    expect(matched).toBeNull();
    expect(plan).toEqual({
      kind: 'create',
      properties: {
        email: 'mj.watson@example.com',
        firstname: 'Mary Jane',
        lastname: 'Watson',
        phone: '+442079460958',
        company: 'Daily Bugle',
      },
      writes: expect.any(Array),
      warnings: [],
    });
  });

  it('1002 Priya Patel → Contact updated in one write; notes skipped (portal has no notes property)', () => {
    const { plan, matched } = sync({
      name: 'Priya Patel',
      email: ' PRIYA.PATEL@Example.com',
      phone: '(415) 555-0134',
      company: 'Northwind Traders',
      jobTitle: 'Head of Operations',
      location: 'San Francisco',
      notes: 'VIP: renewal in March',
    });
    expect(matched).toBe('101');
    expect(plan).toEqual({
      kind: 'update',
      properties: {
        phone: '+14155550134',
        company: 'Northwind Traders',
        jobtitle: 'Head of Operations',
        city: 'San Francisco',
      },
      writes: expect.any(Array),
      conflicts: [],
      warnings: [expect.objectContaining({ code: 'field_missing', field: 'notes' })],
    });
  });

  it('1003 Jonas Berg → Conflicts queued for Company and Job title; phone equal after normalisation', () => {
    const { plan, matched } = sync({
      name: 'Jonas Berg',
      email: 'jonas.berg@example.com',
      phone: '(212) 555-0199',
      company: 'Globex',
      jobTitle: 'Chief Technology Officer',
    });
    expect(matched).toBe('102');
    expect(plan).toEqual({
      kind: 'update',
      properties: {},
      writes: [],
      conflicts: [
        { field: 'company', crmFields: ['company'], crmValue: 'Globex Corporation', chatValue: 'Globex' },
        { field: 'jobTitle', crmFields: ['jobtitle'], crmValue: 'CTO', chatValue: 'Chief Technology Officer' },
      ],
      warnings: [],
    });
  });

  it('1004 Sam Lee → found by phone, Contact updated (jobtitle)', () => {
    const { plan, matched } = sync({ name: 'Sam Lee', phone: '+1 646-555-0142', jobTitle: 'Support Lead' });
    expect(matched).toBe('103');
    expect(plan).toMatchObject({ kind: 'update', properties: { jobtitle: 'Support Lead' }, conflicts: [] });
    expect(Object.keys((plan as { properties: object }).properties)).toEqual(['jobtitle']);
  });

  it('1005 Dana Cruz → 105 (more recent) chosen, 104 reported; nothing to write', () => {
    const { plan, matched, others } = sync({ name: 'Dana Cruz', phone: '303.555.0177' });
    expect(matched).toBe('105');
    expect(others).toEqual(['104']);
    expect(plan).toEqual({ kind: 'update', properties: {}, writes: [], conflicts: [], warnings: [] });
  });

  it('1006 Lin Chen → Name and Company conflicts carrying the markup as plain values', () => {
    const { plan, matched } = sync({
      name: '<img src=x onerror=alert(1)>',
      email: 'lin.chen@example.com',
      company: 'Acme <b>Bold</b>',
    });
    expect(matched).toBe('106');
    expect(plan).toMatchObject({
      kind: 'update',
      properties: {},
      conflicts: [
        { field: 'name', crmValue: 'Lin Chen', chatValue: '<img src=x onerror=alert(1)>' },
        { field: 'company', crmValue: '<img src=x onerror=alert(1)>', chatValue: 'Acme <b>Bold</b>' },
      ],
    });
  });

  it('1007 Anonymous visitor → No lookup key', () => {
    expect(sync({ name: 'Anonymous visitor' }).plan).toEqual({ kind: 'skip_no_key', warnings: [] });
  });

  it('1008 Olivia Stone → No changes', () => {
    const { plan, matched } = sync({
      name: 'Olivia Stone',
      email: 'olivia.stone@example.com',
      phone: '(415) 555-0107',
      company: 'Stone & Co',
      jobTitle: 'Founder',
    });
    expect(matched).toBe('107');
    expect(plan).toEqual({ kind: 'update', properties: {}, writes: [], conflicts: [], warnings: [] });
  });

  it('Jonas: Keep CRM value settles the pair so the next sync queues only Job title', () => {
    const jonas = {
      name: 'Jonas Berg',
      email: 'jonas.berg@example.com',
      company: 'Globex',
      jobTitle: 'Chief Technology Officer',
    };
    const record = SEEDED[1]!;
    const first = planSync({
      customer: customer(jonas),
      record,
      mapping: HUBSPOT_MAPPING,
      crmFields: HUBSPOT_SCHEMA,
      settled: [],
      providerLabel: 'HubSpot',
      options: US,
    });
    if (first.kind !== 'update') throw new Error('expected update');
    const companyConflict = first.conflicts.find((c) => c.field === 'company')!;
    const mapping = HUBSPOT_MAPPING.find((m) => m.field === 'company')!;
    expect(
      planResolution({ conflict: companyConflict, choice: 'crm', current: record.values, mapping, options: US }),
    ).toEqual({
      kind: 'keep',
    });

    const again = planSync({
      customer: customer(jonas),
      record,
      mapping: HUBSPOT_MAPPING,
      crmFields: HUBSPOT_SCHEMA,
      settled: [{ field: 'company', chatValue: companyConflict.chatValue, crmValue: companyConflict.crmValue }],
      providerLabel: 'HubSpot',
      options: US,
    });
    expect(again.kind === 'update' && again.conflicts.map((c) => c.field)).toEqual(['jobTitle']);
  });

  it('Jonas: Use chat value after someone edited the company in HubSpot → stale with the new value', () => {
    const conflict = {
      field: 'company' as const,
      crmFields: ['company'],
      crmValue: 'Globex Corporation',
      chatValue: 'Globex',
    };
    const mapping = HUBSPOT_MAPPING.find((m) => m.field === 'company')!;
    const current = { ...SEEDED[1]!.values, company: 'Globex Corp (EMEA)' };
    expect(planResolution({ conflict, choice: 'chat', current, mapping, options: US })).toEqual({
      kind: 'stale',
      crmValue: 'Globex Corp (EMEA)',
    });
  });

  it('the sidebar card shows seeded values in display form', () => {
    expect(crmDisplayValues(SEEDED[2]!.values, HUBSPOT_MAPPING, US)).toEqual({
      name: 'Sam Lee',
      phone: '+16465550142',
      company: 'Initech',
    });
  });
});
