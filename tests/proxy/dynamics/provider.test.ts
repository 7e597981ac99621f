/**
 * The Dynamics 365 provider against the Dynamics 365 sandbox, in-process (sandbox.fetch), plus
 * hand-made Web API responses the sandbox never sends (outages, odd shapes, 204 creates).
 */
import { describe, expect, it } from 'vitest';
import {
  createDynamicsProvider,
  DYNAMICS_GET_MANY_CHUNK,
  type DynamicsProviderOptions,
  UNREADABLE_RESPONSE,
} from '../../../proxy/crm/dynamics/index.ts';
import { CrmError, type FetchLike } from '../../../proxy/crm/types.ts';
import {
  createDynamicsSandbox,
  type DynamicsSandboxOptions,
  SEED_ACCOUNT_IDS,
  SEED_IDS,
} from '../../../proxy/sandbox/dynamics/index.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const clock = () => NOW;
const ORG = 'https://contoso.crm4.dynamics.com';
/** The CRM fields the default mapping reads back. */
const MAPPED = [
  'emailaddress1',
  'firstname',
  'lastname',
  'telephone1',
  'companyname',
  'jobtitle',
  'address1_city',
  'description',
];

function setup(providerOptions: Partial<DynamicsProviderOptions> = {}, sandboxOptions: DynamicsSandboxOptions = {}) {
  const sandbox = createDynamicsSandbox({ clock, rateLimit: false, ...sandboxOptions });
  /** Every request the provider sent (cloned, so headers and bodies can be inspected). */
  const sent: Request[] = [];
  const fetch: FetchLike = async (request) => {
    sent.push(request.clone());
    return sandbox.fetch(request);
  };
  const provider = createDynamicsProvider({
    orgUrl: ORG,
    accessToken: sandbox.token,
    fetch,
    retry: { limit: 2, baseDelayMs: 1 },
    clock,
    ...providerOptions,
  });
  /** Vendor calls other than the (cached) column definition reads. */
  const dataCalls = () => sandbox.requests.filter((r) => !r.path.includes('EntityDefinitions'));
  return { sandbox, provider, sent, dataCalls };
}

/** Awaits `promise`, expects a CrmError of `kind`, and returns it. */
async function crmError(promise: Promise<unknown>, kind: CrmError['kind']): Promise<CrmError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a CrmError ${kind}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrmError);
  const crm = error as CrmError;
  expect({ kind: crm.kind, message: crm.message }).toMatchObject({ kind });
  expect(crm.provider).toBe('dynamics');
  return crm;
}

/** A fetch that answers every request with `respond()` and counts calls. */
function fakeFetch(respond: (request: Request) => Response | Promise<Response>) {
  const calls: Request[] = [];
  const fetch: FetchLike = async (request) => {
    calls.push(request);
    return respond(request);
  };
  return { fetch, calls };
}

/** The decoded query string of a logged call. */
const decoded = (query: string) => decodeURIComponent(query);

describe('Dynamics 365 provider: reading', () => {
  it('describes contact columns with types, writability and options', async () => {
    const { provider, sandbox } = setup();
    const fields = await provider.describeFields();
    const byName = new Map(fields.map((f) => [f.name, f]));

    expect(byName.get('emailaddress1')).toEqual({
      name: 'emailaddress1',
      label: 'Email',
      type: 'email',
      writable: true,
    });
    expect(byName.get('telephone1')).toMatchObject({ label: 'Business Phone', type: 'phone', writable: true });
    expect(byName.get('description')).toMatchObject({ type: 'text', writable: true });
    expect(byName.get('fullname')).toMatchObject({ type: 'string', writable: false });
    expect(byName.get('createdon')).toMatchObject({ type: 'datetime', writable: false });
    expect(byName.get('preferredcontactmethodcode')).toMatchObject({
      type: 'enumeration',
      options: ['1', '2', '3', '4', '5'],
    });
    // The parent account lookup: read as _x_value, set only through @odata.bind.
    expect(byName.get('_parentcustomerid_value')).toMatchObject({ label: 'Company Name', writable: false });
    // The company, as the default mapping reads it: the parent account's name, read-only on a contact.
    expect(byName.get('companyname')).toMatchObject({ type: 'string', writable: false });
    expect(byName.has('parentcustomerid')).toBe(false);

    const paths = sandbox.requests.map((r) => r.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/data/v9.2/EntityDefinitions(LogicalName='contact')/Attributes",
        "/api/data/v9.2/EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata",
        "/api/data/v9.2/EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata",
      ]),
    );
  });

  it("describes lead columns: a lead's companyname is its own, writable column", async () => {
    const { provider } = setup();
    const fields = new Map((await provider.describeFields('lead')).map((f) => [f.name, f]));

    expect(fields.get('companyname')).toMatchObject({ label: 'Company Name', writable: true });
    expect(fields.get('subject')).toMatchObject({ label: 'Topic', writable: true });
    expect(fields.get('leadsourcecode')?.options).toContain('8');
  });

  it('reads a contact by id: company from the parent account, modifiedon as updatedAt', async () => {
    const { provider, dataCalls } = setup();
    const record = await provider.getById(SEED_IDS.jonas, MAPPED);

    expect(record).toEqual({
      id: SEED_IDS.jonas,
      objectType: 'contact',
      updatedAt: '2026-10-03T11:20:00Z',
      values: {
        emailaddress1: 'jonas.berg@example.com',
        firstname: 'Jonas',
        lastname: 'Berg',
        telephone1: '+1 212 555 0199',
        companyname: 'Globex Corporation',
        jobtitle: 'CTO',
        address1_city: 'New York',
        description: null,
        modifiedon: '2026-10-03T11:20:00Z',
      },
      // Every email and phone column the contact table has is read along (emailaddress2, mobilephone blank).
      contactPoints: { emails: ['jonas.berg@example.com'], phones: ['+1 212 555 0199'] },
    });
    const [get] = dataCalls();
    expect(get?.path).toBe(`/api/data/v9.2/contacts(${SEED_IDS.jonas})`);
    const params = new URLSearchParams(get?.query);
    expect(params.get('$select')?.split(',')).not.toContain('companyname');
    expect(params.get('$select')?.split(',')).toEqual(expect.arrayContaining(['contactid', 'jobtitle', 'modifiedon']));
    expect(params.get('$expand')).toBe('parentcustomerid_account($select=name)');
  });

  it('reads a lead with objectType lead, and finds it without a type (contacts first)', async () => {
    const { provider, dataCalls } = setup();
    const lead = await provider.getById(SEED_IDS.noahLead, MAPPED, 'lead');
    expect(lead).toMatchObject({
      objectType: 'lead',
      values: { firstname: 'Noah', lastname: 'Kim', companyname: null },
    });
    expect(dataCalls().map((r) => r.path)).toEqual([`/api/data/v9.2/leads(${SEED_IDS.noahLead})`]);

    const untyped = await provider.getById(SEED_IDS.noahLead, MAPPED);
    expect(untyped?.objectType).toBe('lead');
  });

  it('returns the row an id names even when the caller expected the other table (GUIDs are unique)', async () => {
    const { provider } = setup();
    await expect(provider.getById(SEED_IDS.jonas, MAPPED, 'lead')).resolves.toMatchObject({ objectType: 'contact' });
  });

  it('answers null for an unknown GUID, and for a non-GUID without asking Dynamics 365', async () => {
    const { provider, dataCalls } = setup();
    await expect(provider.getById('5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c', MAPPED)).resolves.toBeNull();
    const before = dataCalls().length;
    await expect(provider.getById('101', MAPPED)).resolves.toBeNull();
    expect(dataCalls()).toHaveLength(before);
  });

  it('finds a contact by email before any lead with the same email, without asking for leads', async () => {
    const { provider, sandbox, dataCalls } = setup();
    sandbox.store.userCreate('lead', { lastname: 'Berg', emailaddress1: 'jonas.berg@example.com' });

    const found = await provider.findByEmail('jonas.berg@example.com', MAPPED);

    expect(found.map((r) => [r.objectType, r.id])).toEqual([['contact', SEED_IDS.jonas]]);
    expect(dataCalls().map((r) => r.path)).toEqual(['/api/data/v9.2/contacts']);
    expect(decoded(dataCalls()[0]!.query)).toContain("$filter=emailaddress1 eq 'jonas.berg@example.com'");
  });

  it('finds a lead by email when no contact has it (contacts asked first)', async () => {
    const { provider, dataCalls } = setup();
    const found = await provider.findByEmail('noah.kim@example.com', MAPPED);

    expect(found).toEqual([
      expect.objectContaining({
        id: SEED_IDS.noahLead,
        objectType: 'lead',
        values: expect.objectContaining({ telephone1: '+1 617 555 0123' }),
      }),
    ]);
    expect(dataCalls().map((r) => r.path)).toEqual(['/api/data/v9.2/contacts', '/api/data/v9.2/leads']);
  });

  it('finds nobody for an unknown email', async () => {
    const { provider } = setup();
    await expect(provider.findByEmail('nobody@example.com', MAPPED)).resolves.toEqual([]);
  });

  it("escapes OData string literals: an email with a quote is found, and can't widen the filter", async () => {
    const { provider, sandbox, dataCalls } = setup();
    const id = sandbox.testing.insert({ lastname: "O'Brien", emailaddress1: "o'brien@example.com" });

    const found = await provider.findByEmail("o'brien@example.com", MAPPED);
    expect(found.map((r) => r.id)).toEqual([id]);
    expect(decoded(dataCalls()[0]!.query)).toContain("emailaddress1 eq 'o''brien@example.com'");

    // An injection attempt is one literal: it matches no one (unescaped, it would match everyone).
    await expect(provider.findByEmail("x' or emailaddress1 ne 'y", MAPPED)).resolves.toEqual([]);
  });

  it('finds "(646) 555-0142" from +16465550142 with one query ORing the spellings over both phone columns', async () => {
    const { provider, dataCalls } = setup();
    const found = await provider.findByPhone('+16465550142', MAPPED);

    expect(found.map((r) => [r.id, r.values.telephone1, r.values.companyname])).toEqual([
      [SEED_IDS.sam, '(646) 555-0142', 'Initech'],
    ]);
    expect(dataCalls()).toHaveLength(1);
    const filter = new URLSearchParams(dataCalls()[0]!.query).get('$filter') ?? '';
    expect(filter).toContain("telephone1 eq '(646) 555-0142'");
    expect(filter).toContain("telephone1 eq '+16465550142'");
    expect(filter).toContain("mobilephone eq '+1 646 555 0142'");
  });

  it('finds every record with the phone (the caller picks the most recent) and a mobile-only match', async () => {
    const { provider, sandbox } = setup();
    const dana = await provider.findByPhone('+13035550177', MAPPED);
    expect(dana.map((r) => r.id)).toEqual([SEED_IDS.danaNewer, SEED_IDS.danaOlder]);

    const id = sandbox.testing.insert({ lastname: 'Mobile', mobilephone: '415.555.0188' });
    const mobile = await provider.findByPhone('+14155550188', MAPPED);
    expect(mobile.map((r) => [r.id, r.values.mobilephone])).toEqual([[id, '415.555.0188']]);
  });

  it('finds a lead by phone only when no contact has the number', async () => {
    const { provider, sandbox, dataCalls } = setup();
    const lead = await provider.findByPhone('+16175550123', MAPPED);
    expect(lead.map((r) => [r.objectType, r.id])).toEqual([['lead', SEED_IDS.noahLead]]);
    expect(dataCalls().map((r) => r.path)).toEqual(['/api/data/v9.2/contacts', '/api/data/v9.2/leads']);

    const contact = sandbox.testing.insert({ lastname: 'Kim', telephone1: '617-555-0123' });
    const again = await provider.findByPhone('+16175550123', MAPPED);
    expect(again.map((r) => [r.objectType, r.id])).toEqual([['contact', contact]]);
  });

  it('never sends a column the table lacks: it is read as blank, and the column list is read once', async () => {
    const { provider, sandbox } = setup();
    const custom = [...MAPPED, 'new_loyaltytier'];

    const record = await provider.getById(SEED_IDS.jonas, custom);
    await provider.findByEmail('jonas.berg@example.com', custom);

    expect(record?.values).toMatchObject({ new_loyaltytier: null, jobtitle: 'CTO' });
    expect(JSON.stringify(sandbox.requests.map((r) => [r.path, r.query]))).not.toContain('new_loyaltytier');
    expect(sandbox.requests.filter((r) => r.path.endsWith("(LogicalName='contact')/Attributes"))).toHaveLength(1);
  });
});

describe('Dynamics 365 provider: writing', () => {
  it('creates a LEAD with duplicate detection on and the row returned (201)', async () => {
    const { provider, sandbox, sent, dataCalls } = setup();
    const properties = {
      firstname: 'Mary Jane',
      lastname: 'Watson',
      emailaddress1: 'mj.watson@example.com',
      telephone1: '+442079460958',
    };

    const created = await provider.create(properties, MAPPED);

    expect(created).toMatchObject({
      objectType: 'lead',
      updatedAt: '2026-11-02T12:00:00Z',
      values: { firstname: 'Mary Jane', lastname: 'Watson', emailaddress1: 'mj.watson@example.com', companyname: null },
    });
    expect(sandbox.testing.read(created.id)).toMatchObject({
      fullname: 'Mary Jane Watson',
      telephone1: '+442079460958',
    });
    const post = sent.find((r) => r.method === 'POST')!;
    expect(new URL(post.url).pathname).toBe('/api/data/v9.2/leads');
    expect(post.headers.get('prefer')).toBe('return=representation');
    expect(post.headers.get('mscrm.suppressduplicatedetection')).toBe('false');
    expect(post.headers.get('odata-version')).toBe('4.0');
    expect(post.headers.get('odata-maxversion')).toBe('4.0');
    expect(post.headers.get('authorization')).toBe(`Bearer ${sandbox.token}`);
    expect(await post.json()).toEqual(properties);
    expect(dataCalls().map((r) => `${r.method} ${r.status}`)).toEqual(['POST 201']);
  });

  it('reads the new lead back from the OData-EntityId header when Dynamics 365 answers 204', async () => {
    const { sandbox } = setup();
    const fetch: FetchLike = (request) => {
      const headers = new Headers(request.headers);
      headers.delete('prefer');
      return sandbox.fetch(new Request(request, { headers }));
    };
    const provider = createDynamicsProvider({ orgUrl: ORG, accessToken: sandbox.token, fetch, clock });

    const created = await provider.create({ lastname: 'Watson', emailaddress1: 'mj@example.com' }, MAPPED);

    const calls = sandbox.requests.filter((r) => !r.path.includes('EntityDefinitions'));
    expect(calls.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /api/data/v9.2/leads 204',
      `GET /api/data/v9.2/leads(${created.id}) 200`,
    ]);
    expect(created).toMatchObject({ objectType: 'lead', values: { lastname: 'Watson' } });
  });

  it('reports a duplicate CONTACT with its id when the lead collides with one', async () => {
    const { provider, sandbox } = setup();
    const error = await crmError(
      provider.create({ lastname: 'Berg', emailaddress1: 'JONAS.BERG@example.com' }, MAPPED),
      'duplicate',
    );

    expect(error).toMatchObject({ existingId: SEED_IDS.jonas, vendorCode: '0x80040333', status: 500 });
    expect(error.message).toMatch(/duplicate of the current record already exists/);
    expect(sandbox.store.list('lead')).toHaveLength(1); // only Noah Kim
  });

  it('reports a duplicate LEAD with its id, and finds a duplicate hidden from queries', async () => {
    const { provider, sandbox } = setup();
    await expect(
      crmError(provider.create({ lastname: 'Kim', emailaddress1: 'noah.kim@example.com' }, MAPPED), 'duplicate'),
    ).resolves.toMatchObject({ existingId: SEED_IDS.noahLead });

    const hidden = sandbox.testing.insert({ lastname: 'Race', emailaddress1: 'race@example.com' });
    sandbox.testing.hideFromSearch(hidden);
    await expect(provider.findByEmail('race@example.com', MAPPED)).resolves.toEqual([]);
    await expect(
      crmError(provider.create({ lastname: 'Race', emailaddress1: 'race@example.com' }, MAPPED), 'duplicate'),
    ).resolves.toMatchObject({ existingId: hidden });
  });

  it('updates a contact with PATCH + If-Match: * (never an upsert) and reads it back', async () => {
    const { provider, sandbox, sent, dataCalls } = setup();
    const updated = await provider.update(
      SEED_IDS.priya,
      { telephone1: '+14155550134', jobtitle: 'Head of Operations' },
      MAPPED,
    );

    expect(updated).toMatchObject({
      id: SEED_IDS.priya,
      objectType: 'contact',
      updatedAt: '2026-11-02T12:00:00Z',
      values: { telephone1: '+14155550134', jobtitle: 'Head of Operations', firstname: 'Priya' },
    });
    const patch = sent.find((r) => r.method === 'PATCH')!;
    expect(new URL(patch.url).pathname).toBe(`/api/data/v9.2/contacts(${SEED_IDS.priya})`);
    expect(patch.headers.get('if-match')).toBe('*');
    expect(await patch.json()).toEqual({ telephone1: '+14155550134', jobtitle: 'Head of Operations' });
    expect(dataCalls().map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 204', 'GET 200']);
    expect(sandbox.testing.read(SEED_IDS.priya)?.jobtitle).toBe('Head of Operations');
  });

  it('updates a lead in the leads entity set when told the object type', async () => {
    const { provider, dataCalls } = setup();
    const updated = await provider.update(SEED_IDS.noahLead, { jobtitle: 'Buyer' }, MAPPED, 'lead');
    expect(updated).toMatchObject({ objectType: 'lead', values: { jobtitle: 'Buyer' } });
    expect(dataCalls()[0]?.path).toBe(`/api/data/v9.2/leads(${SEED_IDS.noahLead})`);
  });

  it('answers not_found for a deleted row, which If-Match: * keeps from being recreated', async () => {
    const { provider, sandbox } = setup();
    const gone = '5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c';
    await crmError(provider.update(gone, { jobtitle: 'X' }, MAPPED), 'not_found');
    expect(sandbox.testing.read(gone)).toBeUndefined();
    await crmError(provider.update('not-a-guid', { jobtitle: 'X' }, MAPPED), 'not_found');
  });

  it('names the unknown column of a write (invalid_field) and the column a value is too long for (validation)', async () => {
    const { provider } = setup();
    const unknown = await crmError(provider.update(SEED_IDS.priya, { new_tier: 'Gold' }, MAPPED), 'invalid_field');
    expect(unknown).toMatchObject({ field: 'new_tier', status: 400, vendorCode: '0x80060888' });
    expect(unknown.message).toMatch(/does not exist on type 'Microsoft\.Dynamics\.CRM\.contact'/);

    const long = await crmError(provider.update(SEED_IDS.priya, { firstname: 'x'.repeat(51) }, MAPPED), 'validation');
    expect(long).toMatchObject({ field: 'firstname', vendorCode: '0x80044331' });
    expect(long.message).toMatch(/maximum allowed length of '50'/);
  });

  it('reads without writing when there is nothing to write', async () => {
    const { provider, dataCalls } = setup();
    await expect(provider.update(SEED_IDS.priya, {}, MAPPED)).resolves.toMatchObject({ id: SEED_IDS.priya });
    expect(dataCalls().map((r) => r.method)).toEqual(['GET']);
  });
});

describe('Dynamics 365 provider: batches', () => {
  it('reads many ids across both tables in few queries; unknown and non-GUID ids are simply absent', async () => {
    const { provider, dataCalls } = setup();
    const missing = Array.from(
      { length: 2 * DYNAMICS_GET_MANY_CHUNK },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );

    const records = await provider.getMany([SEED_IDS.jonas, SEED_IDS.noahLead, 'nope', ...missing], MAPPED);

    expect(records.map((r) => [r.objectType, r.id]).sort()).toEqual([
      ['contact', SEED_IDS.jonas],
      ['lead', SEED_IDS.noahLead],
    ]);
    expect(records.find((r) => r.id === SEED_IDS.jonas)?.values.companyname).toBe('Globex Corporation');
    // 102 GUIDs: 3 contact queries (50+50+2), then 3 lead queries for the 101 not found.
    expect(dataCalls().map((r) => r.path)).toEqual([
      ...Array(3).fill('/api/data/v9.2/contacts'),
      ...Array(3).fill('/api/data/v9.2/leads'),
    ]);
    expect(decoded(dataCalls()[0]!.query)).toContain(`contactid eq ${SEED_IDS.jonas} or contactid eq `);
  });

  it('creates leads in one $batch; each input gets its own result, in order', async () => {
    const { provider, sandbox, dataCalls } = setup();
    const results = await provider.createMany(
      [
        { properties: { firstname: 'Ada', lastname: 'Lovelace', emailaddress1: 'ada@example.com' } },
        { properties: { lastname: 'Kim', emailaddress1: 'noah.kim@example.com' } },
        { properties: { lastname: 'Bad', new_tier: 'Gold' } },
      ],
      MAPPED,
    );

    expect(results[0]).toMatchObject({ ok: true, record: { objectType: 'lead', values: { lastname: 'Lovelace' } } });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'duplicate', existingId: SEED_IDS.noahLead } });
    expect(results[2]).toMatchObject({ ok: false, error: { kind: 'invalid_field', field: 'new_tier' } });
    const batch = dataCalls().filter((r) => r.path === '/api/data/v9.2/$batch');
    expect(batch).toHaveLength(1);
    expect(
      dataCalls()
        .filter((r) => r.path === '/api/data/v9.2/leads')
        .map((r) => `${r.method} ${r.status}`),
    ).toEqual(['POST 201', 'POST 500', 'POST 400']);
    expect(sandbox.store.list('lead').map((r) => r.values.lastname)).toEqual(['Kim', 'Lovelace']);
  });

  it('splits creates into batches of batchSize', async () => {
    const { provider, dataCalls } = setup({ batchSize: 2 });
    const results = await provider.createMany(
      ['a', 'b', 'c'].map((n) => ({ properties: { lastname: n, emailaddress1: `${n}@example.com` } })),
      MAPPED,
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(dataCalls().filter((r) => r.path.endsWith('$batch'))).toHaveLength(2);
  });

  it('updates in one $batch, then reads the written rows back in one query', async () => {
    const { provider, dataCalls } = setup();
    const results = await provider.updateMany(
      [
        { id: SEED_IDS.jonas, properties: { jobtitle: 'CEO' } },
        { id: '5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c', properties: { jobtitle: 'X' } },
        { id: 'not-a-guid', properties: { jobtitle: 'X' } },
        { id: SEED_IDS.olivia, properties: {} },
      ],
      MAPPED,
    );

    expect(results[0]).toMatchObject({
      ok: true,
      record: { id: SEED_IDS.jonas, values: { jobtitle: 'CEO', companyname: 'Globex Corporation' } },
    });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'not_found', status: 404 } });
    expect(results[2]).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(results[3]).toMatchObject({ ok: true, record: { id: SEED_IDS.olivia, values: { jobtitle: 'Founder' } } });
    expect(dataCalls().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/data/v9.2/$batch',
      `PATCH /api/data/v9.2/contacts(${SEED_IDS.jonas})`,
      'PATCH /api/data/v9.2/contacts(5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c)',
      'GET /api/data/v9.2/contacts',
    ]);
  });

  it('gives every input the error when the whole $batch is refused', async () => {
    const { provider, sandbox } = setup({ retry: { limit: 0 } });
    await provider.describeFields('lead'); // column list cached: the batch is the next call
    sandbox.testing.rateLimitNext(10);
    const results = await provider.createMany(
      [{ properties: { lastname: 'A', emailaddress1: 'a@example.com' } }, { properties: { lastname: 'B' } }],
      MAPPED,
    );
    expect(results).toEqual([
      { ok: false, error: expect.objectContaining({ kind: 'rate_limited', retryAfterMs: 1000 }) },
      { ok: false, error: expect.objectContaining({ kind: 'rate_limited' }) },
    ]);
  });
});

describe('Dynamics 365 provider: errors', () => {
  it('maps an expired token to auth_expired', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.expireTokens();
    const error = await crmError(provider.findByEmail('priya.patel@example.com', MAPPED), 'auth_expired');
    expect(error).toMatchObject({ status: 401, message: 'Dynamics 365 rejected the access token' });
  });

  it('waits out a brief service protection 429 (Retry-After) and succeeds', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.rateLimitNext(1);
    const found = await provider.findByEmail('priya.patel@example.com', MAPPED);
    expect(found.map((r) => r.id)).toEqual([SEED_IDS.priya]);
    expect(sandbox.requests.map((r) => r.status).filter((s) => s === 429)).toHaveLength(1);
  });

  it('fails with rate_limited and the wait when the limit outlasts the retries', async () => {
    const { provider, sandbox } = setup({ retry: { limit: 1, baseDelayMs: 1 } });
    sandbox.testing.rateLimitNext(5);
    const error = await crmError(provider.findByEmail('priya.patel@example.com', MAPPED), 'rate_limited');
    expect(error).toMatchObject({ retryAfterMs: 1000, vendorCode: '0x80072322', status: 429 });
    expect(error.message).toMatch(/Number of requests exceeded the limit/);
  });

  it('does not sleep on a long Retry-After: rate_limited at once', async () => {
    const { provider, sandbox } = setup({}, { rateLimit: { limit: 1, windowMs: 300_000 } });
    // The column list read takes the one call the window allows; the row read is refused for 300 s.
    const error = await crmError(provider.getById(SEED_IDS.jonas, MAPPED), 'rate_limited');
    expect(error.retryAfterMs).toBe(300_000);
    expect(sandbox.requests.map((r) => r.status)).toEqual([200, 429]);
  });

  it('reports a network failure as unavailable after retrying a safe read', async () => {
    const { fetch, calls } = fakeFetch(() => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }),
      });
    });
    const provider = createDynamicsProvider({
      orgUrl: ORG,
      accessToken: 't',
      fetch,
      retry: { limit: 2, baseDelayMs: 1 },
    });
    const error = await crmError(provider.getById(SEED_IDS.jonas, MAPPED, 'contact'), 'unavailable');
    expect(error.message).toMatch(
      /^Can't reach Dynamics 365 at https:\/\/contoso\.crm4\.dynamics\.com: .*ECONNREFUSED/,
    );
    expect(calls).toHaveLength(3); // the first call (the column list), tried 3 times
  });

  it('reports a slow answer as unavailable', async () => {
    const { fetch } = fakeFetch(
      (request) =>
        new Promise<Response>((_, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
    );
    const provider = createDynamicsProvider({
      orgUrl: ORG,
      accessToken: 't',
      fetch,
      timeoutMs: 20,
      retry: { limit: 0 },
    });
    const error = await crmError(provider.getById(SEED_IDS.jonas, MAPPED, 'contact'), 'unavailable');
    expect(error.message).toBe('Dynamics 365 did not answer within 20 ms');
  });

  it('retries a 503 on reads', async () => {
    const { fetch, calls } = fakeFetch(
      () =>
        new Response(JSON.stringify({ error: { code: '0x80040216', message: 'Service Unavailable' } }), {
          status: 503,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const provider = createDynamicsProvider({
      orgUrl: ORG,
      accessToken: 't',
      fetch,
      retry: { limit: 2, baseDelayMs: 1 },
    });
    const error = await crmError(provider.getById(SEED_IDS.jonas, MAPPED, 'contact'), 'unavailable');
    expect(error).toMatchObject({ message: 'Service Unavailable', status: 503, vendorCode: '0x80040216' });
    expect(calls).toHaveLength(3); // the first call (the column list), tried 3 times
  });

  it('repeats a failed create only when duplicate detection would refuse a second copy (it has an email)', async () => {
    const leadColumns = {
      value: ['leadid', 'lastname', 'emailaddress1', 'modifiedon'].map((LogicalName) => ({
        LogicalName,
        AttributeType: 'String',
      })),
    };
    const { fetch, calls } = fakeFetch((request) =>
      request.method === 'GET'
        ? new Response(JSON.stringify(leadColumns), { headers: { 'Content-Type': 'application/json' } })
        : new Response(null, { status: 503 }),
    );
    const provider = createDynamicsProvider({
      orgUrl: ORG,
      accessToken: 't',
      fetch,
      retry: { limit: 2, baseDelayMs: 1 },
    });
    const posts = () => calls.filter((r) => r.method === 'POST').length;

    await crmError(provider.create({ lastname: 'NoEmail' }, ['lastname']), 'unavailable');
    expect(posts()).toBe(1);
    await crmError(provider.create({ lastname: 'Email', emailaddress1: 'e@example.com' }, ['lastname']), 'unavailable');
    expect(posts()).toBe(1 + 3);
  });

  it('turns a body it cannot read into unknown', async () => {
    const { fetch } = fakeFetch(
      () => new Response('{"value": "not a list"}', { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
    const provider = createDynamicsProvider({ orgUrl: ORG, accessToken: 't', fetch });
    const error = await crmError(provider.describeFields(), 'unknown');
    expect(error.message).toBe(UNREADABLE_RESPONSE);
  });
});

describe('Dynamics 365 provider: record links', () => {
  it('links contacts and leads to their form in the web app', () => {
    const { provider } = setup();
    expect(provider.recordUrl({ id: SEED_IDS.jonas, objectType: 'contact' })).toBe(
      `${ORG}/main.aspx?etn=contact&id=${SEED_IDS.jonas}&pagetype=entityrecord`,
    );
    expect(provider.recordUrl({ id: SEED_IDS.noahLead, objectType: 'lead' })).toBe(
      `${ORG}/main.aspx?etn=lead&id=${SEED_IDS.noahLead}&pagetype=entityrecord`,
    );
    expect(provider.recordUrl({ id: 'not-a-guid', objectType: 'contact' })).toBeNull();
  });

  it('uses appUrl when given (the sandbox mount), and the page it links to exists', async () => {
    const { provider, sandbox } = setup({ appUrl: 'http://127.0.0.1:8787/sandbox/dynamics/' });
    const url = provider.recordUrl({ id: SEED_IDS.lin, objectType: 'contact' })!;
    expect(url).toBe(
      `http://127.0.0.1:8787/sandbox/dynamics/main.aspx?etn=contact&id=${SEED_IDS.lin}&pagetype=entityrecord`,
    );
    const page = await sandbox.fetch(new Request(url));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Lin Chen</h1>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(SEED_ACCOUNT_IDS.linChen).toBeTruthy();
  });
});
