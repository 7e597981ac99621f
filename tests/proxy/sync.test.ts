/**
 * POST /v1/sync and POST /v1/lookup against the HubSpot sandbox: every outcome of the sync rules,
 * the lookup order, and the CRM calls each one costs (read from the sandbox's request log).
 */
import { describe, expect, it } from 'vitest';
import { HistoryList, LookupResult, SyncResult } from '../../lib/contracts/index.ts';
import type { FetchLike } from '../../proxy/crm/types.ts';
import { customer } from './support/customers.ts';
import { readAs, useProxy } from './support/harness.ts';

const proxy = useProxy();

const sync = async (body: unknown, headers?: Record<string, string>) => {
  const response = await proxy.post('/v1/sync', body, headers ? { headers } : {});
  expect(response.status, await response.clone().text()).toBe(200);
  return readAs(response, SyncResult);
};
const lookup = async (body: unknown) => {
  const response = await proxy.post('/v1/lookup', body);
  expect(response.status, await response.clone().text()).toBe(200);
  return readAs(response, LookupResult);
};
const writes = () =>
  proxy.vendorCalls().filter((r) => (r.method === 'POST' && !r.path.endsWith('/search')) || r.method === 'PATCH');

describe('POST /v1/sync', () => {
  it('creates a contact when nothing matches, splitting the name, and links it', async () => {
    const result = await sync({ customer: customer(1001) });

    expect(result.outcome).toBe('created');
    expect(result.matchedBy).toBe('created');
    expect(result.record?.id).toBe('201');
    expect(result.record?.url).toBe('http://proxy.test/sandbox/hubspot/app/contacts/24681357/record/0-1/201');
    const created = proxy.sandbox.contacts.get('201');
    expect(created?.properties).toMatchObject({
      firstname: 'Mary Jane',
      lastname: 'Watson',
      email: 'mj.watson@example.com',
      phone: '+442079460958',
      company: 'Daily Bugle',
    });
    expect(result.record?.values).toMatchObject({ name: 'Mary Jane Watson', company: 'Daily Bugle' });
    expect(result.written.map((w) => w.field).sort()).toEqual(['company', 'email', 'name', 'phone']);
    expect(result.queued).toBe(0);

    // The link is used next time: no search at all.
    proxy.clearVendorCalls();
    const again = await sync({ customer: customer(1001) });
    expect(again.outcome).toBe('no_changes');
    expect(again.matchedBy).toBe('link');
    expect(proxy.vendorCalls().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /crm/v3/objects/contacts/201']);
  });

  it('fills blank CRM fields in exactly one PATCH and skips a field the portal lacks with a warning', async () => {
    const result = await sync({ customer: customer(1002) });

    expect(result.outcome).toBe('updated');
    expect(result.matchedBy).toBe('email');
    expect(result.record?.id).toBe('101');
    const patches = proxy.vendorCalls().filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.path).toBe('/crm/v3/objects/contacts/101');
    expect(patches[0]?.body).toEqual({
      properties: {
        phone: '+14155550134',
        company: 'Northwind Traders',
        jobtitle: 'Head of Operations',
        city: 'San Francisco',
      },
    });
    expect(result.written.map((w) => w.field)).toEqual(['phone', 'company', 'jobTitle', 'location']);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'field_missing', field: 'notes' })]);
    expect(result.record?.values).toMatchObject({ company: 'Northwind Traders', phone: '+14155550134' });
    expect(proxy.sandbox.contacts.get('101')?.properties.jobtitle).toBe('Head of Operations');
  });

  it('queues conflicts for different non-empty values and writes nothing', async () => {
    const result = await sync({ customer: customer(1003) });

    expect(result.outcome).toBe('conflicts');
    expect(result.queued).toBe(2);
    expect(result.written).toEqual([]);
    expect(proxy.vendorCalls().filter((r) => r.method === 'PATCH')).toHaveLength(0);
    expect(result.conflicts.map((c) => [c.label, c.crmValue, c.chatValue])).toEqual([
      ['Company', 'Globex Corporation', 'Globex'],
      ['Job title', 'CTO', 'Chief Technology Officer'],
    ]);
    for (const conflict of result.conflicts) {
      expect(conflict).toMatchObject({
        status: 'pending',
        resolution: null,
        customerKey: 'zendesk:demo:10003',
        record: { provider: 'hubspot', objectType: 'contact', id: '102' },
      });
    }
  });

  it('keeps one pending conflict per field: the same values again are not re-queued, changed values update it', async () => {
    const first = await sync({ customer: customer(1003) });
    const second = await sync({ customer: customer(1003) });
    expect(second.outcome).toBe('conflicts');
    expect(second.queued).toBe(0);
    expect(second.conflicts.map((c) => c.id)).toEqual(first.conflicts.map((c) => c.id));

    const third = await sync({ customer: customer(1003, { company: 'Globex Intl' }) });
    expect(third.queued).toBe(1);
    expect(third.conflicts).toHaveLength(2);
    const company = third.conflicts.find((c) => c.field === 'company');
    expect(company?.id).toBe(first.conflicts.find((c) => c.field === 'company')?.id);
    expect(company?.chatValue).toBe('Globex Intl');
  });

  it('reports no changes when the CRM already holds every value', async () => {
    const result = await sync({ customer: customer(1008) });
    expect(result.outcome).toBe('no_changes');
    expect(result.written).toEqual([]);
    expect(result.conflicts).toEqual([]);
    expect(
      proxy
        .vendorCalls()
        .filter((r) => r.method === 'PATCH' || (r.method === 'POST' && r.path === '/crm/v3/objects/contacts')),
    ).toEqual([]);
  });

  it('makes no CRM call at all when the customer has no email and no phone', async () => {
    const result = await sync({ customer: customer(1007) });
    expect(result.outcome).toBe('skipped_no_key');
    expect(result.record).toBeNull();
    expect(result.matchedBy).toBeNull();
    expect(proxy.vendorCalls()).toEqual([]);

    const found = await lookup({ customer: customer(1007) });
    expect(found).toMatchObject({ noKey: true, record: null, provider: 'hubspot' });
    expect(proxy.vendorCalls()).toEqual([]);
  });

  it('finds a contact by phone in another format and updates it', async () => {
    const result = await sync({ customer: customer(1004) });
    expect(result.outcome).toBe('updated');
    expect(result.matchedBy).toBe('phone');
    expect(result.record?.id).toBe('103');
    expect(result.written.map((w) => w.field)).toEqual(['jobTitle']);
    expect(proxy.sandbox.contacts.get('103')?.properties.jobtitle).toBe('Support Lead');
  });

  it('chooses the most recently updated of several matches and names the others in a warning', async () => {
    const result = await sync({ customer: customer(1005) });
    expect(result.record?.id).toBe('105');
    expect(['updated', 'no_changes']).toContain(result.outcome);
    const warning = result.warnings.find((w) => w.code === 'multiple_matches');
    expect(warning?.details).toMatchObject({ chosen: '105', others: ['104'] });
    expect(warning?.message).toContain('104');
  });

  it('drops a link to a contact HubSpot no longer has, warns, and looks the customer up again', async () => {
    await sync({ customer: customer(1002) });
    proxy.sandbox.contacts.archive('101');

    const result = await sync({ customer: customer(1002) });
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'stale_link', details: { recordId: '101' } }),
    );
    // Nobody has the email any more, so the contact is created again and linked.
    expect(result.outcome).toBe('created');
    expect(result.record?.id).toBe('201');
    const next = await sync({ customer: customer(1002) });
    expect(next.matchedBy).toBe('link');
    expect(next.record?.id).toBe('201');
  });

  it('continues as an update when a create races a duplicate (HubSpot 409 "Existing ID")', async () => {
    // Another HubSpot user creates the contact right after the proxy's search came back empty.
    await proxy.rebuild({
      wrapFetch: (fetch, sandbox): FetchLike => {
        let raced = false;
        return async (request) => {
          const response = await fetch(request);
          if (!raced && new URL(request.url).pathname.endsWith('/contacts/search')) {
            raced = true;
            sandbox.contacts.create({ email: 'mj.watson@example.com', firstname: 'Mary', company: 'Bugle' });
          }
          return response;
        };
      },
    });

    const result = await sync({ customer: customer(1001) });
    const creates = proxy.vendorCalls().filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts');
    expect(creates.map((r) => r.status)).toEqual([409]);
    expect(result.record?.id).toBe('201');
    expect(result.outcome).toBe('conflicts');
    expect(result.conflicts.map((c) => c.field).sort()).toEqual(['company', 'name']);
    expect(proxy.sandbox.contacts.list().filter((c) => c.properties.email === 'mj.watson@example.com')).toHaveLength(1);
    // It was linked: the next sync goes straight to the record.
    const next = await sync({ customer: customer(1001) });
    expect(next.matchedBy).toBe('link');
  });

  it('reads the CRM field list once per process', async () => {
    await sync({ customer: customer(1002) });
    await sync({ customer: customer(1003) });
    await sync({ customer: customer(1008) });
    expect(proxy.vendorCalls().filter((r) => r.path === '/crm/v3/properties/contacts')).toHaveLength(1);
  });

  it('records every sync in the history with a sentence, newest first', async () => {
    await sync({ customer: customer(1003) });
    await sync({ customer: customer(1003, { company: 'Globex Corporation', jobTitle: 'CTO', name: 'Jonas Berg' }) });

    const response = await proxy.get(`/v1/history?customer=${encodeURIComponent('zendesk:demo:10003')}`);
    const { entries } = await readAs(response, HistoryList);
    expect(entries.map((e) => [e.action, e.outcome, e.summary])).toEqual([
      ['sync', 'no_changes', 'No changes'],
      ['sync', 'conflicts', 'Queued Company and Job title'],
    ]);
    expect(entries[0]).toMatchObject({ actor: 'env', record: { provider: 'hubspot', id: '102' } });
  });

  it('names the agent in the history when the sidebar says who they are', async () => {
    const result = await sync({ customer: customer(1002), actor: { name: 'Ana Agent', email: 'ana@support.example' } });
    const { entries } = await readAs(await proxy.get('/v1/history?customer=zendesk:demo:10002&limit=1'), HistoryList);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      id: result.historyId,
      actor: 'ana@support.example',
      summary: 'Wrote Phone, Company, Job title and Location; skipped Notes (not writable in HubSpot)',
    });
  });
});

describe('POST /v1/lookup', () => {
  it('finds the record by email without writing, with its pending conflicts', async () => {
    await sync({ customer: customer(1003) });
    proxy.clearVendorCalls();

    const result = await lookup({ customer: customer(1003) });
    expect(result.record).toMatchObject({ id: '102', values: { company: 'Globex Corporation', jobTitle: 'CTO' } });
    expect(result.matchedBy).toBe('link');
    expect(result.conflicts.map((c) => c.field)).toEqual(['company', 'jobTitle']);
    expect(proxy.vendorCalls().every((r) => r.method === 'GET' || r.path.endsWith('/search'))).toBe(true);
  });

  it('says nothing matched (so the sidebar can show "Not in HubSpot yet")', async () => {
    const result = await lookup({ customer: customer(1001) });
    expect(result).toMatchObject({ provider: 'hubspot', record: null, matchedBy: null, noKey: false, conflicts: [] });
    expect(writes()).toEqual([]);
  });

  it('re-checks search candidates: a contact whose email does not really match is not taken', async () => {
    // A CRM search that returns a loose match (as fuzzy searches do) must not be trusted blindly.
    await proxy.rebuild({
      wrapProvider: (provider) => ({
        ...provider,
        findByEmail: async (email, properties) => {
          const real = await provider.findByEmail(email, properties);
          const other = await provider.getById('107', properties);
          return other ? [...real, other] : real;
        },
      }),
    });
    const result = await lookup({ customer: customer(1001) });
    expect(result.record).toBeNull();
  });
});
