import { describe, expect, it } from 'vitest';
import { chooseMatch, lookupKeys, recordMatchesKey } from '../../../lib/sync/index.ts';
import { customer, deepFreeze, GB, HUBSPOT_MAPPING, US } from './fixtures.ts';

describe('lookupKeys', () => {
  it.each([
    [{ email: ' PRIYA.PATEL@Example.com ', phone: '(415) 555-0134' }, 'priya.patel@example.com', '+14155550134'],
    [{ email: null, phone: '+1 646-555-0142' }, null, '+16465550142'],
    [{ email: 'lin.chen@example.com' }, 'lin.chen@example.com', null],
    [{ email: '  ', phone: '\u00a0' }, null, null],
    [{ email: 'not an email', phone: '12' }, null, null],
    [{ email: undefined, phone: undefined }, null, null],
    [{ phone: '(415) 555-0100 x55' }, null, '+14155550100'],
  ])('%j → email %j, phone %j', (fields, email, phone) => {
    expect(lookupKeys(customer(fields), US)).toEqual({ email, phone });
  });

  it('uses the default region for national numbers', () => {
    expect(lookupKeys(customer({ phone: '020 7946 0958' }), GB).phone).toBe('+442079460958');
    expect(lookupKeys(customer({ phone: '020 7946 0958' }), US).phone).toBeNull();
  });
});

describe('recordMatchesKey', () => {
  const crm = { email: 'Priya.Patel@Example.com', phone: '(415) 555-0134', firstname: 'Priya' };

  it.each([
    [{ email: 'priya.patel@example.com' }, true],
    [{ email: ' PRIYA.PATEL@EXAMPLE.COM ' }, true],
    [{ email: 'priya.patel@example.org' }, false],
    [{ email: 'priya.patel@example.co' }, false],
    [{ phone: '+14155550134' }, true],
    [{ phone: '415.555.0134' }, true],
    [{ phone: '+14155550135' }, false],
    [{ email: 'other@example.com', phone: '+14155550134' }, true],
    [{ email: null, phone: null }, false],
    [{}, false],
    [{ phone: 'garbage' }, false],
  ])('%j → %s', (key, expected) => {
    expect(recordMatchesKey(crm, HUBSPOT_MAPPING, key, US)).toBe(expected);
  });

  it('ignores an extension on the CRM side (the key is the E.164 number)', () => {
    expect(recordMatchesKey({ phone: '+1 415 555 0134 ext. 9' }, HUBSPOT_MAPPING, { phone: '+14155550134' }, US)).toBe(
      true,
    );
  });

  it('does not match a record whose phone is blank or unparseable', () => {
    expect(recordMatchesKey({ phone: '' }, HUBSPOT_MAPPING, { phone: '+14155550134' }, US)).toBe(false);
    expect(recordMatchesKey({ phone: 'ask reception' }, HUBSPOT_MAPPING, { phone: '+14155550134' }, US)).toBe(false);
  });

  it('reads the CRM fields the mapping names', () => {
    const mapping = [
      { field: 'email' as const, crmFields: ['Email'], direction: 'both' as const, policy: 'queue' as const },
      { field: 'phone' as const, crmFields: ['MobilePhone'], direction: 'both' as const, policy: 'queue' as const },
    ];
    expect(recordMatchesKey({ Email: 'a@x.com' }, mapping, { email: 'A@x.com' }, US)).toBe(true);
    expect(recordMatchesKey({ email: 'a@x.com' }, mapping, { email: 'a@x.com' }, US)).toBe(false);
    expect(recordMatchesKey({ MobilePhone: '020 7946 0958' }, mapping, { phone: '+442079460958' }, GB)).toBe(true);
  });

  it('is false when the key field is not mapped at all', () => {
    expect(recordMatchesKey({ email: 'a@x.com' }, [], { email: 'a@x.com' }, US)).toBe(false);
  });
});

describe('chooseMatch', () => {
  const c = (id: string, updatedAt: string | null) => ({ id, updatedAt });

  it('returns null for no candidates', () => {
    expect(chooseMatch([])).toBeNull();
  });

  it('returns the only candidate with no others', () => {
    expect(chooseMatch([c('7', null)])).toEqual({ chosen: c('7', null), others: [] });
  });

  it('chooses the most recently updated (Dana Cruz: 105 newer than 104)', () => {
    const result = chooseMatch([c('104', '2026-10-04T09:00:00Z'), c('105', '2026-10-05T09:00:00Z')]);
    expect(result?.chosen.id).toBe('105');
    expect(result?.others.map((o) => o.id)).toEqual(['104']);
  });

  it('compares instants, not strings (time zone offsets)', () => {
    // 10:00+02:00 is 08:00Z, earlier than 09:00Z although it sorts later as a string.
    const result = chooseMatch([c('a', '2026-10-05T10:00:00+02:00'), c('b', '2026-10-05T09:00:00Z')]);
    expect(result?.chosen.id).toBe('b');
  });

  it('treats null and unparseable timestamps as oldest', () => {
    const result = chooseMatch([c('1', null), c('2', 'yesterday-ish'), c('3', '2020-01-01T00:00:00Z')]);
    expect(result?.chosen.id).toBe('3');
    expect(result?.others.map((o) => o.id)).toEqual(['1', '2']);
  });

  it('breaks ties by id, independent of input order, numerically for numeric ids', () => {
    const t = '2026-10-05T09:00:00Z';
    const candidates = [c('1000', t), c('999', t), c('12', t)];
    for (const order of [candidates, [...candidates].reverse(), [candidates[1]!, candidates[2]!, candidates[0]!]]) {
      const result = chooseMatch(order);
      expect(result?.chosen.id).toBe('12');
      expect(result?.others.map((o) => o.id)).toEqual(['999', '1000']);
    }
  });

  it('breaks ties between non-numeric ids (Salesforce-style) deterministically', () => {
    const a = chooseMatch([c('003B', null), c('003A', null)]);
    const b = chooseMatch([c('003A', null), c('003B', null)]);
    expect(a?.chosen.id).toBe('003A');
    expect(b?.chosen.id).toBe('003A');
  });

  it('lists others most recent first and keeps extra properties', () => {
    const result = chooseMatch([
      { id: '1', updatedAt: '2026-01-01T00:00:00Z', name: 'old' },
      { id: '2', updatedAt: '2026-03-01T00:00:00Z', name: 'newest' },
      { id: '3', updatedAt: '2026-02-01T00:00:00Z', name: 'middle' },
    ]);
    expect(result?.chosen.name).toBe('newest');
    expect(result?.others.map((o) => o.name)).toEqual(['middle', 'old']);
  });

  it('does not mutate or reorder the input', () => {
    const input = deepFreeze([c('1', null), c('2', '2026-01-01T00:00:00Z')]);
    chooseMatch(input);
    expect(input.map((x) => x.id)).toEqual(['1', '2']);
  });
});
