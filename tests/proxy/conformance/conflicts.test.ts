/**
 * Provider conformance — settling conflicts, for every CRM module with its sandbox, through the
 * proxy's HTTP API: compare-and-set (the CRM changed since the agent looked → `stale`, nothing
 * written), Use chat value (one write), Keep CRM value and Discard all (no write; not queued again).
 * See ./support.ts.
 */
import { describe, expect, it } from 'vitest';
import { type Conflict, DiscardResult, ResolveResult, SyncResult } from '../../../lib/contracts/index.ts';
import { customer } from '../support/customers.ts';
import { MODULE_ROWS, requireMapping, useConformance, useConformanceDatabase } from './support.ts';

const database = useConformanceDatabase();

describe.each(MODULE_ROWS)('%s conformance: conflicts', (_label, module) => {
  const crm = useConformance(module, database);
  const sync = (ticket: Parameters<typeof customer>[0], changes = {}) =>
    crm.ok('/v1/sync', { customer: customer(ticket, changes) }, SyncResult);
  const resolve = (conflict: Conflict, choice: 'chat' | 'crm') =>
    crm.ok(`/v1/conflicts/${conflict.id}/resolve`, { choice }, ResolveResult);
  const conflictOf = (conflicts: readonly Conflict[], field: string): Conflict => {
    const found = conflicts.find((c) => c.field === field);
    if (!found) throw new Error(`no ${field} conflict in ${JSON.stringify(conflicts.map((c) => c.field))}`);
    return found;
  };

  it('compare-and-set: the CRM value changed meanwhile → stale with the new value, CRM untouched', async () => {
    const synced = await sync(1003);
    const id = synced.record!.id;
    const job = conflictOf(synced.conflicts, 'jobTitle');
    const [jobField] = requireMapping(crm.provider, 'jobTitle').crmFields;
    // A colleague edits the record in the CRM while the agent looks at the conflict.
    crm.sandbox.testing.edit(id, { [jobField!]: 'VP Engineering' });
    crm.clearRequests();

    const result = await resolve(job, 'chat');

    expect(result.status).toBe('stale');
    expect(result.written).toEqual([]);
    expect(result.conflict).toMatchObject({ id: job.id, status: 'pending', crmValue: 'VP Engineering' });
    expect(crm.writes()).toEqual([]);
    expect(crm.crmValue(id, 'jobTitle')).toBe('VP Engineering');

    // Asked again with the value the CRM holds now, Use chat value writes.
    const again = await resolve(result.conflict, 'chat');
    expect(again.status).toBe('resolved');
    expect(crm.crmValue(id, 'jobTitle')).toBe('Chief Technology Officer');
  });

  it('Use chat value: writes the chat value in one request and closes the conflict', async () => {
    const synced = await sync(1003);
    const id = synced.record!.id;
    crm.clearRequests();

    const result = await resolve(conflictOf(synced.conflicts, 'jobTitle'), 'chat');

    expect(result).toMatchObject({
      status: 'resolved',
      written: [{ field: 'jobTitle', value: 'Chief Technology Officer' }],
      conflict: { status: 'resolved', resolution: 'chat' },
    });
    expect(result.record?.values.jobTitle).toBe('Chief Technology Officer');
    expect(crm.writes()).toHaveLength(1);
    expect(crm.crmValue(id, 'jobTitle')).toBe('Chief Technology Officer');
  });

  it('Keep CRM value: nothing written, and the same difference is not queued again', async () => {
    const synced = await sync(1003);
    const id = synced.record!.id;
    crm.clearRequests();

    const result = await resolve(conflictOf(synced.conflicts, 'jobTitle'), 'crm');

    expect(result).toMatchObject({ status: 'resolved', written: [], conflict: { resolution: 'crm' } });
    expect(crm.writes()).toEqual([]);
    expect(crm.crmValue(id, 'jobTitle')).toBe('CTO');
    const again = await sync(1003);
    expect(again.conflicts.map((c) => c.field)).not.toContain('jobTitle');
    expect(crm.writes()).toEqual([]);
  });

  it('Discard all: every listed conflict closed, no write, none queued again', async () => {
    // Hostile markup as the chat's name: stored and compared as text.
    const synced = await sync(1006);
    const id = synced.record!.id;
    expect(synced.outcome).toBe('conflicts');
    expect(conflictOf(synced.conflicts, 'name')).toMatchObject({
      crmValue: 'Lin Chen',
      chatValue: '<img src=x onerror=alert(1)>',
    });
    crm.clearRequests();

    const discarded = await crm.ok('/v1/conflicts/discard', { ids: synced.conflicts.map((c) => c.id) }, DiscardResult);

    expect(discarded.discarded.map((c) => c.status)).toEqual(synced.conflicts.map(() => 'discarded'));
    expect(crm.writes()).toEqual([]);
    expect(crm.crmValue(id, 'name')).toBe('Lin Chen');
    const again = await sync(1006);
    expect(again.conflicts).toEqual([]);
    expect(again.outcome).toBe('no_changes');
  });
});
