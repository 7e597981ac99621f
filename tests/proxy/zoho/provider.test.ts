/**
 * The Zoho CRM provider against the Zoho sandbox, in-process (sandbox.fetch), plus a few hand-made
 * vendor responses (wrong shapes, outages) the sandbox never sends.
 */
import { describe, expect, it } from 'vitest';
import {
  createZohoProvider,
  escapeCriteriaValue,
  phoneCriteria,
  phoneSpellings,
  UNREADABLE_RESPONSE,
  type ZohoProviderOptions,
} from '../../../proxy/crm/zoho/index.ts';
import { zohoModule } from '../../../proxy/crm/zoho/module.ts';
import { CrmError, type FetchLike } from '../../../proxy/crm/types.ts';
import {
  createZohoSandbox,
  type ZohoSandbox,
  type ZohoSandboxOptions,
  ZOHO_SEED_CONTACT_IDS as IDS,
} from '../../../proxy/sandbox/zoho/index.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const clock = () => NOW;
/** The CRM fields the default mapping reads back. */
const MAPPED = ['Email', 'First_Name', 'Last_Name', 'Phone', 'Account_Name', 'Title', 'Mailing_City', 'Description'];
const CONTACTS = '/crm/v8/Contacts';

function setup(providerOptions: Partial<ZohoProviderOptions> = {}, sandboxOptions: ZohoSandboxOptions = {}) {
  const sandbox = createZohoSandbox({ clock, rateLimit: false, ...sandboxOptions }) as ZohoSandbox;
  const provider = createZohoProvider({
    accessToken: sandbox.token,
    fetch: sandbox.fetch,
    retry: { limit: 2, baseDelayMs: 1, maxRateLimitWaitMs: 0 },
    clock,
    ...providerOptions,
  });
  return { sandbox, provider };
}

/** Awaits `promise`, expects a CrmError of `kind` from Zoho, and returns it. */
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
  expect(crm.provider).toBe('zoho');
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

describe('Zoho CRM provider: reading', () => {
  it('describes the Contacts fields with types, writability and picklist options', async () => {
    const { provider, sandbox } = setup();
    const fields = new Map((await provider.describeFields()).map((f) => [f.name, f]));

    expect(fields.get('Email')).toEqual({ name: 'Email', label: 'Email', type: 'email', writable: true });
    expect(fields.get('Phone')).toMatchObject({ type: 'phone', writable: true });
    expect(fields.get('Last_Name')).toMatchObject({ label: 'Last Name', type: 'string', writable: true });
    expect(fields.get('Description')).toMatchObject({ type: 'text', writable: true });
    // A lookup takes {id}, not a name: the company is read from the Account, never written.
    expect(fields.get('Account_Name')).toMatchObject({ type: 'other', writable: false });
    expect(fields.get('Full_Name')).toMatchObject({ writable: false });
    expect(fields.get('Modified_Time')).toMatchObject({ type: 'datetime', writable: false });
    expect(fields.get('Salutation')?.options).toEqual(['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.']);
    expect(fields.get('Email_Opt_Out')).toMatchObject({ type: 'boolean' });
    expect(sandbox.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/crm/v8/settings/fields', 'module=Contacts'],
    ]);
  });

  it('gets a contact by id with the requested fields, its Account by name, and Modified_Time as updatedAt', async () => {
    const { provider, sandbox } = setup();
    const record = await provider.getById(IDS.jonas, MAPPED);

    expect(record).toEqual({
      id: IDS.jonas,
      objectType: 'contact',
      updatedAt: '2026-10-03T11:20:00.000Z',
      values: expect.objectContaining({
        Email: 'jonas.berg@example.com',
        First_Name: 'Jonas',
        Last_Name: 'Berg',
        Phone: '+1 212 555 0199',
        Account_Name: 'Globex Corporation',
        Title: 'CTO',
        Mailing_City: 'New York',
        Description: null,
      }),
      contactPoints: { emails: ['jonas.berg@example.com'], phones: ['+1 212 555 0199'] },
    });
    const get = sandbox.requests[0]!;
    expect([get.method, get.path]).toEqual(['GET', `${CONTACTS}/${IDS.jonas}`]);
    expect(new URLSearchParams(get.query).get('fields')?.split(',')).toEqual(
      expect.arrayContaining([...MAPPED, 'Modified_Time']),
    );
  });

  it('answers null for an id Zoho does not have (204 No Content)', async () => {
    const { provider, sandbox } = setup();
    await expect(provider.getById('5725767000000999999', MAPPED)).resolves.toBeNull();
    expect(sandbox.requests[0]?.status).toBe(204);
  });

  it('finds a contact by email with the email search parameter, whatever its case', async () => {
    const { provider, sandbox } = setup();
    const found = await provider.findByEmail('PRIYA.PATEL@Example.com', MAPPED);

    expect(found.map((r) => r.id)).toEqual([IDS.priya]);
    expect(found[0]?.values).toMatchObject({ First_Name: 'Priya', Phone: null, Account_Name: null });
    const search = sandbox.requests[0]!;
    expect(search.path).toBe(`${CONTACTS}/search`);
    expect(new URLSearchParams(search.query).get('email')).toBe('PRIYA.PATEL@Example.com');
  });

  it('finds nobody for an unknown email (204 → [])', async () => {
    const { provider } = setup();
    await expect(provider.findByEmail('nobody@example.com', MAPPED)).resolves.toEqual([]);
  });

  it('finds "(646) 555-0142" from +16465550142 in one criteria search with escaped parentheses', async () => {
    const { provider, sandbox } = setup();
    const found = await provider.findByPhone('+16465550142', MAPPED);

    expect(found.map((r) => r.id)).toEqual([IDS.sam]);
    expect(found[0]?.values).toMatchObject({ Phone: '(646) 555-0142', Account_Name: 'Initech' });
    expect(sandbox.requests).toHaveLength(1);
    const criteria = new URLSearchParams(sandbox.requests[0]!.query).get('criteria')!;
    expect(criteria).toContain('(Phone:equals:\\(646\\) 555-0142)');
    expect(criteria).toContain('(Mobile:equals:6465550142)');
    expect(criteria.match(/:equals:/g)).toHaveLength(10);
  });

  it('finds both Dana Cruz contacts by phone, each with its updatedAt', async () => {
    const { provider } = setup();
    const found = await provider.findByPhone('+13035550177', MAPPED);
    expect(found.map((r) => [r.id, r.updatedAt])).toEqual([
      [IDS.danaOlder, '2026-10-05T09:30:00.000Z'],
      [IDS.danaNewer, '2026-10-07T14:10:00.000Z'],
    ]);
  });

  it('finds a number stored on Mobile only', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.edit(IDS.priya, { Mobile: '415.555.0134' });
    const found = await provider.findByPhone('+14155550134', MAPPED);
    expect(found.map((r) => r.id)).toEqual([IDS.priya]);
  });

  it('sees a value a Zoho user changed, with the new Modified_Time', async () => {
    const later = new Date('2026-11-03T08:00:00.000Z');
    const { provider, sandbox } = setup({}, { clock: () => later });
    sandbox.testing.edit(IDS.jonas, { Title: 'CEO', Account_Name: 'Globex Holdings' });
    const record = await provider.getById(IDS.jonas, MAPPED);
    expect(record?.values).toMatchObject({ Title: 'CEO', Account_Name: 'Globex Holdings' });
    expect(record?.updatedAt).toBe(later.toISOString());
  });

  it('leaves out of `fields` a name the module does not have once the field list is known', async () => {
    const { provider, sandbox } = setup();
    await provider.describeFields();
    await provider.getById(IDS.priya, ['Email', 'Time_Zone__c']);
    const fields = new URLSearchParams(sandbox.requests.at(-1)!.query).get('fields')!.split(',');
    expect(fields).toContain('Email');
    expect(fields).not.toContain('Time_Zone__c');
  });
});

describe('Zoho CRM provider: writing', () => {
  it('creates a contact (201, workflows not triggered) and then meets DUPLICATE_DATA with the existing id', async () => {
    const { provider, sandbox } = setup();
    const created = await provider.create(
      { Email: 'mj.watson@example.com', First_Name: 'Mary Jane', Last_Name: 'Watson', Phone: '+442079460958' },
      MAPPED,
    );

    expect(created).toMatchObject({
      id: '5725767000000500001',
      objectType: 'contact',
      updatedAt: NOW.toISOString(),
      values: { First_Name: 'Mary Jane', Last_Name: 'Watson', Phone: '+442079460958', Account_Name: null, Title: null },
    });
    const post = sandbox.requests.find((r) => r.method === 'POST')!;
    expect(post).toMatchObject({ path: CONTACTS, status: 201 });
    expect(post.body).toEqual({
      data: [{ Email: 'mj.watson@example.com', First_Name: 'Mary Jane', Last_Name: 'Watson', Phone: '+442079460958' }],
      trigger: [],
    });

    const duplicate = await crmError(
      provider.create({ Email: 'MJ.Watson@example.com', Last_Name: 'W' }, MAPPED),
      'duplicate',
    );
    expect(duplicate).toMatchObject({
      existingId: created.id,
      field: 'Email',
      vendorCode: 'DUPLICATE_DATA',
      status: 400,
    });
    expect(sandbox.store.list('Contacts')).toHaveLength(8);
  });

  it('creates a nameless customer with their email as Last_Name and reads that placeholder as blank', async () => {
    const { provider, sandbox } = setup();
    const created = await provider.create({ Email: 'anon@example.com', Phone: '+14155550100' }, MAPPED);

    expect(sandbox.testing.read(created.id)?.Last_Name).toBe('anon@example.com');
    expect(created.values.Last_Name).toBeNull();
    expect((await provider.getById(created.id, MAPPED))?.values.Last_Name).toBeNull();

    // The first sync that knows the name fills it as a blank field would be.
    const named = await provider.update(created.id, { First_Name: 'Ana', Last_Name: 'Nunes' }, MAPPED);
    expect(named.values).toMatchObject({ First_Name: 'Ana', Last_Name: 'Nunes' });
  });

  it('uses "Unknown" as the placeholder when there is neither email nor phone, and reads it as blank', async () => {
    const { provider, sandbox } = setup();
    const created = await provider.create({ Title: 'Buyer' }, MAPPED);
    expect(sandbox.testing.read(created.id)?.Last_Name).toBe('Unknown');
    expect(created.values.Last_Name).toBeNull();
  });

  it('updates in one PUT and returns the record read back after the write', async () => {
    const later = new Date('2026-11-04T09:30:00.000Z');
    const { provider, sandbox } = setup({}, { clock: () => later });
    const after = await provider.update(
      IDS.priya,
      { Phone: '+14155550134', Title: 'VP Sales', Mailing_City: 'San Francisco' },
      MAPPED,
    );

    expect(after).toMatchObject({
      id: IDS.priya,
      updatedAt: later.toISOString(),
      values: {
        Email: 'priya.patel@example.com',
        Phone: '+14155550134',
        Title: 'VP Sales',
        Mailing_City: 'San Francisco',
      },
    });
    const writes = sandbox.requests.filter((r) => r.method === 'PUT');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      path: `${CONTACTS}/${IDS.priya}`,
      status: 200,
      body: { data: [{ Phone: '+14155550134', Title: 'VP Sales', Mailing_City: 'San Francisco' }], trigger: [] },
    });
    expect(sandbox.requests.map((r) => r.method)).toEqual(['PUT', 'GET']);
  });

  it('clears a field written as "" (sent as null)', async () => {
    const { provider, sandbox } = setup();
    const after = await provider.update(IDS.jonas, { Mailing_City: '' }, MAPPED);
    expect(after.values.Mailing_City).toBeNull();
    expect(sandbox.requests[0]?.body).toEqual({ data: [{ Mailing_City: null }], trigger: [] });
  });

  it('types checkbox and number values once the field list is known', async () => {
    const { provider, sandbox } = setup();
    await provider.describeFields();
    await provider.update(IDS.priya, { Email_Opt_Out: 'true' }, ['Email_Opt_Out']);
    expect(sandbox.requests.find((r) => r.method === 'PUT')?.body).toEqual({
      data: [{ Email_Opt_Out: true }],
      trigger: [],
    });
    expect(sandbox.testing.read(IDS.priya)?.Email_Opt_Out).toBe('true');
  });

  it('links a create that races a contact not yet in the search index to that contact', async () => {
    const { provider, sandbox } = setup();
    const id = sandbox.testing.insert({ Email: 'race@example.com', First_Name: 'Rae', Last_Name: 'Case' });
    sandbox.testing.hideFromSearch(id);

    await expect(provider.findByEmail('race@example.com', MAPPED)).resolves.toEqual([]);
    const duplicate = await crmError(
      provider.create({ Email: 'race@example.com', Last_Name: 'Case' }, MAPPED),
      'duplicate',
    );
    expect(duplicate.existingId).toBe(id);
    await expect(provider.getById(id, MAPPED)).resolves.toMatchObject({ values: { First_Name: 'Rae' } });
  });
});

describe('Zoho CRM provider: batches', () => {
  it('reads many contacts with ids, 100 per call, leaving out ids Zoho does not have', async () => {
    const { provider, sandbox } = setup();
    const ids = Array.from({ length: 130 }, (_, i) =>
      sandbox.testing.insert({ Email: `person${i}@example.com`, Last_Name: `Person ${i}` }),
    );
    sandbox.clearRequests();
    const records = await provider.getMany([...ids, '5725767000000999999', 'not-an-id', ids[0]!], ['Email']);

    expect(records.map((r) => r.id).sort()).toEqual([...ids].sort());
    const reads = sandbox.requests.filter((r) => r.path === CONTACTS);
    expect(reads.map((r) => new URLSearchParams(r.query).get('ids')!.split(',').length)).toEqual([100, 31]);
  });

  it('creates many in one insert and answers each record: created, duplicate, invalid value, missing Last_Name kept apart', async () => {
    const { provider, sandbox } = setup();
    const results = await provider.createMany(
      [
        { properties: { Email: 'new1@example.com', Last_Name: 'One' } },
        { properties: { Email: 'jonas.berg@example.com', Last_Name: 'Again' } },
        { properties: { Email: 'not-an-email', Last_Name: 'Bad' } },
        { properties: { Email: 'new2@example.com', First_Name: 'Two' } },
      ],
      MAPPED,
    );

    expect(results.map((r) => (r.ok ? `ok:${r.record.values.Email}` : `${r.error.kind}:${r.error.field}`))).toEqual([
      'ok:new1@example.com',
      'duplicate:Email',
      'validation:Email',
      'ok:new2@example.com',
    ]);
    const duplicate = results[1];
    expect(duplicate?.ok === false && duplicate.error.existingId).toBe(IDS.jonas);
    expect(sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    // A lone First_Name ("Two") is the Last_Name Zoho requires.
    const second = results[3];
    expect(second?.ok && second.record.values).toMatchObject({ First_Name: null, Last_Name: 'Two' });
  });

  it('creates 150 records in two inserts of at most 100', async () => {
    const { provider, sandbox } = setup();
    const results = await provider.createMany(
      Array.from({ length: 150 }, (_, i) => ({
        properties: { Email: `bulk${i}@example.com`, Last_Name: `Bulk ${i}` },
      })),
      ['Email'],
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const posts = sandbox.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => (r.body as { data: unknown[] }).data.length)).toEqual([100, 50]);
  });

  it('updates many in one PUT, reads the written ones back in one GET, and answers each input', async () => {
    const { provider, sandbox } = setup();
    const results = await provider.updateMany(
      [
        { id: IDS.priya, properties: { Title: 'Director' } },
        { id: '5725767000000999999', properties: { Title: 'Ghost' } },
        { id: IDS.sam, properties: { Email: 'broken' } },
        { id: IDS.olivia, properties: { Mailing_City: 'Boston' } },
      ],
      MAPPED,
    );

    expect(results.map((r) => (r.ok ? `ok:${r.record.id}` : r.error.kind))).toEqual([
      `ok:${IDS.priya}`,
      'not_found',
      'validation',
      `ok:${IDS.olivia}`,
    ]);
    expect(results[0]?.ok && results[0].record.values.Title).toBe('Director');
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT ${CONTACTS}`, `GET ${CONTACTS}`]);
    expect((sandbox.requests[0]!.body as { data: { id: string }[] }).data.map((d) => d.id)).toEqual([
      IDS.priya,
      '5725767000000999999',
      IDS.sam,
      IDS.olivia,
    ]);
  });

  it("answers every input with the call's error when the whole batch is refused", async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.expireTokens();
    const results = await provider.createMany(
      [
        { properties: { Email: 'a@example.com', Last_Name: 'A' } },
        { properties: { Email: 'b@example.com', Last_Name: 'B' } },
      ],
      ['Email'],
    );
    expect(results.map((r) => !r.ok && r.error.kind)).toEqual(['auth_expired', 'auth_expired']);
  });
});

describe('Zoho CRM provider: errors', () => {
  it("maps a field the module does not have to invalid_field (by the field list, or by Zoho's words before it is read)", async () => {
    const { provider } = setup();
    const before = await crmError(
      provider.update(IDS.priya, { Time_Zone__c: 'Europe/Paris' }, MAPPED),
      'invalid_field',
    );
    expect(before).toMatchObject({
      field: 'Time_Zone__c',
      vendorCode: 'INVALID_DATA',
      message: 'Zoho CRM has no field Time_Zone__c',
    });

    await provider.describeFields();
    const after = await crmError(provider.update(IDS.priya, { Time_Zone__c: 'Europe/Paris' }, MAPPED), 'invalid_field');
    expect(after.field).toBe('Time_Zone__c');
  });

  it('maps a refused value to validation naming the field and why', async () => {
    const { provider } = setup();
    const error = await crmError(provider.update(IDS.priya, { Email: 'not-an-email' }, MAPPED), 'validation');
    expect(error).toMatchObject({
      field: 'Email',
      status: 400,
      message: 'Zoho CRM refused Email: Invalid data, expected email',
    });

    const picklist = await crmError(provider.update(IDS.priya, { Salutation: 'Captain' }, MAPPED), 'validation');
    expect(picklist).toMatchObject({
      field: 'Salutation',
      message: 'Zoho CRM refused Salutation: Invalid data, expected picklist',
    });

    const tooLong = await crmError(provider.update(IDS.priya, { First_Name: 'x'.repeat(41) }, MAPPED), 'validation');
    expect(tooLong.message).toBe('Zoho CRM refused First_Name: Invalid data, expected text, at most 40 characters');
  });

  it('maps clearing the mandatory Last_Name to validation (MANDATORY_NOT_FOUND)', async () => {
    const { provider } = setup();
    const error = await crmError(provider.update(IDS.priya, { Last_Name: '' }, MAPPED), 'validation');
    expect(error).toMatchObject({ field: 'Last_Name', vendorCode: 'MANDATORY_NOT_FOUND' });
  });

  it('maps an update of a contact Zoho does not have to not_found', async () => {
    const { provider } = setup();
    const error = await crmError(provider.update('5725767000000999999', { Title: 'x' }, MAPPED), 'not_found');
    expect(error.message).toBe('Zoho CRM has no such record');
  });

  it('maps an expired or unknown token to auth_expired (401 INVALID_TOKEN)', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.expireTokens();
    const expired = await crmError(provider.getById(IDS.priya, MAPPED), 'auth_expired');
    expect(expired).toMatchObject({ status: 401, vendorCode: 'INVALID_TOKEN' });

    const { sandbox: other } = setup();
    const wrong = createZohoProvider({ accessToken: 'wrong', fetch: other.fetch, clock });
    await crmError(wrong.findByEmail('priya.patel@example.com', MAPPED), 'auth_expired');
  });

  it('retries a 429 whose Retry-After is short, and then succeeds', async () => {
    const { provider, sandbox } = setup({ retry: { limit: 2, baseDelayMs: 1, maxRateLimitWaitMs: 1_000 } });
    sandbox.testing.rateLimitNext(1);
    await expect(provider.getById(IDS.priya, MAPPED)).resolves.toMatchObject({ id: IDS.priya });
    expect(sandbox.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('fails at once with rate_limited and the wait when it is longer than the client sleeps', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.rateLimitNext(3);
    const forced = await crmError(provider.getById(IDS.priya, MAPPED), 'rate_limited');
    expect(forced).toMatchObject({ status: 429, retryAfterMs: 1_000, vendorCode: 'TOO_MANY_REQUESTS' });
    expect(sandbox.requests).toHaveLength(1);

    const limited = setup({}, { rateLimit: { limit: 2, windowMs: 60_000 } });
    await limited.provider.getById(IDS.priya, MAPPED);
    await limited.provider.getById(IDS.priya, MAPPED);
    const windowFull = await crmError(limited.provider.getById(IDS.priya, MAPPED), 'rate_limited');
    expect(windowFull.retryAfterMs).toBe(60_000);
  });

  it('maps 5xx to unavailable, retrying safe calls but never a create without Email', async () => {
    const down = fakeFetch(() =>
      Response.json(
        { code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' },
        { status: 503 },
      ),
    );
    const provider = createZohoProvider({
      accessToken: 't',
      fetch: down.fetch,
      clock,
      retry: { limit: 2, baseDelayMs: 1 },
    });
    const read = await crmError(provider.getById('1', MAPPED), 'unavailable');
    expect(read).toMatchObject({ status: 503, message: 'Internal Server Error' });
    expect(down.calls).toHaveLength(3);

    down.calls.length = 0;
    await crmError(provider.create({ Last_Name: 'Nameless' }, MAPPED), 'unavailable');
    expect(down.calls).toHaveLength(1);

    down.calls.length = 0;
    await crmError(provider.create({ Email: 'x@example.com', Last_Name: 'X' }, MAPPED), 'unavailable');
    expect(down.calls).toHaveLength(3);
  });

  it('maps a network failure to unavailable naming the data centre', async () => {
    const broken: FetchLike = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    const provider = createZohoProvider({
      accessToken: 't',
      apiDomain: 'https://www.zohoapis.eu',
      fetch: broken,
      clock,
      retry: { limit: 0 },
    });
    const error = await crmError(provider.findByEmail('a@example.com', MAPPED), 'unavailable');
    expect(error.message).toBe("Can't reach Zoho CRM at https://www.zohoapis.eu: connect ECONNREFUSED");
  });

  it("reports a body that is not Zoho's shape as unknown, never as data", async () => {
    const odd = fakeFetch(() => Response.json({ records: [] }));
    const provider = createZohoProvider({ accessToken: 't', fetch: odd.fetch, clock });
    const error = await crmError(provider.findByEmail('a@example.com', MAPPED), 'unknown');
    expect(error.message).toBe(UNREADABLE_RESPONSE);

    const html = fakeFetch(() => new Response('<html>maintenance</html>', { status: 200 }));
    const other = createZohoProvider({ accessToken: 't', fetch: html.fetch, clock });
    await crmError(other.getById('1', MAPPED), 'unknown');
  });

  it('refuses the lead object type', async () => {
    const { provider } = setup();
    await crmError(provider.getById(IDS.priya, MAPPED, 'lead'), 'unknown');
    await crmError(provider.describeFields('lead'), 'unknown');
  });
});

describe('Zoho CRM provider: record links', () => {
  it.each([
    ['https://www.zohoapis.com', 'https://crm.zoho.com/crm/tab/Contacts/42'],
    ['https://www.zohoapis.eu', 'https://crm.zoho.eu/crm/tab/Contacts/42'],
    ['https://www.zohoapis.in', 'https://crm.zoho.in/crm/tab/Contacts/42'],
    ['https://www.zohoapis.com.au', 'https://crm.zoho.com.au/crm/tab/Contacts/42'],
    ['https://www.zohoapis.jp', 'https://crm.zoho.jp/crm/tab/Contacts/42'],
    ['https://www.zohoapis.ca', 'https://crm.zohocloud.ca/crm/tab/Contacts/42'],
  ])('links a contact of %s to %s', (apiDomain, url) => {
    const provider = createZohoProvider({ accessToken: 't', apiDomain });
    expect(provider.recordUrl({ id: '42', objectType: 'contact' })).toBe(url);
  });

  it('uses ZOHO_APP_URL when given, and has no link for a domain of no known data centre', () => {
    const custom = createZohoProvider({ accessToken: 't', appUrl: 'https://crm.zoho.eu/crm/org20001234/' });
    expect(custom.recordUrl({ id: '7', objectType: 'contact' })).toBe(
      'https://crm.zoho.eu/crm/org20001234/tab/Contacts/7',
    );
    const gateway = createZohoProvider({ accessToken: 't', apiDomain: 'http://127.0.0.1:9999' });
    expect(gateway.recordUrl({ id: '7', objectType: 'contact' })).toBeNull();
  });

  it('links the sandbox provider to the sandbox record page, which shows values as text', async () => {
    const sandbox = zohoModule.createSandbox({ clock, rateLimit: false }) as ZohoSandbox;
    const provider = zohoModule.sandboxProvider(sandbox, { publicUrl: 'http://127.0.0.1:8787' });
    const url = provider.recordUrl({ id: IDS.lin, objectType: 'contact' })!;
    expect(url).toBe(`http://127.0.0.1:8787/sandbox/zoho/crm/tab/Contacts/${IDS.lin}`);

    const page = await sandbox.fetch(new Request(url));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<h1>Lin Chen</h1>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });
});

describe('Zoho CRM search helpers', () => {
  it('escapes parentheses, commas and backslashes in criteria values', () => {
    expect(escapeCriteriaValue('Burns,B (Sr.)\\x')).toBe('Burns\\,B \\(Sr.\\)\\\\x');
  });

  it('spells a number five ways and keeps a criteria within ten conditions', () => {
    expect(phoneSpellings('+16465550142')).toEqual([
      '(646) 555-0142',
      '6465550142',
      '646-555-0142',
      '646.555.0142',
      '646 555 0142',
    ]);
    expect(phoneSpellings('+442079460958')).toEqual([
      '020 7946 0958',
      '2079460958',
      '20-7946-0958',
      '20.7946.0958',
      '20 7946 0958',
    ]);
    expect(phoneSpellings('not a number')).toEqual(['not a number']);
    expect(phoneCriteria('+16465550142').match(/:equals:/g)).toHaveLength(10);
  });
});
