/**
 * The Pipedrive provider against the Pipedrive sandbox, in-process (sandbox.fetch), plus a few
 * hand-made vendor responses (wrong shapes, outages) the sandbox never sends. Emails and phones are
 * lists in Pipedrive: the tests check that a write never drops an entry.
 */
import { describe, expect, it } from 'vitest';
import {
  createPipedriveProvider,
  mergeEntries,
  phoneSpellings,
  type PipedriveProviderOptions,
  UNREADABLE_RESPONSE,
} from '../../../proxy/crm/pipedrive/index.ts';
import { CrmError, type FetchLike } from '../../../proxy/crm/types.ts';
import {
  createPipedriveSandbox,
  type PipedriveSandbox,
  type PipedriveSandboxOptions,
  TIER_FIELD_KEY,
  TIME_ZONE_FIELD_KEY,
} from '../../../proxy/sandbox/pipedrive/index.ts';

const NOW = new Date('2026-11-02T12:00:00.000Z');
const clock = () => NOW;
const BASE = 'https://acme.pipedrive.com';
/** The CRM fields the default mapping reads back. */
const MAPPED = ['email', 'name', 'phone', 'org_name', 'job_title', 'postal_address', 'notes'];

function setup(providerOptions: Partial<PipedriveProviderOptions> = {}, sandboxOptions: PipedriveSandboxOptions = {}) {
  const sandbox = createPipedriveSandbox({ clock, rateLimit: false, ...sandboxOptions }) as PipedriveSandbox;
  const provider = createPipedriveProvider({
    baseUrl: BASE,
    apiToken: sandbox.token,
    fetch: sandbox.fetch,
    retry: { limit: 2, baseDelayMs: 1, maxRateLimitWaitMs: 0 },
    clock: sandbox.clock,
    ...providerOptions,
  });
  return { sandbox, provider };
}

/** The stored emails/phones of person `id`, as `value(label)*` with `*` on the primary. */
function listOf(sandbox: PipedriveSandbox, id: string, kind: 'emails' | 'phones'): string[] {
  return sandbox.store.person(Number(id))![kind].map((e) => `${e.value}(${e.label})${e.primary ? '*' : ''}`);
}

/** Awaits `promise`, expects a CrmError of `kind` from Pipedrive, and returns it. */
async function crmError(promise: Promise<unknown>, kind: CrmError['kind']): Promise<CrmError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a CrmError ${kind}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrmError);
  const crm = error as CrmError;
  expect({ kind: crm.kind, message: crm.message }).toMatchObject({ kind });
  expect(crm.provider).toBe('pipedrive');
  return crm;
}

/** A fetch that answers every request with `respond()` and counts calls. */
function fakeFetch(respond: (request: Request) => Response | Promise<Response>) {
  const calls: Request[] = [];
  const fetch: FetchLike = async (request) => {
    calls.push(request);
    return respond(request);
  };
  return { fetch, calls };
}

describe('Pipedrive provider: reading', () => {
  it("describes person fields under the provider's names, with org_name read only", async () => {
    const { provider, sandbox } = setup();
    const fields = new Map((await provider.describeFields()).map((f) => [f.name, f]));

    expect(fields.get('email')).toEqual({ name: 'email', label: 'Email', type: 'email', writable: true });
    expect(fields.get('phone')).toEqual({ name: 'phone', label: 'Phone', type: 'phone', writable: true });
    expect(fields.get('name')).toMatchObject({ type: 'string', writable: true });
    expect(fields.get('org_name')).toEqual({
      name: 'org_name',
      label: 'Organization name',
      type: 'string',
      writable: false,
    });
    expect(fields.get('job_title')).toMatchObject({ label: 'Job title', writable: true });
    expect(fields.get('postal_address')).toMatchObject({ type: 'string', writable: true });
    expect(fields.get('update_time')).toMatchObject({ writable: false });
    expect(fields.get(TIER_FIELD_KEY)).toMatchObject({
      label: 'Customer tier',
      type: 'enumeration',
      options: ['Free', 'Pro', 'Enterprise'],
    });
    expect(fields.get(TIME_ZONE_FIELD_KEY)).toMatchObject({ label: 'Time zone', type: 'string', writable: true });
    expect(fields.has('emails')).toBe(false);
    expect(sandbox.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/api/v2/personFields']]);
  });

  it('has no job_title, notes or postal_address when the company does not use contact sync', async () => {
    const { provider } = setup({}, { contactSync: false });
    const names = (await provider.describeFields()).map((f) => f.name);
    expect(names).not.toContain('job_title');
    expect(names).not.toContain('notes');
    expect(names).not.toContain('postal_address');
  });

  it("gets a person by id: primary email and phone, the organization's name, update_time as updatedAt", async () => {
    const { provider, sandbox } = setup();
    const record = await provider.getById('2', MAPPED);

    expect(record).toEqual({
      id: '2',
      objectType: 'contact',
      updatedAt: '2026-10-03T11:20:00.000Z',
      values: expect.objectContaining({
        email: 'jonas.berg@example.com',
        name: 'Jonas Berg',
        first_name: 'Jonas',
        last_name: 'Berg',
        phone: '+1 212 555 0199',
        org_id: '1',
        org_name: 'Globex Corporation',
        job_title: 'CTO',
        postal_address: 'New York',
        notes: null,
      }),
      contactPoints: { emails: ['jonas.berg@example.com'], phones: ['+1 212 555 0199'] },
    });
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /api/v2/persons/2?',
      'GET /api/v2/organizations?ids=1&limit=1',
    ]);
  });

  it('does not read organizations when org_name is not asked for', async () => {
    const { provider, sandbox } = setup();
    await provider.getById('2', ['email']);
    expect(sandbox.requests).toHaveLength(1);
  });

  it('answers null for a person Pipedrive does not have, or has deleted', async () => {
    const { provider, sandbox } = setup();
    await expect(provider.getById('999', MAPPED)).resolves.toBeNull();
    await expect(provider.getById('abc', MAPPED)).resolves.toBeNull();
    sandbox.store.deletePerson(1);
    await expect(provider.getById('1', MAPPED)).resolves.toBeNull();
  });

  it('finds a person by email with an exact-match search, then reads the matches in full', async () => {
    const { provider, sandbox } = setup();
    const found = await provider.findByEmail('priya.patel@example.com', MAPPED);

    expect(found.map((r) => [r.id, r.values.email, r.updatedAt])).toEqual([
      ['1', 'priya.patel@example.com', '2026-10-02T10:15:00.000Z'],
    ]);
    const search = sandbox.requests[0]!;
    expect(search.path).toBe('/api/v2/persons/search');
    expect(Object.fromEntries(new URLSearchParams(search.query))).toEqual({
      term: 'priya.patel@example.com',
      fields: 'email',
      exact_match: 'true',
      limit: '100',
    });
    expect(sandbox.requests[1]).toMatchObject({ path: '/api/v2/persons', query: 'ids=1&limit=1' });
  });

  it('finds a person whose email is a secondary entry, reporting the primary as email', async () => {
    const { provider, sandbox } = setup();
    await provider.update('2', { email: 'jonas@globex.example' }, MAPPED);
    const found = await provider.findByEmail('jonas.berg@example.com', MAPPED);
    expect(found.map((r) => [r.id, r.values.email])).toEqual([['2', 'jonas@globex.example']]);
    expect(listOf(sandbox, '2', 'emails')).toEqual(['jonas@globex.example(work)*', 'jonas.berg@example.com(work)']);
  });

  it('finds nobody for an unknown email, with a single search call', async () => {
    const { provider, sandbox } = setup();
    await expect(provider.findByEmail('nobody@example.com', MAPPED)).resolves.toEqual([]);
    expect(sandbox.requests).toHaveLength(1);
  });

  it('finds "(646) 555-0142" from +16465550142 by searching the usual spellings', async () => {
    const { provider, sandbox } = setup();
    const found = await provider.findByPhone('+16465550142', MAPPED);

    expect(found.map((r) => [r.id, r.values.phone, r.values.org_name])).toEqual([['3', '(646) 555-0142', 'Initech']]);
    const terms = sandbox.requests
      .filter((r) => r.path === '/api/v2/persons/search')
      .map((r) => new URLSearchParams(r.query).get('term'));
    expect(terms.sort()).toEqual(['(646) 555-0142', '+1 646 555 0142', '+16465550142', '646-555-0142', '6465550142']);
    expect(sandbox.requests.filter((r) => r.path === '/api/v2/persons')).toHaveLength(1);
  });

  it('finds both Dana Cruz persons by phone, each with its updatedAt', async () => {
    const { provider } = setup();
    const found = await provider.findByPhone('+13035550177', MAPPED);
    expect(found.map((r) => [r.id, r.updatedAt])).toEqual([
      ['4', '2026-10-05T09:30:00.000Z'],
      ['5', '2026-10-07T14:10:00.000Z'],
    ]);
  });

  it('reads custom fields by key, an option by its label', async () => {
    const { provider, sandbox } = setup();
    await provider.describeFields();
    sandbox.testing.edit('1', { [TIER_FIELD_KEY]: 'Pro', [TIME_ZONE_FIELD_KEY]: 'America/Los_Angeles' });
    const record = await provider.getById('1', [TIER_FIELD_KEY, TIME_ZONE_FIELD_KEY]);
    expect(record?.values).toMatchObject({ [TIER_FIELD_KEY]: 'Pro', [TIME_ZONE_FIELD_KEY]: 'America/Los_Angeles' });
  });
});

describe('Pipedrive provider: emails and phones are lists', () => {
  it('fills a blank email as the one primary entry', async () => {
    const { provider, sandbox } = setup();
    const after = await provider.update('3', { email: 'sam.lee@initech.example' }, MAPPED);
    expect(after.values.email).toBe('sam.lee@initech.example');
    expect(listOf(sandbox, '3', 'emails')).toEqual(['sam.lee@initech.example(work)*']);
  });

  it('"Use chat value" makes the chat email primary and keeps the old one, reading the lists first', async () => {
    const { provider, sandbox } = setup();
    sandbox.store.edit(2, (person) => {
      person.emails.push({ value: 'jberg@home.example', primary: false, label: 'home' });
    });
    const after = await provider.update('2', { email: 'jonas@globex.example' }, MAPPED);

    expect(after.values.email).toBe('jonas@globex.example');
    expect(listOf(sandbox, '2', 'emails')).toEqual([
      'jonas@globex.example(work)*',
      'jonas.berg@example.com(work)',
      'jberg@home.example(home)',
    ]);
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v2/persons/2',
      'PATCH /api/v2/persons/2',
      'GET /api/v2/organizations',
    ]);
    expect(sandbox.requests[1]?.body).toEqual({
      emails: [
        { value: 'jonas@globex.example', primary: true, label: 'work' },
        { value: 'jonas.berg@example.com', primary: false, label: 'work' },
        { value: 'jberg@home.example', primary: false, label: 'home' },
      ],
    });
  });

  it('promotes an email the person already has as a secondary entry, without a second copy', async () => {
    const { provider, sandbox } = setup();
    sandbox.store.edit(2, (person) => {
      person.emails.push({ value: 'JBerg@Home.example', primary: false, label: 'home' });
    });
    await provider.update('2', { email: 'jberg@home.example' }, MAPPED);
    expect(listOf(sandbox, '2', 'emails')).toEqual(['jonas.berg@example.com(work)', 'JBerg@Home.example(home)*']);
  });

  it('leaves the list alone when the email is already the primary', async () => {
    const { provider, sandbox } = setup();
    await provider.update('1', { email: 'PRIYA.PATEL@example.com' }, MAPPED);
    expect(listOf(sandbox, '1', 'emails')).toEqual(['priya.patel@example.com(work)*']);
  });

  it('compares phones by their digits: another spelling of the primary adds nothing', async () => {
    const { provider, sandbox } = setup();
    await provider.update('3', { phone: '+16465550142' }, MAPPED);
    expect(listOf(sandbox, '3', 'phones')).toEqual(['(646) 555-0142(work)*']);

    await provider.update('3', { phone: '+16465550199' }, MAPPED);
    expect(listOf(sandbox, '3', 'phones')).toEqual(['+16465550199(work)*', '(646) 555-0142(work)']);
  });

  it('never drops an entry for a blank email or phone, and then makes no write at all', async () => {
    const { provider, sandbox } = setup();
    const after = await provider.update('2', { email: '', phone: '  ' }, MAPPED);
    expect(after.values).toMatchObject({ email: 'jonas.berg@example.com', phone: '+1 212 555 0199' });
    expect(listOf(sandbox, '2', 'emails')).toEqual(['jonas.berg@example.com(work)*']);
    expect(sandbox.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('writes other fields in one PATCH without reading the person first', async () => {
    const later = new Date('2026-11-04T09:30:00.000Z');
    const { provider, sandbox } = setup({}, { clock: () => later });
    const after = await provider.update(
      '1',
      { job_title: 'VP Sales', postal_address: 'San Francisco', name: 'Priya K. Patel' },
      ['name', 'job_title', 'postal_address'],
    );

    expect(after).toMatchObject({
      updatedAt: later.toISOString(),
      values: {
        name: 'Priya K. Patel',
        first_name: 'Priya',
        last_name: 'K. Patel',
        job_title: 'VP Sales',
        postal_address: 'San Francisco',
      },
    });
    expect(sandbox.requests.map((r) => r.method)).toEqual(['PATCH']);
    expect(sandbox.requests[0]?.body).toEqual({
      job_title: 'VP Sales',
      postal_address: { value: 'San Francisco' },
      name: 'Priya K. Patel',
    });
  });

  it('merges entries as documented (unit)', () => {
    expect(mergeEntries('email', [], 'a@x.com')).toEqual([{ value: 'a@x.com', primary: true, label: 'work' }]);
    // No entry marked primary: the first counts as the primary.
    expect(mergeEntries('email', [{ value: 'b@x.com', label: 'home' }], 'b@x.com')).toEqual([
      { value: 'b@x.com', primary: true, label: 'home' },
    ]);
    expect(
      mergeEntries('phone', [{ value: '+1 (212) 555-0199', primary: true, label: 'mobile' }], '212 555 0100'),
    ).toEqual([
      { value: '212 555 0100', primary: true, label: 'work' },
      { value: '+1 (212) 555-0199', primary: false, label: 'mobile' },
    ]);
  });
});

describe('Pipedrive provider: creating', () => {
  it('creates a person with one primary email and phone, then reports it', async () => {
    const { provider, sandbox } = setup();
    const created = await provider.create(
      { email: 'mj.watson@example.com', name: 'Mary Jane Watson', phone: '+442079460958' },
      MAPPED,
    );

    expect(created).toMatchObject({
      id: '8',
      objectType: 'contact',
      updatedAt: NOW.toISOString(),
      values: {
        email: 'mj.watson@example.com',
        name: 'Mary Jane Watson',
        phone: '+442079460958',
        org_name: null,
        job_title: null,
      },
    });
    const post = sandbox.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({
      name: 'Mary Jane Watson',
      emails: [{ value: 'mj.watson@example.com', primary: true, label: 'work' }],
      phones: [{ value: '+442079460958', primary: true, label: 'work' }],
    });
    // The duplicate guard looked at recently updated persons first (the database, not the index).
    const recent = sandbox.requests[0]!;
    expect(recent.path).toBe('/api/v2/persons');
    expect(Object.fromEntries(new URLSearchParams(recent.query))).toMatchObject({
      updated_since: '2026-11-02T11:45:00Z',
      sort_by: 'update_time',
      sort_direction: 'desc',
    });
  });

  it('links a create that races a person not yet in the search index (duplicate with the existing id)', async () => {
    const { provider, sandbox } = setup();
    const id = sandbox.testing.insert({ name: 'Rae Case', email: 'race@example.com' });
    sandbox.testing.hideFromSearch(id);

    await expect(provider.findByEmail('race@example.com', MAPPED)).resolves.toEqual([]);
    const duplicate = await crmError(
      provider.create({ email: 'Race@Example.com', name: 'Rae Case' }, MAPPED),
      'duplicate',
    );
    expect(duplicate).toMatchObject({ existingId: id, field: 'email', vendorCode: 'RECENT_PERSON_WITH_EMAIL' });
    expect(sandbox.store.persons()).toHaveLength(8);
  });

  it("creates even when an older person has the email: Pipedrive allows duplicates, and the proxy's search already looked", async () => {
    const { provider, sandbox } = setup();
    const created = await provider.create({ email: 'priya.patel@example.com', name: 'Priya Patel' }, MAPPED);
    expect(created.id).toBe('8');
    expect(
      sandbox.store.persons().filter((p) => p.emails.some((e) => e.value === 'priya.patel@example.com')),
    ).toHaveLength(2);
  });

  it('creates a nameless customer with their email as name and reads that placeholder as blank', async () => {
    const { provider, sandbox } = setup();
    const created = await provider.create({ email: 'anon@example.com' }, MAPPED);
    expect(sandbox.testing.read(created.id)?.name).toBe('anon@example.com');
    expect(created.values.name).toBeNull();
    const named = await provider.update(created.id, { name: 'Ana Nunes' }, MAPPED);
    expect(named.values.name).toBe('Ana Nunes');
  });

  it('never repeats a create blindly after an outage', async () => {
    let posts = 0;
    const { sandbox } = setup();
    const flaky: FetchLike = async (request) => {
      if (request.method === 'POST') {
        posts++;
        return Response.json({ success: false, error: 'Service unavailable' }, { status: 503 });
      }
      return sandbox.fetch(request);
    };
    const provider = createPipedriveProvider({
      baseUrl: BASE,
      apiToken: sandbox.token,
      fetch: flaky,
      clock,
      retry: { limit: 2, baseDelayMs: 1 },
    });
    await crmError(provider.create({ email: 'new@example.com', name: 'New' }, MAPPED), 'unavailable');
    expect(posts).toBe(1);
  });
});

describe('Pipedrive provider: batches', () => {
  it('reads many persons, 100 ids per call, leaving out ones Pipedrive does not have', async () => {
    const { provider, sandbox } = setup();
    const ids = Array.from({ length: 130 }, (_, i) =>
      sandbox.testing.insert({ name: `Person ${i}`, email: `p${i}@example.com` }),
    );
    sandbox.clearRequests();
    const records = await provider.getMany([...ids, '999999', 'x', ids[0]!], ['email']);
    expect(records.map((r) => r.id).sort()).toEqual([...ids].sort());
    // 130 ids plus 999999 (a valid id Pipedrive does not have); "x" is no id at all and is never sent.
    const reads = sandbox.requests.filter((r) => r.path === '/api/v2/persons');
    expect(reads.map((r) => new URLSearchParams(r.query).get('ids')!.split(',').length)).toEqual([100, 31]);
  });

  it('creates many with single calls, each answered on its own, duplicates in the batch linked to the first', async () => {
    const { provider, sandbox } = setup();
    const raced = sandbox.testing.insert({ name: 'Just Made', email: 'just.made@example.com' });
    const results = await provider.createMany(
      [
        { properties: { name: 'One', email: 'one@example.com' } },
        { properties: { name: 'Bad', email: 'bad@example.com', nope: 'x' } },
        { properties: { name: 'One again', email: 'ONE@example.com' } },
        { properties: { name: 'Raced', email: 'just.made@example.com' } },
        { properties: { name: 'Phone only', phone: '+14155550100' } },
      ],
      ['email', 'name'],
    );

    expect(
      results.map((r) =>
        r.ok ? `ok:${r.record.values.name}` : `${r.error.kind}:${r.error.existingId ?? r.error.field}`,
      ),
    ).toEqual([
      'ok:One',
      'invalid_field:nope',
      `duplicate:${results[0]?.ok ? results[0].record.id : '?'}`,
      `duplicate:${raced}`,
      'ok:Phone only',
    ]);
    // One recent-persons read for the whole batch, then one POST per input that could be created.
    expect(sandbox.requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/persons')).toHaveLength(1);
    expect(sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('updates many, merging lists per person, each answered on its own', async () => {
    const { provider, sandbox } = setup();
    const results = await provider.updateMany(
      [
        { id: '1', properties: { email: 'priya@new.example' } },
        { id: '999', properties: { name: 'Ghost' } },
        { id: '7', properties: { job_title: 'CEO' } },
      ],
      ['email', 'job_title'],
    );
    expect(results.map((r) => (r.ok ? `ok:${r.record.id}` : r.error.kind))).toEqual(['ok:1', 'not_found', 'ok:7']);
    expect(listOf(sandbox, '1', 'emails')).toEqual(['priya@new.example(work)*', 'priya.patel@example.com(work)']);
  });

  it('answers every input with the error when the duplicate check itself fails', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.expireTokens();
    const results = await provider.createMany([{ properties: { name: 'A', email: 'a@example.com' } }], ['email']);
    expect(results.map((r) => !r.ok && r.error.kind)).toEqual(['auth_expired']);
  });
});

describe('Pipedrive provider: errors', () => {
  it('maps an unknown parameter or custom field key to invalid_field', async () => {
    const { provider } = setup();
    const unknown = await crmError(provider.update('1', { timezone: 'UTC' }, MAPPED), 'invalid_field');
    expect(unknown).toMatchObject({ field: 'timezone', status: 400, vendorCode: 'ERR_SCHEMA_VALIDATION_FAILED' });
    const custom = await crmError(provider.update('1', { ['0'.repeat(40)]: 'x' }, MAPPED), 'invalid_field');
    expect(custom.field).toBe('0'.repeat(40));
  });

  it('maps a refused value to validation naming the field', async () => {
    const { provider } = setup();
    await provider.describeFields();
    const option = await crmError(provider.update('1', { [TIER_FIELD_KEY]: 'Platinum' }, MAPPED), 'validation');
    expect(option).toMatchObject({ field: TIER_FIELD_KEY });
    const org = await crmError(provider.update('1', { org_id: '99' }, MAPPED), 'validation');
    expect(org).toMatchObject({
      field: 'org_id',
      message: 'Pipedrive refused org_id: Validation failed: org_id: must be the id of an existing organization',
    });
  });

  it('maps a contact-sync field written without contact sync (403) to validation naming the field', async () => {
    const { provider } = setup({}, { contactSync: false });
    const error = await crmError(provider.update('1', { job_title: 'CTO' }, MAPPED), 'validation');
    expect(error).toMatchObject({ field: 'job_title', status: 403, vendorCode: 'ERR_CONTACT_SYNC_REQUIRED' });
  });

  it('maps an update of a person Pipedrive does not have to not_found', async () => {
    const { provider } = setup();
    await crmError(provider.update('999', { name: 'x' }, MAPPED), 'not_found');
    await crmError(provider.update('999', { email: 'x@example.com' }, MAPPED), 'not_found');
  });

  it('maps a rejected or expired token to auth_expired', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.expireTokens();
    const expired = await crmError(provider.getById('1', MAPPED), 'auth_expired');
    expect(expired).toMatchObject({ status: 401, message: 'Pipedrive rejected the API token' });
  });

  it('retries a 429 whose wait is short, and then succeeds', async () => {
    const { provider, sandbox } = setup({ retry: { limit: 2, baseDelayMs: 1, maxRateLimitWaitMs: 1_000 } });
    sandbox.testing.rateLimitNext(1);
    await expect(provider.getById('1', ['email'])).resolves.toMatchObject({ id: '1' });
    expect(sandbox.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('fails at once with rate_limited and the wait Pipedrive names when it is longer than the client sleeps', async () => {
    const { provider, sandbox } = setup();
    sandbox.testing.rateLimitNext(3);
    const error = await crmError(provider.getById('1', ['email']), 'rate_limited');
    expect(error).toMatchObject({
      status: 429,
      retryAfterMs: 1_000,
      message: 'Pipedrive is limiting the rate of requests (Request over limit)',
    });
    expect(sandbox.requests).toHaveLength(1);

    const limited = setup({}, { rateLimit: { limit: 1, windowMs: 2_000 } });
    await limited.provider.getById('1', ['email']);
    const windowFull = await crmError(limited.provider.getById('1', ['email']), 'rate_limited');
    expect(windowFull.retryAfterMs).toBe(2_000);
  });

  it('maps 5xx to unavailable, retrying reads', async () => {
    const down = fakeFetch(() => Response.json({ success: false, error: 'Gateway timeout' }, { status: 504 }));
    const provider = createPipedriveProvider({
      baseUrl: BASE,
      apiToken: 't',
      fetch: down.fetch,
      clock,
      retry: { limit: 2, baseDelayMs: 1 },
    });
    const error = await crmError(provider.getById('1', MAPPED), 'unavailable');
    expect(error).toMatchObject({ status: 504, message: 'Gateway timeout' });
    expect(down.calls).toHaveLength(3);
  });

  it('maps a network failure to unavailable naming the company URL', async () => {
    const broken: FetchLike = async () => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND acme.pipedrive.com') });
    };
    const provider = createPipedriveProvider({
      baseUrl: BASE,
      apiToken: 't',
      fetch: broken,
      clock,
      retry: { limit: 0 },
    });
    const error = await crmError(provider.findByEmail('a@example.com', MAPPED), 'unavailable');
    expect(error.message).toBe(
      "Can't reach Pipedrive at https://acme.pipedrive.com: getaddrinfo ENOTFOUND acme.pipedrive.com",
    );
  });

  it("reports a body that is not Pipedrive's shape as unknown, and a 200 with success:false with its reason", async () => {
    const odd = fakeFetch(() => Response.json({ people: [] }));
    const provider = createPipedriveProvider({ baseUrl: BASE, apiToken: 't', fetch: odd.fetch, clock });
    expect((await crmError(provider.findByEmail('a@example.com', MAPPED), 'unknown')).message).toBe(
      UNREADABLE_RESPONSE,
    );

    const refused = fakeFetch(() => Response.json({ success: false, error: 'Something went sideways' }));
    const other = createPipedriveProvider({ baseUrl: BASE, apiToken: 't', fetch: refused.fetch, clock });
    expect((await crmError(other.getById('1', MAPPED), 'unknown')).message).toBe('Something went sideways');
  });

  it('refuses the lead object type', async () => {
    const { provider } = setup();
    await crmError(provider.getById('1', MAPPED, 'lead'), 'unknown');
  });
});

describe('Pipedrive provider: record links and spellings', () => {
  it('links a person to <company URL>/person/<id>', () => {
    const provider = createPipedriveProvider({ baseUrl: 'https://acme.pipedrive.com/', apiToken: 't' });
    expect(provider.recordUrl({ id: '42', objectType: 'contact' })).toBe('https://acme.pipedrive.com/person/42');
  });

  it('spells a number the usual five ways', () => {
    expect(phoneSpellings('+16465550142')).toEqual([
      '+16465550142',
      '+1 646 555 0142',
      '(646) 555-0142',
      '646-555-0142',
      '6465550142',
    ]);
    expect(phoneSpellings('garbage')).toEqual(['garbage']);
  });
});
