/**
 * Salesforce sandbox: a stateful emulator of the parts of Salesforce's REST API the product uses,
 * served by a Hono app from an in-memory org (./store.ts), so the proxy runs (demo) and is tested
 * (tests/proxy/salesforce, the provider conformance suite) against Salesforce's documented contract
 * without a Salesforce org.
 *
 * REST routes (any API version `vNN.N`; each needs `Authorization: Bearer <access token>` — 401
 * INVALID_SESSION_ID otherwise — and counts against the rolling limit, 403 REQUEST_LIMIT_EXCEEDED
 * "TotalRequests Limit exceeded." when over it; `testing.rateLimitNext(n)` answers the next n calls
 * with the brief "ConcurrentPerOrgLongTxn Limit exceeded." instead; every response carries
 * `Sforce-Limit-Info: api-usage=<used>/<limit>`)
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_list.htm):
 * - `GET /services/data/vNN.N/query?q=<SOQL>` (./soql.ts);
 * - `GET /services/data/vNN.N/sobjects/<Object>/describe` (./objects.ts);
 * - `POST /services/data/vNN.N/sobjects/<Object>` → 201 `{id, success, errors}`;
 *   `GET|PATCH|DELETE /services/data/vNN.N/sobjects/<Object>/<id>` (GET takes `?fields=`; PATCH and
 *   DELETE answer 204);
 * - `POST|PATCH /services/data/vNN.N/composite/sobjects` `{allOrNone, records}` (≤ 200) → one
 *   SaveResult per record; `GET /services/data/vNN.N/composite/sobjects/<Object>?ids=…&fields=…` →
 *   one record (or null) per id.
 * Objects: Contact (key prefix 003), Lead (00Q), Account (001); a Contact's Account is read as
 * `Account.Name` in SOQL. Save rules (required LastName, lengths, email format, the phone validation
 * rule, the Email duplicate rule, the unique Support_Id__c) are ./store.ts's.
 *
 * OAuth: `POST /services/oauth2/token` (form-encoded, grant_type=refresh_token with the sandbox
 * connected app's client id and secret and its refresh token) issues a new access token
 * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm).
 * It is not an API call: not rate-limited, logged with the secrets redacted.
 *
 * Browser pages (no token): `GET /lightning/r/<Object>/<id>/view` — the record page, target of
 * "Open in Salesforce" when the provider's `appUrl` is the sandbox mount — and
 * `GET /lightning/o/<Object>/list`.
 *
 * Test and demo controls (no token, not logged, not rate limited): `POST /__sandbox/reset`,
 * `GET|DELETE /__sandbox/requests`, `PUT /__sandbox/rate-limit` `{limit, windowMs?}` or `null`,
 * `PATCH /__sandbox/records/<id>` `{values}` (a Salesforce user edits a record),
 * `POST /__sandbox/expire-tokens`. The same controls exist in-process on {@link SalesforceSandbox}.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import type {
  CrmSandbox,
  SandboxOptions,
  SandboxRateLimit,
  SandboxRequestLogEntry,
  SandboxTesting,
} from '../../crm/module.ts';
import { logRequest, mountPrefixLength, RollingWindow, stripMountPrefix } from '../crm-sandbox.ts';
import { isSalesforceId, toId18 } from '../../crm/salesforce/ids.ts';
import type { FetchLike } from '../../crm/types.ts';
import {
  badRequest,
  invalidSession,
  notFound,
  requestLimitExceeded,
  SalesforceApiError,
  type SalesforceErrorJson,
  SaveError,
} from './errors.ts';
import { describeJson, fieldNamed, objectNamed, SANDBOX_OBJECTS, type SandboxObjectDef } from './objects.ts';
import { listPage, notFoundPage, PAGE_CSP, recordPage } from './page.ts';
import {
  SALESFORCE_SEED,
  SANDBOX_ORG_ID,
  SANDBOX_SALESFORCE_ACCESS_TOKEN,
  SANDBOX_SALESFORCE_CLIENT_ID,
  SANDBOX_SALESFORCE_CLIENT_SECRET,
  SANDBOX_SALESFORCE_REFRESH_TOKEN,
  SANDBOX_USER_ID,
} from './seed.ts';
import { runQuery } from './soql.ts';
import { type FieldValue, RecordStore, type SandboxRecord } from './store.ts';

export { escapeHtml } from './page.ts';
export { SANDBOX_OBJECTS } from './objects.ts';
export {
  SALESFORCE_SEED,
  SANDBOX_ORG_ID,
  SANDBOX_SALESFORCE_ACCESS_TOKEN,
  SANDBOX_SALESFORCE_CLIENT_ID,
  SANDBOX_SALESFORCE_CLIENT_SECRET,
  SANDBOX_SALESFORCE_REFRESH_TOKEN,
  SEED_ACCOUNTS,
  SEED_CONTACTS,
  SEED_LEADS,
} from './seed.ts';
export { parseSoql, runQuery, SoqlError, tokenize } from './soql.ts';
export type { FieldValue, SandboxRecord } from './store.ts';

/**
 * The default limit, like a Developer Edition org's allocation: 15,000 API requests per rolling
 * 24 hours (https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm).
 */
export const DEFAULT_SANDBOX_RATE_LIMIT: SandboxRateLimit = { limit: 15_000, windowMs: 24 * 60 * 60_000 };

/** Most records one sObject Collections call takes. */
export const COLLECTION_LIMIT = 200;

export interface SalesforceSandboxOptions extends SandboxOptions {
  /** The object `testing.insert` creates and `sandboxProvider` works on (default Contact). */
  primaryObject?: 'Contact' | 'Lead';
}

/** The sandbox org's connected app and integration user credentials. */
export interface SalesforceSandboxCredentials {
  /** Valid from the start (until `expireTokens`). */
  accessToken: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** The Salesforce emulator: the vendor-neutral CrmSandbox plus Salesforce-specific controls. */
export interface SalesforceSandbox extends CrmSandbox {
  readonly primaryObject: 'Contact' | 'Lead';
  readonly credentials: SalesforceSandboxCredentials;
  /** A copy of a record (any object, 15- or 18-character id), or undefined. */
  record(id: string): SandboxRecord | undefined;
  /** Copies of the live records of an object. */
  list(object: 'Contact' | 'Lead' | 'Account'): SandboxRecord[];
  /** The refresh token stops working (as when an admin revokes the connected app's access). */
  revokeRefreshToken(): void;
  /** Access tokens the token endpoint has issued since creation or the last reset. */
  readonly issuedTokens: readonly string[];
}

/** Paths the sandbox serves; `fetch` strips anything in front of the first of these. */
const ROOTS = ['/services/', '/lightning/', '/__sandbox/'];

const JsonObject = z.record(z.string(), z.unknown());
const CollectionBody = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(JsonObject),
});
const RateLimitBody = z.union([
  z.null(),
  z.object({
    limit: z.number().int().min(1),
    windowMs: z.number().int().min(1).default(DEFAULT_SANDBOX_RATE_LIMIT.windowMs),
  }),
]);
const EditBody = z.object({ values: z.record(z.string(), z.union([z.string(), z.null()])) });

/** Parses a JSON request body with `schema`; not JSON → 400 JSON_PARSER_ERROR, wrong shape → 400 (`code`). */
async function readJson<T extends z.ZodType>(c: Context, schema: T, code = 'JSON_PARSER_ERROR'): Promise<z.infer<T>> {
  const text = await c.req.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw badRequest('JSON_PARSER_ERROR', `Unexpected character in the request body: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw badRequest(code, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

/** A SaveError's items as a SaveResult's `errors` (code spelled `statusCode`). */
function saveResultErrors(errors: readonly SalesforceErrorJson[]) {
  return errors.map((e) => ({
    statusCode: e.errorCode,
    message: e.message,
    fields: e.fields ?? [],
    ...(e.duplicateResult ? { duplicateResult: e.duplicateResult } : {}),
  }));
}

/** A stored value as the provider reads it (booleans stringified). */
function asText(value: FieldValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'boolean' ? String(value) : value;
}

/**
 * Creates a Salesforce sandbox (see the module comment for what it serves).
 * @example
 * const sandbox = createSalesforceSandbox();
 * const salesforce = createSalesforceProvider({
 *   instanceUrl: 'https://sandbox.my.salesforce.com',
 *   accessToken: sandbox.credentials.accessToken,
 *   fetch: sandbox.fetch,
 * });
 */
export function createSalesforceSandbox(options: SalesforceSandboxOptions = {}): SalesforceSandbox {
  const clock = options.clock ?? (() => new Date());
  const seeded = options.seed ?? true;
  const primaryObject = options.primaryObject ?? 'Contact';
  const credentials: SalesforceSandboxCredentials = {
    accessToken: SANDBOX_SALESFORCE_ACCESS_TOKEN,
    clientId: SANDBOX_SALESFORCE_CLIENT_ID,
    clientSecret: SANDBOX_SALESFORCE_CLIENT_SECRET,
    refreshToken: SANDBOX_SALESFORCE_REFRESH_TOKEN,
  };
  const store = new RecordStore(clock);
  let window: RollingWindow | null =
    options.rateLimit === false ? null : new RollingWindow(options.rateLimit ?? DEFAULT_SANDBOX_RATE_LIMIT);
  let requests: SandboxRequestLogEntry[] = [];
  let validTokens = new Set<string>([credentials.accessToken]);
  let issuedTokens: string[] = [];
  let refreshRevoked = false;
  let forcedLimit = 0;

  const reseed = () => store.load(seeded ? SALESFORCE_SEED : []);
  reseed();

  const app = new Hono({ strict: false });

  app.onError((error, c) => {
    if (error instanceof SalesforceApiError) return c.json(error.errors, error.status);
    if (error instanceof SaveError) return c.json(error.errors, 400);
    return c.json([{ message: `An unexpected error occurred: ${error.message}`, errorCode: 'UNKNOWN_EXCEPTION' }], 500);
  });

  /** Logs the call (body as JSON, text, or redacted form), then runs `next`; returns the entry. */
  const log = async (c: Context, redact: readonly string[] = []): Promise<SandboxRequestLogEntry> => {
    const url = new URL(c.req.url);
    const text = await c.req.text();
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        if (redact.length > 0) {
          const form = Object.fromEntries(new URLSearchParams(text));
          for (const key of redact) if (key in form) form[key] = '[redacted]';
          body = form;
        } else body = text;
      }
    }
    return logRequest(
      requests,
      { method: c.req.method, path: stripMountPrefix(url.pathname, ROOTS), query: url.search.replace(/^\?/, ''), body },
      clock(),
    );
  };

  // REST calls: log, authenticate, rate-limit.
  app.use('/services/data/*', async (c, next) => {
    const entry = await log(c);
    const fail = (error: SalesforceApiError) => {
      entry.status = error.status;
      return c.json(error.errors, error.status);
    };
    const match = /^Bearer\s+(.+)$/i.exec((c.req.header('authorization') ?? '').trim());
    if (!match || !validTokens.has(match[1]!)) return fail(invalidSession());
    if (forcedLimit > 0) {
      forcedLimit--;
      return fail(requestLimitExceeded('concurrent'));
    }
    if (window) {
      const { allowed, used } = window.take(clock().getTime());
      c.header('Sforce-Limit-Info', `api-usage=${used}/${window.limit.limit}`);
      if (!allowed) return fail(requestLimitExceeded('daily'));
    }
    await next();
    entry.status = c.res.status;
  });

  const base = '/services/data/:version{v[0-9]+\\.[0-9]+}';
  const version = (c: Context) => c.req.param('version') ?? 'v62.0';
  const objectParam = (c: Context): SandboxObjectDef => {
    const def = objectNamed(c.req.param('object') ?? '');
    if (!def) throw notFound();
    return def;
  };
  const attributes = (c: Context, object: string, id: string) => ({
    type: object,
    url: `/services/data/${version(c)}/sobjects/${object}/${id}`,
  });
  /** The `fields` parameter resolved to canonical names (own fields only), or every field. */
  const fieldList = (def: SandboxObjectDef, param: string | undefined): string[] => {
    if (param === undefined || param.trim() === '') return def.fields.map((f) => f.name);
    return param.split(',').map((raw) => {
      const name = raw.trim();
      const field = fieldNamed(def, name);
      if (!field) {
        throw badRequest(
          'INVALID_FIELD',
          `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      return field.name;
    });
  };
  const recordJson = (c: Context, record: SandboxRecord, fields: readonly string[]) => {
    const json: Record<string, unknown> = { attributes: attributes(c, record.object, record.id) };
    for (const name of fields) json[name] = record.values[name] ?? null;
    return json;
  };
  /** The live record `id` of `def`, or undefined (malformed ids and other objects' ids included). */
  const findRecord = (def: SandboxObjectDef, id: string): SandboxRecord | undefined => {
    const record = isSalesforceId(id) || /^[a-zA-Z0-9]{15}$/.test(id) ? store.get(id) : undefined;
    return record && record.object === def.name ? record : undefined;
  };

  app.get(`${base}/query`, (c) => {
    const q = c.req.query('q');
    if (!q?.trim()) throw badRequest('MALFORMED_QUERY', 'A query string has to be specified');
    return c.json(runQuery(q, store, version(c)));
  });

  app.get(`${base}/sobjects/:object/describe`, (c) => c.json(describeJson(objectParam(c), version(c))));

  app.post(`${base}/sobjects/:object`, async (c) => {
    const def = objectParam(c);
    const body = await readJson(c, JsonObject);
    const record = store.create(def.name, body, { version: version(c) });
    return c.json({ id: record.id, success: true, errors: [] }, 201);
  });

  app.get(`${base}/sobjects/:object/:id`, (c) => {
    const def = objectParam(c);
    const fields = fieldList(def, c.req.query('fields'));
    const record = findRecord(def, c.req.param('id'));
    if (!record) throw notFound();
    return c.json(recordJson(c, record, fields));
  });

  app.patch(`${base}/sobjects/:object/:id`, async (c) => {
    const def = objectParam(c);
    const record = findRecord(def, c.req.param('id'));
    if (!record) throw notFound();
    const body = await readJson(c, JsonObject);
    store.update(record.id, body, { version: version(c) });
    return c.body(null, 204);
  });

  app.delete(`${base}/sobjects/:object/:id`, (c) => {
    const def = objectParam(c);
    const record = findRecord(def, c.req.param('id'));
    if (!record) throw notFound();
    store.delete(record.id);
    return c.body(null, 204);
  });

  /** Runs one sObject Collections create/update over `records`, honouring `allOrNone`. */
  const collection = async (c: Context, mode: 'create' | 'update') => {
    const body = await readJson(c, CollectionBody);
    if (body.records.length > COLLECTION_LIMIT) {
      throw badRequest(
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`,
      );
    }
    const types = body.records.map((r) => {
      const type = (r.attributes as { type?: unknown } | undefined)?.type;
      const def = typeof type === 'string' ? objectNamed(type) : undefined;
      if (!def) throw badRequest('INVALID_TYPE', 'Must send a concrete entity type.');
      return def;
    });
    const restore = store.snapshot();
    const results = body.records.map((input, i) => {
      const def = types[i]!;
      try {
        if (mode === 'create') {
          return { id: store.create(def.name, input, { version: version(c) }).id, success: true, errors: [] };
        }
        const id = input.id ?? input.Id;
        if (typeof id !== 'string' || id === '') {
          throw new SaveError([{ errorCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call' }]);
        }
        if (!findRecord(def, id)) {
          throw new SaveError([{ errorCode: 'NOT_FOUND', message: `There is no ${def.name} with id ${id}` }]);
        }
        return { id: store.update(id, input, { version: version(c) }).id, success: true, errors: [] };
      } catch (error) {
        if (!(error instanceof SaveError)) throw error;
        return { success: false, errors: saveResultErrors(error.errors) };
      }
    });
    if (body.allOrNone && results.some((r) => !r.success)) {
      restore();
      return c.json(
        results.map((r) =>
          r.success
            ? {
                success: false,
                errors: [
                  {
                    statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                    message:
                      'Record rolled back because not all records were valid and the request was using AllOrNone header',
                    fields: [],
                  },
                ],
              }
            : r,
        ),
      );
    }
    return c.json(results);
  };
  app.post(`${base}/composite/sobjects`, (c) => collection(c, 'create'));
  app.patch(`${base}/composite/sobjects`, (c) => collection(c, 'update'));

  app.get(`${base}/composite/sobjects/:object`, (c) => {
    const def = objectParam(c);
    const ids = c.req.query('ids');
    const fieldsParam = c.req.query('fields');
    if (!ids?.trim()) throw badRequest('MISSING_ARGUMENT', 'ids parameter is required');
    if (!fieldsParam?.trim()) throw badRequest('MISSING_ARGUMENT', 'fields parameter is required');
    const fields = fieldList(def, fieldsParam);
    const records = ids.split(',').map((raw) => {
      const record = findRecord(def, raw.trim());
      return record ? recordJson(c, record, fields) : null;
    });
    return c.json(records);
  });

  // OAuth token endpoint.
  app.post('/services/oauth2/token', async (c) => {
    const entry = await log(c, ['client_secret', 'refresh_token']);
    const answer = (status: 200 | 400, json: Record<string, string>) => {
      entry.status = status;
      return c.json(json, status);
    };
    const form = new URLSearchParams(await c.req.text());
    if (form.get('grant_type') !== 'refresh_token') {
      return answer(400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    if (form.get('client_id') !== credentials.clientId) {
      return answer(400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
    }
    if (form.get('client_secret') !== credentials.clientSecret) {
      return answer(400, { error: 'invalid_client', error_description: 'invalid client credentials' });
    }
    if (refreshRevoked || form.get('refresh_token') !== credentials.refreshToken) {
      return answer(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
    }
    const token = `${SANDBOX_ORG_ID.slice(0, 15)}!AQ4AQ${randomBytes(24).toString('base64url')}`;
    validTokens.add(token);
    issuedTokens.push(token);
    const url = new URL(c.req.url);
    const prefix =
      c.req.header('x-forwarded-prefix') ?? url.pathname.slice(0, url.pathname.indexOf('/services/oauth2/token'));
    return answer(200, {
      access_token: token,
      signature: randomBytes(32).toString('base64'),
      scope: 'api refresh_token',
      instance_url: `${url.origin}${prefix}`,
      id: `https://login.salesforce.com/id/${SANDBOX_ORG_ID}/${SANDBOX_USER_ID}`,
      token_type: 'Bearer',
      issued_at: String(clock().getTime()),
    });
  });

  // Browser pages.
  const page = (c: Context, html: string, status: 200 | 404 = 200) => {
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(html, status);
  };
  app.get('/lightning/r/:object/:id/view', (c) => {
    const def = objectNamed(c.req.param('object'));
    if (!def) return page(c, notFoundPage(`There is no object ${c.req.param('object')}.`), 404);
    const record = findRecord(def, c.req.param('id'));
    if (!record) return page(c, notFoundPage(`There is no ${def.label} ${c.req.param('id')}.`), 404);
    const related: Array<{ label: string; value: string; href?: string }> = [];
    const accountId = record.values.AccountId;
    const account = typeof accountId === 'string' ? store.get(accountId) : undefined;
    if (account) {
      related.push({
        label: 'Account Name',
        value: asText(account.values.Name) ?? account.id,
        href: `../../Account/${encodeURIComponent(account.id)}/view`,
      });
    }
    return page(c, recordPage(record, def, related));
  });
  app.get('/lightning/o/:object/list', (c) => {
    const def = objectNamed(c.req.param('object'));
    if (!def) return page(c, notFoundPage(`There is no object ${c.req.param('object')}.`), 404);
    return page(c, listPage(store.list(def.name), def));
  });

  // Test and demo controls.
  const reset = () => {
    reseed();
    requests = [];
    if (window) window = new RollingWindow(window.limit);
    validTokens = new Set([credentials.accessToken]);
    issuedTokens = [];
    refreshRevoked = false;
    forcedLimit = 0;
  };
  const setRateLimit = (limit: SandboxRateLimit | null) => {
    window = limit ? new RollingWindow(limit) : null;
  };

  const testing: SandboxTesting = {
    read(id) {
      const record = store.get(id);
      if (!record) return undefined;
      const values: Record<string, string | null> = {};
      for (const [name, value] of Object.entries(record.values)) values[name] = asText(value);
      if (record.object === 'Contact') values['Account.Name'] = asText(store.valueAt(record, ['Account', 'Name']));
      return values;
    },
    edit(id, values) {
      const record = store.get(id);
      if (!record) throw new Error(`The Salesforce sandbox has no record ${id}`);
      const input: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) {
        if (name === 'Account.Name' && record.object === 'Contact') input.AccountId = store.accountNamed(value);
        else input[name] = value;
      }
      try {
        store.update(record.id, input, { version: 'v62.0', duplicateRule: false });
      } catch (error) {
        if (error instanceof SaveError)
          throw new Error(`Salesforce refused the edit: ${error.message}`, { cause: error });
        throw error;
      }
    },
    insert(values) {
      const def = SANDBOX_OBJECTS[primaryObject];
      const input: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) {
        if (name === 'Account.Name' && def.name === 'Contact') input.AccountId = store.accountNamed(value);
        else input[name] = value;
      }
      // A user must fill the required fields; a test that does not care gets placeholders.
      const email = typeof input.Email === 'string' ? input.Email : '';
      if (!input.LastName) input.LastName = email.split('@')[0] || 'Unknown';
      if (def.name === 'Lead' && !input.Company) input.Company = '[not provided]';
      try {
        return store.create(def.name, input, { version: 'v62.0', duplicateRule: false }).id;
      } catch (error) {
        if (error instanceof SaveError)
          throw new Error(`Salesforce refused the record: ${error.message}`, { cause: error });
        throw error;
      }
    },
    hideFromSearch(id) {
      store.hide(id);
    },
    expireTokens() {
      validTokens = new Set();
    },
    rateLimitNext(count) {
      forcedLimit = Math.max(0, Math.trunc(count));
    },
  };

  app.post('/__sandbox/reset', (c) => {
    reset();
    return c.json({ status: 'reset', contacts: store.list('Contact').length, leads: store.list('Lead').length });
  });
  app.get('/__sandbox/requests', (c) => c.json({ requests }));
  app.delete('/__sandbox/requests', (c) => {
    requests = [];
    return c.body(null, 204);
  });
  app.put('/__sandbox/rate-limit', async (c) => {
    const body = await readJson(c, RateLimitBody, 'INVALID_INPUT');
    setRateLimit(body);
    return c.json({ rateLimit: body });
  });
  app.patch('/__sandbox/records/:id', async (c) => {
    const body = await readJson(c, EditBody, 'INVALID_INPUT');
    try {
      testing.edit(c.req.param('id'), body.values);
    } catch (error) {
      throw badRequest('INVALID_INPUT', (error as Error).message);
    }
    return c.json({ id: toId18(c.req.param('id').slice(0, 15)), values: testing.read(c.req.param('id')) });
  });
  app.post('/__sandbox/expire-tokens', (c) => {
    testing.expireTokens();
    return c.body(null, 204);
  });

  app.notFound((c) => c.json([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }], 404));

  const fetch: FetchLike = async (request) => {
    const url = new URL(request.url);
    const cut = mountPrefixLength(url.pathname, ROOTS);
    if (cut === 0) return app.fetch(request);
    const prefix = url.pathname.slice(0, cut);
    url.pathname = url.pathname.slice(cut);
    const forwarded = new Request(url, request);
    forwarded.headers.set('x-forwarded-prefix', prefix);
    return app.fetch(forwarded);
  };

  return {
    provider: 'salesforce',
    app,
    fetch,
    primaryObject,
    credentials,
    get requests() {
      return requests;
    },
    get issuedTokens() {
      return issuedTokens;
    },
    clearRequests() {
      requests = [];
    },
    reset,
    setRateLimit,
    testing,
    record: (id) => store.get(id),
    list: (object) => store.list(object),
    revokeRefreshToken() {
      refreshRevoked = true;
    },
  };
}
