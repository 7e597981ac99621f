/**
 * Pipedrive sandbox: a stateful emulator of the parts of Pipedrive's API v2 the product uses, served
 * by a Hono app from an in-memory store, so the proxy runs (demo) and is tested (tests/proxy/pipedrive,
 * the provider conformance suite) against Pipedrive's documented contract without a Pipedrive account.
 *
 * Vendor routes (paths as under https://<company>.pipedrive.com; every one needs `x-api-token: <token>`
 * (or `?api_token=`) and counts against the rate limit; shapes per
 * https://developers.pipedrive.com/docs/api/v1/Persons and
 * https://pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide):
 * - `GET /api/v2/personFields` — the person fields (./fields.ts);
 * - `GET /api/v2/persons` (`ids` ≤ 100, `org_id`, `updated_since`, `updated_until`, `sort_by`,
 *   `sort_direction`, `limit` ≤ 500, `cursor`), `GET /api/v2/persons/{id}`, `POST /api/v2/persons`,
 *   `PATCH /api/v2/persons/{id}`, `DELETE /api/v2/persons/{id}` (./store.ts has the write rules);
 * - `GET /api/v2/persons/search` (`term`, `fields` of name/email/phone/notes/custom_fields,
 *   `exact_match` — whole value, case-insensitive — else a substring of at least 2 characters,
 *   `limit` ≤ 100);
 * - `GET /api/v2/organizations` (`ids`), `GET /api/v2/organizations/{id}`, `POST /api/v2/organizations`.
 * Success bodies are `{success: true, data, additional_data: {next_cursor}}`; errors are Pipedrive's
 * (./errors.ts): 401 "unauthorized access", 404 "Person not found", 400 "Validation failed: …", 403
 * for contact-sync fields without contact sync, 429 "Request over limit". Every vendor response
 * carries `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds); a 429 also
 * `Retry-After` (https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting). The default limit,
 * {@link DEFAULT_PIPEDRIVE_SANDBOX_RATE_LIMIT}, is a Professional plan's 80 requests per 2 seconds for
 * an API token.
 *
 * Pipedrive allows duplicate persons, and so does the sandbox: a create never collides.
 *
 * Browser pages (no token): `GET /person/{id}` — the person's page (./page.ts), the target of "Open
 * in Pipedrive" when the provider's base URL is the sandbox mount; `GET /persons/list` lists them.
 *
 * It is a `CrmSandbox` (proxy/crm/module.ts) with the vendor-neutral `testing` hooks, values by the
 * provider's field names (`name`, `email` and `phone` — the primary entries —, `org_name`,
 * `job_title`, `notes`, `postal_address`, custom field keys, …): `edit` sets the primary email/phone
 * as a user retyping it would (null removes it), `secondary_email` / `mobile_phone` add one more
 * entry (label other / mobile; primary only when it is the first), `org_name` links the organization of that name
 * (created when missing); `hideFromSearch` leaves a person out of `/persons/search` (Pipedrive's search
 * index trails writes) while `/persons` lists (the database) still show them; `expireTokens` (401 on
 * every call); `rateLimitNext(n)` (the next n calls answer 429 with `Retry-After: 1`).
 *
 * Test and demo controls (no token, not logged, not rate limited): `POST /__sandbox/reset`,
 * `GET|DELETE /__sandbox/requests`, `PUT /__sandbox/rate-limit` `{limit, windowMs?}` or `null`.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type {
  CrmSandbox,
  SandboxOptions,
  SandboxRateLimit,
  SandboxRequestLogEntry,
  SandboxTesting,
} from '../../crm/module.ts';
import { logRequest, loggedBody, RollingWindow, stripMountPrefix } from '../crm-sandbox.ts';
import type { FetchLike } from '../../crm/types.ts';
import { errorBody, notFound, overLimit, PipedriveApiError, unauthorized, validationFailed } from './errors.ts';
import { CUSTOM_FIELDS, fieldJson, personFields, TIER_FIELD_KEY } from './fields.ts';
import { notFoundPage, PAGE_CSP, personListPage, personPage } from './page.ts';
import { PIPEDRIVE_SEED_ORGANIZATIONS, PIPEDRIVE_SEED_PERSONS, SANDBOX_PIPEDRIVE_TOKEN } from './seed.ts';
import { type ListEntry, PipedriveStore, splitPersonName, type StoredPerson, tierLabel } from './store.ts';

export { escapeHtml } from './page.ts';
export { SANDBOX_PIPEDRIVE_TOKEN, PIPEDRIVE_SEED_ORGANIZATIONS, PIPEDRIVE_SEED_PERSONS } from './seed.ts';
export { PipedriveStore, SANDBOX_USER_ID, type StoredPerson, type StoredOrganization } from './store.ts';
export { TIME_ZONE_FIELD_KEY, TIER_FIELD_KEY, TIER_OPTIONS } from './fields.ts';

/** The default limit: 80 calls per rolling 2 seconds (a Professional plan's API token). */
export const DEFAULT_PIPEDRIVE_SANDBOX_RATE_LIMIT: SandboxRateLimit = { limit: 80, windowMs: 2_000 };

/** Options: those of every sandbox, the API token it accepts, and whether the company uses contact sync. */
export interface PipedriveSandboxOptions extends SandboxOptions {
  /** Default {@link SANDBOX_PIPEDRIVE_TOKEN}. */
  token?: string;
  /**
   * Whether the company has contact sync enabled, which gives persons `job_title`, `notes`,
   * `postal_address` and `birthday` (default true, so the demo shows job titles).
   */
  contactSync?: boolean;
}

/**
 * The Pipedrive sandbox: a `CrmSandbox` plus its token, clock and store.
 * `reset()` also forgets hidden persons, forced rate limits and expired tokens.
 */
export interface PipedriveSandbox extends CrmSandbox {
  readonly provider: 'pipedrive';
  readonly token: string;
  readonly clock: () => Date;
  readonly store: PipedriveStore;
}

/** Paths the sandbox serves; `fetch` strips anything in front of the first of these. */
const ROOTS = ['/api/v2/', '/person/', '/persons/list', '/__sandbox/'];

/** A rolling window of call times. */

/** An integer path or query value, or a 400. */
function integerParam(name: string, raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw validationFailed(name, 'must be integer');
  return Number(raw);
}

/** A cursor for the item at `offset` (opaque to clients). */
function cursorFor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

/** The offset a cursor stands for, or a 400 for one the sandbox did not make. */
function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  try {
    const offset = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // reported below
  }
  throw validationFailed('cursor', 'is not a valid cursor');
}

/** `limit` within 1..max (default `fallback`), or a 400. */
function limitParam(raw: string | undefined, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const limit = integerParam('limit', raw);
  if (limit < 1 || limit > max) throw validationFailed('limit', `must be between 1 and ${max}`);
  return limit;
}

/** An RFC 3339 query parameter as epoch ms, or a 400. */
function timeParam(name: string, raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms))
    throw validationFailed(name, 'must be an RFC 3339 date-time');
  return ms;
}

/** A comma-separated list of integer ids (≤ `max`), or a 400. */
function idsParam(raw: string, max: number): number[] {
  const ids = raw
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
    .map((id) => integerParam('ids', id));
  if (ids.length > max) throw validationFailed('ids', `must have at most ${max} items`);
  return ids;
}

/** Reads a JSON body, or a 400. */
async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw validationFailed('body', 'must be valid JSON');
  }
}

const SEARCH_FIELDS = ['custom_fields', 'email', 'notes', 'phone', 'name'] as const;

/**
 * Creates a Pipedrive sandbox (see the module comment for what it serves).
 * @example
 * const sandbox = createPipedriveSandbox();
 * const pipedrive = createPipedriveProvider({ baseUrl: 'https://acme.pipedrive.com', apiToken: sandbox.token, fetch: sandbox.fetch });
 */
export function createPipedriveSandbox(options: PipedriveSandboxOptions = {}): PipedriveSandbox {
  const token = options.token ?? SANDBOX_PIPEDRIVE_TOKEN;
  const clock = options.clock ?? (() => new Date());
  const seeded = options.seed ?? true;
  const store = new PipedriveStore(clock, options.contactSync ?? true);
  let window: RollingWindow | null =
    options.rateLimit === false ? null : new RollingWindow(options.rateLimit ?? DEFAULT_PIPEDRIVE_SANDBOX_RATE_LIMIT);
  let requests: SandboxRequestLogEntry[] = [];
  const hidden = new Set<number>();
  let tokensExpired = false;
  let forcedRateLimits = 0;

  const reseed = () => store.load(seeded ? PIPEDRIVE_SEED_ORGANIZATIONS : [], seeded ? PIPEDRIVE_SEED_PERSONS : []);
  reseed();

  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof PipedriveApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.body, error.status);
    }
    return c.json(errorBody(`Internal error: ${error.message}`, { errorCode: 500 }), 500);
  });

  // Vendor calls: log, authenticate, rate-limit.
  const vendor = async (c: Context, next: () => Promise<void>) => {
    const url = new URL(c.req.url);
    const entry = logRequest(
      requests,
      {
        method: c.req.method,
        path: stripMountPrefix(url.pathname, ROOTS),
        query: url.search.replace(/^\?/, ''),
        body: loggedBody(await c.req.text()),
      },
      clock(),
    );
    const fail = (error: PipedriveApiError) => {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      entry.status = error.status;
      return c.json(error.body, error.status);
    };

    const given = c.req.header('x-api-token') ?? url.searchParams.get('api_token') ?? '';
    if (given.trim() !== token || tokensExpired) return fail(unauthorized());
    if (forcedRateLimits > 0) {
      forcedRateLimits--;
      return fail(
        overLimit({
          'Retry-After': '1',
          'x-ratelimit-limit': String(window?.limit.limit ?? 80),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '1',
        }),
      );
    }
    if (window) {
      const { allowed, remaining, waitMs: resetMs } = window.take(clock().getTime());
      const headers = {
        'x-ratelimit-limit': String(window.limit.limit),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String(Math.ceil(resetMs / 1000)),
      };
      if (!allowed) return fail(overLimit({ ...headers, 'Retry-After': headers['x-ratelimit-reset'] }));
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
    }
    await next();
    entry.status = c.res.status;
  };
  app.use('/api/v2/*', vendor);

  const ok = (c: Context, data: unknown, nextCursor: string | null = null) =>
    c.json({ success: true, data, additional_data: { next_cursor: nextCursor } });

  app.get('/api/v2/personFields', (c) => {
    const all = personFields(store.contactSync);
    const limit = limitParam(c.req.query('limit'), 500, 100);
    const offset = offsetOf(c.req.query('cursor'));
    const page = all.slice(offset, offset + limit);
    return ok(c, page.map(fieldJson), offset + limit < all.length ? cursorFor(offset + limit) : null);
  });

  app.get('/api/v2/persons/search', (c) => {
    const term = c.req.query('term') ?? '';
    if (term.trim() === '') throw validationFailed('term', 'is required');
    const exactRaw = c.req.query('exact_match') ?? 'false';
    if (exactRaw !== 'true' && exactRaw !== 'false') throw validationFailed('exact_match', 'must be boolean');
    const exact = exactRaw === 'true';
    if (!exact && term.trim().length < 2) throw validationFailed('term', 'must be at least 2 characters');
    const fields = (c.req.query('fields') ?? SEARCH_FIELDS.join(','))
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    for (const field of fields) {
      if (!(SEARCH_FIELDS as readonly string[]).includes(field)) {
        throw validationFailed('fields', `must be one of ${SEARCH_FIELDS.join(', ')}`);
      }
    }
    const limit = limitParam(c.req.query('limit'), 100, 100);
    const wanted = term.trim().toLowerCase();
    const candidates = (person: StoredPerson): string[] => {
      const values: string[] = [];
      if (fields.includes('name')) values.push(person.name);
      if (fields.includes('email')) values.push(...person.emails.map((entry) => entry.value));
      if (fields.includes('phone')) values.push(...person.phones.map((entry) => entry.value));
      if (fields.includes('notes') && person.notes) values.push(person.notes);
      if (fields.includes('custom_fields')) {
        for (const [key, field] of CUSTOM_FIELDS) {
          const value = person.custom_fields[key];
          if (field.field_type === 'varchar' && typeof value === 'string') values.push(value);
        }
      }
      return values.map((value) => value.trim().toLowerCase());
    };
    const found = store
      .persons()
      .filter((person) => !hidden.has(person.id))
      .map((person) => {
        const values = candidates(person);
        const isExact = values.some((value) => value === wanted);
        const partial = !exact && values.some((value) => value.includes(wanted));
        return { person, score: isExact ? 1 : partial ? 0.5 : 0 };
      })
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score || a.person.id - b.person.id);
    const offset = offsetOf(c.req.query('cursor'));
    const page = found.slice(offset, offset + limit);
    const items = page.map(({ person, score }) => {
      const org = person.org_id ? store.organization(person.org_id) : undefined;
      return {
        result_score: score,
        item: {
          id: person.id,
          type: 'person',
          name: person.name,
          phones: person.phones.map((entry) => entry.value),
          emails: person.emails.map((entry) => entry.value),
          visible_to: person.visible_to,
          owner: { id: person.owner_id },
          organization: org ? { id: org.id, name: org.name, address: null } : null,
          custom_fields: [],
          notes: person.notes ? [person.notes] : [],
        },
      };
    });
    return ok(c, { items }, offset + limit < found.length ? cursorFor(offset + limit) : null);
  });

  app.get('/api/v2/persons/:id', (c) => {
    const person = store.person(integerParam('id', c.req.param('id')));
    if (!person) throw notFound('Person');
    return ok(c, store.personJson(person));
  });

  app.get('/api/v2/persons', (c) => {
    const idsRaw = c.req.query('ids');
    const ids = idsRaw === undefined ? null : new Set(idsParam(idsRaw, 100));
    const orgRaw = c.req.query('org_id');
    const orgId = orgRaw === undefined ? null : integerParam('org_id', orgRaw);
    const since = timeParam('updated_since', c.req.query('updated_since'));
    const until = timeParam('updated_until', c.req.query('updated_until'));
    const sortBy = c.req.query('sort_by') ?? 'id';
    if (!['id', 'update_time', 'add_time'].includes(sortBy))
      throw validationFailed('sort_by', 'must be one of id, update_time, add_time');
    const direction = c.req.query('sort_direction') ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc')
      throw validationFailed('sort_direction', 'must be one of asc, desc');
    const limit = limitParam(c.req.query('limit'), 500, 100);
    const offset = offsetOf(c.req.query('cursor'));

    const key = (person: StoredPerson) =>
      sortBy === 'id' ? person.id : Date.parse(sortBy === 'update_time' ? person.update_time : person.add_time);
    const persons = store
      .persons()
      .filter((person) => ids === null || ids.has(person.id))
      .filter((person) => orgId === null || person.org_id === orgId)
      .filter((person) => since === null || Date.parse(person.update_time) >= since)
      .filter((person) => until === null || Date.parse(person.update_time) < until)
      .sort((a, b) => (key(a) - key(b) || a.id - b.id) * (direction === 'asc' ? 1 : -1));
    const page = persons.slice(offset, offset + limit);
    return ok(
      c,
      page.map((person) => store.personJson(person)),
      offset + limit < persons.length ? cursorFor(offset + limit) : null,
    );
  });

  app.post('/api/v2/persons', async (c) => ok(c, store.personJson(store.createPerson(await jsonBody(c)))));

  app.patch('/api/v2/persons/:id', async (c) => {
    const id = integerParam('id', c.req.param('id'));
    return ok(c, store.personJson(store.updatePerson(id, await jsonBody(c))));
  });

  app.delete('/api/v2/persons/:id', (c) => {
    const id = integerParam('id', c.req.param('id'));
    store.deletePerson(id);
    return ok(c, { id });
  });

  app.get('/api/v2/organizations/:id', (c) => {
    const org = store.organization(integerParam('id', c.req.param('id')));
    if (!org) throw notFound('Organization');
    return ok(c, store.organizationJson(org));
  });

  app.get('/api/v2/organizations', (c) => {
    const idsRaw = c.req.query('ids');
    const ids = idsRaw === undefined ? null : new Set(idsParam(idsRaw, 100));
    const limit = limitParam(c.req.query('limit'), 500, 100);
    const offset = offsetOf(c.req.query('cursor'));
    const orgs = store.organizations().filter((org) => ids === null || ids.has(org.id));
    const page = orgs.slice(offset, offset + limit);
    return ok(
      c,
      page.map((org) => store.organizationJson(org)),
      offset + limit < orgs.length ? cursorFor(offset + limit) : null,
    );
  });

  app.post('/api/v2/organizations', async (c) => {
    const body = await jsonBody(c);
    const name = (body as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || name.trim() === '') throw validationFailed('name', 'must be a non-empty string');
    return ok(c, store.organizationJson(store.createOrganization(name.trim())));
  });

  // Browser pages.
  const page = (c: Context, html: string, status: 200 | 404 = 200) => {
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(html, status);
  };
  app.get('/person/:id', (c) => {
    const raw = c.req.param('id');
    const person = /^\d{1,15}$/.test(raw) ? store.person(Number(raw)) : undefined;
    if (!person) return page(c, notFoundPage(`There is no person ${raw}.`), 404);
    return page(c, personPage(store, person));
  });
  app.get('/persons/list', (c) => page(c, personListPage(store.persons())));

  // Test and demo controls.
  const reset = () => {
    reseed();
    requests = [];
    hidden.clear();
    tokensExpired = false;
    forcedRateLimits = 0;
    if (window) window = new RollingWindow(window.limit);
  };
  const setRateLimit = (limit: SandboxRateLimit | null) => {
    window = limit ? new RollingWindow(limit) : null;
  };
  app.post('/__sandbox/reset', (c) => {
    reset();
    return c.json({ status: 'reset', persons: store.persons().length });
  });
  app.get('/__sandbox/requests', (c) => c.json({ requests }));
  app.delete('/__sandbox/requests', (c) => {
    requests = [];
    return c.body(null, 204);
  });
  app.put('/__sandbox/rate-limit', async (c) => {
    const body = await jsonBody(c);
    if (body === null) {
      setRateLimit(null);
      return c.json({ rateLimit: null });
    }
    const { limit, windowMs } = (body ?? {}) as { limit?: unknown; windowMs?: unknown };
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)
      throw validationFailed('limit', 'must be a positive integer');
    const rateLimit = { limit, windowMs: typeof windowMs === 'number' && windowMs >= 1 ? windowMs : 2_000 };
    setRateLimit(rateLimit);
    return c.json({ rateLimit });
  });

  app.notFound((c) =>
    c.json(
      errorBody(`Unknown method ${c.req.method} ${stripMountPrefix(new URL(c.req.url).pathname, ROOTS)}`, {
        errorCode: 404,
      }),
      404,
    ),
  );

  const fetch: FetchLike = async (request) => {
    const url = new URL(request.url);
    const path = stripMountPrefix(url.pathname, ROOTS);
    if (path === url.pathname) return app.fetch(request);
    url.pathname = path;
    return app.fetch(new Request(url, request));
  };

  /** Sets the primary entry's value as a user retyping it would; null removes the primary entry. */
  const setPrimary = (list: ListEntry[], value: string | null): ListEntry[] => {
    const primary = list.findIndex((entry) => entry.primary);
    const index = primary >= 0 ? primary : 0;
    if (value === null || value.trim() === '') {
      const rest = list.filter((_, i) => i !== index);
      if (rest.length > 0 && !rest.some((entry) => entry.primary)) rest[0]!.primary = true;
      return rest;
    }
    if (list.length === 0) return [{ value: value.trim(), primary: true, label: 'work' }];
    return list.map((entry, i) => (i === index ? { ...entry, value: value.trim(), primary: true } : entry));
  };

  /** Applies testing values (provider field names) to a person, as a Pipedrive user would. */
  const applyTesting = (person: StoredPerson, values: Readonly<Record<string, string | null>>) => {
    for (const [name, raw] of Object.entries(values)) {
      const value = raw === null || raw.trim() === '' ? null : raw;
      switch (name) {
        case 'name':
          person.name = value?.trim() ?? '';
          Object.assign(person, splitPersonName(person.name));
          break;
        case 'first_name':
        case 'last_name':
          person[name] = value?.trim() ?? '';
          person.name = [person.first_name, person.last_name].filter(Boolean).join(' ');
          break;
        case 'email':
          person.emails = setPrimary(person.emails, value);
          break;
        case 'phone':
          person.phones = setPrimary(person.phones, value);
          break;
        // Testing only: one more entry beside the primary (the person's first entry is primary).
        case 'secondary_email':
          if (value !== null)
            person.emails = [
              ...person.emails,
              { value: value.trim(), primary: person.emails.length === 0, label: 'other' },
            ];
          break;
        case 'mobile_phone':
          if (value !== null)
            person.phones = [
              ...person.phones,
              { value: value.trim(), primary: person.phones.length === 0, label: 'mobile' },
            ];
          break;
        case 'org_name':
          person.org_id = value === null ? null : store.ensureOrganization(value);
          break;
        case 'org_id':
          if (value !== null && !store.organization(Number(value)))
            throw new Error(`The Pipedrive sandbox has no organization ${value}`);
          person.org_id = value === null ? null : Number(value);
          break;
        case 'job_title':
        case 'notes':
        case 'birthday':
          person[name] = value;
          break;
        case 'postal_address':
          person.postal_address = value === null ? null : { value };
          break;
        default: {
          const field = CUSTOM_FIELDS.get(name);
          if (!field) throw new Error(`The Pipedrive sandbox has no person field ${name}`);
          if (value === null) delete person.custom_fields[name];
          else if (name === TIER_FIELD_KEY) {
            const option = field.options?.find((o) => o.label.toLowerCase() === value.trim().toLowerCase());
            if (!option) throw new Error(`"${value}" is not an option of ${field.field_name}`);
            person.custom_fields[name] = option.id;
          } else person.custom_fields[name] = value;
        }
      }
    }
  };

  const testing: SandboxTesting = {
    read(id) {
      const person = /^\d{1,15}$/.test(id) ? store.person(Number(id)) : undefined;
      if (!person) return undefined;
      const org = person.org_id ? store.organization(person.org_id) : undefined;
      const values: Record<string, string | null> = {
        name: person.name || null,
        first_name: person.first_name || null,
        last_name: person.last_name || null,
        email: (person.emails.find((e) => e.primary) ?? person.emails[0])?.value ?? null,
        phone: (person.phones.find((e) => e.primary) ?? person.phones[0])?.value ?? null,
        org_id: person.org_id === null ? null : String(person.org_id),
        org_name: org?.name ?? null,
        owner_id: String(person.owner_id),
        visible_to: String(person.visible_to),
        job_title: person.job_title,
        notes: person.notes,
        postal_address: person.postal_address?.value ?? null,
        birthday: person.birthday,
        add_time: person.add_time,
        update_time: person.update_time,
      };
      for (const key of CUSTOM_FIELDS.keys()) {
        const value = person.custom_fields[key];
        values[key] =
          value === undefined || value === null ? null : key === TIER_FIELD_KEY ? tierLabel(value) : String(value);
      }
      return values;
    },
    edit(id, values) {
      if (!/^\d{1,15}$/.test(id)) throw new Error(`The Pipedrive sandbox has no person ${id}`);
      store.edit(Number(id), (person) => applyTesting(person, values));
    },
    insert(values) {
      return String(
        store.insert((person) => {
          applyTesting(person, values);
          if (person.name === '') {
            person.name = person.emails[0]?.value ?? person.phones[0]?.value ?? 'Unknown';
            Object.assign(person, splitPersonName(person.name));
          }
        }).id,
      );
    },
    hideFromSearch(id) {
      if (/^\d{1,15}$/.test(id)) hidden.add(Number(id));
    },
    expireTokens() {
      tokensExpired = true;
    },
    rateLimitNext(count) {
      forcedRateLimits = Math.max(0, Math.floor(count));
    },
  };

  return {
    provider: 'pipedrive',
    app,
    fetch,
    token,
    clock,
    store,
    get requests() {
      return requests;
    },
    clearRequests() {
      requests = [];
    },
    reset,
    setRateLimit,
    testing,
  };
}
