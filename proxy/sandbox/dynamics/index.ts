/**
 * Dynamics 365 sandbox: a stateful emulator of the parts of the Dataverse Web API (v9.2) the
 * product uses, served by a Hono app from an in-memory store, so the proxy runs (demo) and is
 * tested (tests/proxy/dynamics, the provider conformance suite) against Dataverse's documented
 * contract without a Dynamics 365 organization.
 *
 * Vendor routes, under `<any prefix>/api/data/v9.2/` (every one needs `Authorization: Bearer <token>`
 * and counts against the service protection limit; OData headers as Dataverse answers them):
 * - `GET contacts|leads|accounts` with `$select`, `$filter` (./filter.ts), `$expand`
 *   (`parentcustomerid_account($select=name)`), `$orderby`, `$top` (./query.ts;
 *   https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/overview);
 * - `GET <set>(<guid>)` (404 "Entity '…' With Id = … Does Not Exist");
 * - `POST <set>` → 204 + `OData-EntityId`, or 201 + the row with `Prefer: return=representation`;
 *   duplicate detection with `MSCRM.SuppressDuplicateDetection: false` → HTTP 500 code 0x80040333
 *   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/create-entity-web-api,
 *   https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/manage-duplicate-detection-create-update);
 * - `PATCH <set>(<guid>)` → 204 (200 with the row for `Prefer: return=representation`); with
 *   `If-Match: *` a missing row is 404 "Entity '…' With Id = … Does Not Exist" instead of an upsert
 *   (what Dataverse answers; a stale ETag in `If-Match` is 412), with `If-None-Match: *` an existing
 *   row is 412 (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api,
 *   https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api);
 * - `DELETE <set>(<guid>)` → 204;
 * - `GET EntityDefinitions(LogicalName='…')[/Attributes[/Microsoft.Dynamics.CRM.<Type>]]` (./definitions.ts);
 * - `GET RetrieveDuplicates(BusinessEntity=@p1,MatchingEntityName=@p2,PagingInfo=@p3)`
 *   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/retrieveduplicates);
 * - `GET WhoAmI`; `POST $batch` (multipart/mixed, change sets, `Prefer: odata.continue-on-error`;
 *   https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api).
 * Errors are `{error: {code, message}}` (./errors.ts); 401 carries no body and a `WWW-Authenticate`
 * challenge; 429 carries `Retry-After` (seconds). The default limit is Dataverse's 6,000 requests per
 * user in a sliding 5-minute window (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/api-limits).
 *
 * Browser pages (no token): `<prefix>/main.aspx?etn=<table>&id=<guid>&pagetype=entityrecord` — the
 * record form "Open in Dynamics 365" links to — and `?etn=<table>&pagetype=entitylist` (./page.ts).
 *
 * Test and demo controls (no token, not logged, not rate limited): `POST <prefix>/__sandbox/reset`,
 * `GET|DELETE <prefix>/__sandbox/requests`, `PUT <prefix>/__sandbox/rate-limit` `{limit, windowMs?}`
 * or `null`, `PATCH <prefix>/__sandbox/records/<guid>` `{values}` (a Dynamics 365 user edits a
 * row), and the same in-process through {@link DynamicsSandbox.testing}.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  BatchFormatError,
  boundaryOf,
  buildBatchResponse,
  type ParsedBatchRequest,
  parseBatchRequest,
} from '../../crm/dynamics/batch.ts';
import type {
  CrmSandbox,
  SandboxOptions,
  SandboxRateLimit,
  SandboxRequestLogEntry,
  SandboxTesting,
} from '../../crm/module.ts';
import { logRequest, loggedBody, RollingWindow } from '../crm-sandbox.ts';
import type { FetchLike } from '../../crm/types.ts';
import { attributesResponse, entityDefinitionJson } from './definitions.ts';
import {
  DataverseApiError,
  invalidArgument,
  payloadError,
  querySyntaxError,
  rateLimited,
  recordNotFound,
  resourceNotFound,
  unauthorized,
} from './errors.ts';
import { isGuid } from './filter.ts';
import { ENTITIES, entityBySetName, type EntityDefinition } from './metadata.ts';
import { listPage, notFoundPage, PAGE_CSP, recordPage } from './page.ts';
import { collectionContext, parseExpand, parseQueryOptions, parseSelect, rowJson, runQuery } from './query.ts';
import { DYNAMICS_SEED, SANDBOX_DYNAMICS_TOKEN } from './seed.ts';
import { DataverseStore, type EntityName, type Row } from './store.ts';

export { type DataverseErrorBody, ERROR_CODES } from './errors.ts';
export { escapeHtml } from './page.ts';
export { DUPLICATE_RULES, type Row as DataverseRow } from './store.ts';
export { DYNAMICS_SEED, SANDBOX_DYNAMICS_TOKEN, SEED_ACCOUNT_IDS, SEED_IDS } from './seed.ts';

/** The Web API path the sandbox serves (Dataverse v9.2). */
export const WEB_API_PATH = '/api/data/v9.2';

/** Dataverse's service protection limit on requests: 6,000 per user in a sliding 5-minute window. */
export const DEFAULT_DYNAMICS_RATE_LIMIT: SandboxRateLimit = { limit: 6000, windowMs: 300_000 };

/**
 * `Retry-After` (seconds) of a 429 forced with `testing.rateLimitNext`: brief, like a burst that
 * clears at once, so a client that honours `Retry-After` gets through on its next try.
 */
export const FORCED_RETRY_AFTER_SECONDS = 1;

export interface DynamicsSandboxOptions extends SandboxOptions {
  /** The access token the sandbox accepts (default {@link SANDBOX_DYNAMICS_TOKEN}). */
  token?: string;
  /** Id generator for new rows (default: random GUIDs). */
  newId?: () => string;
}

/** A Dynamics 365 sandbox: the CrmSandbox contract plus its token and direct access to the rows. */
export interface DynamicsSandbox extends CrmSandbox {
  readonly provider: 'dynamics';
  readonly token: string;
  /** The in-memory tables (for tests and demos). */
  readonly store: DataverseStore;
}

/** The request/response shape the vendor dispatcher works on (a real request or a `$batch` part). */
interface VendorRequest {
  method: string;
  /** The path after the service root, decoded (`contacts(…)`, `EntityDefinitions(LogicalName='lead')/Attributes`). */
  rel: string;
  params: URLSearchParams;
  headers: Headers;
  body: string;
  serviceRoot: string;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const ODATA_HEADERS = { 'OData-Version': '4.0' } as const;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; odata.metadata=minimal', ...ODATA_HEADERS, ...headers },
  });
}

function empty(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { ...ODATA_HEADERS, ...headers } });
}

function errorResponse(error: DataverseApiError): Response {
  if (error.body === null) return empty(error.status, { ...error.headers });
  return json(error.status, error.body, { ...error.headers });
}

/** Rolling window of vendor calls. */

/** `Prefer` preferences, lower-cased (`return=representation`, `odata.continue-on-error`). */
function preferences(headers: Headers): Set<string> {
  return new Set(
    (headers.get('prefer') ?? '')
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean),
  );
}

function parseJsonObject(text: string, entitySet: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw payloadError(entitySet, `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw payloadError(entitySet, 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** Where the Web API path starts in a URL path, or -1. */
function apiIndex(pathname: string): number {
  const match = /\/api\/data\/v9\.2(?=\/|$)/.exec(pathname);
  return match ? match.index : -1;
}

const RateLimitBody = z.union([
  z.null(),
  z.object({ limit: z.number().int().min(1), windowMs: z.number().int().min(1).default(300_000) }),
]);
const EditBody = z.object({ values: z.record(z.string(), z.string().nullable()) });

/**
 * Creates a Dynamics 365 sandbox (see the module comment for what it serves).
 * @example
 * const sandbox = createDynamicsSandbox();
 * const crm = createDynamicsProvider({ orgUrl: 'https://sandbox.crm.dynamics.com', accessToken: sandbox.token, fetch: sandbox.fetch });
 */
export function createDynamicsSandbox(options: DynamicsSandboxOptions = {}): DynamicsSandbox {
  const token = options.token ?? SANDBOX_DYNAMICS_TOKEN;
  const clock = options.clock ?? (() => new Date());
  const seeded = options.seed ?? true;
  const store = new DataverseStore(clock, options.newId);
  let window: RollingWindow | null =
    options.rateLimit === false ? null : new RollingWindow(options.rateLimit ?? DEFAULT_DYNAMICS_RATE_LIMIT);
  let requests: SandboxRequestLogEntry[] = [];
  let tokensExpired = false;
  let forcedRateLimits = 0;

  const reseed = () => store.load(seeded ? DYNAMICS_SEED : []);
  reseed();

  const log = (method: string, path: string, query: string, bodyText: string): SandboxRequestLogEntry => {
    const entry = logRequest(requests, { method, path, query, body: loggedBody(bodyText) }, clock());
    return entry;
  };

  // --- the Web API -----------------------------------------------------------------------------

  const entitySetRoute = (req: VendorRequest, entity: EntityDefinition, key: string | undefined): Response => {
    const prefer = preferences(req.headers);
    const representation = prefer.has('return=representation');
    const entityIdOf = (row: Row) => `${req.serviceRoot}${entity.entitySetName}(${row.id})`;
    const entityContext = (select: string[] | null) => `${collectionContext(req.serviceRoot, entity, select)}/$entity`;

    if (key === undefined) {
      if (req.method === 'GET') {
        const query = parseQueryOptions(entity, req.params);
        const rows = runQuery(store, entity, query);
        return json(200, {
          '@odata.context': collectionContext(req.serviceRoot, entity, query.select),
          value: rows.map((row) => rowJson(store, row, query.select, query.expand)),
        });
      }
      if (req.method === 'POST') {
        // Query options are validated before anything is written, as OData parses the URL first.
        const select = parseSelect(entity, req.params.get('$select') ?? undefined);
        const expand = parseExpand(entity, req.params.get('$expand') ?? undefined);
        const body = parseJsonObject(req.body, entity.entitySetName);
        const detect = req.headers.get('mscrm.suppressduplicatedetection')?.trim().toLowerCase() === 'false';
        const row = store.create(entity.logicalName, body, { detectDuplicates: detect });
        if (representation) {
          return json(
            201,
            {
              '@odata.context': entityContext(select),
              ...rowJson(store, store.get(row.entity, row.id)!, select, expand),
            },
            { 'OData-EntityId': entityIdOf(row), 'Preference-Applied': 'return=representation' },
          );
        }
        return empty(204, { 'OData-EntityId': entityIdOf(row) });
      }
      throw invalidArgument(
        `The HTTP method ${req.method} is not supported on the '${entity.entitySetName}' collection.`,
      );
    }

    if (!isGuid(key)) throw querySyntaxError('Bad Request - Error in query syntax.');
    const id = key.toLowerCase();
    if (req.method === 'GET') {
      const row = store.get(entity.logicalName, id);
      if (!row) throw recordNotFound(entity.logicalName, id);
      const select = parseSelect(entity, req.params.get('$select') ?? undefined);
      const expand = parseExpand(entity, req.params.get('$expand') ?? undefined);
      return json(200, { '@odata.context': entityContext(select), ...rowJson(store, row, select, expand) });
    }
    if (req.method === 'PATCH') {
      const select = parseSelect(entity, req.params.get('$select') ?? undefined);
      const expand = parseExpand(entity, req.params.get('$expand') ?? undefined);
      const body = parseJsonObject(req.body, entity.entitySetName);
      const detect = req.headers.get('mscrm.suppressduplicatedetection')?.trim().toLowerCase() === 'false';
      const existing = store.get(entity.logicalName, id);
      const ifMatch = req.headers.get('if-match')?.trim();
      const ifNoneMatch = req.headers.get('if-none-match')?.trim();
      if (ifMatch !== undefined) {
        if (!existing) throw recordNotFound(entity.logicalName, id);
        if (ifMatch !== '*' && ifMatch !== `W/"${existing.version}"`) {
          throw new DataverseApiError(412, {
            error: {
              code: '0x80060882',
              message: "The version of the existing record doesn't match the RowVersion property provided.",
            },
          });
        }
      }
      if (ifNoneMatch === '*' && existing) {
        throw new DataverseApiError(412, {
          error: { code: '0x80040237', message: 'A record with matching key values already exists.' },
        });
      }
      const row = existing
        ? store.update(entity.logicalName, id, body, { detectDuplicates: detect })
        : store.create(entity.logicalName, { ...body, [entity.primaryIdAttribute]: id }, { detectDuplicates: detect });
      if (representation) {
        return json(
          existing ? 200 : 201,
          { '@odata.context': entityContext(select), ...rowJson(store, row, select, expand) },
          { 'OData-EntityId': entityIdOf(row), 'Preference-Applied': 'return=representation' },
        );
      }
      return empty(204, { 'OData-EntityId': entityIdOf(row) });
    }
    if (req.method === 'DELETE') {
      store.delete(entity.logicalName, id);
      return empty(204);
    }
    throw invalidArgument(`The HTTP method ${req.method} is not supported on a ${entity.logicalName} record.`);
  };

  const retrieveDuplicates = (req: VendorRequest, args: string): Response => {
    const values = new Map<string, string>();
    for (const part of args.split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) continue;
      const name = part.slice(0, eq).trim();
      let value = part.slice(eq + 1).trim();
      if (value.startsWith('@')) value = req.params.get(value) ?? '';
      values.set(name, value);
    }
    const businessText = values.get('BusinessEntity');
    const matchingText = values.get('MatchingEntityName');
    if (!businessText || !matchingText) {
      throw invalidArgument('RetrieveDuplicates needs the BusinessEntity and MatchingEntityName parameters.');
    }
    const business = parseJsonObject(businessText, 'RetrieveDuplicates');
    const type = String(business['@odata.type'] ?? '').replace(/^#/, '');
    const baseName = /^Microsoft\.Dynamics\.CRM\.(\w+)$/.exec(type)?.[1];
    const matching = matchingText.replace(/^'(.*)'$/, '$1');
    if (!baseName || !(baseName in ENTITIES)) {
      throw invalidArgument(
        `BusinessEntity needs an @odata.type such as "Microsoft.Dynamics.CRM.lead" (got "${type}").`,
      );
    }
    if (!(matching in ENTITIES)) throw invalidArgument(`'${matching}' is not a table with duplicate detection rules.`);
    const base = ENTITIES[baseName as EntityName];
    const candidateValues: Record<string, string | number | boolean | null> = {};
    for (const [name, value] of Object.entries(business)) {
      if (name.startsWith('@')) continue;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
        candidateValues[name] = value;
      }
    }
    const selfId = business[base.primaryIdAttribute];
    let page = { PageNumber: 1, Count: 50 };
    const pagingText = values.get('PagingInfo');
    if (pagingText) {
      const parsed = z
        .object({ PageNumber: z.number().int().min(1), Count: z.number().int().min(1).max(5000) })
        .safeParse(JSON.parse(pagingText));
      if (!parsed.success) throw invalidArgument('PagingInfo needs PageNumber and Count.');
      page = parsed.data;
    }
    const found = store
      .duplicatesOf(
        {
          entity: base.logicalName,
          id: typeof selfId === 'string' ? selfId.toLowerCase() : '',
          values: candidateValues,
        },
        matching as EntityName,
      )
      .sort((a, b) => (a.modifiedon < b.modifiedon ? 1 : a.modifiedon > b.modifiedon ? -1 : 0));
    const slice = found.slice((page.PageNumber - 1) * page.Count, page.PageNumber * page.Count);
    return json(200, {
      '@odata.context': `${req.serviceRoot}$metadata#Collection(Microsoft.Dynamics.CRM.crmbaseentity)`,
      value: slice.map((row) => ({
        '@odata.type': `#Microsoft.Dynamics.CRM.${row.entity}`,
        ...rowJson(store, row, null),
      })),
    });
  };

  /** Answers one Web API request (errors as Dataverse error responses). */
  const dispatch = (req: VendorRequest): Response => {
    try {
      const rel = req.rel;
      if (rel === '' && req.method === 'GET') {
        return json(200, {
          '@odata.context': `${req.serviceRoot}$metadata`,
          value: Object.values(ENTITIES).map((e) => ({
            name: e.entitySetName,
            kind: 'EntitySet',
            url: e.entitySetName,
          })),
        });
      }
      if ((rel === 'WhoAmI' || rel === 'WhoAmI()') && req.method === 'GET') {
        return json(200, {
          '@odata.context': `${req.serviceRoot}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
          BusinessUnitId: '6f202e6c-e471-ec11-8941-000d3a3a5b4e',
          UserId: '88057198-a9b1-ec11-9840-00224800c5f4',
          OrganizationId: 'e1b2c3d4-0000-4000-8000-00000000d365',
        });
      }
      const definition = /^EntityDefinitions\(LogicalName='(\w+)'\)(?:\/Attributes(.*))?$/.exec(rel);
      if (definition && req.method === 'GET') {
        const entity = ENTITIES[definition[1] as EntityName] as EntityDefinition | undefined;
        if (!entity) throw resourceNotFound(`EntityDefinitions(LogicalName='${definition[1]}')`);
        if (definition[2] === undefined) return json(200, entityDefinitionJson(entity, req.serviceRoot));
        return json(200, attributesResponse(entity, definition[2], req.params, req.serviceRoot));
      }
      const duplicates = /^RetrieveDuplicates\((.*)\)$/.exec(rel);
      if (duplicates && req.method === 'GET') return retrieveDuplicates(req, duplicates[1]!);
      const set = /^([A-Za-z_]\w*)(?:\(([^)]*)\))?$/.exec(rel);
      const entity = set ? entityBySetName(set[1]!) : undefined;
      if (!set || !entity) throw resourceNotFound(rel.split(/[(/]/)[0] || rel);
      return entitySetRoute(req, entity, set[2]);
    } catch (error) {
      if (error instanceof DataverseApiError) return errorResponse(error);
      throw error;
    }
  };

  /** Runs a `$batch` body; returns the multipart response. */
  const runBatch = async (req: VendorRequest): Promise<Response> => {
    const boundary = boundaryOf(req.headers.get('content-type'));
    if (!boundary) {
      return errorResponse(invalidArgument('A $batch request needs Content-Type: multipart/mixed; boundary=batch_…'));
    }
    let parts: ParsedBatchRequest[];
    try {
      parts = parseBatchRequest(req.body, boundary);
    } catch (error) {
      if (error instanceof BatchFormatError) return errorResponse(invalidArgument(error.message));
      throw error;
    }
    if (parts.length > 1000) return errorResponse(invalidArgument('A batch may contain at most 1000 requests.'));
    const continueOnError = preferences(req.headers).has('odata.continue-on-error');
    const out: { status: number; statusText: string; headers: Headers; body: string }[] = [];
    const toPart = async (response: Response) => ({
      status: response.status,
      statusText: STATUS_TEXT[response.status] ?? '',
      headers: response.headers,
      body: await response.text(),
    });

    let i = 0;
    while (i < parts.length) {
      // One independent request, or the contiguous requests of one change set.
      const changeSet = parts[i]!.changeSet;
      let end = i + 1;
      while (changeSet !== null && end < parts.length && parts[end]!.changeSet === changeSet) end++;
      const group = parts.slice(i, end);
      i = end;
      const snapshot = changeSet === null ? null : store.snapshot();
      const responses: Response[] = [];
      let failed: Response | null = null;
      for (const part of group) {
        const target = new URL(part.url, req.serviceRoot);
        const at = apiIndex(target.pathname);
        const rel =
          at < 0 ? '' : decodeURIComponent(target.pathname.slice(at + WEB_API_PATH.length).replace(/^\//, ''));
        const entry = log(
          part.method,
          target.pathname.slice(Math.max(at, 0)),
          target.search.replace(/^\?/, ''),
          part.body,
        );
        const response =
          at < 0
            ? errorResponse(resourceNotFound(part.url))
            : dispatch({
                method: part.method,
                rel,
                params: target.searchParams,
                headers: part.headers,
                body: part.body,
                serviceRoot: req.serviceRoot,
              });
        entry.status = response.status;
        responses.push(response);
        if (response.status >= 400) {
          failed = response;
          if (changeSet !== null) break;
        }
      }
      if (changeSet !== null && failed) {
        store.restore(snapshot!);
        out.push(await toPart(failed));
      } else {
        for (const response of responses) out.push(await toPart(response));
      }
      if (failed && !continueOnError) break;
    }
    const responseBoundary = `batchresponse_${randomUUID()}`;
    return new Response(buildBatchResponse(responseBoundary, out), {
      status: 200,
      headers: { 'Content-Type': `multipart/mixed; boundary=${responseBoundary}`, ...ODATA_HEADERS },
    });
  };

  const vendor = async (c: Context, url: URL, at: number): Promise<Response> => {
    const vendorPath = url.pathname.slice(at);
    const bodyText = await c.req.text();
    const entry = log(c.req.method, vendorPath, url.search.replace(/^\?/, ''), bodyText);
    const serviceRoot = `${url.origin}${url.pathname.slice(0, at)}${WEB_API_PATH}/`;
    const finish = (response: Response) => {
      entry.status = response.status;
      return response;
    };

    const auth = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (!match || match[1] !== token || tokensExpired) return finish(errorResponse(unauthorized(url.origin)));

    if (forcedRateLimits > 0) {
      forcedRateLimits--;
      const limit = window?.limit ?? DEFAULT_DYNAMICS_RATE_LIMIT;
      return finish(errorResponse(rateLimited(FORCED_RETRY_AFTER_SECONDS, limit.limit, limit.windowMs / 1000)));
    }
    if (window) {
      const taken = window.take(clock().getTime());
      if (!taken.allowed)
        return finish(
          errorResponse(rateLimited(taken.waitMs / 1000, window.limit.limit, window.limit.windowMs / 1000)),
        );
    }

    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname.slice(at + WEB_API_PATH.length).replace(/^\//, ''));
    } catch {
      return finish(errorResponse(querySyntaxError('Bad Request - the URL is not correctly percent-encoded.')));
    }
    const req: VendorRequest = {
      method: c.req.method,
      rel,
      params: url.searchParams,
      headers: c.req.raw.headers,
      body: bodyText,
      serviceRoot,
    };
    if (rel === '$batch' && c.req.method === 'POST') return finish(await runBatch(req));
    return finish(dispatch(req));
  };

  // --- browser pages and controls --------------------------------------------------------------

  const page = (html: string, status: 200 | 404 = 200) =>
    new Response(html, {
      status,
      headers: {
        'Content-Type': 'text/html; charset=UTF-8',
        'Content-Security-Policy': PAGE_CSP,
        'X-Content-Type-Options': 'nosniff',
      },
    });

  const recordPageRoute = (url: URL): Response => {
    const etn = url.searchParams.get('etn') ?? '';
    const entity = ENTITIES[etn as EntityName] as EntityDefinition | undefined;
    if (!entity) return page(notFoundPage(`There is no table named "${etn}".`), 404);
    if (url.searchParams.get('pagetype') === 'entitylist') return page(listPage(store, entity));
    const id = (url.searchParams.get('id') ?? '').replace(/^\{|\}$/g, '');
    const row = isGuid(id) ? store.get(entity.logicalName, id) : undefined;
    if (!row) return page(notFoundPage(`There is no ${entity.displayName.toLowerCase()} with id "${id}".`), 404);
    return page(recordPage(store, row));
  };

  const reset = () => {
    reseed();
    requests = [];
    tokensExpired = false;
    forcedRateLimits = 0;
    if (window) window = new RollingWindow(window.limit);
  };
  const setRateLimit = (limit: SandboxRateLimit | null) => {
    window = limit ? new RollingWindow(limit) : null;
  };

  const readJson = async <S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S> | Response> => {
    let value: unknown;
    try {
      value = JSON.parse(await c.req.text());
    } catch {
      return json(400, { error: { code: 'bad_request', message: 'The body must be JSON.' } });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      return json(400, {
        error: { code: 'bad_request', message: parsed.error.issues.map((i) => i.message).join('; ') },
      });
    }
    return parsed.data;
  };

  const controls = async (c: Context, rest: string): Promise<Response> => {
    const method = c.req.method;
    if (rest === 'reset' && method === 'POST') {
      reset();
      return json(200, { status: 'reset' });
    }
    if (rest === 'requests' && method === 'GET') return json(200, { requests });
    if (rest === 'requests' && method === 'DELETE') {
      requests = [];
      return empty(204);
    }
    if (rest === 'rate-limit' && method === 'PUT') {
      const body = await readJson(c, RateLimitBody);
      if (body instanceof Response) return body;
      setRateLimit(body);
      return json(200, { rateLimit: body });
    }
    const edit = /^records\/([0-9a-fA-F-]{36})$/.exec(rest);
    if (edit && method === 'PATCH') {
      const body = await readJson(c, EditBody);
      if (body instanceof Response) return body;
      try {
        store.userEdit(edit[1]!, body.values);
      } catch (error) {
        return json(400, { error: { code: 'bad_request', message: (error as Error).message } });
      }
      return json(200, { id: edit[1]!.toLowerCase(), values: store.userView(edit[1]!) });
    }
    return json(404, { error: { code: 'not_found', message: `No sandbox control ${method} ${rest}` } });
  };

  const app = new Hono();
  app.onError((error) => {
    if (error instanceof DataverseApiError) return errorResponse(error);
    return json(500, { error: { code: '0x80040216', message: `An unexpected error occurred: ${error.message}` } });
  });
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const at = apiIndex(url.pathname);
    if (at >= 0) return vendor(c, url, at);
    if (url.pathname.endsWith('/main.aspx') && c.req.method === 'GET') return recordPageRoute(url);
    const control = /\/__sandbox\/(.+)$/.exec(url.pathname);
    if (control) return controls(c, control[1]!);
    return errorResponse(resourceNotFound(url.pathname));
  });

  const fetch: FetchLike = (request) => Promise.resolve(app.fetch(request));

  const testing: SandboxTesting = {
    read: (id) => store.userView(id),
    edit: (id, values) => {
      store.userEdit(id, values);
    },
    insert: (values) => store.userCreate('contact', values).id,
    hideFromSearch: (id) => store.hide(id),
    expireTokens: () => {
      tokensExpired = true;
    },
    rateLimitNext: (count) => {
      forcedRateLimits += Math.max(0, Math.floor(count));
    },
  };

  return {
    provider: 'dynamics',
    app,
    fetch,
    token,
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
