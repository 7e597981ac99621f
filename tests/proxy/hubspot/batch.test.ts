/**
 * The HubSpot provider's batch methods (getMany/createMany/updateMany over
 * /crm/v3/objects/contacts/batch/{read,create,update}), the sandbox's vendor-neutral `testing` hooks,
 * and `hubspotModule` (environment, sandbox wiring).
 */
import { describe, expect, it } from 'vitest';
import { createHubSpotProvider } from '../../../proxy/crm/hubspot/index.ts';
import { hubspotModule } from '../../../proxy/crm/hubspot/module.ts';
import { CrmConfigError } from '../../../proxy/crm/module.ts';
import { CrmError } from '../../../proxy/crm/types.ts';
import { createHubSpotSandbox, SANDBOX_PORTAL_ID } from '../../../proxy/sandbox/hubspot/index.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const clock = () => NOW;
const MAPPED = ['email', 'firstname', 'lastname', 'phone', 'company', 'jobtitle'];

function setup() {
  const sandbox = createHubSpotSandbox({ clock, rateLimit: false });
  const provider = createHubSpotProvider({
    accessToken: sandbox.token,
    fetch: sandbox.fetch,
    portalId: SANDBOX_PORTAL_ID,
    appUrl: 'https://app.hubspot.com',
    retry: { limit: 2, baseDelayMs: 1 },
    clock,
  });
  return { sandbox, provider };
}

const calls = (sandbox: ReturnType<typeof setup>['sandbox']) => sandbox.requests.map((r) => `${r.method} ${r.path}`);

describe('HubSpot provider: batch', () => {
  it('reads many contacts in chunks of 100, leaving out ids HubSpot does not have', async () => {
    const { sandbox, provider } = setup();
    const ids = ['101', '999', '102', ...Array.from({ length: 120 }, (_, i) => String(1000 + i)), '101'];
    const records = await provider.getMany(ids, MAPPED);

    expect(records.map((r) => r.id).sort()).toEqual(['101', '102']);
    expect(records.find((r) => r.id === '102')?.values).toMatchObject({
      company: 'Globex Corporation',
      phone: '+1 212 555 0199',
    });
    // 122 distinct ids → two calls (100 + 22).
    expect(calls(sandbox)).toEqual([
      'POST /crm/v3/objects/contacts/batch/read',
      'POST /crm/v3/objects/contacts/batch/read',
    ]);
    expect((sandbox.requests[0]?.body as { inputs: unknown[] }).inputs).toHaveLength(100);
  });

  it('creates many contacts in one call, each result in input order', async () => {
    const { sandbox, provider } = setup();
    const results = await provider.createMany(
      [
        { properties: { email: 'a@example.com', firstname: 'Ann', lastname: 'A' } },
        { properties: { email: 'b@example.com', firstname: 'Ben', lastname: 'B' } },
      ],
      MAPPED,
    );

    expect(results.map((r) => (r.ok ? r.record.values.email : r.error.kind))).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
    expect(calls(sandbox)).toEqual(['POST /crm/v3/objects/contacts/batch/create']);
    expect(sandbox.contacts.list()).toHaveLength(9);
  });

  it('answers each input on its own when one input makes HubSpot refuse the batch', async () => {
    const { sandbox, provider } = setup();
    const results = await provider.createMany(
      [
        { properties: { email: 'new@example.com', firstname: 'New' } },
        { properties: { email: 'priya.patel@example.com', firstname: 'Dup' } },
        { properties: { email: 'x@example.com', no_such_property: 'v' } },
      ],
      MAPPED,
    );

    expect(results[0]).toMatchObject({ ok: true, record: { values: { email: 'new@example.com' } } });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'duplicate', existingId: '101' } });
    expect(results[2]).toMatchObject({ ok: false, error: { kind: 'invalid_field', field: 'no_such_property' } });
    expect(calls(sandbox)).toEqual([
      'POST /crm/v3/objects/contacts/batch/create',
      'POST /crm/v3/objects/contacts',
      'POST /crm/v3/objects/contacts',
      'POST /crm/v3/objects/contacts',
    ]);
    expect(sandbox.contacts.list().filter((c) => c.properties.email === 'new@example.com')).toHaveLength(1);
  });

  it('updates many contacts in one call and reads them back with every requested property', async () => {
    const { sandbox, provider } = setup();
    const results = await provider.updateMany(
      [
        { id: '101', properties: { phone: '+1 415 555 0134' } },
        { id: '103', properties: { jobtitle: 'Support Lead' } },
      ],
      MAPPED,
    );

    expect(results).toMatchObject([
      { ok: true, record: { id: '101', values: { phone: '+1 415 555 0134', email: 'priya.patel@example.com' } } },
      { ok: true, record: { id: '103', values: { jobtitle: 'Support Lead', company: 'Initech' } } },
    ]);
    expect(calls(sandbox)).toEqual([
      'POST /crm/v3/objects/contacts/batch/update',
      'POST /crm/v3/objects/contacts/batch/read',
    ]);
  });

  it('reports a missing contact in an update batch on its own input only', async () => {
    const { provider, sandbox } = setup();
    const results = await provider.updateMany(
      [
        { id: '101', properties: { company: 'Northwind' } },
        { id: '999', properties: { company: 'Nowhere' } },
      ],
      MAPPED,
    );
    expect(results[0]).toMatchObject({ ok: true, record: { values: { company: 'Northwind' } } });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(sandbox.contacts.get('101')?.properties.company).toBe('Northwind');
  });

  it('gives every input the same error when the failure is not about the inputs (rate limit)', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.rateLimitNext(10);
    const results = await provider.createMany(
      [{ properties: { email: 'a@example.com' } }, { properties: { email: 'b@example.com' } }],
      MAPPED,
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual(['rate_limited', 'rate_limited']);
    expect(sandbox.contacts.list()).toHaveLength(7);
  });

  it('refuses a lead: HubSpot records are contacts', async () => {
    const { provider } = setup();
    await expect(provider.getById('101', MAPPED, 'lead')).rejects.toBeInstanceOf(CrmError);
    await expect(provider.getById('101', MAPPED, 'contact')).resolves.toMatchObject({ id: '101' });
    expect(provider.reportsExistingLeads).toBe(false);
  });
});

describe('HubSpot sandbox: testing hooks', () => {
  it('reads, edits and inserts contacts as a HubSpot user would', () => {
    const { sandbox } = setup();
    expect(sandbox.testing.read('101')).toMatchObject({ email: 'priya.patel@example.com', phone: null });
    sandbox.testing.edit('101', { phone: '+1 415 555 0100', firstname: null });
    expect(sandbox.testing.read('101')).toMatchObject({ phone: '+1 415 555 0100', firstname: null });
    const id = sandbox.testing.insert({ email: 'Someone@Example.com', firstname: 'Some' });
    expect(sandbox.testing.read(id)).toMatchObject({ email: 'someone@example.com', firstname: 'Some' });
    expect(sandbox.testing.read('999')).toBeUndefined();
    expect(sandbox.requests).toEqual([]);
  });

  it('hides a contact from search while a create still collides with it', async () => {
    const { sandbox, provider } = setup();
    const id = sandbox.testing.insert({ email: 'race@example.com' });
    sandbox.testing.hideFromSearch(id);
    expect(await provider.findByEmail('race@example.com', MAPPED)).toEqual([]);
    await expect(provider.create({ email: 'race@example.com' }, MAPPED)).rejects.toMatchObject({
      kind: 'duplicate',
      existingId: id,
    });
    sandbox.reset();
    expect(sandbox.testing.read(id)).toBeUndefined();
  });

  it("expires tokens: every call answers 401 with HubSpot's reason until reset", async () => {
    const { sandbox, provider } = setup();
    sandbox.testing.expireTokens();
    const error = await provider.getById('101', MAPPED).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth_expired', status: 401, vendorCode: 'EXPIRED_AUTHENTICATION' });
    expect((error as CrmError).message).toMatch(
      /^HubSpot rejected the access token: The OAuth token used to make this call expired/,
    );
    sandbox.reset();
    await expect(provider.getById('101', MAPPED)).resolves.toMatchObject({ id: '101' });
  });

  it('rate-limits the next n calls, which the provider waits out when few', async () => {
    const { sandbox, provider } = setup();
    sandbox.testing.rateLimitNext(1);
    await expect(provider.getById('101', MAPPED)).resolves.toMatchObject({ id: '101' });
    expect(sandbox.requests.map((r) => r.status)).toEqual([429, 200]);
  });
});

describe('hubspotModule', () => {
  it('has no config without a token (the sandbox), and names a bad variable', () => {
    expect(hubspotModule.configFromEnv({})).toBeNull();
    expect(hubspotModule.configFromEnv({ HUBSPOT_ACCESS_TOKEN: '  ' })).toBeNull();
    expect(
      hubspotModule.configFromEnv({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-1', HUBSPOT_BASE_URL: 'https://eu.example/' }),
    ).toEqual({
      accessToken: 'pat-na1-1',
      baseUrl: 'https://eu.example',
      appUrl: null,
    });
    const error = (() => {
      try {
        hubspotModule.configFromEnv({ HUBSPOT_BASE_URL: 'ftp://x' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(CrmConfigError);
    expect(error).toMatchObject({ variable: 'HUBSPOT_BASE_URL' });
    expect(Object.keys(hubspotModule.envVars)).toEqual(['HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_BASE_URL', 'HUBSPOT_APP_URL']);
  });

  it('wires a provider to its sandbox with record links under the proxy', async () => {
    const sandbox = hubspotModule.createSandbox({ rateLimit: false });
    const provider = hubspotModule.sandboxProvider(sandbox, { publicUrl: 'http://proxy.test' });
    const [record] = await provider.findByEmail('lin.chen@example.com', MAPPED);
    expect(provider.recordUrl(record!)).toBe(
      `http://proxy.test/sandbox/hubspot/app/contacts/${SANDBOX_PORTAL_ID}/record/0-1/106`,
    );
    expect(sandbox.requests.map((r) => r.path)).toContain('/crm/v3/objects/contacts/search');
  });
});
