/**
 * The HubSpot sandbox over HTTP (in-process): HubSpot's contract for search, reads, writes, errors,
 * limits, the record page and the test controls.
 */
import { describe, expect, it } from 'vitest';
import {
  createHubSpotSandbox,
  type HubSpotSandboxOptions,
  SANDBOX_HUBSPOT_TOKEN,
  SANDBOX_PORTAL_ID,
} from '../../../proxy/sandbox/hubspot/index.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const API = 'https://api.hubapi.com';
const CONTACTS = `${API}/crm/v3/objects/contacts`;

function setup(options: HubSpotSandboxOptions = {}) {
  const sandbox = createHubSpotSandbox({ clock: () => NOW, ...options });
  /** Calls the sandbox with the right token unless `token` says otherwise (null: no header). */
  const call = async (method: string, url: string, body?: unknown, token: string | null = SANDBOX_HUBSPOT_TOKEN) => {
    const headers = new Headers();
    if (token !== null) headers.set('Authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    const response = await sandbox.fetch(
      new Request(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
    );
    const text = await response.text();
    const json = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, json };
  };
  const search = (body: unknown) => call('POST', `${CONTACTS}/search`, body);
  const ids = async (body: Record<string, unknown>) => {
    const r = await search({ limit: 100, ...body });
    expect(r.status).toBe(200);
    return (r.json.results as { id: string }[]).map((c) => c.id);
  };
  return { sandbox, call, search, ids };
}

const eq = (propertyName: string, value: string) => ({ propertyName, operator: 'EQ', value });
const group = (...filters: unknown[]) => ({ filters });

describe('HubSpot sandbox: authentication and rate limit', () => {
  it('answers a missing or wrong token with 401 INVALID_AUTHENTICATION', async () => {
    const { call } = setup();
    for (const token of [null, 'wrong-token']) {
      const r = await call('GET', `${CONTACTS}/101`, undefined, token);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({
        status: 'error',
        message: expect.stringContaining('Authentication credentials not found'),
        correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        category: 'INVALID_AUTHENTICATION',
      });
    }
  });

  it('throttles over the rolling limit with 429 TEN_SECONDLY_ROLLING and rate-limit headers', async () => {
    let now = NOW.getTime();
    const { call, sandbox } = setup({ clock: () => new Date(now), rateLimit: { limit: 2, windowMs: 10_000 } });
    const first = await call('GET', `${CONTACTS}/101`);
    expect(first.headers.get('X-HubSpot-RateLimit-Max')).toBe('2');
    expect(first.headers.get('X-HubSpot-RateLimit-Remaining')).toBe('1');
    expect(first.headers.get('X-HubSpot-RateLimit-Interval-Milliseconds')).toBe('10000');
    await call('GET', `${CONTACTS}/102`);

    const throttled = await call('GET', `${CONTACTS}/103`);
    expect(throttled.status).toBe(429);
    expect(throttled.json).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      message: 'You have reached your ten_secondly_rolling limit.',
    });
    expect(throttled.headers.get('X-HubSpot-RateLimit-Remaining')).toBe('0');

    now += 10_001; // the window rolls past both hits
    expect((await call('GET', `${CONTACTS}/103`)).status).toBe(200);
    sandbox.setRateLimit(null);
    for (let i = 0; i < 5; i++) expect((await call('GET', `${CONTACTS}/101`)).status).toBe(200);
  });

  it('limits 100 requests per 10 s by default', async () => {
    const { call } = setup();
    for (let i = 0; i < 100; i++) await call('GET', `${API}/account-info/v3/details`);
    expect((await call('GET', `${API}/account-info/v3/details`)).status).toBe(429);
  });
});

describe('HubSpot sandbox: reads', () => {
  it('reports the account details', async () => {
    const { call } = setup();
    const r = await call('GET', `${API}/account-info/v3/details`);
    expect(r.json).toMatchObject({ portalId: 24681357, uiDomain: 'app.hubspot.com', timeZone: 'US/Eastern' });
  });

  it("lists the contact properties in HubSpot's shape, without notes", async () => {
    const { call } = setup();
    const r = await call('GET', `${API}/crm/v3/properties/contacts`);
    const props = r.json.results as { name: string }[];
    const names = props.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['email', 'firstname', 'lastname', 'phone', 'mobilephone', 'company', 'jobtitle', 'city']),
    );
    expect(names).not.toContain('notes');
    expect(props.find((p) => p.name === 'lastmodifieddate')).toMatchObject({
      type: 'datetime',
      modificationMetadata: { readOnlyValue: true },
    });
    expect(props.find((p) => p.name === 'lifecyclestage')).toMatchObject({
      type: 'enumeration',
      options: expect.arrayContaining([expect.objectContaining({ value: 'lead', label: 'Lead' })]),
    });
    expect((await call('GET', `${API}/crm/v3/properties/contacts/notes`)).status).toBe(404);
  });

  it('reads a contact with default or requested properties, by id or by email', async () => {
    const { call } = setup();
    const byDefault = await call('GET', `${CONTACTS}/101`);
    expect(byDefault.json).toEqual({
      id: '101',
      properties: {
        createdate: '2026-10-01T09:00:00.000Z',
        email: 'priya.patel@example.com',
        firstname: 'Priya',
        hs_object_id: '101',
        lastmodifieddate: '2026-10-02T10:15:00.000Z',
        lastname: 'Patel',
      },
      createdAt: '2026-10-01T09:00:00.000Z',
      updatedAt: '2026-10-02T10:15:00.000Z',
      archived: false,
    });
    const requested = await call('GET', `${CONTACTS}/103?properties=phone,company&properties=notes`);
    expect(requested.json.properties).toEqual({
      createdate: '2026-10-01T09:00:00.000Z',
      hs_object_id: '103',
      lastmodifieddate: '2026-10-04T08:45:00.000Z',
      phone: '(646) 555-0142',
      company: 'Initech',
    });
    const byEmail = await call('GET', `${CONTACTS}/JONAS.BERG@example.com?idProperty=email&properties=jobtitle`);
    expect(byEmail.json).toMatchObject({ id: '102', properties: { jobtitle: 'CTO' } });
    const missing = await call('GET', `${CONTACTS}/999`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ status: 'error', message: 'resource not found' });
  });

  it('computes hs_searchable_calculated_phone_number from phone', async () => {
    const { call } = setup();
    const r = await call('GET', `${CONTACTS}/102?properties=phone,hs_searchable_calculated_phone_number`);
    expect(r.json.properties).toMatchObject({
      phone: '+1 212 555 0199',
      hs_searchable_calculated_phone_number: '2125550199',
    });
  });

  it('pages the contact list', async () => {
    const { call } = setup();
    const first = await call('GET', `${CONTACTS}?limit=5`);
    expect((first.json.results as { id: string }[]).map((c) => c.id)).toEqual(['101', '102', '103', '104', '105']);
    const after = first.json.paging.next.after as string;
    const second = await call('GET', `${CONTACTS}?limit=5&after=${after}`);
    expect((second.json.results as { id: string }[]).map((c) => c.id)).toEqual(['106', '107']);
    expect(second.json.paging).toBeUndefined();
  });
});

describe('HubSpot sandbox: search', () => {
  it('matches email EQ whatever the case', async () => {
    const { ids } = setup();
    expect(await ids({ filterGroups: [group(eq('email', 'Olivia.Stone@EXAMPLE.com'))] })).toEqual(['107']);
  });

  it('ORs filter groups and ANDs the filters in a group', async () => {
    const { ids } = setup();
    expect(
      await ids({
        filterGroups: [group(eq('firstname', 'Dana'), eq('lastname', 'Cruz')), group(eq('company', 'Initech'))],
      }),
    ).toEqual(['103', '104', '105']);
    expect(await ids({ filterGroups: [group(eq('firstname', 'Dana'), eq('lastname', 'Lee'))] })).toEqual([]);
  });

  it('supports NEQ, IN, NOT_IN, HAS_PROPERTY and NOT_HAS_PROPERTY', async () => {
    const { ids } = setup();
    const only = (filter: unknown) => ids({ filterGroups: [group(filter)] });
    expect(await only({ propertyName: 'email', operator: 'HAS_PROPERTY' })).toEqual(['101', '102', '106', '107']);
    expect(await only({ propertyName: 'email', operator: 'NOT_HAS_PROPERTY' })).toEqual(['103', '104', '105']);
    expect(
      await only({ propertyName: 'phone', operator: 'IN', values: ['(646) 555-0142', '+1 415 555 0107'] }),
    ).toEqual(['103', '107']);
    expect(
      await only({ propertyName: 'firstname', operator: 'NOT_IN', values: ['dana', 'priya', 'jonas', 'sam', 'lin'] }),
    ).toEqual(['107']);
    // NEQ also matches records without the property.
    expect(await only({ propertyName: 'jobtitle', operator: 'NEQ', value: 'cto' })).toEqual([
      '101',
      '103',
      '104',
      '105',
      '106',
      '107',
    ]);
  });

  it('supports CONTAINS_TOKEN with whole tokens and * wildcards', async () => {
    const { ids } = setup();
    const only = (propertyName: string, value: string) =>
      ids({ filterGroups: [group({ propertyName, operator: 'CONTAINS_TOKEN', value })] });
    expect(await only('company', 'globex')).toEqual(['102']);
    expect(await only('company', 'glob')).toEqual([]);
    expect(await only('company', 'glob*')).toEqual(['102']);
    expect(await only('email', '*@example.com')).toEqual(['101', '102', '106', '107']);
    expect(
      await ids({ filterGroups: [group({ propertyName: 'company', operator: 'NOT_CONTAINS_TOKEN', value: 'co' })] }),
    ).toEqual(['101', '102', '103', '104', '105', '106']);
  });

  it('compares datetimes with GT/LT/BETWEEN', async () => {
    const { ids } = setup();
    const gt = { propertyName: 'lastmodifieddate', operator: 'GT', value: '2026-10-06T00:00:00Z' };
    expect(await ids({ filterGroups: [group(gt)] })).toEqual(['105', '106', '107']);
    const between = {
      propertyName: 'lastmodifieddate',
      operator: 'BETWEEN',
      value: String(Date.parse('2026-10-03T00:00:00Z')),
      highValue: '2026-10-05T23:59:59Z',
    };
    expect(await ids({ filterGroups: [group(between)] })).toEqual(['102', '103', '104']);
  });

  it('finds the phone spellings the provider searches, and the searchable number', async () => {
    const { ids } = setup();
    expect(await ids({ filterGroups: [group(eq('hs_searchable_calculated_phone_number', '3035550177'))] })).toEqual([
      '104',
      '105',
    ]);
  });

  it('returns the requested properties, null where blank, and always the system ones', async () => {
    const { search } = setup();
    const r = await search({
      filterGroups: [group(eq('email', 'priya.patel@example.com'))],
      properties: ['phone', 'company'],
    });
    expect(r.json).toEqual({
      total: 1,
      results: [
        {
          id: '101',
          properties: {
            company: null,
            createdate: '2026-10-01T09:00:00.000Z',
            hs_object_id: '101',
            lastmodifieddate: '2026-10-02T10:15:00.000Z',
            phone: null,
          },
          createdAt: '2026-10-01T09:00:00.000Z',
          updatedAt: '2026-10-02T10:15:00.000Z',
          archived: false,
        },
      ],
    });
  });

  it('sorts and pages with limit and after', async () => {
    const { search } = setup();
    const sorts = [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }];
    const first = await search({ sorts, limit: 3 });
    expect(first.json.total).toBe(7);
    expect((first.json.results as { id: string }[]).map((c) => c.id)).toEqual(['107', '105', '106']);
    const second = await search({ sorts, limit: 3, after: first.json.paging.next.after });
    expect((second.json.results as { id: string }[]).map((c) => c.id)).toEqual(['104', '103', '102']);
    const last = await search({ sorts, limit: 3, after: second.json.paging.next.after });
    expect((last.json.results as { id: string }[]).map((c) => c.id)).toEqual(['101']);
    expect(last.json.paging).toBeUndefined();
  });

  it("refuses requests over HubSpot's limits with 400 VALIDATION_ERROR", async () => {
    const { search } = setup();
    const f = eq('firstname', 'x');
    const cases: [string, unknown][] = [
      ['6 filter groups', { filterGroups: Array.from({ length: 6 }, () => group(f)) }],
      ['7 filters in a group', { filterGroups: [group(...Array.from({ length: 7 }, () => f))] }],
      ['19 filters in all', { filterGroups: [...Array.from({ length: 3 }, () => group(f, f, f, f, f, f)), group(f)] }],
      ['limit 201', { limit: 201 }],
      ['two sorts', { sorts: ['firstname', 'lastname'] }],
      ['an unknown operator', { filterGroups: [group({ propertyName: 'email', operator: 'LIKE', value: 'x' })] }],
      ['IN without values', { filterGroups: [group({ propertyName: 'email', operator: 'IN' })] }],
      ['an unknown property', { filterGroups: [group(eq('notes', 'x'))] }],
      ['an empty group', { filterGroups: [group()] }],
    ];
    for (const [what, body] of cases) {
      const r = await search(body);
      expect({ what, status: r.status, category: r.json.category }).toEqual({
        what,
        status: 400,
        category: 'VALIDATION_ERROR',
      });
    }
    // Exactly at the limits is fine: 3 groups of 6 = 18 filters.
    const full = await search({ filterGroups: Array.from({ length: 3 }, () => group(f, f, f, f, f, f)), limit: 200 });
    expect(full.status).toBe(200);
  });

  it('answers a body that is not JSON with 400', async () => {
    const { sandbox } = setup();
    const r = await sandbox.fetch(
      new Request(`${CONTACTS}/search`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'Content-Type': 'application/json' },
        body: '{"filterGroups": [',
      }),
    );
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({
      category: 'VALIDATION_ERROR',
      message: expect.stringContaining('Invalid input JSON'),
    });
  });
});

describe('HubSpot sandbox: writes', () => {
  it('creates contacts from id 201 with system properties, and refuses a duplicate email with 409', async () => {
    const { call } = setup();
    const created = await call('POST', CONTACTS, {
      properties: {
        email: ' MJ.Watson@Example.com ',
        firstname: 'Mary Jane',
        lastname: 'Watson',
        phone: '+44 20 7946 0958',
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: '201',
      properties: {
        createdate: NOW.toISOString(),
        email: 'mj.watson@example.com',
        firstname: 'Mary Jane',
        hs_object_id: '201',
        hs_searchable_calculated_phone_number: '2079460958',
        lastmodifieddate: NOW.toISOString(),
        lastname: 'Watson',
        phone: '+44 20 7946 0958',
      },
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      archived: false,
    });
    expect((await call('POST', CONTACTS, { properties: { firstname: 'Second' } })).json.id).toBe('202');

    const duplicate = await call('POST', CONTACTS, { properties: { email: 'priya.patel@example.com' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toMatchObject({
      status: 'error',
      category: 'CONFLICT',
      message: 'Contact already exists. Existing ID: 101',
    });
  });

  it('refuses unknown, read-only and invalid values with 400 and writes nothing', async () => {
    const { call, sandbox } = setup();
    const r = await call('PATCH', `${CONTACTS}/101`, {
      properties: {
        company: 'Northwind',
        notes: 'VIP',
        createdate: '2020-01-01',
        lifecyclestage: 'champion',
        email: 'not an email',
      },
    });
    expect(r.status).toBe(400);
    expect(r.json.category).toBe('VALIDATION_ERROR');
    expect(r.json.message).toMatch(/^Property values were not valid: \[/);
    expect(r.json.errors).toEqual([
      {
        message: 'Property "notes" does not exist',
        code: 'PROPERTY_DOESNT_EXIST',
        context: { propertyName: ['notes'] },
      },
      {
        message: '"createdate" is a read only property; its value cannot be set.',
        code: 'READ_ONLY_VALUE',
        context: { propertyName: ['createdate'] },
      },
      {
        message: expect.stringMatching(/^"champion" was not one of the allowed options: \[subscriber, lead/),
        code: 'INVALID_OPTION',
        context: { propertyName: ['lifecyclestage'] },
      },
      { message: 'Email address not an email is invalid', code: 'INVALID_EMAIL', context: { propertyName: ['email'] } },
    ]);
    expect(sandbox.contacts.get('101')?.properties.company).toBeUndefined();
  });

  it('patches a contact, answering with the written and system properties', async () => {
    let now = NOW.getTime();
    const { call, sandbox } = setup({ clock: () => new Date(now) });
    now += 60_000;
    const r = await call('PATCH', `${CONTACTS}/102`, {
      properties: { jobtitle: 'Chief Technology Officer', city: '' },
    });
    const at = new Date(now).toISOString();
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      id: '102',
      properties: {
        city: null,
        createdate: '2026-10-01T09:00:00.000Z',
        hs_object_id: '102',
        jobtitle: 'Chief Technology Officer',
        lastmodifieddate: at,
      },
      createdAt: '2026-10-01T09:00:00.000Z',
      updatedAt: at,
      archived: false,
    });
    expect(sandbox.contacts.get('102')?.properties).toMatchObject({
      company: 'Globex Corporation',
      jobtitle: 'Chief Technology Officer',
    });
    expect(sandbox.contacts.get('102')?.properties.city).toBeUndefined();

    const sameEmail = await call('PATCH', `${CONTACTS}/102`, { properties: { email: 'lin.chen@example.com' } });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.json.message).toBe('Contact already exists. Existing ID: 106');
    expect((await call('PATCH', `${CONTACTS}/999`, { properties: { city: 'x' } })).status).toBe(404);
  });

  it('archives a contact with DELETE', async () => {
    const { call } = setup();
    expect((await call('DELETE', `${CONTACTS}/104`)).status).toBe(204);
    expect((await call('GET', `${CONTACTS}/104`)).status).toBe(404);
  });

  it('batch-reads, batch-creates and batch-updates up to 100 inputs', async () => {
    const { call } = setup();
    const read = await call('POST', `${CONTACTS}/batch/read`, {
      inputs: [{ id: '101' }, { id: '107' }],
      properties: ['company'],
    });
    expect(read.status).toBe(200);
    expect(
      (read.json.results as { id: string; properties: Record<string, unknown> }[]).map((c) => [
        c.id,
        c.properties.company,
      ]),
    ).toEqual([
      ['101', null],
      ['107', 'Stone & Co'],
    ]);
    const partial = await call('POST', `${CONTACTS}/batch/read`, { inputs: [{ id: '101' }, { id: '999' }] });
    expect(partial.status).toBe(207);
    expect(partial.json.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999'] } });

    const created = await call('POST', `${CONTACTS}/batch/create`, {
      inputs: [{ properties: { email: 'a@example.com' } }, { properties: { email: 'b@example.com' } }],
    });
    expect(created.status).toBe(201);
    expect((created.json.results as { id: string }[]).map((c) => c.id)).toEqual(['201', '202']);

    const updated = await call('POST', `${CONTACTS}/batch/update`, {
      inputs: [
        { id: '201', properties: { firstname: 'A' } },
        { id: '202', properties: { firstname: 'B' } },
      ],
    });
    expect(updated.status).toBe(200);
    expect(
      (updated.json.results as { properties: { firstname: string } }[]).map((c) => c.properties.firstname),
    ).toEqual(['A', 'B']);

    const tooMany = Array.from({ length: 101 }, (_, i) => ({ id: String(i) }));
    const refused = await call('POST', `${CONTACTS}/batch/read`, { inputs: tooMany });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toBe('Too many inputs: 101. The maximum batch size is 100.');
    const hundred = await call('POST', `${CONTACTS}/batch/read`, { inputs: tooMany.slice(0, 100) });
    expect(hundred.status).toBe(207);
  });

  it('creates nothing from a batch with one bad input', async () => {
    const { call, sandbox } = setup();
    const r = await call('POST', `${CONTACTS}/batch/create`, {
      inputs: [{ properties: { email: 'ok@example.com' } }, { properties: { email: 'priya.patel@example.com' } }],
    });
    expect(r.status).toBe(409);
    expect(sandbox.contacts.list()).toHaveLength(7);
  });
});

describe('HubSpot sandbox: record page', () => {
  it('shows a contact with every value escaped, under a no-script CSP', async () => {
    const { sandbox } = setup();
    const r = await sandbox.fetch(
      new Request(`https://sandbox.invalid/app/contacts/${SANDBOX_PORTAL_ID}/record/0-1/106`),
    );
    const html = await r.text();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('<h1>Lin Chen</h1>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');

    const amp = await (
      await sandbox.fetch(new Request(`https://sandbox.invalid/app/contacts/${SANDBOX_PORTAL_ID}/record/0-1/107`))
    ).text();
    expect(amp).toContain('Stone &amp; Co');
  });

  it('escapes values a HubSpot user typed into the name', async () => {
    const { sandbox } = setup();
    sandbox.contacts.update('101', { firstname: '<script>alert("x")</script>' });
    const html = await (
      await sandbox.fetch(new Request(`https://x.invalid/app/contacts/${SANDBOX_PORTAL_ID}/record/0-1/101`))
    ).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('answers 404 pages for an unknown contact or portal, and needs no token', async () => {
    const { sandbox } = setup();
    expect(
      (await sandbox.fetch(new Request(`https://x.invalid/app/contacts/${SANDBOX_PORTAL_ID}/record/0-1/999`))).status,
    ).toBe(404);
    expect((await sandbox.fetch(new Request('https://x.invalid/app/contacts/1/record/0-1/101'))).status).toBe(404);
    const list = await sandbox.fetch(new Request(`https://x.invalid/app/contacts/${SANDBOX_PORTAL_ID}`));
    expect(await list.text()).toContain(`href="${SANDBOX_PORTAL_ID}/record/0-1/105"`);
  });
});

describe('HubSpot sandbox: controls', () => {
  it('logs vendor calls (not pages or controls), clears the log, and resets the data over HTTP', async () => {
    const { call, sandbox } = setup();
    await call('POST', `${CONTACTS}/search`, { filterGroups: [group(eq('email', 'x@example.com'))] });
    await call('GET', `${CONTACTS}/101?properties=email`, undefined, 'bad');
    await sandbox.fetch(new Request(`https://x.invalid/app/contacts/${SANDBOX_PORTAL_ID}/record/0-1/101`));

    const log = await call('GET', `${API}/__sandbox/requests`, undefined, null);
    expect(log.json.requests).toEqual([
      {
        method: 'POST',
        path: '/crm/v3/objects/contacts/search',
        query: '',
        body: { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'x@example.com' }] }] },
        status: 200,
        at: NOW.toISOString(),
      },
      {
        method: 'GET',
        path: '/crm/v3/objects/contacts/101',
        query: 'properties=email',
        body: null,
        status: 401,
        at: NOW.toISOString(),
      },
    ]);
    expect((await call('DELETE', `${API}/__sandbox/requests`, undefined, null)).status).toBe(204);
    expect(sandbox.requests).toEqual([]);

    await call('POST', CONTACTS, { properties: { email: 'new@example.com' } });
    await call('PATCH', `${API}/__sandbox/contacts/101`, { properties: { company: 'Edited by a user' } }, null);
    expect(sandbox.contacts.get('101')?.properties.company).toBe('Edited by a user');
    const reset = await call('POST', `${API}/__sandbox/reset`, undefined, null);
    expect(reset.json).toEqual({ status: 'reset', contacts: 7 });
    expect(sandbox.contacts.get('201')).toBeUndefined();
    expect(sandbox.contacts.get('101')?.properties.company).toBeUndefined();
    expect(sandbox.requests).toEqual([]);
    expect((await call('POST', CONTACTS, { properties: { email: 'again@example.com' } })).json.id).toBe('201');
  });

  it('changes the rate limit over HTTP', async () => {
    const { call } = setup();
    await call('PUT', `${API}/__sandbox/rate-limit`, { limit: 1, windowMs: 10_000 }, null);
    expect((await call('GET', `${CONTACTS}/101`)).status).toBe(200);
    expect((await call('GET', `${CONTACTS}/101`)).status).toBe(429);
    await call('PUT', `${API}/__sandbox/rate-limit`, null, null);
    expect((await call('GET', `${CONTACTS}/101`)).status).toBe(200);
  });

  it('starts empty without the seed', async () => {
    const { sandbox, ids } = setup({ seed: false });
    expect(sandbox.contacts.list()).toEqual([]);
    expect(await ids({})).toEqual([]);
  });

  it('serves the same API under a mount prefix through fetch', async () => {
    const { sandbox } = setup();
    const r = await sandbox.fetch(
      new Request('http://127.0.0.1:8787/sandbox/hubspot/crm/v3/objects/contacts/search', {
        method: 'POST',
        headers: { Authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ filterGroups: [group(eq('email', 'lin.chen@example.com'))] }),
      }),
    );
    expect(r.status).toBe(200);
    expect((await r.json()).results[0].id).toBe('106');
    expect(sandbox.requests[0]?.path).toBe('/crm/v3/objects/contacts/search');
  });
});
