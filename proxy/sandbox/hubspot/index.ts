/**
 * HubSpot sandbox: a stateful emulator of the parts of HubSpot's REST API the product uses, served by
 * a Hono app from an in-memory store, so the proxy runs (demo) and is tested (tests/proxy/hubspot)
 * against HubSpot's documented contract without a HubSpot account.
 *
 * Vendor routes (paths as on https://api.hubapi.com; every one needs `Authorization: Bearer <token>`
 * and counts against the rate limit):
 * - `GET /account-info/v3/details` — `{portalId, uiDomain, timeZone, …}`
 *   (https://developers.hubspot.com/docs/api-reference/latest/account/account-information/get-account-details);
 * - `GET /crm/v3/properties/contacts[/{name}]` — the property list (./properties.ts;
 *   https://developers.hubspot.com/docs/api/crm/properties);
 * - `GET /crm/v3/objects/contacts` (list, `limit`/`after`/`properties`),
 *   `POST /crm/v3/objects/contacts` → 201, `GET|PATCH|DELETE /crm/v3/objects/contacts/{id}` (GET and
 *   PATCH take `idProperty=email`), `POST /crm/v3/objects/contacts/batch/{read,create,update}`
 *   (≤ 100 inputs) (https://developers.hubspot.com/docs/api/crm/contacts);
 * - `POST /crm/v3/objects/contacts/search` (./search.ts).
 * Errors are HubSpot's bodies (./errors.ts): 401 INVALID_AUTHENTICATION, 429 RATE_LIMIT with
 * `policyName` (default 100 requests per rolling 10 s, like a private app —
 * https://developers.hubspot.com/docs/api/usage-details), 400 VALIDATION_ERROR, 404, 409 CONFLICT.
 * Every vendor response carries `X-HubSpot-RateLimit-Max`, `-Remaining` and `-Interval-Milliseconds`.
 *
 * Browser page (no token): `GET /app/contacts/{portalId}/record/0-1/{id}` — the contact's record
 * page (./page.ts), the target of "Open in HubSpot" when the provider's `appUrl` points at
 * `<sandbox mount>/app`; `GET /app/contacts/{portalId}` lists the contacts.
 *
 * The sandbox is a `CrmSandbox` (proxy/crm/module.ts): its vendor-neutral `testing` hooks let the
 * provider conformance suite (tests/proxy/conformance) drive it like every other CRM's sandbox —
 * `hideFromSearch` (search leaves a contact out, as HubSpot's search index does right after a create,
 * while a create still collides with it: 409 "Existing ID"), `expireTokens` (every call answers 401
 * EXPIRED_AUTHENTICATION; private-app tokens have no refresh flow), `rateLimitNext(n)` (the next n
 * calls answer 429 with policy SECONDLY).
 *
 * Test and demo controls (no token, not logged, not rate limited):
 * `POST /__sandbox/reset` (reseed, clear the log and the rate window), `GET|DELETE /__sandbox/requests`
 * (the log of vendor calls), `PATCH /__sandbox/contacts/{id}` `{properties}` (a HubSpot user edits a
 * contact), `PUT /__sandbox/rate-limit` `{limit, windowMs?}` or `null` (no limit). The same controls
 * exist in-process on the returned {@link HubSpotSandbox}.
 */

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
import { logRequest, loggedBody, RollingWindow, stripMountPrefix } from '../crm-sandbox.ts';
import type { FetchLike } from '../../crm/types.ts';
import {
  authenticationError,
  errorBody,
  expiredTokenError,
  HubSpotApiError,
  notFoundError,
  type RateLimitPolicy,
  rateLimitError,
  validationError,
} from './errors.ts';
import { contactListPage, contactRecordPage, notFoundPage, PAGE_CSP } from './page.ts';
import { propertyJson, SANDBOX_CONTACT_PROPERTIES } from './properties.ts';
import { SearchRequest, searchContacts } from './search.ts';
import { HUBSPOT_SEED_CONTACTS, SANDBOX_HUBSPOT_TOKEN, SANDBOX_PORTAL_ID } from './seed.ts';
import { ContactStore, type PropertyInput, type SandboxContact } from './store.ts';

export type { HubSpotErrorBody, HubSpotErrorDetail } from './errors.ts';
export { escapeHtml } from './page.ts';
export type { SandboxProperty } from './properties.ts';
export { SANDBOX_CONTACT_PROPERTIES } from './properties.ts';
export { SEARCH_LIMITS, SEARCH_OPERATORS } from './search.ts';
export {
  FIRST_CREATED_CONTACT_ID,
  HUBSPOT_SEED_CONTACTS,
  type HubSpotSeedContact,
  SANDBOX_HUBSPOT_TOKEN,
  SANDBOX_PORTAL_ID,
} from './seed.ts';
export type { ContactJson, PropertyInput, SandboxContact } from './store.ts';
export { searchablePhoneNumber } from './store.ts';
export type { SandboxRateLimit, SandboxRequestLogEntry } from '../../crm/module.ts';

/** The default limit, like a HubSpot private app's burst limit: 100 requests per rolling 10 s. */
export const DEFAULT_SANDBOX_RATE_LIMIT: SandboxRateLimit = { limit: 100, windowMs: 10_000 };

/** Most inputs one batch request may carry. */
export const BATCH_LIMIT = 100;

/**
 * Options: those of every sandbox (`rateLimit` default {@link DEFAULT_SANDBOX_RATE_LIMIT}, `seed`
 * the demo contacts, `clock`) and HubSpot's own.
 */
export interface HubSpotSandboxOptions extends SandboxOptions {
  /** The access token the sandbox accepts (default {@link SANDBOX_HUBSPOT_TOKEN}). */
  token?: string;
  /** Portal id reported by account-info and used in record page URLs (default 24681357). */
  portalId?: number;
  /** `uiDomain` reported by account-info (default `app.hubspot.com`, as for US-hosted portals). */
  uiDomain?: string;
}

/** Direct access to the contacts, for tests and demos ("a HubSpot user changes a value"). */
export interface SandboxContacts {
  /** A copy of contact `id`, or undefined when it does not exist or is archived. */
  get(id: string): SandboxContact | undefined;
  /** Copies of every active contact, by id. */
  list(): SandboxContact[];
  /** Creates a contact as a HubSpot user would (validated like the API; throws HubSpotApiError). */
  create(properties: PropertyInput): SandboxContact;
  /** Edits a contact as a HubSpot user would: validated, `updatedAt`/`lastmodifieddate` move when a value changes. */
  update(id: string, properties: PropertyInput): SandboxContact;
  /** Archives (deletes) a contact. */
  archive(id: string): void;
}

/**
 * The HubSpot sandbox: a `CrmSandbox` (app, in-process `fetch` that ignores any prefix before the
 * vendor path — so a provider can use any base URL, `https://api.hubapi.com` or
 * `http://127.0.0.1:8787/sandbox/hubspot` — request log, reset, rate limit, `testing` hooks) plus
 * HubSpot's token, portal id and direct contact access. `reset()` also reseeds ids from 201, forgets
 * hidden contacts, forced rate limits and expired tokens.
 */
export interface HubSpotSandbox extends CrmSandbox {
  readonly provider: 'hubspot';
  token: string;
  portalId: number;
  contacts: SandboxContacts;
}

/** Paths the sandbox serves; `fetch` strips anything in front of the first of these. */
const ROOTS = ['/crm/', '/account-info/', '/app/', '/__sandbox/'];

/** HubSpot's name for the window a 429 reports: `SECONDLY` up to one second, else `TEN_SECONDLY_ROLLING`. */
function policyName(limit: SandboxRateLimit): RateLimitPolicy {
  return limit.windowMs <= 1000 ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING';
}

const PropertiesBody = z.object({
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
const BatchReadBody = z.object({
  inputs: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String) })),
  properties: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
});
const BatchCreateBody = z.object({
  inputs: z.array(PropertiesBody.extend({ objectWriteTraceId: z.string().optional() })),
});
const BatchUpdateBody = z.object({
  inputs: z.array(PropertiesBody.extend({ id: z.union([z.string(), z.number()]).transform(String) })),
});
const RateLimitBody = z.union([
  z.null(),
  z.object({ limit: z.number().int().min(1), windowMs: z.number().int().min(1).default(10_000) }),
]);

/** Parses the request body with `schema`; a body that is not JSON or does not fit → 400 VALIDATION_ERROR. */
async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await c.req.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch (error) {
    throw validationError(`Invalid input JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      message: `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`,
      in: i.path.join('.') || 'body',
    }));
    throw validationError(`Invalid input JSON: ${issues.map((i) => i.message).join('; ')}`, issues);
  }
  return parsed.data;
}

/** `properties` query values: repeated and/or comma-separated; null when none. */
function requestedProperties(c: Context): string[] | null {
  const values = (c.req.queries('properties') ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  const names = values.filter(Boolean);
  return names.length > 0 ? names : null;
}

function checkBatchSize(n: number): void {
  if (n > BATCH_LIMIT) throw validationError(`Too many inputs: ${n}. The maximum batch size is ${BATCH_LIMIT}.`);
}

/**
 * Creates a HubSpot sandbox (see the module comment for what it serves).
 * @example
 * const sandbox = createHubSpotSandbox();
 * const hubspot = createHubSpotProvider({ accessToken: sandbox.token, fetch: sandbox.fetch });
 */
export function createHubSpotSandbox(options: HubSpotSandboxOptions = {}): HubSpotSandbox {
  const token = options.token ?? SANDBOX_HUBSPOT_TOKEN;
  const clock = options.clock ?? (() => new Date());
  const portalId = options.portalId ?? SANDBOX_PORTAL_ID;
  const uiDomain = options.uiDomain ?? 'app.hubspot.com';
  const seeded = options.seed ?? true;
  const store = new ContactStore(clock);
  let window: RollingWindow | null =
    options.rateLimit === false ? null : new RollingWindow(options.rateLimit ?? DEFAULT_SANDBOX_RATE_LIMIT);
  let requests: SandboxRequestLogEntry[] = [];
  /** Contacts search leaves out (testing.hideFromSearch). */
  const hidden = new Set<string>();
  /** True once testing.expireTokens ran: every call answers 401 until reset(). */
  let tokensExpired = false;
  /** Calls still to be answered 429 (testing.rateLimitNext). */
  let forcedRateLimits = 0;

  const reseed = () => store.load(seeded ? HUBSPOT_SEED_CONTACTS : []);
  reseed();

  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof HubSpotApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.body, error.status);
    }
    return c.json(errorBody(`Internal error: ${error.message}`, 'INTERNAL_ERROR'), 500);
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
    const fail = (error: HubSpotApiError) => {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      entry.status = error.status;
      return c.json(error.body, error.status);
    };

    const auth = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (!match || match[1] !== token) return fail(authenticationError());
    if (tokensExpired) return fail(expiredTokenError());
    if (forcedRateLimits > 0) {
      forcedRateLimits--;
      return fail(rateLimitError('SECONDLY', {}));
    }

    if (window) {
      const { allowed, remaining } = window.take(clock().getTime());
      const headers = {
        'X-HubSpot-RateLimit-Max': String(window.limit.limit),
        'X-HubSpot-RateLimit-Remaining': String(remaining),
        'X-HubSpot-RateLimit-Interval-Milliseconds': String(window.limit.windowMs),
      };
      if (!allowed) return fail(rateLimitError(policyName(window.limit), headers));
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
    }
    await next();
    entry.status = c.res.status;
  };
  app.use('/crm/*', vendor);
  app.use('/account-info/*', vendor);

  app.get('/account-info/v3/details', (c) =>
    c.json({
      portalId,
      accountType: 'STANDARD',
      timeZone: 'US/Eastern',
      companyCurrency: 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00',
      utcOffsetMilliseconds: -18_000_000,
      uiDomain,
      dataHostingLocation: 'na1',
    }),
  );

  app.get('/crm/v3/properties/contacts', (c) =>
    c.json({ results: SANDBOX_CONTACT_PROPERTIES.map((p, i) => propertyJson(p, i)) }),
  );
  app.get('/crm/v3/properties/contacts/:name', (c) => {
    const name = c.req.param('name');
    const i = SANDBOX_CONTACT_PROPERTIES.findIndex((p) => p.name === name);
    const def = SANDBOX_CONTACT_PROPERTIES[i];
    if (!def) throw notFoundError(`Unable to find property ${name} for object type 0-1`);
    return c.json(propertyJson(def, i));
  });

  const contacts = '/crm/v3/objects/contacts';

  app.post(`${contacts}/search`, async (c) => c.json(searchContacts(store, await readBody(c, SearchRequest), hidden)));

  app.post(`${contacts}/batch/read`, async (c) => {
    const body = await readBody(c, BatchReadBody);
    checkBatchSize(body.inputs.length);
    const startedAt = clock().toISOString();
    const byEmail = body.idProperty === 'email';
    const found: SandboxContact[] = [];
    const missing: string[] = [];
    for (const { id } of body.inputs) {
      const contact = byEmail ? store.getByEmail(id) : store.get(id);
      if (contact) found.push(contact);
      else missing.push(id);
    }
    const results = found.map((contact) => store.toJson(contact, body.properties ?? null));
    const completedAt = clock().toISOString();
    if (missing.length === 0) return c.json({ status: 'COMPLETE', results, startedAt, completedAt });
    return c.json(
      {
        status: 'COMPLETE',
        results,
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
            context: { ids: missing },
          },
        ],
        startedAt,
        completedAt,
      },
      207,
    );
  });

  app.post(`${contacts}/batch/create`, async (c) => {
    const body = await readBody(c, BatchCreateBody);
    checkBatchSize(body.inputs.length);
    const startedAt = clock().toISOString();
    // All or nothing: validate every input (and emails repeated inside the batch) before writing.
    const emails = new Map<string, number>();
    for (const [i, input] of body.inputs.entries()) {
      const values = store.validate(input.properties, null);
      if (values.email) {
        if (emails.has(values.email)) {
          throw validationError(
            `Duplicate email ${values.email} in inputs[${emails.get(values.email)}] and inputs[${i}].`,
          );
        }
        emails.set(values.email, i);
      }
    }
    const results = body.inputs.map((input) => ({
      ...store.toFullJson(store.create(input.properties)),
      ...(input.objectWriteTraceId === undefined ? {} : { objectWriteTraceId: input.objectWriteTraceId }),
    }));
    return c.json({ status: 'COMPLETE', results, startedAt, completedAt: clock().toISOString() }, 201);
  });

  app.post(`${contacts}/batch/update`, async (c) => {
    const body = await readBody(c, BatchUpdateBody);
    checkBatchSize(body.inputs.length);
    const startedAt = clock().toISOString();
    for (const input of body.inputs) {
      if (!store.get(input.id)) throw notFoundError(`Could not find contact ${input.id}; nothing was updated.`);
      store.validate(input.properties, input.id);
    }
    const results = body.inputs.map((input) =>
      store.toPartialJson(store.update(input.id, input.properties).contact, Object.keys(input.properties)),
    );
    return c.json({ status: 'COMPLETE', results, startedAt, completedAt: clock().toISOString() });
  });

  app.get(contacts, (c) => {
    const limit = Number(c.req.query('limit') ?? '10');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw validationError(`limit must be between 1 and 100; got ${c.req.query('limit')}.`);
    }
    const offset = Number(c.req.query('after') ?? '0');
    if (!Number.isInteger(offset) || offset < 0) throw validationError('after must be a paging cursor.');
    const all = store.list();
    const page = all.slice(offset, offset + limit);
    const next = offset + limit;
    return c.json({
      results: page.map((contact) => store.toJson(contact, requestedProperties(c))),
      ...(next < all.length ? { paging: { next: { after: String(next) } } } : {}),
    });
  });

  app.post(contacts, async (c) => {
    const body = await readBody(c, PropertiesBody);
    return c.json(store.toFullJson(store.create(body.properties)), 201);
  });

  const find = (c: Context): SandboxContact => {
    const key = decodeURIComponent(c.req.param('id') ?? '');
    const idProperty = c.req.query('idProperty');
    if (idProperty !== undefined && idProperty !== 'email' && idProperty !== 'hs_object_id') {
      throw validationError(`${idProperty} is not a unique identifier property for contacts.`);
    }
    const contact = idProperty === 'email' ? store.getByEmail(key) : store.get(key);
    if (!contact) throw notFoundError();
    return contact;
  };

  app.get(`${contacts}/:id`, (c) => c.json(store.toJson(find(c), requestedProperties(c))));

  app.patch(`${contacts}/:id`, async (c) => {
    const contact = find(c);
    const body = await readBody(c, PropertiesBody);
    const { contact: after } = store.update(contact.id, body.properties);
    // Like HubSpot, a PATCH answers with the properties it was sent (and the system ones), not the
    // record's other values.
    return c.json(store.toPartialJson(after, Object.keys(body.properties)));
  });

  app.delete(`${contacts}/:id`, (c) => {
    store.archive(find(c).id);
    return c.body(null, 204);
  });

  // Browser pages.
  const page = (c: Context, html: string, status: 200 | 404 = 200) => {
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(html, status);
  };
  app.get('/app/contacts/:portalId/record/0-1/:id', (c) => {
    if (c.req.param('portalId') !== String(portalId)) {
      return page(c, notFoundPage(`Portal ${c.req.param('portalId')} is not this sandbox's portal.`), 404);
    }
    const contact = store.get(c.req.param('id'));
    if (!contact) return page(c, notFoundPage(`There is no contact ${c.req.param('id')}.`), 404);
    return page(c, contactRecordPage(contact, SANDBOX_CONTACT_PROPERTIES, portalId));
  });
  app.get('/app/contacts/:portalId', (c) => {
    if (c.req.param('portalId') !== String(portalId)) {
      return page(c, notFoundPage(`Portal ${c.req.param('portalId')} is not this sandbox's portal.`), 404);
    }
    return page(c, contactListPage(store.list(), portalId));
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
    return c.json({ status: 'reset', contacts: store.list().length });
  });
  app.get('/__sandbox/requests', (c) => c.json({ requests }));
  app.delete('/__sandbox/requests', (c) => {
    requests = [];
    return c.body(null, 204);
  });
  app.patch('/__sandbox/contacts/:id', async (c) => {
    const body = await readBody(c, PropertiesBody);
    const { contact } = store.update(c.req.param('id'), body.properties);
    return c.json(store.toFullJson(contact));
  });
  app.put('/__sandbox/rate-limit', async (c) => {
    const body = await readBody(c, RateLimitBody);
    setRateLimit(body);
    return c.json({ rateLimit: body });
  });

  app.notFound((c) =>
    c.json(
      errorBody(
        `No route for ${c.req.method} ${stripMountPrefix(new URL(c.req.url).pathname, ROOTS)}`,
        'OBJECT_NOT_FOUND',
      ),
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

  const testing: SandboxTesting = {
    read(id) {
      const contact = store.get(id);
      if (!contact) return undefined;
      const values: Record<string, string | null> = {};
      for (const property of SANDBOX_CONTACT_PROPERTIES) values[property.name] = null;
      for (const [name, value] of Object.entries(contact.properties)) values[name] = value;
      return values;
    },
    edit(id, values) {
      store.update(id, values);
    },
    insert(values) {
      return store.create(values).id;
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
    provider: 'hubspot',
    app,
    fetch,
    token,
    portalId,
    get requests() {
      return requests;
    },
    clearRequests() {
      requests = [];
    },
    reset,
    setRateLimit,
    contacts: {
      get: (id) => store.get(id),
      list: () => store.list(),
      create: (properties) => store.create(properties),
      update: (id, properties) => store.update(id, properties).contact,
      archive: (id) => store.archive(id),
    },
    testing,
  };
}
