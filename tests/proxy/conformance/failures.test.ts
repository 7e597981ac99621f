/**
 * Provider conformance — when things go wrong, for every CRM module with its sandbox, through the
 * proxy's HTTP API: a create racing a duplicate links to it, the vendor's rate limit (waited out
 * when brief, else 429 `crm_rate_limited` with Retry-After), an expired token (refreshed where the
 * CRM has a refresh flow, else 502 `crm_auth_failed` with the vendor's reason), and a field the CRM
 * lacks (skipped with a warning, never sent; the provider's own write of it → `invalid_field`).
 * See ./support.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_FIELDS,
  type CustomerField,
  ErrorEnvelope,
  LookupResult,
  SyncResult,
} from '../../../lib/contracts/index.ts';
import { CrmError } from '../../../proxy/crm/types.ts';
import { customer } from '../support/customers.ts';
import {
  defaultMapping,
  MODULE_ROWS,
  readAs,
  personValues,
  useConformance,
  useConformanceDatabase,
} from './support.ts';

const database = useConformanceDatabase();

/** A field name no CRM has. */
const NO_SUCH_FIELD = 'NoSuchField__x';

describe.each(MODULE_ROWS)('%s conformance: failures', (_label, module) => {
  const crm = useConformance(module, database);
  const sync = (ticket: Parameters<typeof customer>[0], changes = {}) =>
    crm.post('/v1/sync', { customer: customer(ticket, changes) });

  it('duplicate race: a create that collides with a record search missed links to it and updates it', async () => {
    // Someone created Mary Jane moments ago; the CRM's search does not see her yet.
    const id = crm.sandbox.testing.insert(
      personValues(crm.provider, { name: 'Mary Jane Watson', email: 'mj.watson@example.com' }),
    );
    crm.sandbox.testing.hideFromSearch(id);
    crm.clearRequests();

    const response = await sync(1001);
    expect(response.status, await response.clone().text()).toBe(200);
    const result = await readAs(response, SyncResult);

    expect(result.record?.id).toBe(id);
    expect(['updated', 'conflicts', 'no_changes']).toContain(result.outcome);
    // No second record: no create succeeded.
    const created = crm.writes().filter((r) => r.method === 'POST' && r.status >= 200 && r.status < 300);
    expect(created, 'no create succeeded').toEqual([]);
    // It continued as an update: the blank phone was written to the existing record.
    expect(crm.crmValue(id, 'phone')).not.toBeNull();
    // And the link holds: the next sync needs no search.
    const again = await readAs(await sync(1001), SyncResult);
    expect(again).toMatchObject({ matchedBy: 'link', record: { id } });
  });

  it('rate limit beyond the retry budget → 429 crm_rate_limited with Retry-After', async () => {
    crm.sandbox.testing.rateLimitNext(1_000);

    const response = await sync(1002);

    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('Retry-After'));
    expect(Number.isInteger(retryAfter) && retryAfter > 0, `Retry-After ${retryAfter}`).toBe(true);
    const body = await readAs(response, ErrorEnvelope);
    expect(body.error).toMatchObject({
      code: 'crm_rate_limited',
      details: { provider: module.id, kind: 'rate_limited', retryAfterSeconds: retryAfter },
    });
    expect(body.error.message.startsWith(`${module.label} said: `)).toBe(true);
  });

  it('a brief rate limit is waited out by the provider', async () => {
    crm.sandbox.testing.rateLimitNext(crm.entry.rateLimitRetries);

    const response = await sync(1002);

    expect(response.status, await response.clone().text()).toBe(200);
    expect((await readAs(response, SyncResult)).outcome).toBe('updated');
    // The vendor's rate-limit answers (429; Salesforce's REQUEST_LIMIT_EXCEEDED is a 403), then success.
    expect(crm.requests().filter((r) => r.status >= 400)).toHaveLength(crm.entry.rateLimitRetries);
  });

  it('expired token → refreshed transparently, or 502 crm_auth_failed with the vendor’s reason', async () => {
    crm.sandbox.testing.expireTokens();

    const response = await sync(1002);

    if (crm.entry.expiredToken === 'refresh') {
      expect(response.status, await response.clone().text()).toBe(200);
      expect((await readAs(response, SyncResult)).outcome).toBe('updated');
      expect(crm.requests().some((r) => r.status === 401)).toBe(true);
    } else {
      expect(response.status).toBe(502);
      const body = await readAs(response, ErrorEnvelope);
      expect(body.error).toMatchObject({
        code: 'crm_auth_failed',
        details: { provider: module.id, kind: 'auth_expired' },
      });
      const prefix = `${module.label} said: `;
      expect(body.error.message.startsWith(prefix)).toBe(true);
      expect(body.error.message.length, 'the vendor’s reason, in words').toBeGreaterThan(prefix.length + 10);
      expect(crm.writes()).toEqual([]);
    }
  });

  it('a mapped field the CRM lacks is skipped with field_missing and never sent', async () => {
    // Map a customer field the default mapping leaves out (or else notes) to a field no CRM has.
    const mapped = new Set(defaultMapping(crm.provider).map((entry) => entry.field));
    const field: CustomerField = CUSTOMER_FIELDS.find((f) => !mapped.has(f) && f !== 'name') ?? 'notes';
    const mapping = [
      ...crm.provider.defaultMapping().filter((entry) => entry.field !== field),
      { field, crmFields: [NO_SUCH_FIELD], direction: 'to_crm' as const },
    ];
    await crm.rebuild({ mapping });
    crm.clearRequests();

    const response = await sync(1002, { notes: 'VIP: renewal in March', timeZone: 'America/Los_Angeles' });

    expect(response.status, await response.clone().text()).toBe(200);
    const result = await readAs(response, SyncResult);
    expect(result.outcome).toBe('updated');
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'field_missing', field }));
    const sent = JSON.stringify(crm.requests().map((r) => [r.path, r.query, r.body]));
    expect(sent).not.toContain(NO_SUCH_FIELD);
  });

  it('the provider’s own write of an unknown field → CrmError invalid_field naming it', async () => {
    const found = await crm.ok('/v1/lookup', { customer: customer(1002) }, LookupResult);
    const record = found.record!;
    const readFields = defaultMapping(crm.provider).flatMap((entry) => entry.crmFields);

    const error = await crm.provider.update(record.id, { [NO_SUCH_FIELD]: 'v' }, readFields, record.objectType).then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ kind: 'invalid_field', provider: module.id, field: NO_SUCH_FIELD });
    expect((error as CrmError).message.length).toBeGreaterThan(5);
  });
});
