/**
 * Records that are leads, through the proxy's HTTP API, independent of any one vendor: the HubSpot
 * provider is wrapped so that chosen records come back as leads, and every call's object type is
 * recorded.
 * - a CRM that reports existing leads (Dynamics 365): `existing_lead`, the lead shown and linked,
 *   no write, no conflict, a history entry;
 * - a CRM whose records are leads (Salesforce Lead mode): created/updated/resolved as leads, every
 *   read and write naming `lead`, the lead's own field list read.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type CrmObjectType, HistoryList, ResolveResult, SyncResult } from '../../lib/contracts/index.ts';
import type { CrmProvider, NativeRecord } from '../../proxy/crm/types.ts';
import { customer } from './support/customers.ts';
import { readAs, useProxy } from './support/harness.ts';

/** HubSpot ids the wrapped provider reports as leads. */
const leadIds = new Set<string>();
/** `method objectType` of every call the services made. */
const calls: string[] = [];

const asLead = (record: NativeRecord): NativeRecord =>
  leadIds.has(record.id) ? { ...record, objectType: 'lead' } : record;

/**
 * The HubSpot provider as a lead-aware CRM: records in `leadIds` are leads; `create` makes leads
 * when `createsLeads`. Calls naming `lead` reach HubSpot as contact calls.
 */
function leadCrm(
  provider: CrmProvider,
  options: { reportsExistingLeads: boolean; createsLeads: boolean },
): CrmProvider {
  const contact = (objectType: CrmObjectType | undefined) => (objectType === 'lead' ? 'contact' : objectType);
  return {
    ...provider,
    reportsExistingLeads: options.reportsExistingLeads,
    createsObjectType: options.createsLeads ? 'lead' : 'contact',
    async describeFields(objectType) {
      calls.push(`describeFields ${objectType}`);
      return provider.describeFields(contact(objectType));
    },
    async getById(id, properties, objectType) {
      calls.push(`getById ${objectType}`);
      const record = await provider.getById(id, properties, contact(objectType));
      return record && asLead(record);
    },
    async findByEmail(email, properties) {
      return (await provider.findByEmail(email, properties)).map(asLead);
    },
    async findByPhone(e164, properties) {
      return (await provider.findByPhone(e164, properties)).map(asLead);
    },
    async create(properties, returnProperties) {
      const record = await provider.create(properties, returnProperties);
      if (options.createsLeads) leadIds.add(record.id);
      return asLead(record);
    },
    async update(id, properties, returnProperties, objectType) {
      calls.push(`update ${objectType}`);
      return asLead(await provider.update(id, properties, returnProperties, contact(objectType)));
    },
  };
}

beforeEach(() => {
  leadIds.clear();
  calls.length = 0;
});

const writes = (proxy: ReturnType<typeof useProxy>) =>
  proxy.vendorCalls().filter((r) => (r.method === 'POST' && !r.path.endsWith('/search')) || r.method === 'PATCH');

describe('a CRM that reports existing leads (as Dynamics 365 does)', () => {
  const proxy = useProxy({
    wrapProvider: (provider) => leadCrm(provider, { reportsExistingLeads: true, createsLeads: true }),
  });
  const sync = async (ticket: Parameters<typeof customer>[0], changes = {}) => {
    const response = await proxy.post('/v1/sync', { customer: customer(ticket, changes) });
    expect(response.status, await response.clone().text()).toBe(200);
    return readAs(response, SyncResult);
  };

  it('answers existing_lead: the lead shown and linked, nothing written, nothing queued, history kept', async () => {
    const id = proxy.sandbox.testing.insert({
      email: 'noah.kim@example.com',
      firstname: 'Noah',
      lastname: 'Kim',
      company: 'Kim Analytics',
    });
    leadIds.add(id);
    proxy.clearVendorCalls();

    // The chat disagrees with the lead (company) and has more (phone): still no write, no conflict.
    const result = await sync(1009, { company: 'Other Co' });
    expect(result).toMatchObject({
      outcome: 'existing_lead',
      matchedBy: 'email',
      record: { id, objectType: 'lead', values: { name: 'Noah Kim', company: 'Kim Analytics' } },
      written: [],
      queued: 0,
      conflicts: [],
    });
    expect(writes(proxy)).toEqual([]);
    expect(proxy.sandbox.testing.read(id)).toMatchObject({ company: 'Kim Analytics', phone: null });

    const { entries } = await readAs(await proxy.get('/v1/history?customer=zendesk:demo:10009'), HistoryList);
    expect(entries[0]).toMatchObject({
      action: 'sync',
      outcome: 'existing_lead',
      record: { provider: 'hubspot', objectType: 'lead', id },
      summary: `Lead ${id} already exists in HubSpot; linked, nothing written`,
    });

    // The link is used next time, and the lead is read as a lead.
    calls.length = 0;
    const again = await sync(1009);
    expect(again).toMatchObject({ outcome: 'existing_lead', matchedBy: 'link', record: { id } });
    expect(calls).toEqual(['getById lead']);
    expect(writes(proxy)).toEqual([]);
  });

  it('creates a lead when nothing matches, reading the lead field list', async () => {
    const result = await sync(1001);
    expect(result).toMatchObject({ outcome: 'created', record: { objectType: 'lead' } });
    expect(calls).toContain('describeFields lead');
  });

  it('updates a contact as before when the match is a contact', async () => {
    const result = await sync(1002);
    expect(result).toMatchObject({ outcome: 'updated', record: { id: '101', objectType: 'contact' } });
    // A search may return contacts or leads, so both field lists are known; the write names the contact.
    expect(calls.filter((call) => call.startsWith('update'))).toEqual(['update contact']);
    expect([...calls].sort()).toEqual(['describeFields contact', 'describeFields lead', 'update contact']);
  });
});

describe('a CRM whose records are leads (as Salesforce in Lead mode)', () => {
  const proxy = useProxy({
    wrapProvider: (provider) => leadCrm(provider, { reportsExistingLeads: false, createsLeads: true }),
  });

  it('updates and resolves a lead as a lead: every read and write names the object type', async () => {
    leadIds.add('102');
    const synced = await readAs(await proxy.post('/v1/sync', { customer: customer(1003) }), SyncResult);
    expect(synced).toMatchObject({ outcome: 'conflicts', record: { id: '102', objectType: 'lead' } });
    expect(synced.conflicts.map((c) => [c.field, c.record.objectType])).toEqual([
      ['company', 'lead'],
      ['jobTitle', 'lead'],
    ]);
    // Nothing blank to fill for Jonas: no write, only the lead's field list was read.
    expect(calls).toEqual(['describeFields lead']);

    calls.length = 0;
    const company = synced.conflicts.find((c) => c.field === 'company')!;
    const resolved = await readAs(
      await proxy.post(`/v1/conflicts/${company.id}/resolve`, { choice: 'chat' }),
      ResolveResult,
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      record: { objectType: 'lead', values: { company: 'Globex' } },
    });
    expect(calls).toEqual(['getById lead', 'update lead']);

    calls.length = 0;
    const again = await readAs(await proxy.post('/v1/sync', { customer: customer(1003) }), SyncResult);
    expect(again.matchedBy).toBe('link');
    expect(calls[0]).toBe('getById lead');
  });
});
