/**
 * Provider conformance — whose record is it, for every CRM module with its sandbox, through the
 * proxy's HTTP API:
 * - a record the proxy CREATED for a customer (a contact; on Dynamics 365 a lead) is the agent's:
 *   later syncs fill its blanks and queue its conflicts like any contact's;
 * - a create that races a duplicate reads the existing record back by id as what it is (a Dynamics
 *   lead create collides with a CONTACT), never assuming it is of the kind being created;
 * - where the CRM reports existing leads (Dynamics 365, the entry's `insertLead`): a lead the proxy
 *   FOUND — by email, or because a create collided with it — is sales', `existing_lead`, untouched.
 * See ./support.ts.
 */
import { describe, expect, it } from 'vitest';
import { HistoryList, SyncResult } from '../../../lib/contracts/index.ts';
import { customer } from '../support/customers.ts';
import { MODULE_ROWS, personValues, readAs, useConformance, useConformanceDatabase } from './support.ts';

const database = useConformanceDatabase();

describe.each(MODULE_ROWS)('%s conformance: records the proxy created, leads it found', (_label, module) => {
  const crm = useConformance(module, database);
  const sync = (ticket: Parameters<typeof customer>[0], changes = {}) =>
    crm.ok('/v1/sync', { customer: customer(ticket, changes) }, SyncResult);
  /** Vendor writes other than refused ones. */
  const acceptedWrites = () => crm.writes().filter((r) => r.status < 400);

  it('a record the proxy created is filled and its conflicts queued on later syncs', async () => {
    const created = await sync(1001);
    expect(created).toMatchObject({ outcome: 'created', record: { objectType: crm.entry.createsObjectType } });
    const id = created.record!.id;

    crm.clearRequests();
    const filled = await sync(1001, { jobTitle: 'Photographer' });
    expect(filled).toMatchObject({
      outcome: 'updated',
      matchedBy: 'link',
      record: { id, objectType: crm.entry.createsObjectType },
    });
    expect(filled.written.map((w) => w.field)).toEqual(['jobTitle']);
    expect(crm.crmValue(id, 'jobTitle')).toBe('Photographer');
    expect(acceptedWrites(), 'exactly one vendor write').toHaveLength(1);

    crm.clearRequests();
    const conflicting = await sync(1001, { jobTitle: 'Editor' });
    expect(conflicting).toMatchObject({ outcome: 'conflicts', matchedBy: 'link', record: { id } });
    expect(conflicting.conflicts).toEqual([
      expect.objectContaining({ field: 'jobTitle', crmValue: 'Photographer', chatValue: 'Editor', status: 'pending' }),
    ]);
    expect(crm.writes()).toEqual([]);

    const history = await readAs(await crm.get('/v1/history?customer=zendesk:demo:10001'), HistoryList);
    expect(history.entries.map((e) => e.outcome)).toEqual(['conflicts', 'updated', 'created']);
  });

  it('a create that races a duplicate reads the existing record back as what it is', async () => {
    // A CRM user's record (a contact in every CRM), not yet in the search index.
    const id = crm.sandbox.testing.insert(
      personValues(crm.provider, { name: 'Mary Jane Watson', email: 'mj.watson@example.com' }),
    );
    crm.sandbox.testing.hideFromSearch(id);

    const result = await sync(1001);

    expect(result).toMatchObject({ matchedBy: 'email', record: { id, objectType: 'contact' } });
    expect(['updated', 'conflicts']).toContain(result.outcome);
    const history = await readAs(await crm.get('/v1/history?customer=zendesk:demo:10001'), HistoryList);
    expect(history.entries[0]?.record).toEqual({ provider: module.id, objectType: 'contact', id });
  });

  it('where the CRM reports existing leads: a lead the proxy found stays sales’', async (context) => {
    const insertLead = crm.entry.insertLead;
    if (!insertLead) {
      // Nothing to report: this CRM's lookups never meet a lead they must leave alone.
      expect(crm.provider.reportsExistingLeads).toBe(false);
      context.skip();
      return;
    }
    expect(crm.provider.reportsExistingLeads).toBe(true);

    // 1. A lead the proxy created for one customer, met by ANOTHER helpdesk customer's email.
    const created = await sync(1001);
    expect(created).toMatchObject({ outcome: 'created', record: { objectType: 'lead' } });
    crm.clearRequests();
    const other = await crm.ok(
      '/v1/sync',
      { customer: customer(1001, { helpdesk: 'freshdesk', account: 'support', id: '77' }) },
      SyncResult,
    );
    expect(other).toMatchObject({ outcome: 'existing_lead', matchedBy: 'email', record: { id: created.record!.id } });
    expect(crm.writes()).toEqual([]);

    // 2. A create that collides with a sales lead the search did not see yet.
    const leadId = insertLead(
      crm.sandbox,
      personValues(crm.provider, { name: 'Jane Foster', email: 'jane.foster@example.com' }),
    );
    crm.sandbox.testing.hideFromSearch(leadId);
    crm.clearRequests();
    const raced = await sync(1002, { name: 'Jane Foster', email: 'jane.foster@example.com', phone: null });
    expect(raced).toMatchObject({
      outcome: 'existing_lead',
      matchedBy: 'email',
      record: { id: leadId, objectType: 'lead' },
      written: [],
      queued: 0,
    });
    expect(acceptedWrites(), 'nothing created, nothing written').toEqual([]);
    expect(crm.crmValue(leadId, 'jobTitle')).toBeNull();
    // Linked, and still sales': the next sync answers the same from the link.
    const again = await sync(1002, { name: 'Jane Foster', email: 'jane.foster@example.com', phone: null });
    expect(again).toMatchObject({ outcome: 'existing_lead', matchedBy: 'link', record: { id: leadId } });
    expect(acceptedWrites()).toEqual([]);
  });
});
