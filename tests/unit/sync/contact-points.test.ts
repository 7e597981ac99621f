/**
 * A record's contact points — every email and phone it holds besides the mapped fields (a Pipedrive
 * person's secondary email, a Dynamics contact's `mobilephone`, HubSpot `hs_additional_emails`):
 * the lookup re-check accepts a match on any of them, and the planner does not queue a conflict
 * for a chat value the CRM already holds in another field.
 */
import { describe, expect, it } from 'vitest';
import {
  type ContactPoints,
  holdsContactPoint,
  planSync,
  recordMatchesKey,
  type SyncPlan,
} from '../../../lib/sync/index.ts';
import { customer, deepFreeze, GB, HUBSPOT_MAPPING, input, US } from './fixtures.ts';

type UpdatePlan = Extract<SyncPlan, { kind: 'update' }>;

function asUpdate(plan: SyncPlan): UpdatePlan {
  expect(plan.kind).toBe('update');
  return plan as UpdatePlan;
}

const points = (emails: string[], phones: string[] = []): ContactPoints => deepFreeze({ emails, phones });

describe('recordMatchesKey with contact points', () => {
  const values = deepFreeze({ email: 'ana@work.example', phone: null, firstname: 'Ana' });

  it('matches a secondary email case-insensitively', () => {
    const extra = points(['ana@work.example', ' Ana.Personal@Example.COM ']);
    expect(recordMatchesKey(values, HUBSPOT_MAPPING, { email: 'ana.personal@example.com' }, US, extra)).toBe(true);
  });

  it('without contact points, only the mapped field counts (as before)', () => {
    expect(recordMatchesKey(values, HUBSPOT_MAPPING, { email: 'ana.personal@example.com' }, US)).toBe(false);
    expect(recordMatchesKey(values, HUBSPOT_MAPPING, { email: 'ANA@work.example' }, US)).toBe(true);
  });

  it('matches a mobile-only number by E.164 however it was typed', () => {
    const extra = points([], ['646.555.0142']);
    expect(recordMatchesKey(values, HUBSPOT_MAPPING, { phone: '+16465550142' }, US, extra)).toBe(true);
    expect(recordMatchesKey(values, HUBSPOT_MAPPING, { phone: '+16465550143' }, US, extra)).toBe(false);
  });

  it('parses national numbers with the team region', () => {
    const extra = points([], ['020 7946 0958']);
    expect(recordMatchesKey({}, HUBSPOT_MAPPING, { phone: '+442079460958' }, GB, extra)).toBe(true);
    expect(recordMatchesKey({}, HUBSPOT_MAPPING, { phone: '+442079460958' }, US, extra)).toBe(false);
  });

  it('checks only the keys given: an email in the points does not answer a phone lookup', () => {
    const extra = points(['ana.personal@example.com'], ['+1 646 555 0142']);
    expect(recordMatchesKey(values, HUBSPOT_MAPPING, { phone: '+14155550100' }, US, extra)).toBe(false);
    expect(recordMatchesKey(values, HUBSPOT_MAPPING, { email: 'other@example.com' }, US, extra)).toBe(false);
    expect(recordMatchesKey(values, HUBSPOT_MAPPING, {}, US, extra)).toBe(false);
  });

  it('works without any mapped email or phone field when the points hold the key', () => {
    expect(recordMatchesKey({}, [], { email: 'a@x.com' }, US, points(['A@X.com']))).toBe(true);
    expect(recordMatchesKey({}, [], { email: 'a@x.com' }, US, points([]))).toBe(false);
  });

  it('never matches blank or unusable entries', () => {
    const extra = points(['', '  ', 'not an email'], ['', 'ask reception', '555-0100']);
    expect(recordMatchesKey({}, HUBSPOT_MAPPING, { email: 'not an email' }, US, extra)).toBe(false);
    expect(recordMatchesKey({}, HUBSPOT_MAPPING, { phone: '555-0100' }, US, extra)).toBe(false);
  });
});

describe('holdsContactPoint', () => {
  it('compares emails case-insensitively and phones by E.164, extensions ignored', () => {
    const extra = points(['Ana.Personal@Example.com'], ['+1 (646) 555-0142 ext. 7']);
    expect(holdsContactPoint(extra, 'email', 'ana.personal@example.com', US)).toBe(true);
    expect(holdsContactPoint(extra, 'phone', '+16465550142', US)).toBe(true);
    expect(holdsContactPoint(extra, 'phone', '+16465550142 ext. 9', US)).toBe(true);
    expect(holdsContactPoint(extra, 'email', 'other@example.com', US)).toBe(false);
    expect(holdsContactPoint(undefined, 'email', 'ana.personal@example.com', US)).toBe(false);
  });
});

describe('planSync with contact points', () => {
  const base = {
    id: '501',
    updatedAt: null,
    values: { email: 'ana@work.example', firstname: 'Ana', lastname: 'Souza', phone: '+1 212 555 0100' },
  };

  it('queues no email conflict when the chat email is the record’s secondary email', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ email: 'ana.personal@example.com', name: 'Ana Souza', jobTitle: 'Buyer' }),
          record: deepFreeze({ ...base, contactPoints: points(['ana@work.example', 'ana.personal@example.com']) }),
        }),
      ),
    );
    expect(plan.conflicts).toEqual([]);
    expect(plan.properties).toEqual({ jobtitle: 'Buyer' });
  });

  it('queues no phone conflict when the chat number is the record’s mobile', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ email: 'ana@work.example', phone: '(646) 555-0142' }),
          record: deepFreeze({ ...base, contactPoints: points([], ['+1 212 555 0100', '646-555-0142']) }),
        }),
      ),
    );
    expect(plan.conflicts).toEqual([]);
    expect(plan.properties).toEqual({});
  });

  it('still fills a blank mapped field with the chat value', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ email: 'ana@work.example', phone: '(646) 555-0142' }),
          record: deepFreeze({
            ...base,
            values: { ...base.values, phone: null },
            contactPoints: points([], ['646-555-0142']),
          }),
        }),
      ),
    );
    expect(plan.properties).toEqual({ phone: '+16465550142' });
  });

  it('queues a conflict as before when the chat value is nowhere on the record', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ email: 'ana.personal@example.com', phone: '(646) 555-0199' }),
          record: deepFreeze({ ...base, contactPoints: points(['ana@work.example'], ['+1 212 555 0100']) }),
        }),
      ),
    );
    expect(plan.conflicts.map((c) => c.field).sort()).toEqual(['email', 'phone']);
  });
});
