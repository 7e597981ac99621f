import { describe, expect, it } from 'vitest';
import type { FieldMappingInput } from '../../../lib/contracts/index.ts';
import {
  chatDisplayValue,
  crmDisplayValues,
  MappingError,
  mappedCrmFields,
  resolveMapping,
} from '../../../lib/sync/index.ts';
import { customer, deepFreeze, GB, HUBSPOT_MAPPING, US } from './fixtures.ts';

describe('resolveMapping', () => {
  it('applies the defaults: direction both, policy queue', () => {
    expect(resolveMapping([{ field: 'company', crmFields: ['company'] }])).toEqual([
      { field: 'company', crmFields: ['company'], direction: 'both', policy: 'queue' },
    ]);
  });

  it('keeps explicit direction and policy', () => {
    expect(
      resolveMapping([{ field: 'location', crmFields: ['city'], direction: 'to_crm', policy: 'chat_wins' }]),
    ).toEqual([{ field: 'location', crmFields: ['city'], direction: 'to_crm', policy: 'chat_wins' }]);
  });

  it('accepts an empty list', () => {
    expect(resolveMapping([])).toEqual([]);
  });

  it('rejects the same customer field twice, naming it', () => {
    const run = () =>
      resolveMapping([
        { field: 'company', crmFields: ['company'] },
        { field: 'company', crmFields: ['organisation'] },
      ]);
    expect(run).toThrow(MappingError);
    expect(run).toThrow(/Company is mapped twice/);
  });

  it('rejects the same CRM field twice, naming the field and both users', () => {
    const run = () =>
      resolveMapping([
        { field: 'location', crmFields: ['city'] },
        { field: 'timeZone', crmFields: ['city'] },
      ]);
    expect(run).toThrow(/CRM field "city" is mapped twice \(Location and Time zone\)/);
  });

  it('rejects a CRM field shared between a split name and another field', () => {
    expect(() =>
      resolveMapping([
        { field: 'name', crmFields: ['firstname', 'lastname'] },
        { field: 'company', crmFields: ['lastname'] },
      ]),
    ).toThrow(/"lastname" is mapped twice \(Name and Company\)/);
  });

  it('rejects a name split into the same field twice', () => {
    expect(() => resolveMapping([{ field: 'name', crmFields: ['name', 'name'] }])).toThrow(
      /Name maps CRM field "name" twice/,
    );
  });

  it('rejects two CRM fields for anything but name', () => {
    expect(() => resolveMapping([{ field: 'phone', crmFields: ['phone', 'mobilephone'] }])).toThrow(
      /only Name may be split/,
    );
  });

  it.each([
    [{ field: 'shoeSize', crmFields: ['x'] }],
    [{ field: 'company', crmFields: [] }],
    [{ field: 'company', crmFields: ['a', 'b', 'c'] }],
    [{ field: 'company', crmFields: ['company'], policy: 'newest' }],
    [{ field: 'company', crmFields: [''] }],
  ])('rejects an invalid entry %j with a readable MappingError', (entry) => {
    expect(() => resolveMapping([{ field: 'email', crmFields: ['email'] }, entry as FieldMappingInput])).toThrow(
      /Field mapping entry 2 is invalid/,
    );
  });

  it('does not mutate its input', () => {
    const inputs = deepFreeze([{ field: 'company' as const, crmFields: ['company'] }]);
    const out = resolveMapping(inputs);
    expect(inputs[0]).not.toHaveProperty('direction');
    expect(out[0]).not.toBe(inputs[0]);
  });
});

describe('mappedCrmFields', () => {
  it('lists every mapped CRM field once, in mapping order, any direction', () => {
    expect(mappedCrmFields(HUBSPOT_MAPPING)).toEqual([
      'email',
      'firstname',
      'lastname',
      'phone',
      'company',
      'jobtitle',
      'city',
      'notes',
    ]);
    expect(
      mappedCrmFields(resolveMapping([{ field: 'company', crmFields: ['company'], direction: 'from_crm' }])),
    ).toEqual(['company']);
  });
});

describe('crmDisplayValues', () => {
  it('maps CRM values to customer fields: name joined, email lower-cased, phone E.164, text normalised', () => {
    expect(
      crmDisplayValues(
        {
          firstname: ' Mary  Jane ',
          lastname: 'Watson',
          email: 'MJ.Watson@Example.com ',
          phone: '(212) 555-0199',
          company: 'Daily\u00a0Bugle',
          jobtitle: '   ',
          city: null,
          notes: undefined,
          unmapped: 'ignored',
        },
        HUBSPOT_MAPPING,
        US,
      ),
    ).toEqual({
      name: 'Mary Jane Watson',
      email: 'mj.watson@example.com',
      phone: '+12125550199',
      company: 'Daily Bugle',
    });
  });

  it('joins partial names without stray spaces and omits a fully blank name', () => {
    expect(crmDisplayValues({ firstname: '', lastname: 'Cher' }, HUBSPOT_MAPPING)).toEqual({ name: 'Cher' });
    expect(crmDisplayValues({ firstname: 'Priya', lastname: null }, HUBSPOT_MAPPING)).toEqual({ name: 'Priya' });
    expect(crmDisplayValues({ firstname: ' ', lastname: '\u00a0' }, HUBSPOT_MAPPING)).toEqual({});
  });

  it('keeps an unparseable phone as normalised text', () => {
    expect(crmDisplayValues({ phone: ' ask  reception ' }, HUBSPOT_MAPPING)).toEqual({ phone: 'ask reception' });
  });

  it('includes from_crm fields (display-only)', () => {
    const mapping = resolveMapping([{ field: 'timeZone', crmFields: ['hs_timezone'], direction: 'from_crm' }]);
    expect(crmDisplayValues({ hs_timezone: 'Europe/Berlin' }, mapping)).toEqual({ timeZone: 'Europe/Berlin' });
  });

  it('reads national phone numbers in the given region (US by default)', () => {
    expect(crmDisplayValues({ phone: '020 7946 0958' }, HUBSPOT_MAPPING, GB)).toEqual({ phone: '+442079460958' });
    expect(crmDisplayValues({ phone: '(415) 555-0100' }, HUBSPOT_MAPPING)).toEqual({ phone: '+14155550100' });
  });

  it('a single-field name is shown as is', () => {
    const mapping = resolveMapping([{ field: 'name', crmFields: ['name'] }]);
    expect(crmDisplayValues({ name: ' Nguyễn  Văn An ' }, mapping)).toEqual({ name: 'Nguyễn Văn An' });
  });
});

describe('chatDisplayValue', () => {
  const c = customer({
    name: '  Mary Jane  Watson ',
    email: ' MJ.Watson@Example.com',
    phone: '+44 20 7946 0958',
    company: '\u00a0',
    notes: 'VIP:\nrenewal in March',
  });

  it.each([
    ['name', 'Mary Jane Watson'],
    ['email', 'mj.watson@example.com'],
    ['phone', '+442079460958'],
    ['company', null],
    ['jobTitle', null],
    ['notes', 'VIP: renewal in March'],
  ] as const)('%s → %j', (field, expected) => {
    expect(chatDisplayValue(c, field, US)).toBe(expected);
  });

  it('shows unusable email and phone values as text rather than hiding them', () => {
    const bad = customer({ email: ' Not An Email ', phone: ' ask  reception ' });
    expect(chatDisplayValue(bad, 'email', US)).toBe('not an email');
    expect(chatDisplayValue(bad, 'phone', US)).toBe('ask reception');
  });
});
