/**
 * Zoho CRM sandbox: a stateful emulator of the parts of Zoho CRM's REST API v8 the product uses,
 * served by a Hono app from an in-memory store, so the proxy runs (demo) and is tested
 * (tests/proxy/zoho, the provider conformance suite) against Zoho's documented contract without a
 * Zoho account.
 *
 * Vendor routes (paths as under https://www.zohoapis.com; every one needs `Authorization:
 * Zoho-oauthtoken <token>` and counts against the rate limit); `{module}` is Contacts or Accounts:
 * - `GET /crm/v8/settings/fields?module={module}` — field metadata (./fields.ts;
 *   https://www.zoho.com/crm/developer/docs/api/v8/field-meta.html);
 * - `GET /crm/v8/{module}?fields=…[&ids=…≤100][&page&per_page]`, `GET /crm/v8/{module}/{id}[?fields]`
 *   — records, 204 No Content when there are none
 *   (https://www.zoho.com/crm/developer/docs/api/v8/get-records.html);
 * - `GET /crm/v8/{module}/search?criteria|email|phone|word` (./search.ts);
 * - `POST /crm/v8/{module} {data: [≤100], trigger?}` → 201 with a status per record (400 when every
 *   record failed); `PUT /crm/v8/{module} {data: [{id, …}]}` and `PUT /crm/v8/{module}/{id}
 *   {data: [{…}]}` → 200 likewise (./store.ts has the write rules;
 *   https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html,
 *   https://www.zoho.com/crm/developer/docs/api/v8/update-records.html).
 * Errors are Zoho's status bodies (./errors.ts): 401 AUTHENTICATION_FAILURE / INVALID_TOKEN, 429
 * TOO_MANY_REQUESTS (with a standard `Retry-After`, which Zoho does not document but the sandbox adds
 * so the wait is testable), 400 INVALID_DATA / MANDATORY_NOT_FOUND / DUPLICATE_DATA /
 * REQUIRED_PARAM_MISSING / INVALID_QUERY / LIMIT_EXCEEDED / INVALID_MODULE, 404 INVALID_URL_PATTERN.
 * The rate limit is a rolling window (default {@link DEFAULT_ZOHO_SANDBOX_RATE_LIMIT}); Zoho's own
 * limits are concurrency and a 24-hour credit budget, which a window stands in for.
 *
 * Browser pages (no token): `GET /crm/tab/{module}/{id}` — the record's page (./page.ts), the target
 * of "Open in Zoho CRM" when the provider's `appUrl` is `<sandbox mount>/crm`; `GET /crm/tab/{module}`
 * lists the records.
 *
 * It is a `CrmSandbox` (proxy/crm/module.ts) with the vendor-neutral `testing` hooks on Contacts:
 * values by field API name, `Account_Name` by the Account's name (an edit or insert naming an Account
 * that does not exist creates it, as a Zoho user would); `hideFromSearch` (search leaves the contact
 * out, as Zoho's search index does right after a create, while an insert still collides with it:
 * DUPLICATE_DATA on Email); `expireTokens` (every call answers 401 INVALID_TOKEN); `rateLimitNext(n)`
 * (the next n calls answer 429 with `Retry-After: 1`).
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
import {
  authenticationFailure,
  errorStatus,
  invalidBody,
  invalidModule,
  invalidToken,
  invalidUrlPattern,
  limitExceeded,
  requiredParamMissing,
  tooManyRequests,
  ZohoApiError,
  ZohoRecordError,
  type ZohoStatusBody,
} from './errors.ts';
import { CONTACT_FIELDS, fieldJson, fieldsOf, SANDBOX_MODULES, type SandboxModule } from './fields.ts';
import { listPage, notFoundPage, PAGE_CSP, recordPage } from './page.ts';
import { searchRecords } from './search.ts';
import { SANDBOX_ZOHO_TOKEN, ZOHO_SEED_RECORDS } from './seed.ts';
import { SANDBOX_USER, type StoredRecord, type WriteMode, ZohoStore, zohoTime } from './store.ts';

export { escapeHtml } from './page.ts';
export { parseCriteria } from './search.ts';
export { SANDBOX_ZOHO_TOKEN, ZOHO_SEED_ACCOUNT_IDS, ZOHO_SEED_CONTACT_IDS, ZOHO_SEED_RECORDS } from './seed.ts';
export { FIRST_CREATED_ID, SANDBOX_USER, type StoredRecord, ZohoStore } from './store.ts';
export { CONTACT_FIELDS, ACCOUNT_FIELDS, type SandboxField, type SandboxModule } from './fields.ts';

/** The default limit: 100 calls per rolling minute. */
export const DEFAULT_ZOHO_SANDBOX_RATE_LIMIT: SandboxRateLimit = { limit: 100, windowMs: 60_000 };

/** Most records one write and ids one read may carry. */
export const ZOHO_SANDBOX_BATCH_LIMIT = 100;

/** Options: those of every sandbox plus the access token it accepts (default {@link SANDBOX_ZOHO_TOKEN}). */
export interface ZohoSandboxOptions extends SandboxOptions {
  token?: string;
}

/**
 * The Zoho CRM sandbox: a `CrmSandbox` plus its token, clock and direct record access.
 * `reset()` also forgets hidden records, forced rate limits and expired tokens.
 */
export interface ZohoSandbox extends CrmSandbox {
  readonly provider: 'zoho';
  readonly token: string;
  readonly clock: () => Date;
  /** The store, for tests that need Accounts or raw records. */
  readonly store: ZohoStore;
}

/** Paths the sandbox serves; `fetch` strips anything in front of the first of these. */
const ROOTS = ['/crm/', '/__sandbox/'];

/** A rolling window of call times. */

/** The module named in a path, or a 400 INVALID_MODULE. */
function moduleOf(name: string): SandboxModule {
  if ((SANDBOX_MODULES as readonly string[]).includes(name)) return name as SandboxModule;
  throw invalidModule(name);
}

/** `fields` query values (comma-separated), or null when none. */
function requestedFields(c: Context): string[] | null {
  const names = (c.req.queries('fields') ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return names.length > 0 ? names : null;
}

/** `page` and `per_page` (≤ 200, default 200). */
function paging(c: Context): { page: number; perPage: number } {
  const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);
  const perPage = Math.min(200, Math.max(1, Number.parseInt(c.req.query('per_page') ?? '200', 10) || 200));
  return { page, perPage };
}

/**
 * Creates a Zoho CRM sandbox (see the module comment for what it serves).
 * @example
 * const sandbox = createZohoSandbox();
 * const zoho = createZohoProvider({ accessToken: sandbox.token, fetch: sandbox.fetch });
 */
export function createZohoSandbox(options: ZohoSandboxOptions = {}): ZohoSandbox {
  const token = options.token ?? SANDBOX_ZOHO_TOKEN;
  const clock = options.clock ?? (() => new Date());
  const seeded = options.seed ?? true;
  const store = new ZohoStore(clock);
  let window: RollingWindow | null =
    options.rateLimit === false ? null : new RollingWindow(options.rateLimit ?? DEFAULT_ZOHO_SANDBOX_RATE_LIMIT);
  let requests: SandboxRequestLogEntry[] = [];
  const hidden = new Set<string>();
  let tokensExpired = false;
  let forcedRateLimits = 0;

  const reseed = () => store.load(seeded ? ZOHO_SEED_RECORDS : []);
  reseed();

  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof ZohoApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.body, error.status);
    }
    return c.json(errorStatus('INTERNAL_ERROR', `Internal error: ${error.message}`), 500);
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
    const fail = (error: ZohoApiError) => {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      entry.status = error.status;
      return c.json(error.body, error.status);
    };

    const auth = (c.req.header('authorization') ?? '').trim();
    const match = /^Zoho-oauthtoken\s+(.+)$/i.exec(auth);
    if (!match) return fail(authenticationFailure());
    if (match[1] !== token || tokensExpired) return fail(invalidToken());
    if (forcedRateLimits > 0) {
      forcedRateLimits--;
      return fail(tooManyRequests({ 'Retry-After': '1' }));
    }
    if (window) {
      const taken = window.take(clock().getTime());
      if (!taken.allowed) return fail(tooManyRequests({ 'Retry-After': String(Math.ceil(taken.waitMs / 1000)) }));
    }
    await next();
    entry.status = c.res.status;
  };
  app.use('/crm/v8/*', vendor);

  /** `{data, info}` for a page of records, or 204 when there are none. */
  const recordsAnswer = (c: Context, records: StoredRecord[], fields: string[] | null, page = 1, perPage = 200) => {
    const slice = records.slice((page - 1) * perPage, page * perPage);
    if (slice.length === 0) return c.body(null, 204);
    return c.json({
      data: slice.map((record) => store.toJson(record, fields)),
      info: { per_page: perPage, count: slice.length, page, more_records: records.length > page * perPage },
    });
  };

  app.get('/crm/v8/settings/fields', (c) => {
    const name = c.req.query('module');
    if (!name) throw requiredParamMissing('module');
    const module = moduleOf(name);
    return c.json({ fields: fieldsOf(module).map((field, i) => fieldJson(field, i, module)) });
  });

  app.get('/crm/v8/:module/search', (c) => {
    const module = moduleOf(c.req.param('module'));
    const params = {
      ...(c.req.query('criteria') !== undefined ? { criteria: c.req.query('criteria')! } : {}),
      ...(c.req.query('email') !== undefined ? { email: c.req.query('email')! } : {}),
      ...(c.req.query('phone') !== undefined ? { phone: c.req.query('phone')! } : {}),
      ...(c.req.query('word') !== undefined ? { word: c.req.query('word')! } : {}),
    };
    const found = searchRecords(store, module, params, hidden);
    if (found === null) throw requiredParamMissing('criteria');
    const { page, perPage } = paging(c);
    return recordsAnswer(c, found, requestedFields(c), page, perPage);
  });

  app.get('/crm/v8/:module/:id', (c) => {
    const module = moduleOf(c.req.param('module'));
    const record = store.get(module, c.req.param('id'));
    return recordsAnswer(c, record ? [record] : [], requestedFields(c));
  });

  app.get('/crm/v8/:module', (c) => {
    const module = moduleOf(c.req.param('module'));
    const fields = requestedFields(c);
    if (!fields) throw requiredParamMissing('fields');
    const idsParam = c.req.query('ids');
    if (idsParam !== undefined) {
      const ids = [
        ...new Set(
          idsParam
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        ),
      ];
      if (ids.length > ZOHO_SANDBOX_BATCH_LIMIT) throw limitExceeded(ZOHO_SANDBOX_BATCH_LIMIT, 'ids');
      const found = ids.map((id) => store.get(module, id)).filter((r): r is StoredRecord => r !== undefined);
      return recordsAnswer(c, found, fields);
    }
    const { page, perPage } = paging(c);
    return recordsAnswer(c, store.list(module), fields, page, perPage);
  });

  /** One record's success status in a write answer. */
  const success = (record: StoredRecord, mode: WriteMode): ZohoStatusBody => ({
    code: 'SUCCESS',
    details: {
      Modified_Time: zohoTime(record.modifiedAt),
      Modified_By: { name: SANDBOX_USER.name, id: SANDBOX_USER.id },
      Created_Time: zohoTime(record.createdAt),
      id: record.id,
      Created_By: { name: SANDBOX_USER.name, id: SANDBOX_USER.id },
    },
    message: mode === 'create' ? 'record added' : 'record updated',
    status: 'success',
  });

  /** Insert or update: validates the envelope, then writes each record on its own. */
  const write = async (c: Context, mode: WriteMode, pathId: string | null) => {
    const module = moduleOf(c.req.param('module')!);
    const text = await c.req.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw invalidBody('the request body is not valid JSON');
    }
    const data = (body as { data?: unknown } | null)?.data;
    if (data === undefined) throw requiredParamMissing('data');
    if (!Array.isArray(data)) throw invalidBody('data must be an array of records');
    if (data.length === 0) throw requiredParamMissing('data');
    if (data.length > ZOHO_SANDBOX_BATCH_LIMIT) throw limitExceeded(ZOHO_SANDBOX_BATCH_LIMIT, 'records');
    if (pathId !== null && data.length !== 1) throw invalidBody('only one record can be updated by its id');

    const results = data.map((input: unknown, i): ZohoStatusBody => {
      try {
        let id: string | null = null;
        if (mode === 'update') {
          const bodyId = (input as { id?: unknown } | null)?.id;
          id = pathId ?? (typeof bodyId === 'string' || typeof bodyId === 'number' ? String(bodyId) : null);
          if (id === null) {
            throw new ZohoRecordError(
              errorStatus('MANDATORY_NOT_FOUND', 'required field not found', {
                api_name: 'id',
                json_path: `$.data[${i}].id`,
              }),
            );
          }
        }
        return success(store.write(module, input, i, mode, id), mode);
      } catch (error) {
        if (error instanceof ZohoRecordError) return error.body;
        throw error;
      }
    });
    const anySuccess = results.some((result) => result.status === 'success');
    return c.json({ data: results }, anySuccess ? (mode === 'create' ? 201 : 200) : 400);
  };
  app.post('/crm/v8/:module', (c) => write(c, 'create', null));
  app.put('/crm/v8/:module', (c) => write(c, 'update', null));
  app.put('/crm/v8/:module/:id', (c) => write(c, 'update', c.req.param('id')));

  // Browser pages.
  const page = (c: Context, html: string, status: 200 | 404 = 200) => {
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(html, status);
  };
  app.get('/crm/tab/:module/:id', (c) => {
    const name = c.req.param('module');
    if (!(SANDBOX_MODULES as readonly string[]).includes(name))
      return page(c, notFoundPage(`There is no module ${name}.`), 404);
    const record = store.get(name as SandboxModule, c.req.param('id'));
    if (!record) return page(c, notFoundPage(`There is no record ${c.req.param('id')} in ${name}.`), 404);
    return page(c, recordPage(store, record));
  });
  app.get('/crm/tab/:module', (c) => {
    const name = c.req.param('module');
    if (!(SANDBOX_MODULES as readonly string[]).includes(name))
      return page(c, notFoundPage(`There is no module ${name}.`), 404);
    return page(c, listPage(store, name as SandboxModule));
  });

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
    return c.json({ status: 'reset', contacts: store.list('Contacts').length });
  });
  app.get('/__sandbox/requests', (c) => c.json({ requests }));
  app.delete('/__sandbox/requests', (c) => {
    requests = [];
    return c.body(null, 204);
  });
  app.put('/__sandbox/rate-limit', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw invalidBody('the request body is not valid JSON');
    }
    if (body === null) {
      setRateLimit(null);
      return c.json({ rateLimit: null });
    }
    const { limit, windowMs } = (body ?? {}) as { limit?: unknown; windowMs?: unknown };
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)
      throw invalidBody('limit must be a positive integer');
    const rateLimit = { limit, windowMs: typeof windowMs === 'number' && windowMs >= 1 ? windowMs : 60_000 };
    setRateLimit(rateLimit);
    return c.json({ rateLimit });
  });

  app.notFound((c) => c.json(invalidUrlPattern().body, 404));

  const fetch: FetchLike = async (request) => {
    const url = new URL(request.url);
    const path = stripMountPrefix(url.pathname, ROOTS);
    if (path === url.pathname) return app.fetch(request);
    url.pathname = path;
    return app.fetch(new Request(url, request));
  };

  /** Testing values (strings by API name) as a write's input: Account_Name by name, checkboxes as booleans. */
  const testingInput = (values: Readonly<Record<string, string | null>>): Record<string, unknown> => {
    const input: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      const field = CONTACT_FIELDS.find((f) => f.api_name === name);
      if (name === 'Account_Name' && value !== null && value.trim() !== '')
        input[name] = { id: store.ensureAccount(value) };
      else if (field?.data_type === 'boolean' && value !== null) input[name] = value.trim().toLowerCase() === 'true';
      else input[name] = value;
    }
    return input;
  };

  /** Runs a store write for a testing hook; a Zoho refusal becomes an Error naming the problem. */
  const testingWrite = (input: Record<string, unknown>, mode: WriteMode, id: string | null): StoredRecord => {
    try {
      return store.write('Contacts', input, 0, mode, id);
    } catch (error) {
      if (error instanceof ZohoRecordError) {
        throw new Error(
          `Zoho CRM sandbox refused the ${mode}: ${error.body.code} ${JSON.stringify(error.body.details)}`,
        );
      }
      throw error;
    }
  };

  const testing: SandboxTesting = {
    read(id) {
      const record = store.get('Contacts', id);
      if (!record) return undefined;
      const values: Record<string, string | null> = {};
      for (const field of CONTACT_FIELDS) values[field.api_name] = store.text(record, field);
      return values;
    },
    edit(id, values) {
      if (!store.get('Contacts', id)) throw new Error(`The Zoho CRM sandbox has no contact ${id}`);
      testingWrite(testingInput(values), 'update', id);
    },
    insert(values) {
      const input = testingInput(values);
      if (typeof input.Last_Name !== 'string' || input.Last_Name.trim() === '') {
        const own = ['Email', 'Phone', 'Mobile'].map((name) => values[name]?.trim()).find((v) => v);
        input.Last_Name = own ?? 'Unknown';
      }
      return testingWrite(input, 'create', null).id;
    },
    hideFromSearch(id) {
      hidden.add(id);
    },
    expireTokens() {
      tokensExpired = true;
    },
    rateLimitNext(count) {
      forcedRateLimits = Math.max(0, Math.floor(count));
    },
  };

  return {
    provider: 'zoho',
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
