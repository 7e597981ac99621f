import { describe, expect, it } from 'vitest';
import { createProxyClient, type FetchLike, ProxyError } from '../../../lib/api/index.ts';
import {
  API_KEY,
  customer,
  envelope,
  fakeProxy,
  health,
  json,
  lookupResult,
  networkError,
  PROXY_URL,
  resolveResult,
  syncResult,
} from './fixtures.ts';

const client = (fetch: FetchLike, extra: { timeoutMs?: number; baseUrl?: string; apiKey?: string } = {}) =>
  createProxyClient({
    baseUrl: extra.baseUrl ?? PROXY_URL,
    apiKey: extra.apiKey ?? API_KEY,
    fetch,
    retryDelayMs: () => 0,
    ...(extra.timeoutMs === undefined ? {} : { timeoutMs: extra.timeoutMs }),
  });

/** Runs `call` and returns the ProxyError it must reject with. */
async function failure(call: Promise<unknown>): Promise<ProxyError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(ProxyError);
    return error as ProxyError;
  }
  throw new Error('expected the call to fail');
}

describe('proxy client: requests', () => {
  it('GET /v1/health with the bearer key, parsed with the Health schema', async () => {
    const proxy = fakeProxy(() => json(health));
    await expect(client(proxy.fetch).health()).resolves.toEqual(health);
    expect(proxy.requests).toHaveLength(1);
    const [req] = proxy.requests;
    expect(req?.method).toBe('GET');
    expect(req?.url.href).toBe(`${PROXY_URL}/v1/health`);
    expect(req?.headers.get('authorization')).toBe(`Bearer ${API_KEY}`);
    expect(req?.headers.get('accept')).toBe('application/json');
  });

  it('keeps a path prefix and ignores trailing slashes in the base URL', async () => {
    const proxy = fakeProxy(() => json(health));
    await client(proxy.fetch, { baseUrl: 'https://proxy.example.com/crm/ ' }).health();
    expect(proxy.requests[0]?.url.href).toBe('https://proxy.example.com/crm/v1/health');
  });

  it('POST /v1/lookup sends the customer as JSON', async () => {
    const proxy = fakeProxy(() => json(lookupResult));
    await expect(client(proxy.fetch).lookup({ customer })).resolves.toEqual(lookupResult);
    const [req] = proxy.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url.pathname).toBe('/v1/lookup');
    expect(req?.headers.get('content-type')).toContain('application/json');
    expect(req?.body).toEqual({ customer });
  });

  it('POST /v1/sync carries the Idempotency-Key header', async () => {
    const proxy = fakeProxy(() => json(syncResult));
    await client(proxy.fetch).sync({ customer }, 'key-00000001');
    expect(proxy.requests[0]?.url.pathname).toBe('/v1/sync');
    expect(proxy.requests[0]?.headers.get('idempotency-key')).toBe('key-00000001');
  });

  it('resolve and discard hit their paths with the key; conflicts and history encode their query', async () => {
    const proxy = fakeProxy((req) => {
      if (req.url.pathname.endsWith('/resolve')) return json(resolveResult);
      if (req.url.pathname === '/v1/conflicts/discard') return json({ discarded: [] });
      if (req.url.pathname === '/v1/conflicts') return json({ conflicts: [] });
      return json({ entries: [] });
    });
    const c = client(proxy.fetch);
    await c.resolve('0b7c6a56-2a1e-4d8e-9b6e-1f3c1d2a4b01', { choice: 'chat' }, 'key-resolve-1');
    await c.discard({ ids: ['0b7c6a56-2a1e-4d8e-9b6e-1f3c1d2a4b01'] }, 'key-discard-1');
    await c.conflicts('102');
    await c.history('zendesk:demo:9003', 10);
    const [resolve, discard, conflicts, history] = proxy.requests;
    expect(resolve?.url.pathname).toBe('/v1/conflicts/0b7c6a56-2a1e-4d8e-9b6e-1f3c1d2a4b01/resolve');
    expect(resolve?.body).toEqual({ choice: 'chat' });
    expect(resolve?.headers.get('idempotency-key')).toBe('key-resolve-1');
    expect(discard?.headers.get('idempotency-key')).toBe('key-discard-1');
    expect(conflicts?.url.searchParams.get('record')).toBe('102');
    expect(history?.url.searchParams.get('customer')).toBe('zendesk:demo:9003');
    expect(history?.url.searchParams.get('limit')).toBe('10');
  });
});

describe('proxy client: failures', () => {
  it('network error: retried, then proxy_unreachable naming the URL', async () => {
    const proxy = fakeProxy(() => {
      throw networkError();
    });
    const error = await failure(client(proxy.fetch).health());
    expect(error.code).toBe('proxy_unreachable');
    expect(error.message).toBe(`Can't reach the sync proxy at ${PROXY_URL}.`);
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    expect(proxy.requests).toHaveLength(3); // first attempt + 2 retries
  });

  it('a POST retried after a network error reuses its Idempotency-Key and succeeds', async () => {
    const proxy = fakeProxy((_req, i) => {
      if (i === 0) throw networkError();
      return json(syncResult);
    });
    await expect(client(proxy.fetch).sync({ customer }, 'key-retry-0001')).resolves.toEqual(syncResult);
    expect(proxy.requests.map((r) => r.headers.get('idempotency-key'))).toEqual(['key-retry-0001', 'key-retry-0001']);
    expect(proxy.requests[1]?.body).toEqual({ customer });
  });

  it('timeout: proxy_unreachable, not retried (the outbox retries later with the same key)', async () => {
    const proxy = fakeProxy(() => new Promise<Response>(() => {}));
    const error = await failure(client(proxy.fetch, { timeoutMs: 30 }).sync({ customer }, 'key-timeout-1'));
    expect(error.code).toBe('proxy_unreachable');
    expect(error.message).toBe(`Can't reach the sync proxy at ${PROXY_URL}.`);
    expect(error.details).toMatchObject({ cause: 'timeout', timeoutMs: 30 });
    expect(proxy.requests).toHaveLength(1);
  });

  it('401: unauthorized with the agreed sentence, not retried', async () => {
    const proxy = fakeProxy(() => envelope(401, 'unauthorized', 'Missing or invalid API key'));
    const error = await failure(client(proxy.fetch).health());
    expect(error).toMatchObject({
      code: 'unauthorized',
      message: 'The sync proxy rejected the API key.',
      status: 401,
      retryable: false,
    });
    expect(proxy.requests).toHaveLength(1);
  });

  it('400: the envelope code and message are passed through, not retried', async () => {
    const proxy = fakeProxy(() =>
      envelope(400, 'validation_failed', 'customer.email: Email is longer than 254 characters', {
        issues: [{ path: 'customer.email', message: 'too long' }],
      }),
    );
    const error = await failure(client(proxy.fetch).sync({ customer }, 'key-400-00001'));
    expect(error).toMatchObject({
      code: 'validation_failed',
      message: 'customer.email: Email is longer than 254 characters',
      status: 400,
      retryable: false,
      details: { issues: [{ path: 'customer.email', message: 'too long' }] },
    });
    expect(proxy.requests).toHaveLength(1);
  });

  it("502 crm_error: the vendor's reason is kept, retryable later but not retried inline", async () => {
    const proxy = fakeProxy(() => envelope(502, 'crm_error', 'HubSpot said: Property values were not valid'));
    const error = await failure(client(proxy.fetch).sync({ customer }, 'key-502-00001'));
    expect(error).toMatchObject({
      code: 'crm_error',
      message: 'HubSpot said: Property values were not valid',
      status: 502,
      retryable: true,
    });
    expect(proxy.requests).toHaveLength(1);
  });

  it('502 crm_auth_failed is not retryable (a person must fix the CRM credentials)', async () => {
    const proxy = fakeProxy(() => envelope(502, 'crm_auth_failed', 'HubSpot rejected the access token.'));
    const error = await failure(client(proxy.fetch).lookup({ customer }));
    expect(error).toMatchObject({ code: 'crm_auth_failed', retryable: false });
  });

  it('503 is retried inline, then reported with its envelope', async () => {
    const proxy = fakeProxy(() => envelope(503, 'crm_unavailable', "Can't reach HubSpot."));
    const error = await failure(client(proxy.fetch).lookup({ customer }));
    expect(error).toMatchObject({ code: 'crm_unavailable', message: "Can't reach HubSpot.", retryable: true });
    expect(proxy.requests).toHaveLength(3);
  });

  it('429 with Retry-After is retried and may then succeed', async () => {
    const proxy = fakeProxy((_req, i) =>
      i === 0
        ? json({ error: { code: 'crm_rate_limited', message: 'HubSpot is rate limiting.' } }, 429, {
            'retry-after': '0',
          })
        : json(lookupResult),
    );
    await expect(client(proxy.fetch).lookup({ customer })).resolves.toEqual(lookupResult);
    expect(proxy.requests).toHaveLength(2);
  });

  it('a 2xx body that does not fit the contract is invalid_response with the issues', async () => {
    const proxy = fakeProxy(() => json({ ...health, crm: { provider: 'hubspot' } }));
    const error = await failure(client(proxy.fetch).health());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain(
      `The sync proxy at ${PROXY_URL} sent a response the CRM sidebar does not understand.`,
    );
    expect(error.retryable).toBe(false);
    expect(error.details?.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'crm.label' })]));
  });

  it('a 2xx body that is not JSON is invalid_response', async () => {
    const proxy = fakeProxy(() => new Response('<html>hello</html>', { headers: { 'content-type': 'text/html' } }));
    const error = await failure(client(proxy.fetch).health());
    expect(error.code).toBe('invalid_response');
    expect(error.details).toMatchObject({ cause: 'body is not JSON' });
  });

  it('a non-2xx body that is not the envelope is invalid_response with the status', async () => {
    const proxy = fakeProxy(
      () => new Response('<h1>Not Found</h1>', { status: 404, headers: { 'content-type': 'text/html' } }),
    );
    const error = await failure(client(proxy.fetch).health());
    expect(error).toMatchObject({ code: 'invalid_response', status: 404, retryable: false });
    expect(error.message).toBe(
      `The sync proxy at ${PROXY_URL} answered HTTP 404 with a body the CRM sidebar does not understand.`,
    );
  });

  it('a gateway 502 without the envelope means the proxy behind it is down', async () => {
    const proxy = fakeProxy(
      () => new Response('Bad Gateway', { status: 502, headers: { 'content-type': 'text/plain' } }),
    );
    const error = await failure(client(proxy.fetch).health());
    expect(error).toMatchObject({ code: 'proxy_unreachable', status: 502, retryable: true });
  });

  it('an invalid base URL fails without any request', async () => {
    const proxy = fakeProxy(() => json(health));
    const error = await failure(client(proxy.fetch, { baseUrl: 'localhost:8787' }).health());
    expect(error.code).toBe('not_configured');
    expect(proxy.requests).toHaveLength(0);
  });

  it('toReplyError gives the reply shape of the protocol', async () => {
    const proxy = fakeProxy(() => envelope(401, 'unauthorized', 'nope'));
    const error = await failure(client(proxy.fetch).health());
    expect(error.toReplyError()).toEqual({
      code: 'unauthorized',
      message: 'The sync proxy rejected the API key.',
      retryable: false,
    });
  });
});
