/**
 * Conflicts: listing, resolving (Use chat value / Keep CRM value) as compare-and-set against the
 * CRM, remembered decisions, and Discard all — through HTTP against the HubSpot sandbox.
 */
import { describe, expect, it } from 'vitest';
import {
  type Conflict,
  ConflictList,
  DiscardResult,
  ErrorEnvelope,
  HistoryList,
  ResolveResult,
  SyncResult,
} from '../../lib/contracts/index.ts';
import { customer } from './support/customers.ts';
import { readAs, useProxy } from './support/harness.ts';

const proxy = useProxy();

const syncJonas = async (changes = {}) => {
  const response = await proxy.post('/v1/sync', { customer: customer(1003, changes) });
  expect(response.status).toBe(200);
  return readAs(response, SyncResult);
};
const conflictOf = (conflicts: readonly Conflict[], field: string) => {
  const found = conflicts.find((c) => c.field === field);
  if (!found) throw new Error(`no ${field} conflict in ${JSON.stringify(conflicts)}`);
  return found;
};
const resolve = async (id: string, body: unknown) => {
  const response = await proxy.post(`/v1/conflicts/${id}/resolve`, body);
  expect(response.status, await response.clone().text()).toBe(200);
  return readAs(response, ResolveResult);
};
const history = async (key = 'zendesk:demo:10003') =>
  (await readAs(await proxy.get(`/v1/history?customer=${key}`), HistoryList)).entries;

describe('GET /v1/conflicts', () => {
  it("lists a record's pending conflicts, oldest first", async () => {
    const synced = await syncJonas();
    const response = await proxy.get('/v1/conflicts?record=102');
    const { conflicts } = await readAs(response, ConflictList);
    expect(conflicts).toEqual(synced.conflicts);
    expect(conflicts.map((c) => c.field)).toEqual(['company', 'jobTitle']);

    const none = await readAs(await proxy.get('/v1/conflicts?record=999'), ConflictList);
    expect(none.conflicts).toEqual([]);
  });
});

describe('POST /v1/conflicts/{id}/resolve', () => {
  it('Use chat value writes the chat value in one PATCH and closes the conflict', async () => {
    const { conflicts } = await syncJonas();
    const company = conflictOf(conflicts, 'company');
    proxy.clearVendorCalls();

    const result = await resolve(company.id, { choice: 'chat', actor: { name: 'Ana Agent' } });
    expect(result.status).toBe('resolved');
    expect(result.conflict).toMatchObject({ status: 'resolved', resolution: 'chat', resolvedBy: 'Ana Agent' });
    expect(result.conflict.resolvedAt).toEqual(expect.any(String));
    expect(result.written).toEqual([{ field: 'company', crmFields: ['company'], value: 'Globex' }]);
    expect(result.record?.values.company).toBe('Globex');
    expect(proxy.sandbox.contacts.get('102')?.properties.company).toBe('Globex');
    const patches = proxy.vendorCalls().filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toEqual({ properties: { company: 'Globex' } });

    const { conflicts: left } = await readAs(await proxy.get('/v1/conflicts?record=102'), ConflictList);
    expect(left.map((c) => c.field)).toEqual(['jobTitle']);
  });

  it('Keep CRM value writes nothing, closes the conflict and remembers the decision', async () => {
    const { conflicts } = await syncJonas();
    const jobTitle = conflictOf(conflicts, 'jobTitle');
    proxy.clearVendorCalls();

    const result = await resolve(jobTitle.id, { choice: 'crm' });
    expect(result.status).toBe('resolved');
    expect(result.conflict).toMatchObject({ status: 'resolved', resolution: 'crm', resolvedBy: 'env' });
    expect(result.written).toEqual([]);
    expect(proxy.vendorCalls().filter((r) => r.method === 'PATCH')).toEqual([]);
    expect(proxy.sandbox.contacts.get('102')?.properties.jobtitle).toBe('CTO');

    // The same pair of values is not queued again; the other conflict still is.
    const again = await syncJonas();
    expect(again.conflicts.map((c) => c.field)).toEqual(['company']);
    expect(again.queued).toBe(0);
    // A different chat value is a new question.
    const changed = await syncJonas({ jobTitle: 'Chief Technical Officer' });
    expect(changed.conflicts.map((c) => c.field).sort()).toEqual(['company', 'jobTitle']);
  });

  it('is stale when HubSpot changed the value since the agent looked: nothing written, asks again', async () => {
    const { conflicts } = await syncJonas();
    const company = conflictOf(conflicts, 'company');
    proxy.sandbox.contacts.update('102', { company: 'Globex Holdings' });
    proxy.clearVendorCalls();

    const result = await resolve(company.id, { choice: 'chat' });
    expect(result.status).toBe('stale');
    expect(result.conflict).toMatchObject({
      id: company.id,
      status: 'pending',
      crmValue: 'Globex Holdings',
      chatValue: 'Globex',
    });
    expect(result.written).toEqual([]);
    expect(proxy.vendorCalls().filter((r) => r.method === 'PATCH')).toEqual([]);
    expect(proxy.sandbox.contacts.get('102')?.properties.company).toBe('Globex Holdings');

    // Asked again with the new value, the agent's choice now goes through.
    const second = await resolve(company.id, { choice: 'chat' });
    expect(second.status).toBe('resolved');
    expect(proxy.sandbox.contacts.get('102')?.properties.company).toBe('Globex');
  });

  it('Keep CRM value is stale too when the CRM value changed', async () => {
    const { conflicts } = await syncJonas();
    const jobTitle = conflictOf(conflicts, 'jobTitle');
    proxy.sandbox.contacts.update('102', { jobtitle: 'VP Engineering' });
    const result = await resolve(jobTitle.id, { choice: 'crm' });
    expect(result.status).toBe('stale');
    expect(result.conflict).toMatchObject({ status: 'pending', crmValue: 'VP Engineering' });
  });

  it('is obsolete when HubSpot now holds the chat value itself: closed without a write', async () => {
    const { conflicts } = await syncJonas();
    const company = conflictOf(conflicts, 'company');
    proxy.sandbox.contacts.update('102', { company: 'Globex' });
    proxy.clearVendorCalls();

    const result = await resolve(company.id, { choice: 'crm' });
    expect(result.status).toBe('obsolete');
    expect(result.conflict.status).toBe('resolved');
    expect(proxy.vendorCalls().filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('answers a conflict that is no longer pending with its state, without calling HubSpot', async () => {
    const { conflicts } = await syncJonas();
    const company = conflictOf(conflicts, 'company');
    await resolve(company.id, { choice: 'crm' });
    proxy.clearVendorCalls();

    const again = await resolve(company.id, { choice: 'chat' });
    expect(again).toMatchObject({ status: 'resolved', written: [], conflict: { resolution: 'crm' } });
    expect(proxy.vendorCalls()).toEqual([]);
  });

  it('closes the conflicts of a contact HubSpot no longer has and says so', async () => {
    const { conflicts } = await syncJonas();
    proxy.sandbox.contacts.archive('102');
    const response = await proxy.post(`/v1/conflicts/${conflictOf(conflicts, 'company').id}/resolve`, {
      choice: 'chat',
    });
    expect(response.status).toBe(404);
    const { error } = await readAs(response, ErrorEnvelope);
    expect(error.message).toContain('no longer has record 102');
    const { conflicts: left } = await readAs(await proxy.get('/v1/conflicts?record=102'), ConflictList);
    expect(left).toEqual([]);
  });

  it('writes a split name when the chat name wins', async () => {
    const response = await proxy.post('/v1/sync', { customer: customer(1006) });
    const { conflicts } = await readAs(response, SyncResult);
    const name = conflictOf(conflicts, 'name');
    // Markup is data: stored and returned as the literal text.
    expect(name.chatValue).toBe('<img src=x onerror=alert(1)>');
    expect(conflictOf(conflicts, 'company')).toMatchObject({
      crmValue: '<img src=x onerror=alert(1)>',
      chatValue: 'Acme <b>Bold</b>',
    });
    const result = await resolve(name.id, { choice: 'chat' });
    expect(result.status).toBe('resolved');
    const contact = proxy.sandbox.contacts.get('106');
    expect([contact?.properties.firstname ?? '', contact?.properties.lastname].join(' ').trim()).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('records resolutions in the history', async () => {
    const { conflicts } = await syncJonas();
    await resolve(conflictOf(conflicts, 'company').id, { choice: 'chat', actor: { email: 'ana@support.example' } });
    await resolve(conflictOf(conflicts, 'jobTitle').id, { choice: 'crm' });
    const entries = await history();
    expect(entries.map((e) => [e.action, e.outcome, e.summary, e.actor])).toEqual([
      ['resolve', 'resolved', 'Kept HubSpot value for Job title', 'env'],
      ['resolve', 'resolved', 'Used chat value for Company', 'ana@support.example'],
      ['sync', 'conflicts', 'Queued Company and Job title', 'env'],
    ]);
  });
});

describe('POST /v1/conflicts/discard', () => {
  it('discards only the listed conflicts, keeps CRM values and remembers them', async () => {
    const { conflicts } = await syncJonas();
    const company = conflictOf(conflicts, 'company');
    proxy.clearVendorCalls();

    const response = await proxy.post('/v1/conflicts/discard', { ids: [company.id], actor: { name: 'Ana Agent' } });
    expect(response.status).toBe(200);
    const { discarded } = await readAs(response, DiscardResult);
    expect(discarded).toEqual([
      expect.objectContaining({ id: company.id, status: 'discarded', resolution: 'crm', resolvedBy: 'Ana Agent' }),
    ]);
    expect(proxy.vendorCalls()).toEqual([]);

    const { conflicts: left } = await readAs(await proxy.get('/v1/conflicts?record=102'), ConflictList);
    expect(left.map((c) => c.field)).toEqual(['jobTitle']);

    const again = await syncJonas();
    expect(again.conflicts.map((c) => c.field)).toEqual(['jobTitle']);

    const entries = await history();
    expect(entries[1]).toMatchObject({
      action: 'discard',
      outcome: 'discarded',
      summary: 'Discarded Company; kept HubSpot values',
    });
  });

  it('ignores ids that are unknown or already closed', async () => {
    const { conflicts } = await syncJonas();
    const ids = conflicts.map((c) => c.id);
    const first = await readAs(await proxy.post('/v1/conflicts/discard', { ids }), DiscardResult);
    expect(first.discarded).toHaveLength(2);
    const second = await readAs(
      await proxy.post('/v1/conflicts/discard', { ids: [...ids, '00000000-0000-4000-8000-000000000000'] }),
      DiscardResult,
    );
    expect(second.discarded).toEqual([]);
    // Both remembered: nothing is queued again.
    expect((await syncJonas()).outcome).toBe('no_changes');
  });
});
