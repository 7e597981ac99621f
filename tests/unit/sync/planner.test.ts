import { describe, expect, it } from 'vitest';
import type { ConflictPolicy, CrmFieldInfo, CustomerField, FieldMapping } from '../../../lib/contracts/index.ts';
import { MappingError, planSync, resolveMapping, type SyncPlan } from '../../../lib/sync/index.ts';
import { customer, deepFreeze, field, GB, HUBSPOT_MAPPING, HUBSPOT_SCHEMA, input, record } from './fixtures.ts';

type UpdatePlan = Extract<SyncPlan, { kind: 'update' }>;
type CreatePlan = Extract<SyncPlan, { kind: 'create' }>;

function asUpdate(plan: SyncPlan): UpdatePlan {
  expect(plan.kind).toBe('update');
  return plan as UpdatePlan;
}
function asCreate(plan: SyncPlan): CreatePlan {
  expect(plan.kind).toBe('create');
  return plan as CreatePlan;
}
function withPolicy(policy: ConflictPolicy, fields: CustomerField[] = ['company']): FieldMapping[] {
  return HUBSPOT_MAPPING.map((m) => (fields.includes(m.field) ? { ...m, policy } : m));
}
const KEY = { email: 'jane@example.com' };

describe('planSync: lookup keys', () => {
  it('with no record and neither email nor phone: skip_no_key, no warnings', () => {
    expect(planSync(input({ customer: customer({ name: 'Anonymous visitor', company: 'Acme' }) }))).toEqual({
      kind: 'skip_no_key',
      warnings: [],
    });
  });

  it('whitespace/NBSP-only email and phone are no keys either', () => {
    expect(planSync(input({ customer: customer({ email: '   ', phone: '\u00a0\u3000' }) })).kind).toBe('skip_no_key');
  });

  it('unusable email and phone give skip_no_key with an invalid_value warning for each', () => {
    const plan = planSync(input({ customer: customer({ email: 'jane at example', phone: '555-0100' }) }));
    expect(plan.kind).toBe('skip_no_key');
    expect(plan.warnings.map((w) => [w.code, w.field])).toEqual([
      ['invalid_value', 'email'],
      ['invalid_value', 'phone'],
    ]);
    expect(plan.warnings[0]!.message).toContain('"jane at example"');
    expect(plan.warnings[1]!.message).toContain('not a valid phone number');
  });

  it('a phone alone is enough to create', () => {
    expect(planSync(input({ customer: customer({ phone: '(415) 555-0100' }) })).kind).toBe('create');
  });

  it('an invalid phone next to a valid email: create without the phone, with a warning', () => {
    const plan = asCreate(planSync(input({ customer: customer({ email: 'jane@example.com', phone: '12' }) })));
    expect(plan.properties).toEqual({ email: 'jane@example.com' });
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'invalid_value', field: 'phone' })]);
  });

  it('a record found by stored link is updated even when the customer has no key', () => {
    const plan = asUpdate(
      planSync(input({ customer: customer({ company: 'Initech' }), record: record({ company: '' }) })),
    );
    expect(plan.properties).toEqual({ company: 'Initech' });
  });
});

describe('planSync: create', () => {
  it('Mary Jane Watson: name split, email normalised, phone E.164, notes skipped for a missing field', () => {
    const plan = asCreate(
      planSync(
        input({
          customer: customer({
            name: 'Mary Jane Watson',
            email: ' MJ.Watson@Example.com ',
            phone: '+44 20 7946 0958',
            company: 'Daily Bugle',
            jobTitle: '  ',
            notes: 'Prefers email',
          }),
          crmFields: HUBSPOT_SCHEMA,
        }),
      ),
    );
    expect(plan.properties).toEqual({
      email: 'mj.watson@example.com',
      firstname: 'Mary Jane',
      lastname: 'Watson',
      phone: '+442079460958',
      company: 'Daily Bugle',
    });
    expect(plan.writes).toEqual([
      { field: 'email', crmFields: ['email'], value: 'mj.watson@example.com' },
      { field: 'name', crmFields: ['firstname', 'lastname'], value: 'Mary Jane Watson' },
      { field: 'phone', crmFields: ['phone'], value: '+442079460958' },
      { field: 'company', crmFields: ['company'], value: 'Daily Bugle' },
    ]);
    expect(plan.warnings).toEqual([
      {
        code: 'field_missing',
        field: 'notes',
        message: 'HubSpot has no field "notes", so Notes was not synced.',
        details: { crmField: 'notes' },
      },
    ]);
  });

  it('a one-word name goes to the last name only', () => {
    const plan = asCreate(planSync(input({ customer: customer({ ...KEY, name: 'Cher' }) })));
    expect(plan.properties).toEqual({ email: 'jane@example.com', lastname: 'Cher' });
    expect(plan.writes[1]).toEqual({ field: 'name', crmFields: ['lastname'], value: 'Cher' });
  });

  it.each([
    ['José Ñúñez', 'José', 'Ñúñez'],
    ['Nguyễn Văn An', 'Nguyễn Văn', 'An'],
    ['Jose\u0301 Garci\u0301a', 'José', 'García'],
  ])('unicode name %j is split and kept intact (NFC)', (name, first, last) => {
    const plan = asCreate(planSync(input({ customer: customer({ ...KEY, name }) })));
    expect(plan.properties).toMatchObject({ firstname: first, lastname: last });
  });

  it('a name mapped to one CRM field is written whole', () => {
    const mapping = resolveMapping([
      { field: 'email', crmFields: ['email'] },
      { field: 'name', crmFields: ['name'] },
    ]);
    const plan = asCreate(planSync(input({ mapping, customer: customer({ ...KEY, name: ' Mary  Jane Watson' }) })));
    expect(plan.properties).toEqual({ email: 'jane@example.com', name: 'Mary Jane Watson' });
  });

  it('writes to_crm and both fields, never from_crm ones; blank chat values are left out', () => {
    const mapping = resolveMapping([
      { field: 'email', crmFields: ['email'], direction: 'to_crm' },
      { field: 'company', crmFields: ['company'], direction: 'both' },
      { field: 'jobTitle', crmFields: ['jobtitle'], direction: 'from_crm' },
      { field: 'location', crmFields: ['city'] },
    ]);
    const plan = asCreate(
      planSync(input({ mapping, customer: customer({ ...KEY, company: 'Acme', jobTitle: 'CEO', location: '\t' }) })),
    );
    expect(plan.properties).toEqual({ email: 'jane@example.com', company: 'Acme' });
    expect(plan.warnings).toEqual([]);
  });

  it('normalises text values it writes', () => {
    const plan = asCreate(
      planSync(input({ customer: customer({ ...KEY, company: '  Northwind\u00a0\u00a0Traders ', notes: 'a\n\nb' }) })),
    );
    expect(plan.properties).toMatchObject({ company: 'Northwind Traders', notes: 'a b' });
  });

  it('an unmapped email is still a lookup key but is not written', () => {
    const mapping = resolveMapping([{ field: 'company', crmFields: ['company'] }]);
    const plan = asCreate(planSync(input({ mapping, customer: customer({ ...KEY, company: 'Acme' }) })));
    expect(plan.properties).toEqual({ company: 'Acme' });
  });
});

describe('planSync: update, one field at a time', () => {
  // [case, chat company, CRM company, expected]
  it.each([
    ['chat blank', null, 'Globex', 'skip'],
    ['chat whitespace-only', '  ', 'Globex', 'skip'],
    ['chat NBSP-only', '\u00a0', 'Globex', 'skip'],
    ['both blank', '', null, 'skip'],
    ['CRM missing the value', 'Globex', undefined, 'write'],
    ['CRM null', 'Globex', null, 'write'],
    ['CRM whitespace-only', 'Globex', ' \u00a0 ', 'write'],
    ['equal', 'Globex', 'Globex', 'skip'],
    ['equal after whitespace normalisation', ' Globex\u00a0 Corp', 'Globex Corp', 'skip'],
    ['equal after NFC', 'Cafe\u0301 Noir', 'Café Noir', 'skip'],
    ['case differs (text is case-sensitive)', 'globex', 'Globex', 'conflict'],
    ['different', 'Globex', 'Globex Corporation', 'conflict'],
  ] as const)('%s → %s', (_case, chat, crm, expected) => {
    const plan = asUpdate(
      planSync(
        input({ customer: customer({ ...KEY, company: chat }), record: record({ email: KEY.email, company: crm }) }),
      ),
    );
    const got = plan.conflicts.length > 0 ? 'conflict' : 'company' in plan.properties ? 'write' : 'skip';
    expect(got).toBe(expected);
    if (expected === 'write') expect(plan.properties).toEqual({ company: 'Globex' });
    if (expected === 'conflict') {
      expect(plan.conflicts).toEqual([{ field: 'company', crmFields: ['company'], crmValue: crm, chatValue: chat }]);
      expect(plan.properties).toEqual({});
    }
  });

  it.each([
    ['email case and spaces', 'email', ' Jane@Example.COM ', 'jane@example.com'],
    ['phone spellings', 'phone', '(212) 555-0199', '+1 212 555 0199'],
    ['phone with tel: URI', 'phone', 'tel:+1-212-555-0199', '212.555.0199'],
    ['name case', 'name', 'jane DOE', 'Jane Doe'],
  ] as const)('equal after normalisation (%s) → no write, no conflict', (_case, f, chat, crm) => {
    const crmValues: Record<string, string> =
      f === 'name' ? { email: KEY.email, firstname: 'Jane', lastname: 'Doe' } : { email: KEY.email, [f]: crm };
    const plan = asUpdate(planSync(input({ customer: customer({ ...KEY, [f]: chat }), record: record(crmValues) })));
    expect(plan).toEqual({ kind: 'update', properties: {}, writes: [], conflicts: [], warnings: [] });
  });

  it('email that differs beyond case is a conflict with display values', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ email: 'Jane@New.com', phone: '+14155550100' }),
          record: record({ email: 'Jane@Old.com' }),
        }),
      ),
    );
    expect(plan.conflicts).toEqual([
      { field: 'email', crmFields: ['email'], crmValue: 'jane@old.com', chatValue: 'jane@new.com' },
    ]);
  });

  it('phones: different numbers conflict with E.164 values on both sides', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ ...KEY, phone: '(415) 555-0100' }),
          record: record({ email: KEY.email, phone: '415-555-0101' }),
        }),
      ),
    );
    expect(plan.conflicts).toEqual([
      { field: 'phone', crmFields: ['phone'], crmValue: '+14155550101', chatValue: '+14155550100' },
    ]);
  });

  it('phones: an unparseable CRM value vs a valid chat value is a conflict, never a silent overwrite', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ ...KEY, phone: '(415) 555-0100' }),
          record: record({ email: KEY.email, phone: ' ask  reception' }),
        }),
      ),
    );
    expect(plan.properties).toEqual({});
    expect(plan.conflicts).toEqual([
      { field: 'phone', crmFields: ['phone'], crmValue: 'ask reception', chatValue: '+14155550100' },
    ]);
  });

  it('phones: an invalid chat phone is neither written into a blank CRM field nor conflicted', () => {
    for (const crmPhone of ['', '+1 415 555 0100']) {
      const plan = asUpdate(
        planSync(
          input({
            customer: customer({ ...KEY, phone: 'call me' }),
            record: record({ email: KEY.email, phone: crmPhone }),
          }),
        ),
      );
      expect(plan.properties).toEqual({});
      expect(plan.conflicts).toEqual([]);
      expect(plan.warnings).toEqual([expect.objectContaining({ code: 'invalid_value', field: 'phone' })]);
    }
  });

  it('phones: an extension is written with the number', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ ...KEY, phone: '(415) 555-0100 x123' }),
          record: record({ email: KEY.email, phone: '' }),
        }),
      ),
    );
    expect(plan.properties).toEqual({ phone: '+14155550100 ext. 123' });
  });

  it('phones: national numbers use the team region (GB)', () => {
    const same = asUpdate(
      planSync(
        input({
          options: GB,
          customer: customer({ ...KEY, phone: '020 7946 0958' }),
          record: record({ email: KEY.email, phone: '+44 20 7946 0958' }),
        }),
      ),
    );
    expect(same.conflicts).toEqual([]);
    expect(same.properties).toEqual({});
    const fill = asUpdate(
      planSync(
        input({
          options: GB,
          customer: customer({ ...KEY, phone: '020 7946 0958' }),
          record: record({ email: KEY.email }),
        }),
      ),
    );
    expect(fill.properties).toEqual({ phone: '+442079460958' });
  });

  it('an invalid chat email is not written into a blank CRM email', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ email: 'jane@', phone: '+14155550100' }),
          record: record({ email: '', phone: '+1 415 555 0100' }),
        }),
      ),
    );
    expect(plan.properties).toEqual({});
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'invalid_value', field: 'email' })]);
  });

  it('from_crm fields are never written or conflicted', () => {
    const mapping = resolveMapping([
      { field: 'email', crmFields: ['email'] },
      { field: 'company', crmFields: ['company'], direction: 'from_crm', policy: 'chat_wins' },
      { field: 'jobTitle', crmFields: ['jobtitle'], direction: 'from_crm' },
    ]);
    const plan = asUpdate(
      planSync(
        input({
          mapping,
          customer: customer({ ...KEY, company: 'Chat Co', jobTitle: 'CEO' }),
          record: record({ email: KEY.email, company: 'CRM Co', jobtitle: '' }),
        }),
      ),
    );
    expect(plan).toEqual({ kind: 'update', properties: {}, writes: [], conflicts: [], warnings: [] });
  });

  it('puts every write for the record into ONE properties object, in mapping order', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({
            name: 'Priya Patel',
            email: ' PRIYA.PATEL@Example.com',
            phone: '(415) 555-0134',
            company: 'Northwind Traders',
            jobTitle: 'Head of Operations',
            location: 'San Francisco',
          }),
          record: record({ email: 'priya.patel@example.com', firstname: 'Priya', lastname: 'Patel' }),
        }),
      ),
    );
    expect(plan.properties).toEqual({
      phone: '+14155550134',
      company: 'Northwind Traders',
      jobtitle: 'Head of Operations',
      city: 'San Francisco',
    });
    expect(Object.keys(plan.properties)).toEqual(['phone', 'company', 'jobtitle', 'city']);
    expect(plan.writes.map((w) => w.field)).toEqual(['phone', 'company', 'jobTitle', 'location']);
    expect(plan.writes[0]).toEqual({ field: 'phone', crmFields: ['phone'], value: '+14155550134' });
    expect(plan.conflicts).toEqual([]);
  });

  it('writes blanks and queues conflicts in the same plan', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ ...KEY, company: 'Globex', jobTitle: 'CTO', location: 'NYC' }),
          record: record({ email: KEY.email, company: 'Initech', jobtitle: '' }),
        }),
      ),
    );
    expect(plan.properties).toEqual({ jobtitle: 'CTO', city: 'NYC' });
    expect(plan.conflicts.map((c) => c.field)).toEqual(['company']);
  });
});

describe('planSync: names against first/last fields', () => {
  function planName(chat: string, first: string | null, last: string | null, policy: ConflictPolicy = 'queue') {
    return asUpdate(
      planSync(
        input({
          mapping: withPolicy(policy, ['name']),
          customer: customer({ ...KEY, name: chat }),
          record: record({ email: KEY.email, firstname: first, lastname: last }),
        }),
      ),
    );
  }

  it.each([
    ['same', 'Mary Jane Watson', 'Mary Jane', 'Watson'],
    ['case only', 'mary jane WATSON', 'Mary Jane', 'Watson'],
    ['split differently in the CRM', 'Mary Jane Watson', 'Mary', 'Jane Watson'],
    ['whole name in first name', 'Mary Jane Watson', 'Mary Jane Watson', ''],
    ['whole name in last name', 'Mary Jane Watson', null, 'Mary Jane Watson'],
    ['extra whitespace', ' Mary  Jane\u00a0Watson ', 'Mary Jane ', ' Watson'],
    ['one word vs CRM first name only', 'Cher', 'Cher', ''],
    ['one word vs CRM last name only', 'Cher', '', 'Cher'],
    ['unicode case', 'ZOË', '', 'zoë'],
  ])('equal (%s) → nothing to do', (_case, chat, first, last) => {
    const plan = planName(chat, first, last);
    expect(plan.properties).toEqual({});
    expect(plan.conflicts).toEqual([]);
  });

  it('blank CRM name → both parts written', () => {
    const plan = planName('Mary Jane Watson', null, '  ');
    expect(plan.properties).toEqual({ firstname: 'Mary Jane', lastname: 'Watson' });
    expect(plan.writes).toEqual([{ field: 'name', crmFields: ['firstname', 'lastname'], value: 'Mary Jane Watson' }]);
  });

  it('CRM has the last name only, and it agrees → write only the first name', () => {
    const plan = planName('Mary Jane Watson', '', 'watson');
    expect(plan.properties).toEqual({ firstname: 'Mary Jane' });
    expect(plan.writes).toEqual([{ field: 'name', crmFields: ['firstname'], value: 'Mary Jane Watson' }]);
    expect(plan.conflicts).toEqual([]);
  });

  it('CRM has the first name only, and it agrees → write only the last name', () => {
    const plan = planName('Priya Patel', 'Priya', null);
    expect(plan.properties).toEqual({ lastname: 'Patel' });
    expect(plan.writes).toEqual([{ field: 'name', crmFields: ['lastname'], value: 'Priya Patel' }]);
  });

  it.each([
    ['CRM first name disagrees', 'Mary Jane Watson', 'Mary', null, 'Mary'],
    ['CRM last name disagrees', 'Mary Jane Watson', null, 'Parker', 'Parker'],
    ['one-word chat vs a different CRM first name', 'Cher', 'Sam', null, 'Sam'],
    ['both parts, different', 'Mary Jane Watson', 'Mary Jane', 'Parker', 'Mary Jane Parker'],
  ])('%s → ONE name conflict with joined values', (_case, chat, first, last, crmValue) => {
    const plan = planName(chat, first, last);
    expect(plan.properties).toEqual({});
    expect(plan.conflicts).toEqual([
      { field: 'name', crmFields: ['firstname', 'lastname'], crmValue, chatValue: chat },
    ]);
  });

  it('chat_wins overwrites both parts, clearing a first name the chat does not have', () => {
    expect(planName('Cher', 'Sam', 'Lee', 'chat_wins').properties).toEqual({ firstname: '', lastname: 'Cher' });
    expect(planName('Mary Jane Watson', 'Mary', 'Parker', 'chat_wins').properties).toEqual({
      firstname: 'Mary Jane',
      lastname: 'Watson',
    });
  });

  it('the chat name in a conflict is the normalised name', () => {
    const plan = planName('  Mary   Jane Watson ', 'Mary Jane', 'Parker');
    expect(plan.conflicts[0]!.chatValue).toBe('Mary Jane Watson');
  });
});

describe('planSync: conflict policies', () => {
  function planCompany(policy: ConflictPolicy, chatAt?: string | null, crmAt: string | null = null) {
    return asUpdate(
      planSync(
        input({
          mapping: withPolicy(policy),
          customer: customer({ ...KEY, company: 'Globex', jobTitle: 'CTO', updatedAt: chatAt }),
          record: record({ email: KEY.email, company: 'Initech', jobtitle: 'CEO' }, crmAt),
        }),
      ),
    );
  }

  it('queue (default) → conflict', () => {
    const plan = planCompany('queue');
    expect(plan.conflicts.map((c) => c.field)).toEqual(['company', 'jobTitle']);
    expect(plan.properties).toEqual({});
  });

  it('chat_wins → write, only for that field', () => {
    const plan = planCompany('chat_wins');
    expect(plan.properties).toEqual({ company: 'Globex' });
    expect(plan.writes).toEqual([{ field: 'company', crmFields: ['company'], value: 'Globex' }]);
    expect(plan.conflicts.map((c) => c.field)).toEqual(['jobTitle']);
  });

  it('crm_wins → skip silently', () => {
    const plan = planCompany('crm_wins');
    expect(plan.properties).toEqual({});
    expect(plan.conflicts.map((c) => c.field)).toEqual(['jobTitle']);
    expect(plan.warnings).toEqual([]);
  });

  it('policies only apply to differing values: blank CRM is still filled under crm_wins', () => {
    const plan = asUpdate(
      planSync(
        input({
          mapping: withPolicy('crm_wins'),
          customer: customer({ ...KEY, company: 'Globex' }),
          record: record({ email: KEY.email, company: '' }),
        }),
      ),
    );
    expect(plan.properties).toEqual({ company: 'Globex' });
  });

  it.each([
    ['chat newer → write', '2026-10-06T10:00:00Z', '2026-10-05T10:00:00Z', 'write'],
    ['CRM newer → skip', '2026-10-04T10:00:00Z', '2026-10-05T10:00:00Z', 'skip'],
    ['chat newer by offset-aware comparison', '2026-10-05T12:30:00+02:00', '2026-10-05T10:00:00Z', 'write'],
    ['CRM newer by offset-aware comparison', '2026-10-05T11:30:00+02:00', '2026-10-05T10:00:00Z', 'skip'],
    ['same instant → queue', '2026-10-05T12:00:00+02:00', '2026-10-05T10:00:00Z', 'conflict'],
    ['chat time unknown → queue', null, '2026-10-05T10:00:00Z', 'conflict'],
    ['chat time absent → queue', undefined, '2026-10-05T10:00:00Z', 'conflict'],
    ['CRM time unknown → queue', '2026-10-06T10:00:00Z', null, 'conflict'],
    ['both unknown → queue', null, null, 'conflict'],
    ['CRM time unparseable → queue', '2026-10-06T10:00:00Z', 'not a date', 'conflict'],
  ])('last_write_wins: %s', (_case, chatAt, crmAt, expected) => {
    const plan = planCompany('last_write_wins', chatAt, crmAt);
    const company = plan.conflicts.some((c) => c.field === 'company')
      ? 'conflict'
      : 'company' in plan.properties
        ? 'write'
        : 'skip';
    expect(company).toBe(expected);
    if (expected === 'write') expect(plan.properties).toEqual({ company: 'Globex' });
    // jobTitle keeps the default policy whatever the timestamps say
    expect(plan.conflicts.some((c) => c.field === 'jobTitle')).toBe(true);
  });
});

describe('planSync: settled decisions', () => {
  function planWith(
    settled: Parameters<typeof input>[0] extends infer I ? (I extends { settled?: infer S } ? S : never) : never,
  ) {
    return asUpdate(
      planSync(
        input({
          customer: customer({ ...KEY, name: 'Jonas Berg', company: 'Globex', phone: '(212) 555-0199' }),
          record: record({
            email: KEY.email,
            firstname: 'jonas',
            lastname: 'B.',
            company: 'Globex Corporation',
            phone: '+1 212 555 0198',
          }),
          settled,
        }),
      ),
    );
  }

  it('without decisions every difference is queued', () => {
    expect(planWith([]).conflicts.map((c) => c.field)).toEqual(['name', 'phone', 'company']);
  });

  it('a settled (field, chat value, CRM value) is not queued again, and nothing is written', () => {
    const plan = planWith([{ field: 'company', chatValue: 'Globex', crmValue: 'Globex Corporation' }]);
    expect(plan.conflicts.map((c) => c.field)).toEqual(['name', 'phone']);
    expect(plan.properties).toEqual({});
  });

  it('matches decisions after normalisation (whitespace, phone spelling, name case)', () => {
    const plan = planWith([
      { field: 'company', chatValue: ' Globex ', crmValue: 'Globex\u00a0Corporation' },
      { field: 'phone', chatValue: '212-555-0199', crmValue: '(212) 555-0198' },
      { field: 'name', chatValue: 'JONAS BERG', crmValue: 'Jonas b.' },
    ]);
    expect(plan.conflicts).toEqual([]);
  });

  it.each([
    ['another chat value', { field: 'company', chatValue: 'Globex Inc', crmValue: 'Globex Corporation' }],
    ['another CRM value', { field: 'company', chatValue: 'Globex', crmValue: 'Globex Corp' }],
    ['another field', { field: 'jobTitle', chatValue: 'Globex', crmValue: 'Globex Corporation' }],
    [
      'case differs on a case-sensitive field',
      { field: 'company', chatValue: 'globex', crmValue: 'Globex Corporation' },
    ],
  ] as const)('a decision for %s does not hide the conflict', (_case, decision) => {
    expect(planWith([decision]).conflicts.map((c) => c.field)).toContain('company');
  });
});

describe('planSync: the CRM field list', () => {
  const schema = (...extra: CrmFieldInfo[]) => new Map([...HUBSPOT_SCHEMA, ...extra.map((f) => [f.name, f] as const)]);

  it('skips a missing field with a warning, on update as on create', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ ...KEY, notes: 'VIP: renewal in March', company: 'Acme' }),
          record: record({ email: KEY.email }),
          crmFields: HUBSPOT_SCHEMA,
        }),
      ),
    );
    expect(plan.properties).toEqual({ company: 'Acme' });
    expect(plan.properties).not.toHaveProperty('notes');
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        code: 'field_missing',
        field: 'notes',
        message: 'HubSpot has no field "notes", so Notes was not synced.',
      }),
    ]);
  });

  it('no warning for a missing field when the chat has no value for it', () => {
    const plan = planSync(input({ customer: customer({ ...KEY, notes: '  ' }), crmFields: HUBSPOT_SCHEMA }));
    expect(plan.warnings).toEqual([]);
  });

  it('uses the provider label in the message', () => {
    const plan = planSync(
      input({ customer: customer({ ...KEY, notes: 'x' }), crmFields: HUBSPOT_SCHEMA, providerLabel: 'Salesforce' }),
    );
    expect(plan.warnings[0]!.message).toBe('Salesforce has no field "notes", so Notes was not synced.');
  });

  it('does not queue a conflict for a missing field', () => {
    const plan = asUpdate(
      planSync(
        input({
          customer: customer({ ...KEY, notes: 'new' }),
          record: record({ email: KEY.email, notes: 'old' }),
          crmFields: HUBSPOT_SCHEMA,
        }),
      ),
    );
    expect(plan.conflicts).toEqual([]);
    expect(plan.warnings.map((w) => w.code)).toEqual(['field_missing']);
  });

  it('a name whose last-name field is missing is skipped whole', () => {
    const noLast = new Map(HUBSPOT_SCHEMA);
    noLast.delete('lastname');
    const plan = asCreate(
      planSync(input({ customer: customer({ ...KEY, name: 'Mary Jane Watson' }), crmFields: noLast })),
    );
    expect(plan.properties).toEqual({ email: 'jane@example.com' });
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: 'field_missing', field: 'name', details: { crmField: 'lastname' } }),
    ]);
  });

  it('skips a read-only field with a warning and never sends it', () => {
    const readOnly = schema(field('company', { label: 'Company name', writable: false }));
    const plan = asCreate(planSync(input({ customer: customer({ ...KEY, company: 'Acme' }), crmFields: readOnly })));
    expect(plan.properties).toEqual({ email: 'jane@example.com' });
    expect(plan.warnings).toEqual([
      {
        code: 'field_read_only',
        field: 'company',
        message: `HubSpot's field "Company name" (company) is read-only, so Company was not synced.`,
        details: { crmField: 'company' },
      },
    ]);
  });

  it('a read-only field that already holds the chat value gives no warning', () => {
    const readOnly = schema(field('company', { writable: false }));
    const plan = planSync(
      input({
        customer: customer({ ...KEY, company: 'Acme' }),
        record: record({ company: 'Acme' }),
        crmFields: readOnly,
      }),
    );
    expect(plan.warnings).toEqual([]);
  });

  it('does not queue a conflict for a read-only field', () => {
    const readOnly = schema(field('company', { writable: false }));
    const plan = asUpdate(
      planSync(
        input({ customer: customer({ ...KEY, company: 'A' }), record: record({ company: 'B' }), crmFields: readOnly }),
      ),
    );
    expect(plan.conflicts).toEqual([]);
    expect(plan.warnings.map((w) => w.code)).toEqual(['field_read_only']);
  });

  describe('enumerations', () => {
    const enumSchema = schema(
      field('city', { label: 'Office', type: 'enumeration', options: ['New York', 'San Francisco', 'London'] }),
    );
    const planCity = (location: string, crmCity: string | null = null) =>
      asUpdate(
        planSync(
          input({
            customer: customer({ ...KEY, location }),
            record: record({ email: KEY.email, city: crmCity }),
            crmFields: enumSchema,
          }),
        ),
      );

    it('writes a value that is one of the options', () => {
      expect(planCity('London').properties).toEqual({ city: 'London' });
    });

    it("writes the CRM's spelling of an option matched case-insensitively", () => {
      const plan = planCity('  san francisco ');
      expect(plan.properties).toEqual({ city: 'San Francisco' });
      expect(plan.writes[0]!.value).toBe('San Francisco');
    });

    it('skips a value that is not an option, with invalid_value naming it', () => {
      const plan = planCity('Paris');
      expect(plan.properties).toEqual({});
      expect(plan.warnings).toEqual([
        expect.objectContaining({
          code: 'invalid_value',
          field: 'location',
          message: `"Paris" is not one of HubSpot's options for "Office", so Location was not synced.`,
        }),
      ]);
    });

    it('does not queue a conflict for a value the CRM could not store', () => {
      const plan = planCity('Paris', 'London');
      expect(plan.conflicts).toEqual([]);
      expect(plan.warnings.map((w) => w.code)).toEqual(['invalid_value']);
    });

    it('a different valid option is a normal conflict', () => {
      expect(planCity('london', 'New York').conflicts).toEqual([
        { field: 'location', crmFields: ['city'], crmValue: 'New York', chatValue: 'London' },
      ]);
    });

    it('an option equal to the CRM value after case matching is no change', () => {
      const plan = planCity('LONDON', 'London');
      expect(plan.conflicts).toEqual([]);
      expect(plan.properties).toEqual({});
      expect(plan.warnings).toEqual([]);
    });
  });

  it('without a field list (null) nothing is skipped as missing', () => {
    const plan = asCreate(planSync(input({ customer: customer({ ...KEY, notes: 'x' }), crmFields: null })));
    expect(plan.properties).toEqual({ email: 'jane@example.com', notes: 'x' });
    expect(plan.warnings).toEqual([]);
  });

  it('the plan never contains a property the field list says is missing or read-only', () => {
    const partial = new Map<string, CrmFieldInfo>([
      ['email', field('email')],
      ['firstname', field('firstname', { writable: false })],
      ['lastname', field('lastname', { writable: false })],
      ['company', field('company')],
    ]);
    const fields = {
      ...KEY,
      name: 'A B',
      phone: '+14155550100',
      company: 'C',
      jobTitle: 'D',
      location: 'E',
      notes: 'F',
    };
    for (const rec of [
      null,
      record({}),
      record({ email: KEY.email, phone: '+14155550199', jobtitle: 'X', company: 'Y' }),
    ]) {
      const plan = planSync(input({ customer: customer(fields), record: rec, crmFields: partial }));
      expect(plan.kind).not.toBe('skip_no_key');
      if (plan.kind === 'skip_no_key') continue;
      for (const key of Object.keys(plan.properties)) expect(partial.get(key)?.writable).toBe(true);
      if (plan.kind === 'update')
        for (const c of plan.conflicts) for (const f of c.crmFields) expect(partial.get(f)?.writable).toBe(true);
    }
  });
});

describe('planSync: purity', () => {
  it('does not mutate its input and gives the same plan twice', () => {
    const frozen = deepFreeze(
      input({
        customer: customer({
          ...KEY,
          name: 'Mary Jane Watson',
          company: 'Globex',
          notes: 'n',
          updatedAt: '2026-10-06T10:00:00Z',
        }),
        record: record({ email: KEY.email, lastname: 'Watson', company: 'Initech' }, '2026-10-05T10:00:00Z'),
        crmFields: new Map(HUBSPOT_SCHEMA),
        settled: [{ field: 'jobTitle', chatValue: 'a', crmValue: 'b' }],
        mapping: withPolicy('last_write_wins'),
      }),
    );
    const before = structuredClone(frozen);
    const a = planSync(frozen);
    const b = planSync(frozen);
    expect(frozen).toEqual(before);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ kind: 'update', properties: { firstname: 'Mary Jane', company: 'Globex' } });
  });

  it('returned arrays are not shared with the mapping', () => {
    const plan = asUpdate(
      planSync(input({ customer: customer({ ...KEY, company: 'A' }), record: record({ company: 'B' }) })),
    );
    plan.conflicts[0]!.crmFields.push('oops');
    expect(HUBSPOT_MAPPING.find((m) => m.field === 'company')!.crmFields).toEqual(['company']);
  });

  it('rejects a mapping that writes one CRM field twice', () => {
    const bad: FieldMapping[] = [
      { field: 'company', crmFields: ['company'], direction: 'both', policy: 'queue' },
      { field: 'notes', crmFields: ['company'], direction: 'both', policy: 'queue' },
    ];
    expect(() => planSync(input({ mapping: bad, customer: customer(KEY) }))).toThrow(MappingError);
  });
});
