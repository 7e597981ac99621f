/**
 * The HubSpot provider against the HubSpot sandbox, in-process (sandbox.fetch), plus a few
 * hand-made vendor responses (wrong shapes, outages) the sandbox never sends.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  createHubSpotProvider,
  type HubSpotProviderOptions,
  UNREADABLE_RESPONSE,
} from '../../../proxy/crm/hubspot/index.ts';
import { crmModule, hubspotModule, isSupportedCrmProvider } from '../../../proxy/crm/index.ts';
import { CrmError, type FetchLike } from '../../../proxy/crm/types.ts';
import {
  createHubSpotSandbox,
  type HubSpotSandboxOptions,
  SANDBOX_HUBSPOT_TOKEN,
  SANDBOX_PORTAL_ID,
} from '../../../proxy/sandbox/hubspot/index.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const clock = () => NOW;
/** Portal id and app URL given up front, so no account-info call mixes into counted requests. */
const KNOWN_PORTAL = { portalId: SANDBOX_PORTAL_ID, appUrl: 'https://app.hubspot.com' };
/** The CRM fields the default mapping reads back. */
const MAPPED = ['email', 'firstname', 'lastname', 'phone', 'company', 'jobtitle', 'city', 'notes'];

function setup(providerOptions: Partial<HubSpotProviderOptions> = {}, sandboxOptions: HubSpotSandboxOptions = {}) {
  const sandbox = createHubSpotSandbox({ clock, ...sandboxOptions });
  const provider = createHubSpotProvider({
    accessToken: sandbox.token,
    fetch: sandbox.fetch,
    retry: { limit: 2, baseDelayMs: 1 },
    clock,
    ...providerOptions,
  });
  return { sandbox, provider };
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
  expect(crm.provider).toBe('hubspot');
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

describe('HubSpot provider: reading', () => {
  it('describes the contact properties with types, writability and options', async () => {
    const { provider } = setup();
    const fields = await provider.describeFields();
    const byName = new Map(fields.map((f) => [f.name, f]));

    expect(byName.get('email')).toEqual({ name: 'email', label: 'Email', type: 'email', writable: true });
    expect(byName.get('phone')).toMatchObject({ type: 'phone', writable: true });
    expect(byName.get('company')).toMatchObject({ label: 'Company Name', type: 'string', writable: true });
    expect(byName.get('createdate')).toMatchObject({ type: 'datetime', writable: false });
    expect(byName.get('hs_object_id')).toMatchObject({ type: 'number', writable: false });
    expect(byName.get('hs_searchable_calculated_phone_number')).toMatchObject({ writable: false });
    expect(byName.get('hs_timezone')?.type).toBe('enumeration');
    expect(byName.get('hs_timezone')?.options).toContain('america_slash_new_york');
    expect(byName.get('lifecyclestage')?.options).toContain('customer');
    expect(byName.has('notes')).toBe(false);
  });

  it('gets a contact by id with the requested properties, null for blank ones', async () => {
    const { provider, sandbox } = setup();
    const record = await provider.getById('102', MAPPED);

    expect(record).toEqual({
      id: '102',
      objectType: 'contact',
      updatedAt: '2026-10-03T11:20:00.000Z',
      values: expect.objectContaining({
        email: 'jonas.berg@example.com',
        firstname: 'Jonas',
        lastname: 'Berg',
        phone: '+1 212 555 0199',
        company: 'Globex Corporation',
        jobtitle: 'CTO',
        city: 'New York',
        notes: null,
        lastmodifieddate: '2026-10-03T11:20:00.000Z',
      }),
      contactPoints: { emails: ['jonas.berg@example.com'], phones: ['+1 212 555 0199'] },
    });
    // The contact-point properties asked for on the provider's own account stay out of `values`.
    expect(record?.values).not.toHaveProperty('mobilephone');
    expect(record?.values).not.toHaveProperty('hs_additional_emails');
    const get = sandbox.requests.find((r) => r.path === '/crm/v3/objects/contacts/102');
    expect(get?.method).toBe('GET');
    // The mapped properties, the modified time, and every email and phone property.
    expect(new URLSearchParams(get?.query).get('properties')?.split(',')).toEqual([
      ...MAPPED,
      'lastmodifieddate',
      'hs_additional_emails',
      'mobilephone',
    ]);
  });

  it('answers null for an id HubSpot does not have', async () => {
    const { provider } = setup();
    await expect(provider.getById('999', MAPPED)).resolves.toBeNull();
  });

  it('finds a contact by email whatever its case', async () => {
    const { provider, sandbox } = setup();
    const found = await provider.findByEmail('PRIYA.PATEL@Example.com', MAPPED);

    expect(found.map((r) => r.id)).toEqual(['101']);
    expect(found[0]?.values).toMatchObject({ firstname: 'Priya', phone: null, company: null });
    const search = sandbox.requests.find((r) => r.path === '/crm/v3/objects/contacts/search');
    // The primary address, or one of the secondary ones.
    expect(search?.body).toMatchObject({
      filterGroups: [
        { filters: [{ propertyName: 'email', operator: 'EQ', value: 'PRIYA.PATEL@Example.com' }] },
        {
          filters: [
            { propertyName: 'hs_additional_emails', operator: 'CONTAINS_TOKEN', value: 'PRIYA.PATEL@Example.com' },
          ],
        },
      ],
    });
  });

  it('finds nobody for an unknown email', async () => {
    const { provider } = setup();
    await expect(provider.findByEmail('nobody@example.com', MAPPED)).resolves.toEqual([]);
  });

  it('finds "(646) 555-0142" from +16465550142 in one search within HubSpot\'s filter limits', async () => {
    const { provider, sandbox } = setup();
    const found = await provider.findByPhone('+16465550142', MAPPED);

    expect(found.map((r) => r.id)).toEqual(['103']);
    expect(found[0]?.values.phone).toBe('(646) 555-0142');
    const searches = sandbox.requests.filter((r) => r.path === '/crm/v3/objects/contacts/search');
    expect(searches).toHaveLength(1);
    const body = searches[0]?.body as { filterGroups: { filters: unknown[] }[] };
    expect(body.filterGroups.length).toBeLessThanOrEqual(5);
    expect(body.filterGroups.every((g) => g.filters.length <= 6)).toBe(true);
    expect(body.filterGroups.reduce((n, g) => n + g.filters.length, 0)).toBeLessThanOrEqual(18);
  });

  it('finds both Dana Cruz records by phone, each with its updatedAt', async () => {
    const { provider } = setup();
    const found = await provider.findByPhone('+13035550177', MAPPED);

    expect(found.map((r) => [r.id, r.updatedAt])).toEqual([
      ['104', '2026-10-05T09:30:00.000Z'],
      ['105', '2026-10-07T14:10:00.000Z'],
    ]);
  });

  it('finds a number stored on mobilephone only', async () => {
    const { provider, sandbox } = setup();
    sandbox.contacts.update('101', { mobilephone: '415-555-0134' });
    const found = await provider.findByPhone('+14155550134', MAPPED);
    expect(found.map((r) => r.id)).toEqual(['101']);
  });

  it('sees a value a HubSpot user changed', async () => {
    const { provider, sandbox } = setup();
    sandbox.contacts.update('102', { company: 'Globex Holdings' });
    const record = await provider.getById('102', MAPPED);
    expect(record?.values.company).toBe('Globex Holdings');
    expect(record?.updatedAt).toBe(NOW.toISOString());
  });
});

describe('HubSpot provider: writing', () => {
  it('creates a contact (201) and then refuses the same email as a duplicate with the existing id', async () => {
    const { provider, sandbox } = setup();
    const created = await provider.create(
      { email: 'mj.watson@example.com', firstname: 'Mary Jane', lastname: 'Watson', company: 'Daily Bugle' },
      MAPPED,
    );

    expect(created).toMatchObject({
      id: '201',
      objectType: 'contact',
      updatedAt: NOW.toISOString(),
      values: { firstname: 'Mary Jane', lastname: 'Watson', company: 'Daily Bugle', phone: null, notes: null },
    });
    expect(sandbox.requests.find((r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts')?.status).toBe(
      201,
    );

    const duplicate = await crmError(
      provider.create({ email: 'MJ.Watson@example.com', firstname: 'Mary' }, MAPPED),
      'duplicate',
    );
    expect(duplicate.existingId).toBe('201');
    expect(duplicate.status).toBe(409);
    expect(duplicate.message).toBe('Contact already exists. Existing ID: 201');
    expect(sandbox.contacts.list()).toHaveLength(8);
  });

  it('updates in one PATCH and returns the record after the write', async () => {
    const { provider, sandbox } = setup();
    await provider.describeFields();
    sandbox.clearRequests();

    const written = {
      phone: '(415) 555-0134',
      company: 'Northwind Traders',
      jobtitle: 'Head of Operations',
      city: 'San Francisco',
    };
    const record = await provider.update('101', written, MAPPED);

    expect(record.values).toMatchObject({
      ...written,
      email: 'priya.patel@example.com',
      firstname: 'Priya',
      notes: null,
    });
    expect(record.updatedAt).toBe(NOW.toISOString());
    const patches = sandbox.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toEqual([
      expect.objectContaining({ path: '/crm/v3/objects/contacts/101', body: { properties: written }, status: 200 }),
    ]);
    expect(sandbox.contacts.get('101')?.properties).toMatchObject(written);
  });

  it('reports an unknown property on update as invalid_field naming it, and writes nothing', async () => {
    const { provider, sandbox } = setup();
    const error = await crmError(
      provider.update('101', { company: 'Northwind', notes: 'VIP' }, MAPPED),
      'invalid_field',
    );

    expect(error.field).toBe('notes');
    expect(error.status).toBe(400);
    expect(error.message).toBe('Property "notes" does not exist');
    expect(sandbox.contacts.get('101')?.properties.company).toBeUndefined();
  });

  it('reports a value that is not an allowed option as validation with the vendor reason', async () => {
    const { provider } = setup();
    const error = await crmError(provider.update('101', { hs_timezone: 'mars_slash_olympus' }, MAPPED), 'validation');

    expect(error.field).toBe('hs_timezone');
    expect(error.vendorCode).toBe('INVALID_OPTION');
    expect(error.message).toMatch(/^"mars_slash_olympus" was not one of the allowed options/);
  });

  it('reports an update of a missing contact as not_found', async () => {
    const { provider } = setup();
    await crmError(provider.update('999', { company: 'X' }, MAPPED), 'not_found');
  });
});

describe('HubSpot provider: failures', () => {
  it('maps a rejected token to auth_expired', async () => {
    const { provider } = setup({ accessToken: 'pat-na1-wrong' });
    const error = await crmError(provider.findByEmail('priya.patel@example.com', MAPPED), 'auth_expired');
    expect(error.message).toBe('HubSpot rejected the access token');
    expect(error.status).toBe(401);
    expect(error.vendorCode).toBe('INVALID_AUTHENTICATION');
  });

  it('maps TEN_SECONDLY_ROLLING throttling to rate_limited with a 10 s wait, without sleeping on it', async () => {
    const { provider, sandbox } = setup(KNOWN_PORTAL, { rateLimit: { limit: 2, windowMs: 10_000 } });
    await provider.getById('101', MAPPED);
    await provider.getById('102', MAPPED);
    const started = Date.now();
    const error = await crmError(provider.getById('103', MAPPED), 'rate_limited');

    expect(error.retryAfterMs).toBe(10_000);
    expect(error.vendorCode).toBe('TEN_SECONDLY_ROLLING');
    expect(error.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(sandbox.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('waits out a SECONDLY limit and retries', async () => {
    const sandbox = createHubSpotSandbox({ rateLimit: { limit: 1, windowMs: 1_000 } });
    const provider = createHubSpotProvider({ accessToken: sandbox.token, fetch: sandbox.fetch, ...KNOWN_PORTAL });
    await provider.getById('101', MAPPED);
    const record = await provider.getById('102', MAPPED);

    expect(record?.id).toBe('102');
    const statuses = sandbox.requests.map((r) => r.status);
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(429);
    expect(statuses.at(-1)).toBe(200);
  });

  it('honours Retry-After on a 429, even for a create without email', async () => {
    const sandbox = createHubSpotSandbox({ clock });
    let throttled = false;
    const { fetch, calls } = fakeFetch((request) => {
      if (!throttled) {
        throttled = true;
        return Response.json(
          {
            status: 'error',
            message: 'You have reached your secondly limit.',
            errorType: 'RATE_LIMIT',
            policyName: 'DAILY',
          },
          { status: 429, headers: { 'Retry-After': '0.05' } },
        );
      }
      return sandbox.fetch(request);
    });
    const provider = createHubSpotProvider({ accessToken: sandbox.token, fetch, ...KNOWN_PORTAL, clock });
    const created = await provider.create({ firstname: 'No', lastname: 'Email' }, MAPPED);

    expect(created.id).toBe('201');
    expect(calls).toHaveLength(2);
  });

  it('reports a DAILY limit with the time until midnight UTC', async () => {
    const { fetch } = fakeFetch(() =>
      Response.json(
        {
          status: 'error',
          message: 'You have reached your daily limit.',
          errorType: 'RATE_LIMIT',
          policyName: 'DAILY',
        },
        { status: 429 },
      ),
    );
    const provider = createHubSpotProvider({ accessToken: 't', fetch, ...KNOWN_PORTAL, clock });
    const error = await crmError(provider.findByEmail('a@b.example', MAPPED), 'rate_limited');
    expect(error.retryAfterMs).toBe(12 * 3_600_000);
    expect(error.message).toBe('You have reached your daily limit.');
  });

  it('reports a body of the wrong shape as unknown with a readable message', async () => {
    const { fetch } = fakeFetch(() => Response.json({ results: 'not a list', total: 'many' }));
    const provider = createHubSpotProvider({ accessToken: 't', fetch, ...KNOWN_PORTAL });
    const error = await crmError(provider.findByEmail('a@b.example', MAPPED), 'unknown');
    expect(error.message).toBe(UNREADABLE_RESPONSE);
    expect(error.message).toBe('HubSpot sent a response the proxy could not read');
  });

  it('reports a body that is not JSON as unknown', async () => {
    const { fetch } = fakeFetch(
      () => new Response('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }),
    );
    const provider = createHubSpotProvider({ accessToken: 't', fetch, ...KNOWN_PORTAL });
    await crmError(provider.getById('1', MAPPED), 'unknown');
  });

  it('reports a fetch that throws as unavailable, after retrying a read', async () => {
    const { fetch, calls } = fakeFetch(() => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    });
    const provider = createHubSpotProvider({
      accessToken: 't',
      fetch,
      ...KNOWN_PORTAL,
      baseUrl: 'http://127.0.0.1:9',
      retry: { limit: 2, baseDelayMs: 1 },
    });
    const error = await crmError(provider.getById('101', MAPPED), 'unavailable');

    expect(error.message).toBe("Can't reach HubSpot at http://127.0.0.1:9: connect ECONNREFUSED");
    expect(calls).toHaveLength(3);
  });

  it('reports any transport exception as unavailable', async () => {
    const { fetch } = fakeFetch(() => {
      throw new Error('socket hang up');
    });
    const provider = createHubSpotProvider({ accessToken: 't', fetch, ...KNOWN_PORTAL, retry: { limit: 0 } });
    const error = await crmError(provider.describeFields(), 'unavailable');
    expect(error.message).toContain('socket hang up');
  });

  it('never repeats a create without email after a network failure, but does with one', async () => {
    const failing = () =>
      fakeFetch(() => {
        throw new TypeError('fetch failed');
      });
    const noEmail = failing();
    const a = createHubSpotProvider({
      accessToken: 't',
      fetch: noEmail.fetch,
      ...KNOWN_PORTAL,
      retry: { baseDelayMs: 1 },
    });
    await crmError(a.create({ firstname: 'Sam' }, MAPPED), 'unavailable');
    expect(noEmail.calls).toHaveLength(1);

    const withEmail = failing();
    const b = createHubSpotProvider({
      accessToken: 't',
      fetch: withEmail.fetch,
      ...KNOWN_PORTAL,
      retry: { baseDelayMs: 1 },
    });
    await crmError(b.create({ email: 'sam@example.com' }, MAPPED), 'unavailable');
    expect(withEmail.calls).toHaveLength(3);
  });

  it('retries a 503 on a read and succeeds', async () => {
    const sandbox = createHubSpotSandbox({ clock });
    let failures = 1;
    const { fetch, calls } = fakeFetch((request) =>
      failures-- > 0
        ? Response.json({ status: 'error', message: 'Service Unavailable' }, { status: 503 })
        : sandbox.fetch(request),
    );
    const provider = createHubSpotProvider({
      accessToken: sandbox.token,
      fetch,
      ...KNOWN_PORTAL,
      retry: { baseDelayMs: 1 },
    });
    await expect(provider.getById('107', MAPPED)).resolves.toMatchObject({ id: '107' });
    expect(calls).toHaveLength(2);
  });

  it('reports a persistent 5xx as unavailable with the vendor message', async () => {
    const { fetch } = fakeFetch(() =>
      Response.json({ status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' }, { status: 500 }),
    );
    const provider = createHubSpotProvider({ accessToken: 't', fetch, ...KNOWN_PORTAL, retry: { limit: 0 } });
    const error = await crmError(provider.getById('1', MAPPED), 'unavailable');
    expect(error.message).toBe('internal error');
    expect(error.status).toBe(500);
  });

  it('reports a call that times out as unavailable', async () => {
    const { fetch } = fakeFetch(() => new Promise<Response>(() => {}));
    const provider = createHubSpotProvider({
      accessToken: 't',
      fetch,
      ...KNOWN_PORTAL,
      timeoutMs: 30,
      retry: { limit: 0 },
    });
    const error = await crmError(provider.getById('1', MAPPED), 'unavailable');
    expect(error.message).toBe('HubSpot did not answer within 30 ms');
  });
});

describe('HubSpot provider: record links', () => {
  it('knows no link before the portal id, then links to the contact page from account-info', async () => {
    const { provider, sandbox } = setup();
    expect(provider.recordUrl({ id: '101', objectType: 'contact' })).toBeNull();

    await provider.findByEmail('priya.patel@example.com', MAPPED);
    expect(provider.recordUrl({ id: '101', objectType: 'contact' })).toBe(
      `https://app.hubspot.com/contacts/${SANDBOX_PORTAL_ID}/record/0-1/101`,
    );
    await provider.getById('101', MAPPED);
    expect(sandbox.requests.filter((r) => r.path === '/account-info/v3/details')).toHaveLength(1);
  });

  it('uses the given appUrl with the portal id from account-info', async () => {
    const { provider } = setup({ appUrl: 'http://127.0.0.1:8787/sandbox/hubspot/app/' });
    await provider.describeFields();
    expect(provider.recordUrl({ id: '106', objectType: 'contact' })).toBe(
      'http://127.0.0.1:8787/sandbox/hubspot/app/contacts/24681357/record/0-1/106',
    );
  });

  it('needs no account-info call when portal id and appUrl are given', async () => {
    const { provider, sandbox } = setup({ portalId: SANDBOX_PORTAL_ID, appUrl: 'https://app-eu1.hubspot.com' });
    expect(provider.recordUrl({ id: '7', objectType: 'contact' })).toBe(
      'https://app-eu1.hubspot.com/contacts/24681357/record/0-1/7',
    );
    await provider.getById('101', MAPPED);
    expect(sandbox.requests.map((r) => r.path)).toEqual(['/crm/v3/objects/contacts/101']);
  });
});

describe('HubSpot provider: wiring', () => {
  it('has the default HubSpot mapping', () => {
    const { provider } = setup();
    expect(provider).toMatchObject({ id: 'hubspot', label: 'HubSpot', createsObjectType: 'contact' });
    expect(provider.defaultMapping()).toEqual([
      { field: 'email', crmFields: ['email'] },
      { field: 'name', crmFields: ['firstname', 'lastname'] },
      { field: 'phone', crmFields: ['phone'] },
      { field: 'company', crmFields: ['company'] },
      { field: 'jobTitle', crmFields: ['jobtitle'] },
      { field: 'location', crmFields: ['city'], direction: 'to_crm' },
      { field: 'notes', crmFields: ['notes'] },
    ]);
  });

  it('works through the module against the sandbox mounted in a parent app under a prefix', async () => {
    const sandbox = createHubSpotSandbox({ clock });
    const proxy = new Hono();
    proxy.route('/sandbox/hubspot', sandbox.app);
    const provider = crmModule('hubspot').create(
      hubspotModule.configFromEnv({
        HUBSPOT_ACCESS_TOKEN: SANDBOX_HUBSPOT_TOKEN,
        HUBSPOT_BASE_URL: 'http://127.0.0.1:8787/sandbox/hubspot/',
        HUBSPOT_APP_URL: 'http://127.0.0.1:8787/sandbox/hubspot/app',
      }),
      { fetch: (request) => Promise.resolve(proxy.fetch(request)) },
    );

    const [record] = await provider.findByEmail('lin.chen@example.com', MAPPED);
    expect(record?.id).toBe('106');
    const created = await provider.create({ email: 'new@example.com', firstname: 'New' }, MAPPED);
    expect(created.id).toBe('201');
    await crmError(provider.create({ email: 'new@example.com' }, MAPPED), 'duplicate');
    expect(sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain(
      'POST /crm/v3/objects/contacts/search 200',
    );

    const url = provider.recordUrl({ id: '106', objectType: 'contact' });
    expect(url).toBe('http://127.0.0.1:8787/sandbox/hubspot/app/contacts/24681357/record/0-1/106');
    const page = await proxy.fetch(new Request(url ?? ''));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Lin Chen');
  });

  it('refuses a CRM it has no module for, naming the supported ones', () => {
    expect(isSupportedCrmProvider('hubspot')).toBe(true);
    expect(isSupportedCrmProvider('freshsales')).toBe(false);
    expect(() => crmModule('freshsales')).toThrow(
      /^The proxy cannot talk to freshsales yet \(CRM_PROVIDER=freshsales\); supported: hubspot(, |\.)/,
    );
  });
});
