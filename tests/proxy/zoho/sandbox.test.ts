/**
 * The Zoho CRM sandbox speaking Zoho's REST API v8 directly (raw requests through sandbox.fetch): the
 * shapes, status codes and error bodies the provider relies on, the criteria escaping rules, the
 * request log, the rate limit, the record page and the vendor-neutral testing hooks.
 */
import { describe, expect, it } from 'vitest';
import {
  createZohoSandbox,
  SANDBOX_ZOHO_TOKEN,
  type ZohoSandbox,
  type ZohoSandboxOptions,
  ZOHO_SEED_ACCOUNT_IDS as ACCOUNTS,
  ZOHO_SEED_CONTACT_IDS as IDS,
} from '../../../proxy/sandbox/zoho/index.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const BASE = 'http://127.0.0.1:8787/sandbox/zoho/crm/v8';
const AUTH = { Authorization: `Zoho-oauthtoken ${SANDBOX_ZOHO_TOKEN}` };

function sandboxFor(options: ZohoSandboxOptions = {}): ZohoSandbox {
  return createZohoSandbox({ clock: () => NOW, rateLimit: false, ...options }) as ZohoSandbox;
}

/** Calls the sandbox like a client of Zoho's API; answers status and parsed body (null when empty). */
async function call(
  sandbox: ZohoSandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = AUTH,
) {
  const response = await sandbox.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>),
  };
}

const criteria = (value: string) => `/Contacts/search?criteria=${encodeURIComponent(value)}&fields=Phone`;

describe('Zoho CRM sandbox: authentication and the request log', () => {
  it('answers 401 AUTHENTICATION_FAILURE without a token and INVALID_TOKEN for a wrong one, and logs both', async () => {
    const sandbox = sandboxFor();
    const missing = await call(sandbox, 'GET', `/Contacts/${IDS.priya}`, undefined, {});
    expect(missing).toMatchObject({ status: 401, body: { code: 'AUTHENTICATION_FAILURE', status: 'error' } });
    const wrong = await call(sandbox, 'GET', `/Contacts/${IDS.priya}`, undefined, {
      Authorization: 'Zoho-oauthtoken nope',
    });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'INVALID_TOKEN', message: 'invalid oauth token' } });
    expect(sandbox.requests.map((r) => [r.path, r.status])).toEqual([
      [`/crm/v8/Contacts/${IDS.priya}`, 401],
      [`/crm/v8/Contacts/${IDS.priya}`, 401],
    ]);
  });

  it('logs vendor calls with the mount prefix stripped, the query and the parsed body', async () => {
    const sandbox = sandboxFor();
    await call(sandbox, 'PUT', `/Contacts/${IDS.priya}?x=1`, { data: [{ Title: 'VP' }] });
    expect(sandbox.requests).toEqual([
      {
        method: 'PUT',
        path: `/crm/v8/Contacts/${IDS.priya}`,
        query: 'x=1',
        body: { data: [{ Title: 'VP' }] },
        status: 200,
        at: NOW.toISOString(),
      },
    ]);
    sandbox.clearRequests();
    expect(sandbox.requests).toEqual([]);
  });
});

describe('Zoho CRM sandbox: records', () => {
  it("answers a record with lookups as {name, id}, owners as objects and times in Zoho's format", async () => {
    const sandbox = sandboxFor();
    const { status, body } = await call(sandbox, 'GET', `/Contacts/${IDS.jonas}`);
    expect(status).toBe(200);
    const record = (body!.data as Record<string, unknown>[])[0]!;
    expect(record).toMatchObject({
      id: IDS.jonas,
      Full_Name: 'Jonas Berg',
      Account_Name: { name: 'Globex Corporation', id: ACCOUNTS.globex },
      Owner: { name: 'Sandbox Admin', id: '5725767000000300001', email: 'admin@sandbox.zoho.example' },
      Modified_Time: '2026-10-03T11:20:00+00:00',
      Created_Time: '2026-10-01T09:00:00+00:00',
      Secondary_Email: null,
    });
  });

  it('requires fields on a list read, takes at most 100 ids, and answers 204 when nothing matches', async () => {
    const sandbox = sandboxFor();
    expect(await call(sandbox, 'GET', '/Contacts')).toMatchObject({
      status: 400,
      body: { code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'fields' } },
    });
    const many = Array.from({ length: 101 }, (_, i) => String(5725767000000600000n + BigInt(i))).join(',');
    expect(await call(sandbox, 'GET', `/Contacts?fields=Email&ids=${many}`)).toMatchObject({
      status: 400,
      body: { code: 'LIMIT_EXCEEDED' },
    });
    expect(await call(sandbox, 'GET', '/Contacts?fields=Email&ids=1,2')).toMatchObject({ status: 204, body: null });
    const some = await call(sandbox, 'GET', `/Contacts?fields=Email&ids=${IDS.priya},${IDS.lin}`);
    expect(some.body).toMatchObject({
      data: [
        { id: IDS.priya, Email: 'priya.patel@example.com' },
        { id: IDS.lin, Email: 'lin.chen@example.com' },
      ],
      info: { count: 2, more_records: false },
    });
    expect(Object.keys((some.body!.data as object[])[0]!)).toEqual(['id', 'Email']);
  });

  it('answers unknown modules with INVALID_MODULE and unknown paths with 404 INVALID_URL_PATTERN', async () => {
    const sandbox = sandboxFor();
    expect(await call(sandbox, 'GET', '/Widgets/1')).toMatchObject({ status: 400, body: { code: 'INVALID_MODULE' } });
    expect(await call(sandbox, 'GET', '/settings/fields')).toMatchObject({
      status: 400,
      body: { code: 'REQUIRED_PARAM_MISSING' },
    });
    expect(await call(sandbox, 'DELETE', '/Contacts/1/x/y')).toMatchObject({
      status: 404,
      body: { code: 'INVALID_URL_PATTERN' },
    });
  });

  it("describes fields as Zoho's metadata does", async () => {
    const sandbox = sandboxFor();
    const { body } = await call(sandbox, 'GET', '/settings/fields?module=Contacts');
    const lastName = (body!.fields as Record<string, unknown>[]).find((f) => f.api_name === 'Last_Name');
    expect(lastName).toMatchObject({
      field_label: 'Last Name',
      data_type: 'text',
      system_mandatory: true,
      read_only: false,
      length: 80,
    });
  });
});

describe('Zoho CRM sandbox: writes', () => {
  it('answers each record of an insert: 201 while any succeeds, 400 with the statuses when all fail', async () => {
    const sandbox = sandboxFor();
    const mixed = await call(sandbox, 'POST', '/Contacts', {
      data: [{ Last_Name: 'Ok', Email: 'ok@example.com' }, { Email: 'no-last-name@example.com' }],
    });
    expect(mixed.status).toBe(201);
    expect(mixed.body).toMatchObject({
      data: [
        {
          code: 'SUCCESS',
          status: 'success',
          message: 'record added',
          details: { id: '5725767000000500001', Modified_Time: '2026-11-02T12:00:00+00:00' },
        },
        {
          code: 'MANDATORY_NOT_FOUND',
          status: 'error',
          details: { api_name: 'Last_Name', json_path: '$.data[1].Last_Name' },
        },
      ],
    });
    const failed = await call(sandbox, 'POST', '/Contacts', { data: [{ Last_Name: 'Dup', Email: 'OK@example.com' }] });
    expect(failed.status).toBe(400);
    expect(failed.body).toMatchObject({
      data: [
        {
          code: 'DUPLICATE_DATA',
          details: {
            api_name: 'Email',
            duplicate_record: { id: '5725767000000500001', module: { api_name: 'Contacts' } },
          },
        },
      ],
    });
  });

  it('refuses bodies that are not a data array, and more than 100 records', async () => {
    const sandbox = sandboxFor();
    expect(await call(sandbox, 'POST', '/Contacts', '{nope')).toMatchObject({
      status: 400,
      body: { code: 'INVALID_DATA' },
    });
    expect(await call(sandbox, 'POST', '/Contacts', { records: [] })).toMatchObject({
      status: 400,
      body: { code: 'REQUIRED_PARAM_MISSING' },
    });
    const many = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `L${i}` }));
    expect(await call(sandbox, 'POST', '/Contacts', { data: many })).toMatchObject({
      status: 400,
      body: { code: 'LIMIT_EXCEEDED' },
    });
  });

  it('validates by data type: unknown and read-only fields, lookups by id, booleans', async () => {
    const sandbox = sandboxFor();
    const put = (data: unknown) => call(sandbox, 'PUT', `/Contacts/${IDS.priya}`, { data: [data] });
    expect((await put({ Nope: 1 })).body).toMatchObject({
      data: [{ code: 'INVALID_DATA', details: { api_name: 'Nope' } }],
    });
    expect((await put({ Full_Name: 'X' })).body).toMatchObject({
      data: [{ code: 'INVALID_DATA', details: { api_name: 'Full_Name' } }],
    });
    expect((await put({ Email_Opt_Out: 'yes' })).body).toMatchObject({
      data: [{ code: 'INVALID_DATA', details: { api_name: 'Email_Opt_Out', expected_data_type: 'boolean' } }],
    });
    expect((await put({ Account_Name: 'Globex' })).body).toMatchObject({
      data: [{ code: 'INVALID_DATA', details: { api_name: 'Account_Name', expected_data_type: 'jsonobject' } }],
    });
    const linked = await put({ Account_Name: { id: ACCOUNTS.initech } });
    expect(linked.status).toBe(200);
    expect(sandbox.testing.read(IDS.priya)?.Account_Name).toBe('Initech');
  });

  it('updates many by id in the body, and an unknown id is INVALID_DATA on id', async () => {
    const sandbox = sandboxFor();
    const { status, body } = await call(sandbox, 'PUT', '/Contacts', {
      data: [{ id: IDS.sam, Title: 'Engineer' }, { id: '5725767000000999999', Title: 'Ghost' }, { Title: 'No id' }],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      data: [
        { code: 'SUCCESS', message: 'record updated' },
        { code: 'INVALID_DATA', message: 'the related id given seems to be invalid', details: { api_name: 'id' } },
        { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'id' } },
      ],
    });
  });

  it('moves Modified_Time only when a value changes', async () => {
    let now = NOW;
    const sandbox = sandboxFor({ clock: () => now });
    now = new Date('2026-11-05T00:00:00.000Z');
    await call(sandbox, 'PUT', `/Contacts/${IDS.olivia}`, { data: [{ Title: 'Founder' }] });
    expect(sandbox.testing.read(IDS.olivia)?.Modified_Time).toBe('2026-10-08T12:00:00.000Z');
    await call(sandbox, 'PUT', `/Contacts/${IDS.olivia}`, { data: [{ Title: 'CEO' }] });
    expect(sandbox.testing.read(IDS.olivia)?.Modified_Time).toBe(now.toISOString());
  });
});

describe('Zoho CRM sandbox: search', () => {
  it('needs criteria, email, phone or word', async () => {
    const sandbox = sandboxFor();
    expect(await call(sandbox, 'GET', '/Contacts/search?fields=Email')).toMatchObject({
      status: 400,
      body: { code: 'REQUIRED_PARAM_MISSING' },
    });
  });

  it('refuses a criteria value with unescaped parentheses or commas, and takes escaped ones', async () => {
    const sandbox = sandboxFor();
    expect(await call(sandbox, 'GET', criteria('(Phone:equals:(646) 555-0142)'))).toMatchObject({
      status: 400,
      body: { code: 'INVALID_QUERY' },
    });
    expect(await call(sandbox, 'GET', criteria('(Last_Name:equals:Lee,Sam)'))).toMatchObject({ status: 400 });
    const found = await call(sandbox, 'GET', criteria('(Phone:equals:\\(646\\) 555-0142)'));
    expect(found.body).toMatchObject({ data: [{ id: IDS.sam, Phone: '(646) 555-0142' }] });
  });

  it('treats equals on text and phone fields as contains (API v8), combines and/or, and stops at 10 conditions', async () => {
    const sandbox = sandboxFor();
    const contains = await call(sandbox, 'GET', criteria('(Phone:equals:555 0177)'));
    expect((contains.body!.data as { id: string }[]).map((r) => r.id)).toEqual([IDS.danaOlder, IDS.danaNewer]);
    const both = await call(sandbox, 'GET', criteria('((Last_Name:equals:Cruz)and(Phone:starts_with:+1 303))'));
    expect((both.body!.data as unknown[]).length).toBe(2);
    const either = await call(sandbox, 'GET', criteria('((Last_Name:equals:Lee)or(Last_Name:equals:Chen))'));
    expect((either.body!.data as { id: string }[]).map((r) => r.id)).toEqual([IDS.sam, IDS.lin]);
    const eleven = `(${Array.from({ length: 11 }, () => '(Last_Name:equals:Lee)').join('or')})`;
    expect(await call(sandbox, 'GET', criteria(eleven))).toMatchObject({
      status: 400,
      body: { code: 'INVALID_QUERY' },
    });
  });

  it('matches email exactly (any case) on every email field, and answers 204 for no match', async () => {
    const sandbox = sandboxFor();
    sandbox.testing.edit(IDS.sam, { Secondary_Email: 'sam@initech.example' });
    const found = await call(sandbox, 'GET', '/Contacts/search?email=SAM%40initech.example');
    expect((found.body!.data as { id: string }[]).map((r) => r.id)).toEqual([IDS.sam]);
    expect(await call(sandbox, 'GET', '/Contacts/search?email=am%40initech.example')).toMatchObject({ status: 204 });
  });

  it('matches the phone parameter by digits, whatever the spelling', async () => {
    const sandbox = sandboxFor();
    const found = await call(sandbox, 'GET', `/Contacts/search?phone=${encodeURIComponent('+1 646-555-0142')}`);
    expect((found.body!.data as { id: string }[]).map((r) => r.id)).toEqual([IDS.sam]);
  });

  it('leaves a hidden contact out of searches while an insert still collides with it', async () => {
    const sandbox = sandboxFor();
    sandbox.testing.hideFromSearch(IDS.priya);
    expect(await call(sandbox, 'GET', '/Contacts/search?email=priya.patel%40example.com')).toMatchObject({
      status: 204,
    });
    expect(await call(sandbox, 'GET', `/Contacts/${IDS.priya}`)).toMatchObject({ status: 200 });
    const insert = await call(sandbox, 'POST', '/Contacts', {
      data: [{ Last_Name: 'Patel', Email: 'priya.patel@example.com' }],
    });
    expect(insert.body).toMatchObject({
      data: [{ code: 'DUPLICATE_DATA', details: { duplicate_record: { id: IDS.priya } } }],
    });
  });
});

describe('Zoho CRM sandbox: rate limit, reset and testing hooks', () => {
  it('answers 429 TOO_MANY_REQUESTS with Retry-After over the window, and for forced limits', async () => {
    const sandbox = sandboxFor({ rateLimit: { limit: 1, windowMs: 60_000 } });
    expect((await call(sandbox, 'GET', `/Contacts/${IDS.priya}`)).status).toBe(200);
    const limited = await call(sandbox, 'GET', `/Contacts/${IDS.priya}`);
    expect(limited).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS', status: 'error' } });
    expect(limited.headers.get('retry-after')).toBe('60');

    sandbox.setRateLimit(null);
    sandbox.testing.rateLimitNext(1);
    const forced = await call(sandbox, 'GET', `/Contacts/${IDS.priya}`);
    expect([forced.status, forced.headers.get('retry-after')]).toEqual([429, '1']);
    expect((await call(sandbox, 'GET', `/Contacts/${IDS.priya}`)).status).toBe(200);
  });

  it('resets records, ids, the log, hidden contacts, expired tokens and forced limits', async () => {
    const sandbox = sandboxFor();
    sandbox.testing.insert({ Last_Name: 'Temp' });
    sandbox.testing.hideFromSearch(IDS.priya);
    sandbox.testing.expireTokens();
    sandbox.testing.rateLimitNext(5);
    sandbox.reset();
    expect(sandbox.requests).toEqual([]);
    expect(sandbox.store.list('Contacts')).toHaveLength(7);
    const found = await call(sandbox, 'GET', '/Contacts/search?email=priya.patel%40example.com');
    expect(found.status).toBe(200);
    expect(sandbox.testing.insert({ Last_Name: 'Again' })).toBe('5725767000000500001');
  });

  it("reads, edits and inserts contacts by API name, Account_Name by the Account's name", () => {
    const sandbox = sandboxFor();
    expect(sandbox.testing.read(IDS.lin)).toMatchObject({
      Email: 'lin.chen@example.com',
      Account_Name: '<img src=x onerror=alert(1)>',
      Phone: null,
      Modified_Time: '2026-10-06T16:00:00.000Z',
    });
    expect(sandbox.testing.read('5725767000000999999')).toBeUndefined();

    sandbox.testing.edit(IDS.priya, { Account_Name: 'Acme Rockets', Phone: '+1 415 555 0134' });
    expect(sandbox.testing.read(IDS.priya)).toMatchObject({ Account_Name: 'Acme Rockets', Phone: '+1 415 555 0134' });
    expect(sandbox.store.list('Accounts').map((a) => a.values.Account_Name)).toContain('Acme Rockets');

    const id = sandbox.testing.insert({ Email: 'solo@example.com' });
    expect(sandbox.testing.read(id)).toMatchObject({ Email: 'solo@example.com', Last_Name: 'solo@example.com' });

    expect(() => sandbox.testing.edit(IDS.priya, { Nope: 'x' })).toThrow(/INVALID_DATA/);
    expect(() => sandbox.testing.insert({ Email: 'jonas.berg@example.com', Last_Name: 'B' })).toThrow(/DUPLICATE_DATA/);
  });
});

describe('Zoho CRM sandbox: pages', () => {
  it('serves the contact list and answers 404 pages for unknown records, values escaped', async () => {
    const sandbox = sandboxFor();
    const list = await sandbox.fetch(new Request('http://127.0.0.1:8787/sandbox/zoho/crm/tab/Contacts'));
    const html = await list.text();
    expect(list.status).toBe(200);
    expect(html).toContain(`<a href="Contacts/${IDS.olivia}">Olivia Stone</a>`);

    const account = await sandbox.fetch(new Request(`http://x/crm/tab/Accounts/${ACCOUNTS.img}`));
    expect(await account.text()).toContain('<h1>&lt;img src=x onerror=alert(1)&gt;</h1>');

    const missing = await sandbox.fetch(new Request('http://x/crm/tab/Contacts/123'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('There is no record 123 in Contacts.');
  });
});
