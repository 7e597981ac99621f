/**
 * Provider conformance — syncing, for every CRM module with its sandbox, through the proxy's HTTP
 * API: created (split name), updated (exactly one vendor write), conflicts queued, found by phone,
 * several matches, the demo lead (existing_lead where seeded), no lookup key and bad input (zero
 * vendor calls). See ./support.ts.
 */
import { describe, expect, it } from 'vitest';
import { ErrorEnvelope, HistoryList, LookupResult, SyncResult } from '../../../lib/contracts/index.ts';
import { customer } from '../support/customers.ts';
import { MODULE_ROWS, mappingOf, readAs, requireMapping, useConformance, useConformanceDatabase } from './support.ts';

const database = useConformanceDatabase();

describe.each(MODULE_ROWS)('%s conformance: sync', (_label, module) => {
  const crm = useConformance(module, database);
  const sync = (ticket: Parameters<typeof customer>[0], changes = {}) =>
    crm.ok('/v1/sync', { customer: customer(ticket, changes) }, SyncResult);

  it('created: nothing matches → one record with the split name, linked for next time', async () => {
    const result = await sync(1001);

    expect(result.outcome).toBe('created');
    expect(result.provider).toBe(module.id);
    expect(result.matchedBy).toBe('created');
    expect(result.record?.objectType).toBe(crm.entry.createsObjectType);
    const id = result.record!.id;
    const name = requireMapping(crm.provider, 'name');
    const values = crm.sandbox.testing.read(id);
    if (crm.entry.splitName) {
      expect(values?.[name.crmFields[0]!]).toBe('Mary Jane');
      expect(values?.[name.crmFields[1]!]).toBe('Watson');
    } else {
      expect(values?.[name.crmFields[0]!]).toBe('Mary Jane Watson');
    }
    expect(crm.crmValue(id, 'email')?.toLowerCase()).toBe('mj.watson@example.com');
    expect(result.record?.values).toMatchObject({ name: 'Mary Jane Watson', email: 'mj.watson@example.com' });
    expect(result.record?.url).toMatch(new RegExp(`^http://proxy\\.test/sandbox/${module.id}/`));
    // Exactly one write: the create.
    expect(crm.writes().map((r) => `${r.method} ${r.status}`)).toEqual([expect.stringMatching(/^POST 20\d$/)]);

    crm.clearRequests();
    const again = await sync(1001);
    expect(again.matchedBy).toBe('link');
    expect(again.record?.id).toBe(id);
    expect(crm.writes()).toEqual([]);
  });

  it('updated: blank CRM fields are filled in exactly one vendor write', async () => {
    const found = await crm.ok('/v1/lookup', { customer: customer(1002) }, LookupResult);
    expect(found.matchedBy).toBe('email');
    const id = found.record!.id;
    crm.clearRequests();

    const result = await sync(1002);

    expect(result.outcome).toBe('updated');
    expect(result.record?.id).toBe(id);
    expect(result.queued).toBe(0);
    const writes = crm.writes();
    expect(
      writes.map((r) => `${r.method} ${r.path}`),
      'one write request for every safe write',
    ).toHaveLength(1);
    expect(writes[0]!.status).toBeLessThan(300);
    expect(result.written.map((w) => w.field)).toContain('jobTitle');
    expect(result.written.map((w) => w.field)).toContain('phone');
    expect(crm.crmValue(id, 'jobTitle')).toBe('Head of Operations');
    expect(crm.crmValue(id, 'phone')?.replace(/\D/g, '')).toMatch(/4155550134$/);
    // Every field the sync reported as written is in the CRM now.
    for (const write of result.written) {
      const mapping = requireMapping(crm.provider, write.field);
      expect(mapping.direction, `${write.field} was written`).not.toBe('from_crm');
      expect(crm.crmValue(id, write.field), `${write.field} in the CRM`).not.toBeNull();
    }
  });

  it('conflicts: different non-empty values are queued, nothing written', async () => {
    const result = await sync(1003);

    expect(result.outcome).toBe('conflicts');
    expect(result.written).toEqual([]);
    expect(crm.writes()).toEqual([]);
    const job = result.conflicts.find((c) => c.field === 'jobTitle');
    expect(job).toMatchObject({ crmValue: 'CTO', chatValue: 'Chief Technology Officer', status: 'pending' });
    expect(job?.record).toEqual({ provider: module.id, objectType: result.record!.objectType, id: result.record!.id });
    for (const conflict of result.conflicts) {
      expect(requireMapping(crm.provider, conflict.field).direction).not.toBe('from_crm');
    }
    // The CRM's company is read back (From CRM), whichever object holds it.
    expect(result.record?.values.company).toBe('Globex Corporation');
    // Phones equal after normalisation: no phone conflict.
    expect(result.conflicts.map((c) => c.field)).not.toContain('phone');
  });

  it('phone match: a record without email is found by its phone however it was typed', async () => {
    const result = await sync(1004);

    expect(result.matchedBy).toBe('phone');
    expect(result.outcome).toBe('updated');
    expect(result.record?.values).toMatchObject({ name: 'Sam Lee', company: 'Initech' });
    expect(crm.crmValue(result.record!.id, 'jobTitle')).toBe('Support Lead');
    expect(crm.writes()).toHaveLength(1);
  });

  it('several matches: the most recently updated record is chosen and the others named', async () => {
    const result = await sync(1005);

    expect(result.matchedBy).toBe('phone');
    const warning = result.warnings.find((w) => w.code === 'multiple_matches');
    expect(warning?.details).toMatchObject({ chosen: result.record!.id, others: [expect.any(String)] });
    expect(crm.writes()).toEqual([]);
  });

  it('demo ticket 1009 (Noah Kim): existing_lead where the sandbox seeds him as a lead, else created', async () => {
    const result = await sync(1009);

    expect(result.outcome).toBe(crm.entry.noahKim);
    if (crm.entry.noahKim === 'existing_lead') {
      expect(result.record).toMatchObject({ objectType: 'lead', values: { name: 'Noah Kim' } });
      expect(result).toMatchObject({ written: [], queued: 0, conflicts: [] });
      expect(crm.writes()).toEqual([]);
      const again = await sync(1009);
      expect(again).toMatchObject({ outcome: 'existing_lead', matchedBy: 'link', record: { id: result.record!.id } });
      expect(crm.writes()).toEqual([]);
    } else {
      expect(result.record?.values).toMatchObject({ name: 'Noah Kim', email: 'noah.kim@example.com' });
    }
    const history = await readAs(await crm.get('/v1/history?customer=zendesk:demo:10009'), HistoryList);
    expect(history.entries[0]).toMatchObject({ action: 'sync', outcome: crm.entry.noahKim });
  });

  it('no lookup key: no email and no phone → skipped with zero vendor calls', async () => {
    const result = await sync(1007);

    expect(result.outcome).toBe('skipped_no_key');
    expect(result.record).toBeNull();
    expect(crm.requests()).toEqual([]);
  });

  it('bad input: 400 with the error envelope and zero vendor calls', async () => {
    const response = await crm.post('/v1/sync', { customer: { ...customer(1002), email: 42 } });

    expect(response.status).toBe(400);
    const body = await readAs(response, ErrorEnvelope);
    expect(body.error.code).toBe('validation_failed');
    const notJson = await crm.post('/v1/sync', '{"customer":');
    expect(notJson.status).toBe(400);
    expect(crm.requests()).toEqual([]);
  });

  it('default mapping: the name in two CRM fields (one where the CRM has one), the email in one', () => {
    expect(requireMapping(crm.provider, 'email').crmFields).toHaveLength(1);
    expect(mappingOf(crm.provider, 'name')?.crmFields).toHaveLength(crm.entry.splitName ? 2 : 1);
  });
});
