/**
 * The Dynamics 365 sandbox (proxy/sandbox/dynamics) over HTTP, in-process: the Web API's query
 * options, writes, conditional updates, duplicate detection, definitions, RetrieveDuplicates,
 * $batch, errors, auth, service protection, record pages, test hooks and controls.
 */
import { describe, expect, it } from 'vitest';
import { buildBatchRequest, parseBatchResponse } from '../../../proxy/crm/dynamics/batch.ts';
import {
  createDynamicsSandbox,
  type DynamicsSandboxOptions,
  SEED_ACCOUNT_IDS,
  SEED_IDS,
} from '../../../proxy/sandbox/dynamics/index.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const ORG = 'https://sandbox.crm.dynamics.com';
const API = `${ORG}/api/data/v9.2/`;

function setup(options: DynamicsSandboxOptions = {}) {
  const sandbox = createDynamicsSandbox({ clock: () => NOW, rateLimit: false, ...options });
  const auth = { Authorization: `Bearer ${sandbox.token}`, Accept: 'application/json' };
  const call = (
    method: string,
    path: string,
    init: { headers?: Record<string, string>; json?: unknown; body?: string } = {},
  ) =>
    sandbox.fetch(
      new Request(path.startsWith('http') ? path : `${API}${path}`, {
        method,
        headers: {
          ...auth,
          ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...init.headers,
        },
        ...(init.json !== undefined
          ? { body: JSON.stringify(init.json) }
          : init.body !== undefined
            ? { body: init.body }
            : {}),
      }),
    );
  const get = (path: string) => call('GET', path);
  const json = async (response: Response) =>
    (await response.json()) as Record<string, unknown> & { value?: Array<Record<string, unknown>> };
  return { sandbox, call, get, json };
}

const q = (value: string) => encodeURIComponent(value);

describe('Dynamics 365 sandbox: queries', () => {
  it('answers a filtered, selected, expanded query like the Web API', async () => {
    const { get, json } = setup();
    const response = await get(
      `contacts?$select=firstname,lastname&$filter=${q("emailaddress1 eq 'JONAS.BERG@example.com'")}&$expand=${q('parentcustomerid_account($select=name)')}`,
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json; odata\.metadata=minimal/);
    expect(response.headers.get('odata-version')).toBe('4.0');
    const body = await json(response);
    expect(body['@odata.context']).toBe(`${API}$metadata#contacts(firstname,lastname)`);
    expect(body.value).toEqual([
      {
        '@odata.etag': expect.stringMatching(/^W\/"\d+"$/),
        firstname: 'Jonas',
        lastname: 'Berg',
        parentcustomerid_account: {
          '@odata.etag': expect.any(String),
          name: 'Globex Corporation',
          accountid: SEED_ACCOUNT_IDS.globex,
        },
        contactid: SEED_IDS.jonas,
      },
    ]);
  });

  it('orders, limits, filters on a lookup value and on the expanded account', async () => {
    const { get, json } = setup();
    const dana = await json(
      await get(
        `contacts?$select=fullname,modifiedon&$filter=${q("lastname eq 'Cruz'")}&$orderby=${q('modifiedon desc')}&$top=1`,
      ),
    );
    expect(dana.value?.map((r) => r.contactid)).toEqual([SEED_IDS.danaNewer]);

    const byAccount = await json(
      await get(`contacts?$select=fullname&$filter=${q(`_parentcustomerid_value eq ${SEED_ACCOUNT_IDS.initech}`)}`),
    );
    expect(byAccount.value?.map((r) => r.fullname)).toEqual(['Sam Lee']);

    const byName = await json(
      await get(`contacts?$select=fullname&$filter=${q("startswith(parentcustomerid_account/name,'stone')")}`),
    );
    expect(byName.value?.map((r) => r.fullname)).toEqual(['Olivia Stone']);
  });

  it('refuses unknown properties and bad syntax with 400 and the Dataverse error body', async () => {
    const { get, json } = setup();
    const select = await get('contacts?$select=Name');
    expect(select.status).toBe(400);
    expect(await json(select)).toEqual({
      error: {
        code: '0x0',
        message: "Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.contact'.",
      },
    });
    const filter = await get(`leads?$filter=${q("new_tier eq 'Gold'")}`);
    expect(await json(filter)).toMatchObject({
      error: { message: "Could not find a property named 'new_tier' on type 'Microsoft.Dynamics.CRM.lead'." },
    });
    const expand = await get('leads?$expand=parentcustomerid_account');
    expect(expand.status).toBe(400);
    const syntax = await get(`contacts?$filter=${q("emailaddress1 eq 'x")}`);
    expect(syntax.status).toBe(400);
    expect(await json(syntax)).toMatchObject({
      error: { message: expect.stringMatching(/Unterminated string literal/) },
    });
    const top = await get('contacts?$top=ten');
    expect(top.status).toBe(400);
  });

  it('answers 404 for an unknown entity set or row, and 400 for a malformed key', async () => {
    const { get, json } = setup();
    expect(await json(await get('Contact'))).toEqual({
      error: { code: '0x8006088a', message: "Resource not found for the segment 'Contact'." },
    });
    const missing = await get('contacts(5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c)');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({
      error: {
        code: '0x80040217',
        message: "Entity 'contact' With Id = 5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c Does Not Exist",
      },
    });
    expect((await get('contacts(101)')).status).toBe(400);
  });

  it('reads one row with every column when nothing is selected', async () => {
    const { get, json } = setup();
    const row = await json(await get(`leads(${SEED_IDS.noahLead})`));
    expect(row).toMatchObject({
      '@odata.context': `${API}$metadata#leads/$entity`,
      leadid: SEED_IDS.noahLead,
      fullname: 'Noah Kim',
      subject: 'Interested in the enterprise plan',
      leadsourcecode: 8,
      statecode: 0,
      companyname: null,
      createdon: '2026-10-01T09:00:00Z',
    });
  });
});

describe('Dynamics 365 sandbox: writes', () => {
  it('creates with 204 + OData-EntityId, or 201 + the row with Prefer: return=representation', async () => {
    const { call, json, sandbox } = setup();
    const plain = await call('POST', 'leads', { json: { lastname: 'Watson' } });
    expect(plain.status).toBe(204);
    const id = /leads\(([0-9a-f-]{36})\)$/.exec(plain.headers.get('odata-entityid') ?? '')?.[1];
    expect(id).toBeDefined();
    expect(sandbox.testing.read(id!)).toMatchObject({
      lastname: 'Watson',
      createdon: '2026-11-02T12:00:00Z',
      statecode: '0',
    });

    const rich = await call('POST', 'leads?$select=fullname,companyname', {
      headers: { Prefer: 'return=representation' },
      json: { firstname: 'Mary Jane', lastname: 'Watson', companyname: 'Daily Bugle' },
    });
    expect(rich.status).toBe(201);
    expect(rich.headers.get('preference-applied')).toBe('return=representation');
    expect(await json(rich)).toMatchObject({
      fullname: 'Mary Jane Watson',
      companyname: 'Daily Bugle',
      leadid: expect.any(String),
    });
  });

  it('links a contact to an account with @odata.bind', async () => {
    const { call, get, json } = setup();
    const created = await call('POST', 'contacts?$select=fullname&$expand=parentcustomerid_account($select=name)', {
      headers: { Prefer: 'return=representation' },
      json: { lastname: 'Gibbons', 'parentcustomerid_account@odata.bind': `/accounts(${SEED_ACCOUNT_IDS.initech})` },
    });
    expect(await json(created)).toMatchObject({ parentcustomerid_account: { name: 'Initech' } });

    const bad = await call('POST', 'contacts', {
      json: { lastname: 'X', 'parentcustomerid_account@odata.bind': '/accounts(5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c)' },
    });
    expect(bad.status).toBe(404);
    const lookup = await call('POST', 'contacts', {
      json: { lastname: 'X', parentcustomerid: SEED_ACCOUNT_IDS.initech },
    });
    expect(lookup.status).toBe(400);
    expect((await json(await get(`contacts?$select=fullname&$filter=${q("lastname eq 'X'")}`))).value).toEqual([]);
  });

  it('validates writes as Dataverse does', async () => {
    const { call, json } = setup();
    expect(await json(await call('POST', 'leads', { json: { lastname: 'X', new_tier: 'Gold' } }))).toEqual({
      error: {
        code: '0x80060888',
        message:
          "The property 'new_tier' does not exist on type 'Microsoft.Dynamics.CRM.lead'. Make sure to only use property names that are defined by the type or mark the type as open type.",
      },
    });
    expect(await json(await call('POST', 'leads', { json: { lastname: 5 } }))).toMatchObject({
      error: {
        code: '0x80048d19',
        message: expect.stringContaining("Cannot convert the literal '5' to the expected type 'Edm.String'"),
      },
    });
    expect(await json(await call('POST', 'leads', { json: { lastname: 'x'.repeat(51) } }))).toMatchObject({
      error: {
        code: '0x80044331',
        message: expect.stringContaining(
          "The length of the 'lastname' attribute of the 'lead' entity exceeded the maximum allowed length of '50'",
        ),
      },
    });
    expect(await json(await call('POST', 'leads', { json: { fullname: 'X' } }))).toMatchObject({
      error: { code: '0x80040203' },
    });
    expect(await json(await call('POST', 'leads', { json: { leadsourcecode: 99 } }))).toMatchObject({
      error: { code: '0x80040203' },
    });
    expect(
      (await call('POST', 'leads', { body: '{"lastname":', headers: { 'Content-Type': 'application/json' } })).status,
    ).toBe(400);
    // A $select problem is found before anything is written.
    const before = (await json(await call('GET', 'leads?$select=leadid'))).value?.length;
    expect((await call('POST', 'leads?$select=nope', { json: { lastname: 'Y' } })).status).toBe(400);
    expect((await json(await call('GET', 'leads?$select=leadid'))).value?.length).toBe(before);
  });

  it('detects duplicates only when asked (MSCRM.SuppressDuplicateDetection: false), across contacts and leads', async () => {
    const { call, json } = setup();
    const detect = { 'MSCRM.SuppressDuplicateDetection': 'false' };
    const dup = await call('POST', 'leads', {
      headers: detect,
      json: { lastname: 'Berg', emailaddress1: 'Jonas.Berg@example.com' },
    });
    expect(dup.status).toBe(500);
    expect(await json(dup)).toEqual({
      error: {
        code: '0x80040333',
        message: 'A record was not created or updated because a duplicate of the current record already exists.',
      },
    });
    expect(
      (
        await call('POST', 'contacts', {
          headers: detect,
          json: { lastname: 'Kim', emailaddress1: 'noah.kim@example.com' },
        })
      ).status,
    ).toBe(500);
    // Dataverse's default: detection suppressed.
    expect(
      (await call('POST', 'leads', { json: { lastname: 'Berg', emailaddress1: 'jonas.berg@example.com' } })).status,
    ).toBe(204);
    expect(
      (await call('POST', 'leads', { headers: detect, json: { lastname: 'New', emailaddress1: 'new@example.com' } }))
        .status,
    ).toBe(204);
  });

  it('updates with If-Match: * (404, never an upsert, for a missing row), upserts without it', async () => {
    const { call, sandbox, get, json } = setup();
    const before = await json(await get(`contacts(${SEED_IDS.priya})?$select=modifiedon`));
    const patched = await call('PATCH', `contacts(${SEED_IDS.priya})`, {
      headers: { 'If-Match': '*' },
      json: { jobtitle: 'COO' },
    });
    expect(patched.status).toBe(204);
    expect(patched.headers.get('odata-entityid')).toBe(`${API}contacts(${SEED_IDS.priya})`);
    const after = await json(await get(`contacts(${SEED_IDS.priya})?$select=modifiedon,jobtitle`));
    expect(after).toMatchObject({ jobtitle: 'COO', modifiedon: '2026-11-02T12:00:00Z' });
    expect(after['@odata.etag']).not.toBe(before['@odata.etag']);

    const ghost = '5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c';
    const missing = await call('PATCH', `contacts(${ghost})`, {
      headers: { 'If-Match': '*' },
      json: { lastname: 'Ghost' },
    });
    expect(missing.status).toBe(404);
    expect(sandbox.testing.read(ghost)).toBeUndefined();

    const upsert = await call('PATCH', `contacts(${ghost})`, { json: { lastname: 'Ghost' } });
    expect(upsert.status).toBe(204);
    expect(sandbox.testing.read(ghost)).toMatchObject({ lastname: 'Ghost' });

    const createOnly = await call('PATCH', `contacts(${ghost})`, {
      headers: { 'If-None-Match': '*' },
      json: { lastname: 'Again' },
    });
    expect(createOnly.status).toBe(412);
    const stale = await call('PATCH', `contacts(${ghost})`, {
      headers: { 'If-Match': 'W/"1"' },
      json: { lastname: 'Again' },
    });
    expect(stale.status).toBe(412);

    const representation = await call('PATCH', `contacts(${ghost})?$select=lastname`, {
      headers: { 'If-Match': '*', Prefer: 'return=representation' },
      json: { lastname: 'Spirit' },
    });
    expect(representation.status).toBe(200);
    expect(await json(representation)).toMatchObject({ lastname: 'Spirit', contactid: ghost });
  });

  it('deletes a row and clears lookups to it', async () => {
    const { call, get, json } = setup();
    expect((await call('DELETE', `accounts(${SEED_ACCOUNT_IDS.globex})`)).status).toBe(204);
    expect((await get(`accounts(${SEED_ACCOUNT_IDS.globex})`)).status).toBe(404);
    expect(await json(await get(`contacts(${SEED_IDS.jonas})?$select=_parentcustomerid_value`))).toMatchObject({
      _parentcustomerid_value: null,
    });
  });
});

describe('Dynamics 365 sandbox: definitions and functions', () => {
  it('serves column definitions with $select on the base type, and type properties on casts only', async () => {
    const { get, json } = setup();
    const base = await json(
      await get(
        "EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,AttributeType,IsValidForUpdate,DisplayName",
      ),
    );
    const email = base.value?.find((a) => a.LogicalName === 'emailaddress1');
    expect(email).toMatchObject({
      '@odata.type': '#Microsoft.Dynamics.CRM.StringAttributeMetadata',
      AttributeType: 'String',
      IsValidForUpdate: true,
      DisplayName: { UserLocalizedLabel: { Label: 'Email', LanguageCode: 1033 } },
    });
    expect(email).not.toHaveProperty('MaxLength');
    expect((await get("EntityDefinitions(LogicalName='contact')/Attributes?$select=MaxLength")).status).toBe(400);

    const strings = await json(
      await get(
        "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength,FormatName",
      ),
    );
    expect(strings.value?.find((a) => a.LogicalName === 'telephone1')).toMatchObject({
      MaxLength: 50,
      FormatName: { Value: 'Phone' },
    });

    const picklists = await json(
      await get(
        `EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=${q('OptionSet($select=Options)')}`,
      ),
    );
    const source = picklists.value?.find((a) => a.LogicalName === 'leadsourcecode') as {
      OptionSet: { Options: Array<{ Value: number }> };
    };
    expect(source.OptionSet.Options.map((o) => o.Value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    const one = await json(await get("EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='companyname')"));
    expect(one).toMatchObject({ LogicalName: 'companyname', MaxLength: 100, IsValidForCreate: true });
    expect(await json(await get("EntityDefinitions(LogicalName='lead')"))).toMatchObject({
      EntitySetName: 'leads',
      PrimaryIdAttribute: 'leadid',
    });
    expect((await get("EntityDefinitions(LogicalName='opportunity')/Attributes")).status).toBe(404);
  });

  it('finds duplicates with RetrieveDuplicates, hidden rows included', async () => {
    const { get, json, sandbox } = setup();
    const hidden = sandbox.testing.insert({ lastname: 'Hidden', emailaddress1: 'hidden@example.com' });
    sandbox.testing.hideFromSearch(hidden);
    const retrieve = (entity: Record<string, unknown>, matching: string) =>
      get(
        `RetrieveDuplicates(BusinessEntity=@p1,MatchingEntityName=@p2,PagingInfo=@p3)?@p1=${q(JSON.stringify(entity))}&@p2=${q(`'${matching}'`)}&@p3=${q('{"PageNumber":1,"Count":10}')}`,
      );

    const contact = await json(
      await retrieve({ '@odata.type': 'Microsoft.Dynamics.CRM.lead', emailaddress1: 'HIDDEN@example.com' }, 'contact'),
    );
    expect(contact.value).toEqual([
      expect.objectContaining({ '@odata.type': '#Microsoft.Dynamics.CRM.contact', contactid: hidden }),
    ]);
    const none = await json(
      await retrieve({ '@odata.type': 'Microsoft.Dynamics.CRM.lead', emailaddress1: 'hidden@example.com' }, 'lead'),
    );
    expect(none.value).toEqual([]);
    expect((await retrieve({ emailaddress1: 'x' }, 'contact')).status).toBe(400);
    expect((await get(`contacts?$filter=${q("emailaddress1 eq 'hidden@example.com'")}`)).status).toBe(200);
    expect((await json(await get(`contacts?$filter=${q("emailaddress1 eq 'hidden@example.com'")}`))).value).toEqual([]);
  });

  it('answers WhoAmI and the service document', async () => {
    const { get, json } = setup();
    expect(await json(await get('WhoAmI'))).toMatchObject({
      UserId: expect.any(String),
      OrganizationId: expect.any(String),
    });
    expect((await json(await get(''))).value).toEqual(
      expect.arrayContaining([{ name: 'contacts', kind: 'EntitySet', url: 'contacts' }]),
    );
  });
});

describe('Dynamics 365 sandbox: $batch', () => {
  const batch = (setupResult: ReturnType<typeof setup>, body: string, boundary: string, prefer?: string) =>
    setupResult.call('POST', '$batch', {
      headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}`, ...(prefer ? { Prefer: prefer } : {}) },
      body,
    });

  it('runs independent requests in order and answers multipart/mixed, continuing on error when asked', async () => {
    const s = setup();
    const body = buildBatchRequest('batch_1', [
      {
        method: 'POST',
        url: `${API}leads`,
        headers: { 'MSCRM.SuppressDuplicateDetection': 'false' },
        json: { lastname: 'Kim', emailaddress1: 'noah.kim@example.com' },
      },
      {
        method: 'POST',
        url: `${API}leads?$select=lastname`,
        headers: { Prefer: 'return=representation' },
        json: { lastname: 'Ok' },
      },
      { method: 'GET', url: `${API}contacts(${SEED_IDS.jonas})?$select=fullname`, headers: {} },
    ]);
    const response = await batch(s, body, 'batch_1', 'odata.continue-on-error');

    expect(response.status).toBe(200);
    const boundary = /boundary=(\S+)/.exec(response.headers.get('content-type') ?? '')?.[1];
    expect(boundary).toMatch(/^batchresponse_/);
    const parts = parseBatchResponse(await response.text(), boundary!);
    expect(parts.map((p) => p.status)).toEqual([500, 201, 200]);
    expect(JSON.parse(parts[1]!.body)).toMatchObject({ lastname: 'Ok' });
    expect(JSON.parse(parts[2]!.body)).toMatchObject({ fullname: 'Jonas Berg' });
    // Each inner request is in the log too.
    expect(s.sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /api/data/v9.2/$batch 200',
      'POST /api/data/v9.2/leads 500',
      'POST /api/data/v9.2/leads 201',
      `GET /api/data/v9.2/contacts(${SEED_IDS.jonas}) 200`,
    ]);
  });

  it('stops at the first failure without continue-on-error', async () => {
    const s = setup();
    const body = buildBatchRequest('batch_2', [
      { method: 'POST', url: `${API}leads`, headers: {}, json: { lastname: 5 } },
      { method: 'POST', url: `${API}leads`, headers: {}, json: { lastname: 'Never' } },
    ]);
    const response = await batch(s, body, 'batch_2');
    const parts = parseBatchResponse(
      await response.text(),
      /boundary=(\S+)/.exec(response.headers.get('content-type')!)![1]!,
    );
    expect(parts.map((p) => p.status)).toEqual([400]);
    expect(s.sandbox.store.list('lead').map((r) => r.values.lastname)).toEqual(['Kim']);
  });

  it('rolls a failed change set back as a whole', async () => {
    const s = setup();
    const CRLF = '\r\n';
    const part = (json: unknown) =>
      [
        '--changeset_9',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        '',
        `POST ${API}leads HTTP/1.1`,
        'Content-Type: application/json; type=entry',
        '',
        JSON.stringify(json),
      ].join(CRLF);
    const body = [
      '--batch_3',
      'Content-Type: multipart/mixed; boundary=changeset_9',
      '',
      part({ lastname: 'First' }),
      part({ lastname: 'x'.repeat(60) }),
      '--changeset_9--',
      '--batch_3--',
      '',
    ].join(CRLF);

    const response = await batch(s, body, 'batch_3');
    const parts = parseBatchResponse(
      await response.text(),
      /boundary=(\S+)/.exec(response.headers.get('content-type')!)![1]!,
    );

    expect(parts.map((p) => p.status)).toEqual([400]);
    expect(s.sandbox.store.list('lead').map((r) => r.values.lastname)).toEqual(['Kim']);
  });

  it('refuses a batch without a multipart boundary', async () => {
    const s = setup();
    const response = await s.call('POST', '$batch', { json: { requests: [] } });
    expect(response.status).toBe(400);
  });
});

describe('Dynamics 365 sandbox: auth and service protection', () => {
  it('answers 401 without a body and with a Bearer challenge for a missing, wrong or expired token', async () => {
    const { sandbox, get } = setup();
    for (const headers of [{}, { Authorization: 'Bearer wrong' }] as Record<string, string>[]) {
      const response = await sandbox.fetch(new Request(`${API}contacts`, { headers }));
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('');
      expect(response.headers.get('www-authenticate')).toMatch(
        /^Bearer authorization_uri=https:\/\/login\.microsoftonline\.com\//,
      );
    }
    sandbox.testing.expireTokens();
    expect((await get('contacts?$top=1')).status).toBe(401);
    sandbox.reset();
    expect((await get('contacts?$top=1')).status).toBe(200);
  });

  it('enforces a rolling request limit with 429 and Retry-After, and forced 429s on demand', async () => {
    let now = NOW.getTime();
    const s = setup({ clock: () => new Date(now), rateLimit: { limit: 2, windowMs: 60_000 } });
    expect((await s.get('contacts?$top=1')).status).toBe(200);
    now += 10_000;
    expect((await s.get('contacts?$top=1')).status).toBe(200);
    const limited = await s.get('contacts?$top=1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(await limited.json()).toEqual({
      error: {
        code: '0x80072322',
        message: 'Number of requests exceeded the limit of 2 over time window of 60 seconds.',
      },
    });
    now += 50_001;
    expect((await s.get('contacts?$top=1')).status).toBe(200);

    s.sandbox.setRateLimit(null);
    s.sandbox.testing.rateLimitNext(2);
    expect((await s.get('contacts?$top=1')).status).toBe(429);
    const forced = await s.get('contacts?$top=1');
    expect(forced.headers.get('retry-after')).toBe('1');
    expect((await s.get('contacts?$top=1')).status).toBe(200);
  });

  it('serves the default limit of Dataverse: 6,000 requests per 5 minutes', async () => {
    const sandbox = createDynamicsSandbox();
    sandbox.testing.rateLimitNext(1);
    const response = await sandbox.fetch(
      new Request(`${API}contacts?$top=1`, { headers: { Authorization: `Bearer ${sandbox.token}` } }),
    );
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringContaining('limit of 6000 over time window of 300 seconds') },
    });
  });
});

describe('Dynamics 365 sandbox: pages, hooks, controls and the log', () => {
  it('renders record forms with every value escaped and no scripts allowed, and lists', async () => {
    const { sandbox } = setup();
    const page = await sandbox.fetch(
      new Request(
        `http://127.0.0.1:8787/sandbox/dynamics/main.aspx?etn=contact&id=${SEED_IDS.lin}&pagetype=entityrecord`,
      ),
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await page.text();
    expect(html).toContain('<h1>Lin Chen</h1>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<img/);
    expect(html).toContain(`href="main.aspx?etn=account&amp;id=${SEED_ACCOUNT_IDS.linChen}&amp;pagetype=entityrecord"`);

    const lead = await (
      await sandbox.fetch(
        new Request(`${ORG}/main.aspx?etn=lead&id={${SEED_IDS.noahLead.toUpperCase()}}&pagetype=entityrecord`),
      )
    ).text();
    expect(lead).toContain('<h1>Noah Kim</h1>');
    expect(lead).toContain('<dd>Web</dd>'); // the lead source's label, not its value

    expect(
      (await sandbox.fetch(new Request(`${ORG}/main.aspx?etn=contact&id=nope&pagetype=entityrecord`))).status,
    ).toBe(404);
    expect((await sandbox.fetch(new Request(`${ORG}/main.aspx?etn=invoice&pagetype=entitylist`))).status).toBe(404);
    const list = await (await sandbox.fetch(new Request(`${ORG}/main.aspx?etn=contact&pagetype=entitylist`))).text();
    expect(list).toContain('Olivia Stone');
  });

  it('reads, edits and inserts as a Dynamics 365 user would, company through the parent account', () => {
    const { sandbox } = setup();
    expect(sandbox.testing.read(SEED_IDS.jonas)).toMatchObject({
      firstname: 'Jonas',
      companyname: 'Globex Corporation',
      modifiedon: '2026-10-03T11:20:00Z',
      mobilephone: null,
    });
    expect(sandbox.testing.read(SEED_IDS.noahLead)).toMatchObject({ companyname: null, leadsourcecode: '8' });

    sandbox.testing.edit(SEED_IDS.jonas, { jobtitle: 'VP Engineering', companyname: 'Initech' });
    expect(sandbox.testing.read(SEED_IDS.jonas)).toMatchObject({
      jobtitle: 'VP Engineering',
      companyname: 'Initech',
      modifiedon: '2026-11-02T12:00:00Z',
    });
    expect(sandbox.store.list('account').filter((a) => a.values.name === 'Initech')).toHaveLength(1);
    sandbox.testing.edit(SEED_IDS.jonas, { companyname: 'Brand New Co', jobtitle: null });
    expect(sandbox.testing.read(SEED_IDS.jonas)).toMatchObject({ companyname: 'Brand New Co', jobtitle: null });

    const id = sandbox.testing.insert({
      firstname: 'Ada',
      lastname: 'Lovelace',
      emailaddress1: 'priya.patel@example.com',
      companyname: 'Analytical',
    });
    expect(sandbox.store.get('contact', id)).toBeDefined(); // users may create duplicates; the API's rules are for writes asking for detection
    expect(sandbox.testing.read(id)).toMatchObject({ fullname: 'Ada Lovelace', companyname: 'Analytical' });

    expect(() => sandbox.testing.edit(SEED_IDS.jonas, { new_tier: 'Gold' })).toThrow(/no editable column "new_tier"/);
    expect(() => sandbox.testing.edit('5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c', { jobtitle: 'X' })).toThrow(/no row/);
    expect(() => sandbox.testing.insert({ lastname: 'Y', contactid: 'x' })).toThrow();
    expect(sandbox.testing.read('5a0a4d09-6d46-4fbd-9a5d-2d3e4f5a6b7c')).toBeUndefined();
  });

  it('logs vendor calls without the mount prefix, with query, parsed body and status', async () => {
    const { sandbox } = setup();
    await sandbox.fetch(
      new Request('http://127.0.0.1:8787/sandbox/dynamics/api/data/v9.2/leads?$select=leadid', {
        method: 'POST',
        headers: { Authorization: `Bearer ${sandbox.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ lastname: 'Logged' }),
      }),
    );
    expect(sandbox.requests).toEqual([
      {
        method: 'POST',
        path: '/api/data/v9.2/leads',
        query: '$select=leadid',
        body: { lastname: 'Logged' },
        status: 204,
        at: NOW.toISOString(),
      },
    ]);
    sandbox.clearRequests();
    expect(sandbox.requests).toEqual([]);
  });

  it('offers the controls over HTTP: reset, request log, rate limit, a user edit', async () => {
    const { sandbox, get } = setup();
    const control = (method: string, path: string, body?: unknown) =>
      sandbox.fetch(
        new Request(`http://127.0.0.1:8787/sandbox/dynamics/__sandbox/${path}`, {
          method,
          ...(body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
        }),
      );
    const edit = await control('PATCH', `records/${SEED_IDS.priya}`, { values: { jobtitle: 'Director' } });
    expect(await edit.json()).toMatchObject({ values: { jobtitle: 'Director' } });
    expect((await control('PATCH', `records/${SEED_IDS.priya}`, { values: { new_tier: 'x' } })).status).toBe(400);

    await get('contacts?$top=1');
    expect(((await (await control('GET', 'requests')).json()) as { requests: unknown[] }).requests).toHaveLength(1);
    expect((await control('DELETE', 'requests')).status).toBe(204);
    expect(sandbox.requests).toEqual([]);

    expect((await control('PUT', 'rate-limit', { limit: 1, windowMs: 60_000 })).status).toBe(200);
    expect((await get('contacts?$top=1')).status).toBe(200);
    expect((await get('contacts?$top=1')).status).toBe(429);
    expect((await control('PUT', 'rate-limit', null)).status).toBe(200);
    expect((await get('contacts?$top=1')).status).toBe(200);

    expect((await control('POST', 'reset')).status).toBe(200);
    expect(sandbox.testing.read(SEED_IDS.priya)?.jobtitle).toBeNull();
    expect(sandbox.requests).toEqual([]);
    expect((await control('GET', 'nothing')).status).toBe(404);
  });

  it('seeds the demo people: contacts with their accounts, and the lead Noah Kim', () => {
    const { sandbox } = setup();
    expect(sandbox.store.list('contact').map((r) => r.values.fullname)).toEqual(
      expect.arrayContaining(['Priya Patel', 'Jonas Berg', 'Sam Lee', 'Dana Cruz', 'Lin Chen', 'Olivia Stone']),
    );
    expect(sandbox.store.list('contact')).toHaveLength(7);
    expect(sandbox.store.list('lead').map((r) => r.values.fullname)).toEqual(['Noah Kim']);
    expect(sandbox.testing.read(SEED_IDS.olivia)).toMatchObject({
      companyname: 'Stone & Co',
      jobtitle: 'Founder',
      telephone1: '+1 415 555 0107',
    });
    expect(sandbox.testing.read(SEED_IDS.sam)).toMatchObject({ emailaddress1: null, companyname: 'Initech' });
    expect(sandbox.store.list('contact').some((r) => r.values.fullname === 'Mary Jane Watson')).toBe(false);
    const empty = createDynamicsSandbox({ seed: false });
    expect(empty.store.list('contact')).toEqual([]);
  });
});
