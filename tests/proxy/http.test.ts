/**
 * The HTTP surface of the proxy: API-key auth, CORS for extension origins only, and one error
 * envelope for every failure — never a 5xx for bad input.
 */
import { timingSafeEqual } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ERROR_STATUS, ErrorEnvelope, Health } from '../../lib/contracts/index.ts';
import { createKeyVerifier, hashApiKey, upsertEnvApiKey } from '../../proxy/auth.ts';
import { apiKeys } from '../../proxy/db/schema.ts';
import { customer } from './support/customers.ts';
import { testDatabaseKind } from './support/db.ts';
import { EXTENSION_ORIGIN, readAs, TEST_API_KEY, useProxy } from './support/harness.ts';

// Count constant-time comparisons (calls go through to the real function).
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const proxy = useProxy();

const expectError = async (response: Response, status: number, code: string) => {
  const body = await readAs(response, ErrorEnvelope);
  expect({ status: response.status, code: body.error.code }, body.error.message).toEqual({ status, code });
  expect(ERROR_STATUS[body.error.code as keyof typeof ERROR_STATUS]).toBe(status);
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error;
};

describe('authentication', () => {
  it('answers /v1/health with the right key', async () => {
    const response = await proxy.get('/v1/health');
    expect(response.status).toBe(200);
    expect(await readAs(response, Health)).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      crm: { provider: 'hubspot', label: 'HubSpot', sandbox: true },
      database: testDatabaseKind(),
    });
  });

  it('refuses a request without a key with 401 and the envelope', async () => {
    const response = await proxy.get('/v1/health', { key: null });
    const error = await expectError(response, 401, 'unauthorized');
    expect(error.message).toContain('Authorization: Bearer');
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a wrong key, a key of another scheme and a revoked key', async () => {
    await expectError(await proxy.get('/v1/health', { key: 'wrong-key-123456' }), 401, 'unauthorized');
    await expectError(
      await proxy.get('/v1/health', { key: null, headers: { Authorization: `Basic ${TEST_API_KEY}` } }),
      401,
      'unauthorized',
    );
    await expectError(
      await proxy.post('/v1/sync', { customer: customer(1002) }, { key: 'nope-nope-nope' }),
      401,
      'unauthorized',
    );
    // No CRM call was made for the refused sync.
    expect(proxy.vendorCalls()).toEqual([]);

    // Rotating PROXY_API_KEY revokes the previous env key.
    await upsertEnvApiKey(proxy.db.db, 'the-next-api-key-0001');
    proxy.proxy.keys.invalidate();
    await expectError(await proxy.get('/v1/health'), 401, 'unauthorized');
    expect((await proxy.get('/v1/health', { key: 'the-next-api-key-0001' })).status).toBe(200);
  });

  it('stores only hashes and compares them in constant time, checking every key', async () => {
    const rows = await proxy.db.db.select().from(apiKeys);
    expect(rows).toEqual([
      expect.objectContaining({ label: 'env', keyHash: hashApiKey(TEST_API_KEY), revokedAt: null }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(TEST_API_KEY);

    await proxy.db.db.insert(apiKeys).values({ label: 'second', keyHash: hashApiKey('second-key-abcdef') });
    const spy = vi.mocked(timingSafeEqual);
    spy.mockClear();
    {
      const verifier = createKeyVerifier(proxy.db.db);
      expect(await verifier.verify(TEST_API_KEY)).toMatchObject({ label: 'env' });
      // Both active keys were compared, though the first already matched.
      expect(spy).toHaveBeenCalledTimes(2);
      spy.mockClear();
      expect(await verifier.verify('unknown-key-xyz')).toBeNull();
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(await verifier.verify('second-key-abcdef')).toMatchObject({ label: 'second' });
    }
  });
});

describe('CORS', () => {
  it('answers a preflight from an extension origin with the allowed headers', async () => {
    const response = await proxy.request('OPTIONS', '/v1/sync', {
      key: null,
      headers: {
        Origin: EXTENSION_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(EXTENSION_ORIGIN);
    const allowed = (response.headers.get('Access-Control-Allow-Headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'idempotency-key']) expect(allowed).toContain(header);
    expect(response.headers.get('Access-Control-Allow-Methods')).toContain('POST');
  });

  it('allows Firefox and Safari extension origins too, and exposes headers on real responses', async () => {
    for (const origin of [
      'moz-extension://1b2c3d4e-aaaa-bbbb-cccc-0123456789ab',
      'safari-web-extension://ABCDEF01-2345',
    ]) {
      const response = await proxy.get('/v1/health', { headers: { Origin: origin } });
      expect(response.status).toBe(200);
      expect(response.headers.get('Access-Control-Allow-Origin')).toBe(origin);
    }
    // Even an error response carries the CORS headers, so the extension can read the envelope.
    const refused = await proxy.get('/v1/health', { key: null, headers: { Origin: EXTENSION_ORIGIN } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBe(EXTENSION_ORIGIN);
  });

  it('gives a web origin no CORS permission', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'chrome-extension://bad/../x']) {
      const preflight = await proxy.request('OPTIONS', '/v1/sync', {
        key: null,
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
      const response = await proxy.get('/v1/health', { headers: { Origin: origin } });
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    }
  });
});

describe('bad input is a 4xx with the envelope, never a 5xx', () => {
  it('rejects a body that is not JSON', async () => {
    const error = await expectError(await proxy.post('/v1/sync', '{"customer": '), 400, 'bad_request');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('rejects a wrong or missing content type', async () => {
    const wrong = await proxy.post('/v1/sync', JSON.stringify({ customer: customer(1002) }), {
      headers: { 'Content-Type': 'text/plain' },
    });
    expect((await expectError(wrong, 400, 'bad_request')).message).toContain('application/json');
    const form = await proxy.post('/v1/lookup', 'customer=1', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    await expectError(form, 400, 'bad_request');
  });

  it('rejects an empty body', async () => {
    await expectError(await proxy.post('/v1/lookup', ''), 400, 'bad_request');
  });

  it('lists every schema problem with its path', async () => {
    const response = await proxy.post('/v1/sync', {
      customer: { helpdesk: 'myspace', account: '', id: 'x', email: 'a'.repeat(300) },
    });
    const error = await expectError(response, 400, 'validation_failed');
    const issues = error.details?.issues as Array<{ path: string; message: string }>;
    expect(issues.map((i) => i.path).sort()).toEqual(['customer.account', 'customer.email', 'customer.helpdesk']);
    expect(issues.find((i) => i.path === 'customer.email')?.message).toContain('Email is longer than 254 characters');
  });

  it('rejects JSON of the wrong shape entirely', async () => {
    for (const body of ['[]', 'null', '"text"', '{"customer": 5}']) {
      await expectError(await proxy.post('/v1/lookup', body), 400, 'validation_failed');
    }
  });

  it('rejects bad query strings and path parameters', async () => {
    await expectError(await proxy.get('/v1/conflicts'), 400, 'validation_failed');
    await expectError(await proxy.get('/v1/history?customer=x&limit=0'), 400, 'validation_failed');
    await expectError(await proxy.get('/v1/history?customer=x&limit=lots'), 400, 'validation_failed');
    await expectError(
      await proxy.post('/v1/conflicts/not-a-uuid/resolve', { choice: 'chat' }),
      400,
      'validation_failed',
    );
    await expectError(
      await proxy.post('/v1/conflicts/6f1c0f7e-1f7a-4a43-9f55-3f3f0f6f2a11/resolve', { choice: 'maybe' }),
      400,
      'validation_failed',
    );
    await expectError(await proxy.post('/v1/conflicts/discard', { ids: [] }), 400, 'validation_failed');
  });

  it('answers unknown routes and unknown conflicts with 404', async () => {
    await expectError(await proxy.get('/v1/nothing-here'), 404, 'not_found');
    await expectError(await proxy.get('/nowhere', { key: null }), 404, 'not_found');
    await expectError(await proxy.request('DELETE', '/v1/sync'), 404, 'not_found');
    await expectError(
      await proxy.post('/v1/conflicts/6f1c0f7e-1f7a-4a43-9f55-3f3f0f6f2a11/resolve', { choice: 'chat' }),
      404,
      'not_found',
    );
  });

  it('refuses a body over the size limit with 413 and the envelope', async () => {
    const huge = JSON.stringify({ customer: { ...customer(1002), notes: 'x'.repeat(300 * 1024) } });
    const error = await expectError(await proxy.post('/v1/sync', huge), 413, 'payload_too_large');
    expect(error.details).toMatchObject({ maxBytes: expect.any(Number) });
    expect(proxy.vendorCalls()).toEqual([]);
  });

  it('puts a request id on every response', async () => {
    const response = await proxy.get('/v1/health');
    expect(response.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('CRM failures keep the vendor reason', () => {
  it('maps HubSpot throttling to 429 with Retry-After and details.retryAfterSeconds', async () => {
    await proxy.rebuild({ sandbox: { rateLimit: { limit: 1, windowMs: 10_000 } } });
    const response = await proxy.post('/v1/sync', { customer: customer(1002) });
    const error = await expectError(response, 429, 'crm_rate_limited');
    expect(error.message).toMatch(/^HubSpot said: /);
    const seconds = error.details?.retryAfterSeconds;
    expect(seconds).toEqual(expect.any(Number));
    expect(response.headers.get('Retry-After')).toBe(String(seconds));
    expect(error.details).toMatchObject({ provider: 'hubspot' });
  });

  it('maps a token HubSpot rejects to crm_auth_failed', async () => {
    await proxy.rebuild({ accessToken: 'expired-token' });
    const error = await expectError(
      await proxy.post('/v1/lookup', { customer: customer(1002) }),
      502,
      'crm_auth_failed',
    );
    expect(error.message).toMatch(/^HubSpot said: /);
  });

  it('maps a property HubSpot refuses to crm_validation with the field, and reads the field list again', async () => {
    // The cached field list is stale: it still lists `notes`, which the portal does not have.
    let describeCalls = 0;
    await proxy.rebuild({
      wrapProvider: (provider) => ({
        ...provider,
        describeFields: async () => {
          describeCalls++;
          const fields = await provider.describeFields();
          return describeCalls === 1
            ? [...fields, { name: 'notes', label: 'Notes', type: 'text' as const, writable: true }]
            : fields;
        },
      }),
    });
    const response = await proxy.post('/v1/sync', { customer: customer(1002) });
    const error = await expectError(response, 422, 'crm_validation');
    expect(error.message).toMatch(/^HubSpot said: .*notes/);
    expect(error.details).toMatchObject({ provider: 'hubspot', field: 'notes' });

    // The failure is in the history, and the next sync uses a fresh field list and succeeds.
    const retry = await proxy.post('/v1/sync', { customer: customer(1002) });
    expect(retry.status).toBe(200);
    expect(describeCalls).toBe(2);
    const history = await (await proxy.get('/v1/history?customer=zendesk:demo:10002')).json();
    expect(history.entries.map((e: { outcome: string }) => e.outcome)).toEqual(['updated', 'error']);
    expect(history.entries[1].summary).toMatch(/^Sync failed: HubSpot said: /);
  });

  it('maps an unreachable CRM to crm_unavailable', async () => {
    await proxy.rebuild({
      wrapFetch: () => async () => {
        throw new TypeError('fetch failed');
      },
    });
    const error = await expectError(
      await proxy.post('/v1/lookup', { customer: customer(1002) }),
      503,
      'crm_unavailable',
    );
    expect(error.message).toContain('HubSpot');
  });
});

describe('sandbox mount', () => {
  it('serves the sandbox record page behind "Open in HubSpot" links', async () => {
    const response = await proxy.get('/sandbox/hubspot/app/contacts/24681357/record/0-1/101', { key: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/html');
    expect(await response.text()).toContain('Priya');
  });
});
