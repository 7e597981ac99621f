/**
 * Provider conformance — every email and phone a record has, for every CRM module with its sandbox,
 * through the proxy's HTTP API: a person whose matching email is a SECOND address (HubSpot
 * `hs_additional_emails`, Salesforce's custom `Secondary_Email__c`, Dynamics `emailaddress2`, Zoho
 * `Secondary_Email`, a non-primary Pipedrive entry), or whose number is only a MOBILE one, is found
 * and updated — never created a second time. Each CRM's entry names the field (./support.ts).
 */
import { describe, expect, it } from 'vitest';
import { type Customer, LookupResult, SyncResult } from '../../../lib/contracts/index.ts';
import { MODULE_ROWS, personValues, useConformance, useConformanceDatabase } from './support.ts';

const database = useConformanceDatabase();

/** A helpdesk customer who is not in any seed. */
const person = (id: string, fields: Partial<Customer>): Customer => ({
  helpdesk: 'zendesk',
  account: 'demo',
  id,
  ...fields,
});

describe.each(MODULE_ROWS)('%s conformance: every email and phone of a record', (_label, module) => {
  const crm = useConformance(module, database);

  /** Successful creates the sandbox answered: none may happen when the person exists. */
  const creates = () => crm.writes().filter((r) => r.method === 'POST' && r.status >= 200 && r.status < 300);

  it('found by a secondary email: linked and updated, no second record, no email conflict', async () => {
    const id = crm.sandbox.testing.insert({
      ...personValues(crm.provider, { name: 'Ana Souza', email: 'ana@work.example.com' }),
      [crm.entry.secondaryEmailField]: 'Ana.Personal@Example.com',
    });
    const customer = person('20001', { name: 'Ana Souza', email: 'ana.personal@example.com', jobTitle: 'Buyer' });

    const found = await crm.ok('/v1/lookup', { customer }, LookupResult);
    expect(found).toMatchObject({ matchedBy: 'email', record: { id } });

    crm.clearRequests();
    const result = await crm.ok('/v1/sync', { customer }, SyncResult);

    expect(result).toMatchObject({ outcome: 'updated', matchedBy: 'link', record: { id } });
    expect(creates(), 'no second record').toEqual([]);
    // The CRM already holds the chat's address (as its second one): nothing to ask the agent.
    expect(result.conflicts.map((c) => c.field)).not.toContain('email');
    expect(result.written.map((w) => w.field)).toEqual(['jobTitle']);
    expect(crm.crmValue(id, 'jobTitle')).toBe('Buyer');
    expect(crm.crmValue(id, 'email')?.toLowerCase()).toBe('ana@work.example.com');
  });

  it('found by a mobile-only phone: linked and updated, no second record', async () => {
    const id = crm.sandbox.testing.insert({
      ...personValues(crm.provider, { name: 'Ravi Menon' }),
      [crm.entry.mobilePhoneField]: '(646) 555-0188',
    });
    const customer = person('20002', { name: 'Ravi Menon', phone: '+1 646 555 0188', jobTitle: 'Site Manager' });

    const result = await crm.ok('/v1/sync', { customer }, SyncResult);

    expect(result).toMatchObject({ outcome: 'updated', matchedBy: 'phone', record: { id } });
    expect(creates(), 'no second record').toEqual([]);
    expect(result.conflicts).toEqual([]);
    expect(crm.crmValue(id, 'jobTitle')).toBe('Site Manager');

    // The link holds: the next sync reads the record by id, with no search and no write.
    crm.clearRequests();
    const again = await crm.ok('/v1/sync', { customer }, SyncResult);
    expect(again).toMatchObject({ outcome: 'no_changes', matchedBy: 'link', record: { id } });
    expect(crm.writes()).toEqual([]);
  });

  it('a different person’s second email does not match: the customer is created', async () => {
    const other = crm.sandbox.testing.insert({
      ...personValues(crm.provider, { name: 'Ana Souza', email: 'ana@work.example.com' }),
      [crm.entry.secondaryEmailField]: 'ana.personal@example.com',
    });
    const customer = person('20003', { name: 'Ana Lima', email: 'ana.lima@example.com' });

    const result = await crm.ok('/v1/sync', { customer }, SyncResult);

    expect(result.outcome).toBe('created');
    expect(result.record?.id).not.toBe(other);
  });
});
