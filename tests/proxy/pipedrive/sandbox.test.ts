/**
 * The Pipedrive sandbox speaking Pipedrive's API v2 directly (raw requests through sandbox.fetch): the
 * shapes, status codes and error bodies the provider relies on, list semantics, search, cursor
 * pagination, the rate limit headers, the person page and the vendor-neutral testing hooks.
 */
import { describe, expect, it } from 'vitest';
import {
  createPipedriveSandbox,
  type PipedriveSandbox,
  type PipedriveSandboxOptions,
  SANDBOX_PIPEDRIVE_TOKEN,
  TIER_FIELD_KEY,
} from '../../../proxy/sandbox/pipedrive/index.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const BASE = 'http://127.0.0.1:8787/sandbox/pipedrive';
const AUTH = { 'x-api-token': SANDBOX_PIPEDRIVE_TOKEN };

function sandboxFor(options: PipedriveSandboxOptions = {}): PipedriveSandbox {
  return createPipedriveSandbox({ clock: () => NOW, rateLimit: false, ...options }) as PipedriveSandbox;
}

/** Calls the sandbox like a client of Pipedrive's API; answers status, headers and parsed body. */
async function call(
  sandbox: PipedriveSandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = AUTH,
) {
  const response = await sandbox.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** The `data` of a successful answer. */
function data<T = Record<string, unknown>>(answer: { body: Record<string, unknown> | null }): T {
  return answer.body!.data as T;
}

describe('Pipedrive sandbox: authentication and the request log', () => {
  it('answers 401 without the token or with a wrong one, and takes api_token in the query too', async () => {
    const sandbox = sandboxFor();
    expect(await call(sandbox, 'GET', '/api/v2/persons/1', undefined, {})).toMatchObject({
      status: 401,
      body: { success: false, error: 'unauthorized access', errorCode: 401 },
    });
    expect((await call(sandbox, 'GET', '/api/v2/persons/1', undefined, { 'x-api-token': 'nope' })).status).toBe(401);
    expect(
      (await call(sandbox, 'GET', `/api/v2/persons/1?api_token=${SANDBOX_PIPEDRIVE_TOKEN}`, undefined, {})).status,
    ).toBe(200);
    expect(sandbox.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/api/v2/persons/1', 401],
      ['GET', '/api/v2/persons/1', 401],
      ['GET', '/api/v2/persons/1', 200],
    ]);
  });
});

describe('Pipedrive sandbox: persons', () => {
  it('answers the v2 person object: lists, plain ids, RFC 3339 times, custom_fields, contact-sync fields', async () => {
    const sandbox = sandboxFor();
    const person = data(await call(sandbox, 'GET', '/api/v2/persons/2'));
    expect(person).toMatchObject({
      id: 2,
      name: 'Jonas Berg',
      first_name: 'Jonas',
      last_name: 'Berg',
      org_id: 1,
      add_time: '2026-10-01T09:00:00Z',
      update_time: '2026-10-03T11:20:00Z',
      emails: [{ value: 'jonas.berg@example.com', primary: true, label: 'work' }],
      phones: [{ value: '+1 212 555 0199', primary: true, label: 'work' }],
      is_deleted: false,
      job_title: 'CTO',
      postal_address: { value: 'New York', locality: 'New York' },
      custom_fields: { [TIER_FIELD_KEY]: null },
    });
    const plain = data(await call(sandboxFor({ contactSync: false }), 'GET', '/api/v2/persons/2'));
    expect(plain).not.toHaveProperty('job_title');
  });

  it('answers 404 for a missing or deleted person and 400 for an id that is not a number', async () => {
    const sandbox = sandboxFor();
    expect(await call(sandbox, 'GET', '/api/v2/persons/999')).toMatchObject({
      status: 404,
      body: { success: false, error: 'Person not found' },
    });
    expect((await call(sandbox, 'DELETE', '/api/v2/persons/1')).status).toBe(200);
    expect((await call(sandbox, 'GET', '/api/v2/persons/1')).status).toBe(404);
    expect(await call(sandbox, 'GET', '/api/v2/persons/abc')).toMatchObject({
      status: 400,
      body: { code: 'ERR_SCHEMA_VALIDATION_FAILED' },
    });
  });

  it('creates with name split into first/last, the first list entry primary, label work by default', async () => {
    const sandbox = sandboxFor();
    const created = await call(sandbox, 'POST', '/api/v2/persons', {
      name: 'Mary Jane Watson',
      emails: [{ value: 'mj@example.com' }, { value: 'mary@bugle.example', label: 'home' }],
    });
    expect(created.status).toBe(200);
    expect(data(created)).toMatchObject({
      id: 8,
      first_name: 'Mary',
      last_name: 'Jane Watson',
      emails: [
        { value: 'mj@example.com', primary: true, label: 'work' },
        { value: 'mary@bugle.example', primary: false, label: 'home' },
      ],
      phones: [],
      update_time: '2026-11-02T12:00:00Z',
    });
    const joined = await call(sandbox, 'POST', '/api/v2/persons', { first_name: 'Sam', last_name: 'Lee' });
    expect(data(joined)).toMatchObject({ name: 'Sam Lee' });
  });

  it('validates strictly as v2 does', async () => {
    const sandbox = sandboxFor();
    const refuse = async (method: string, path: string, body: unknown, error: RegExp, status = 400) => {
      const answer = await call(sandbox, method, path, body);
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({
        success: false,
        error_info: expect.stringContaining('developers.pipedrive.com'),
      });
      expect(String(answer.body!.error)).toMatch(error);
    };
    await refuse(
      'POST',
      '/api/v2/persons',
      { emails: [{ value: 'x@example.com' }] },
      /name: either name or first_name and last_name/,
    );
    await refuse(
      'POST',
      '/api/v2/persons',
      { name: 'X', email: 'x@example.com' },
      /email: parameter "email" is not allowed/,
    );
    await refuse('PATCH', '/api/v2/persons/1', { org_id: '1' }, /org_id: must be integer/);
    await refuse('PATCH', '/api/v2/persons/1', { org_id: 99 }, /org_id: must be the id of an existing organization/);
    await refuse(
      'PATCH',
      '/api/v2/persons/1',
      {
        emails: [
          { value: 'a@x.com', primary: true },
          { value: 'b@x.com', primary: true },
        ],
      },
      /only one entry can be primary/,
    );
    await refuse('PATCH', '/api/v2/persons/1', { emails: [{ value: '' }] }, /emails\/0\/value/);
    await refuse(
      'PATCH',
      '/api/v2/persons/1',
      { first_name: 'Only' },
      /last_name: first_name and last_name must be given together/,
    );
    await refuse(
      'PATCH',
      '/api/v2/persons/1',
      { custom_fields: { [TIER_FIELD_KEY]: 99 } },
      /custom_fields\.5d1c.*: must be the id of one of the field's options/,
    );
    await refuse('PATCH', '/api/v2/persons/999', { name: 'Ghost' }, /Person not found/, 404);
    await refuse('PATCH', '/api/v2/persons/1', '{"name":', /body: must be valid JSON/);
    const noSync = sandboxFor({ contactSync: false });
    const forbidden = await call(noSync, 'PATCH', '/api/v2/persons/1', { job_title: 'CTO' });
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'ERR_CONTACT_SYNC_REQUIRED' } });
  });

  it('replaces a whole list on PATCH and moves update_time only when something changed', async () => {
    let now = NOW;
    const sandbox = sandboxFor({ clock: () => now });
    now = new Date('2026-11-05T10:00:00.000Z');
    await call(sandbox, 'PATCH', '/api/v2/persons/7', { name: 'Olivia Stone' });
    expect(sandbox.store.person(7)?.update_time).toBe('2026-10-08T12:00:00.000Z');
    const changed = await call(sandbox, 'PATCH', '/api/v2/persons/7', {
      phones: [{ value: '+1 415 555 0199', label: 'mobile' }],
    });
    expect(data(changed)).toMatchObject({
      phones: [{ value: '+1 415 555 0199', primary: true, label: 'mobile' }],
      update_time: '2026-11-05T10:00:00Z',
    });
  });

  it('allows duplicate persons: the same email twice is two persons', async () => {
    const sandbox = sandboxFor();
    const again = await call(sandbox, 'POST', '/api/v2/persons', {
      name: 'Priya Patel',
      emails: [{ value: 'priya.patel@example.com' }],
    });
    expect(again.status).toBe(200);
    expect(sandbox.store.persons()).toHaveLength(8);
  });
});

describe('Pipedrive sandbox: listing and search', () => {
  it('lists by ids (≤ 100), by updated_since sorted, and pages with a cursor', async () => {
    const sandbox = sandboxFor();
    const some = data<{ id: number }[]>(await call(sandbox, 'GET', '/api/v2/persons?ids=7,2,999'));
    expect(some.map((p) => p.id)).toEqual([2, 7]);
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await call(sandbox, 'GET', `/api/v2/persons?ids=${tooMany}`)).status).toBe(400);

    const recent = await call(
      sandbox,
      'GET',
      '/api/v2/persons?updated_since=2026-10-06T00:00:00Z&sort_by=update_time&sort_direction=desc',
    );
    expect(data<{ id: number }[]>(recent).map((p) => p.id)).toEqual([7, 5, 6]);
    expect((await call(sandbox, 'GET', '/api/v2/persons?updated_since=yesterday')).status).toBe(400);

    const first = await call(sandbox, 'GET', '/api/v2/persons?limit=3');
    const cursor = (first.body!.additional_data as { next_cursor: string }).next_cursor;
    expect(data<{ id: number }[]>(first).map((p) => p.id)).toEqual([1, 2, 3]);
    const second = await call(sandbox, 'GET', `/api/v2/persons?limit=3&cursor=${cursor}`);
    expect(data<{ id: number }[]>(second).map((p) => p.id)).toEqual([4, 5, 6]);
    expect((await call(sandbox, 'GET', '/api/v2/persons?cursor=garbage')).status).toBe(400);
  });

  it('searches exact whole values case-insensitively, or substrings of 2+ characters, and leaves hidden persons out', async () => {
    const sandbox = sandboxFor();
    const search = (query: string) => call(sandbox, 'GET', `/api/v2/persons/search?${query}`);
    const exact = await search('term=JONAS.BERG%40example.com&fields=email&exact_match=true');
    expect(data(exact)).toEqual({
      items: [
        {
          result_score: 1,
          item: {
            id: 2,
            type: 'person',
            name: 'Jonas Berg',
            phones: ['+1 212 555 0199'],
            emails: ['jonas.berg@example.com'],
            visible_to: 3,
            owner: { id: 13_579_246 },
            organization: { id: 1, name: 'Globex Corporation', address: null },
            custom_fields: [],
            notes: [],
          },
        },
      ],
    });
    expect(data<{ items: unknown[] }>(await search('term=jonas.berg&fields=email&exact_match=true')).items).toEqual([]);
    expect(data<{ items: unknown[] }>(await search('term=jonas.berg&fields=email')).items).toHaveLength(1);
    expect(
      data<{ items: { item: { id: number } }[] }>(await search('term=555%200177&fields=phone')).items.map(
        (i) => i.item.id,
      ),
    ).toEqual([4, 5]);
    expect((await search('term=j&fields=name')).status).toBe(400);
    expect((await search('fields=name')).status).toBe(400);
    expect((await search('term=jonas&fields=title')).status).toBe(400);

    sandbox.testing.hideFromSearch('2');
    expect(
      data<{ items: unknown[] }>(await search('term=jonas.berg%40example.com&fields=email&exact_match=true')).items,
    ).toEqual([]);
    expect((await call(sandbox, 'GET', '/api/v2/persons?ids=2')).body).toMatchObject({ data: [{ id: 2 }] });
  });

  it('describes person fields and lists organizations by id', async () => {
    const sandbox = sandboxFor();
    const fields = data<{ field_code: string; is_custom_field: boolean }[]>(
      await call(sandbox, 'GET', '/api/v2/personFields'),
    );
    expect(fields.map((f) => f.field_code)).toEqual(
      expect.arrayContaining(['name', 'emails', 'phones', 'org_id', 'job_title', TIER_FIELD_KEY]),
    );
    const orgs = data<{ id: number; name: string }[]>(await call(sandbox, 'GET', '/api/v2/organizations?ids=3,4'));
    expect(orgs.map((o) => [o.id, o.name])).toEqual([
      [3, '<img src=x onerror=alert(1)>'],
      [4, 'Stone & Co'],
    ]);
    expect((await call(sandbox, 'GET', '/api/v2/organizations/9')).status).toBe(404);
  });
});

describe('Pipedrive sandbox: rate limit, reset and testing hooks', () => {
  it('sends x-ratelimit-* on every call and 429 "Request over limit" with Retry-After over the window', async () => {
    const sandbox = sandboxFor({ rateLimit: { limit: 2, windowMs: 2_000 } });
    const ok = await call(sandbox, 'GET', '/api/v2/persons/1');
    expect([
      ok.headers.get('x-ratelimit-limit'),
      ok.headers.get('x-ratelimit-remaining'),
      ok.headers.get('x-ratelimit-reset'),
    ]).toEqual(['2', '1', '2']);
    await call(sandbox, 'GET', '/api/v2/persons/1');
    const limited = await call(sandbox, 'GET', '/api/v2/persons/1');
    expect(limited).toMatchObject({ status: 429, body: { success: false, error: 'Request over limit' } });
    expect(limited.headers.get('retry-after')).toBe('2');

    sandbox.setRateLimit(null);
    sandbox.testing.rateLimitNext(1);
    expect((await call(sandbox, 'GET', '/api/v2/persons/1')).status).toBe(429);
    expect((await call(sandbox, 'GET', '/api/v2/persons/1')).status).toBe(200);
  });

  it('resets persons, ids, the log, hidden persons, expired tokens and forced limits', async () => {
    const sandbox = sandboxFor();
    sandbox.testing.insert({ name: 'Temp' });
    sandbox.testing.hideFromSearch('1');
    sandbox.testing.expireTokens();
    sandbox.testing.rateLimitNext(3);
    sandbox.reset();
    expect(sandbox.store.persons()).toHaveLength(7);
    expect((await call(sandbox, 'GET', '/api/v2/persons/1')).status).toBe(200);
    expect(sandbox.testing.insert({ name: 'Again' })).toBe('8');
  });

  it("reads, edits and inserts by the provider's field names: primary email/phone, org by name", () => {
    const sandbox = sandboxFor();
    expect(sandbox.testing.read('6')).toMatchObject({
      name: 'Lin Chen',
      email: 'lin.chen@example.com',
      phone: null,
      org_name: '<img src=x onerror=alert(1)>',
      update_time: '2026-10-06T16:00:00.000Z',
    });
    expect(sandbox.testing.read('999')).toBeUndefined();

    sandbox.store.edit(2, (person) =>
      person.emails.push({ value: 'jonas@home.example', primary: false, label: 'home' }),
    );
    sandbox.testing.edit('2', {
      email: 'jonas@globex.example',
      org_name: 'Globex Holdings',
      [TIER_FIELD_KEY]: 'Enterprise',
    });
    expect(sandbox.store.person(2)?.emails.map((e) => `${e.value}${e.primary ? '*' : ''}`)).toEqual([
      'jonas@globex.example*',
      'jonas@home.example',
    ]);
    expect(sandbox.testing.read('2')).toMatchObject({
      email: 'jonas@globex.example',
      org_name: 'Globex Holdings',
      [TIER_FIELD_KEY]: 'Enterprise',
    });
    expect(sandbox.testing.read('2')?.update_time).toBe(NOW.toISOString());

    sandbox.testing.edit('2', { email: null });
    expect(sandbox.testing.read('2')?.email).toBe('jonas@home.example');

    const id = sandbox.testing.insert({ email: 'solo@example.com', phone: '+1 617 555 0123' });
    expect(sandbox.testing.read(id)).toMatchObject({
      name: 'solo@example.com',
      email: 'solo@example.com',
      phone: '+1 617 555 0123',
    });
    expect(() => sandbox.testing.edit('2', { nope: 'x' })).toThrow(/no person field nope/);
  });
});

describe('Pipedrive sandbox: pages', () => {
  it('serves the person page with every email and phone, values escaped, scripts forbidden', async () => {
    const sandbox = sandboxFor();
    const page = await sandbox.fetch(new Request(`${BASE}/person/6`));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<h1>Lin Chen</h1>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('lin.chen@example.com <small>(work, primary)</small>');

    const list = await (await sandbox.fetch(new Request(`${BASE}/persons/list`))).text();
    expect(list).toContain('<a href="../person/7">Olivia Stone</a>');
    expect((await sandbox.fetch(new Request(`${BASE}/person/999`))).status).toBe(404);
  });
});
