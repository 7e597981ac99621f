/**
 * Idempotency-Key: a retried sync never runs (or creates) twice; a reused key for another request
 * and a concurrent duplicate are refused with 409; a failed request can be retried with its key.
 */
import { describe, expect, it } from 'vitest';
import { ErrorEnvelope, ResolveResult, SyncResult } from '../../lib/contracts/index.ts';
import { hashApiKey } from '../../proxy/auth.ts';
import type { FetchLike } from '../../proxy/crm/types.ts';
import { apiKeys, idempotencyKeys } from '../../proxy/db/schema.ts';
import { customer } from './support/customers.ts';
import { readAs, useProxy } from './support/harness.ts';

const proxy = useProxy();
const KEY = '4d0f6a52-4b8e-4c1e-9a57-2f0b8f7c1e11';
const creates = () => proxy.vendorCalls().filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts');

describe('Idempotency-Key', () => {
  it('replays the stored response for the same key and body, without syncing again', async () => {
    const first = await proxy.post('/v1/sync', { customer: customer(1001) }, { headers: { 'Idempotency-Key': KEY } });
    expect(first.status).toBe(200);
    const firstBody = await readAs(first, SyncResult);
    expect(firstBody.outcome).toBe('created');
    const callsAfterFirst = proxy.vendorCalls().length;

    // Same body with keys in another order: still the same request.
    const { name, email, ...rest } = customer(1001);
    const retry = await proxy.post(
      '/v1/sync',
      { customer: { email, ...rest, name } },
      { headers: { 'Idempotency-Key': KEY } },
    );
    expect(retry.status).toBe(200);
    expect(retry.headers.get('Idempotency-Replayed')).toBe('true');
    expect(await readAs(retry, SyncResult)).toEqual(firstBody);
    expect(proxy.vendorCalls()).toHaveLength(callsAfterFirst);
    expect(creates()).toHaveLength(1);
    expect(proxy.sandbox.contacts.list().filter((c) => c.properties.email === 'mj.watson@example.com')).toHaveLength(1);
  });

  it('refuses the same key for a different body with 409 idempotency_conflict', async () => {
    await proxy.post('/v1/sync', { customer: customer(1001) }, { headers: { 'Idempotency-Key': KEY } });
    const other = await proxy.post('/v1/sync', { customer: customer(1002) }, { headers: { 'Idempotency-Key': KEY } });
    expect(other.status).toBe(409);
    const { error } = await readAs(other, ErrorEnvelope);
    expect(error.code).toBe('idempotency_conflict');
    expect(error.message).toContain('different request');
    // Syncing 1002 never happened.
    expect(proxy.vendorCalls().filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('refuses a concurrent duplicate while the first is still running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    await proxy.rebuild({
      wrapFetch:
        (fetch): FetchLike =>
        async (request) => {
          if (new URL(request.url).pathname.endsWith('/contacts/search')) {
            entered();
            await gate;
          }
          return fetch(request);
        },
    });

    const first = proxy.post('/v1/sync', { customer: customer(1001) }, { headers: { 'Idempotency-Key': KEY } });
    await inside;
    const second = await proxy.post('/v1/sync', { customer: customer(1001) }, { headers: { 'Idempotency-Key': KEY } });
    expect(second.status).toBe(409);
    expect((await readAs(second, ErrorEnvelope)).error.details).toMatchObject({ reason: 'in_flight' });
    expect(second.headers.get('Retry-After')).toBe('1');
    release();
    expect((await first).status).toBe(200);
    expect(creates()).toHaveLength(1);
  });

  it('releases the key when the request fails, so the retry runs', async () => {
    await proxy.rebuild({ sandbox: { rateLimit: { limit: 1, windowMs: 10_000 } } });
    const failed = await proxy.post('/v1/sync', { customer: customer(1002) }, { headers: { 'Idempotency-Key': KEY } });
    expect(failed.status).toBe(429);
    expect(await proxy.db.db.select().from(idempotencyKeys)).toEqual([]);

    proxy.sandbox.setRateLimit(null);
    const retry = await proxy.post('/v1/sync', { customer: customer(1002) }, { headers: { 'Idempotency-Key': KEY } });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('Idempotency-Replayed')).toBeNull();
    expect((await readAs(retry, SyncResult)).outcome).toBe('updated');
  });

  it('keeps keys per API key: another key may use the same Idempotency-Key', async () => {
    await proxy.post('/v1/sync', { customer: customer(1001) }, { headers: { 'Idempotency-Key': KEY } });
    await proxy.db.db.insert(apiKeys).values({ label: 'team b', keyHash: hashApiKey('team-b-api-key-123') });
    proxy.proxy.keys.invalidate();

    const other = await proxy.post(
      '/v1/sync',
      { customer: customer(1002) },
      { key: 'team-b-api-key-123', headers: { 'Idempotency-Key': KEY } },
    );
    expect(other.status).toBe(200);
    expect((await readAs(other, SyncResult)).outcome).toBe('updated');
    const rows = await proxy.db.db.select().from(idempotencyKeys);
    expect(rows.map((r) => [r.key, r.status, r.responseStatus])).toEqual([
      [KEY, 'done', 200],
      [KEY, 'done', 200],
    ]);
  });

  it('rejects a malformed key', async () => {
    const response = await proxy.post(
      '/v1/sync',
      { customer: customer(1001) },
      { headers: { 'Idempotency-Key': 'short' } },
    );
    expect(response.status).toBe(400);
    expect((await readAs(response, ErrorEnvelope)).error.code).toBe('validation_failed');
    expect(proxy.vendorCalls()).toEqual([]);
  });

  it('makes a retried resolution harmless', async () => {
    const synced = await readAs(await proxy.post('/v1/sync', { customer: customer(1003) }), SyncResult);
    const id = synced.conflicts[0]!.id;
    const headers = { 'Idempotency-Key': 'resolve-6b1f2c9e' };
    const first = await readAs(
      await proxy.post(`/v1/conflicts/${id}/resolve`, { choice: 'chat' }, { headers }),
      ResolveResult,
    );
    const patches = proxy.vendorCalls().filter((r) => r.method === 'PATCH').length;
    const again = await proxy.post(`/v1/conflicts/${id}/resolve`, { choice: 'chat' }, { headers });
    expect(again.headers.get('Idempotency-Replayed')).toBe('true');
    expect(await readAs(again, ResolveResult)).toEqual(first);
    expect(proxy.vendorCalls().filter((r) => r.method === 'PATCH')).toHaveLength(patches);
  });
});
