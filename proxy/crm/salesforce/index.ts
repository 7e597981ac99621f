/**
 * Salesforce as a CrmProvider, through the REST API on the org's instance URL (API version
 * configurable, default 62.0), on Contacts — or on Leads when the team works leads
 * (`object: "Lead"`, SALESFORCE_OBJECT=Lead).
 *
 * Vendor contract:
 * - `GET /services/data/vNN.0/sobjects/<Object>/describe` → describeFields, and the list of fields a
 *   read may ask for (a mapped field the org lacks — e.g. `TimeZone__c` — is left out of every query
 *   and reads as null, because SOQL refuses the whole query over one unknown column)
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_describe.htm);
 * - `GET /query?q=SELECT … FROM <Object> WHERE Email = '…'` → findByEmail; `… WHERE Phone IN (…) OR
 *   MobilePhone IN (…)` with the usual spellings of the number → findByPhone (Salesforce stores
 *   phones as typed; the caller re-checks candidates); every value escaped by ./soql.ts
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm);
 * - `GET /sobjects/<Object>/<id>?fields=…` → getById (404 → null), or a SOQL `WHERE Id = '…'` when a
 *   relationship path such as `Account.Name` is asked for (relationship paths are a SOQL feature)
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve_get.htm);
 * - `POST /sobjects/<Object>` → `{id, success, errors}` → create, then one read for the stored values;
 * - `PATCH /sobjects/<Object>/<id>` → 204 → update, then one read;
 * - sObject Collections, ≤ 200 records per call, `allOrNone: false` so one bad record does not fail
 *   the rest: `POST|PATCH /composite/sobjects` → createMany/updateMany, `GET
 *   /composite/sobjects/<Object>?ids=…&fields=…` (or SOQL `Id IN (…)`) → getMany
 *   (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-create.html,
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html,
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-retrieve.html);
 * - record links: `<instance>/lightning/r/<Object>/<id>/view`.
 *
 * Salesforce requires LastName on Contacts and Leads, and Company on Leads. A customer with no name
 * is still created: LastName falls back to the local part of the email ("sam.lee" for
 * sam.lee@example.com), or "[not provided]" without an email; a Lead's blank Company is
 * "[not provided]" — the placeholder Salesforce's own lead capture uses.
 * Errors are mapped by ./map.ts; authentication and retries are ./client.ts's business.
 */
import type { CrmFieldInfo, CrmObjectType, FieldMappingInput } from '../../../lib/contracts/index.ts';
import {
  type BatchCreateInput,
  type BatchResult,
  type BatchUpdateInput,
  CrmError,
  type CrmProvider,
  type FetchLike,
  type NativeRecord,
} from '../types.ts';
import { SalesforceClient, type SalesforceRetryOptions } from './client.ts';
import { isSalesforceId, objectOfId } from './ids.ts';
import {
  type ContactPointFields,
  contactPointFields,
  crmErrorFromItems,
  lightningRecordUrl,
  phoneSpellings,
  relationshipFields,
  toFieldInfo,
  toNativeRecord,
} from './map.ts';
import { type SalesforceRefreshCredentials, SalesforceTokens } from './oauth.ts';
import {
  SalesforceDescribe,
  SalesforceQueryResponse,
  SalesforceRecord,
  SalesforceRecordsOrNull,
  SalesforceSaveResult,
  SalesforceSaveResults,
} from './schemas.ts';
import { isSoqlField, selectQuery, soqlList, soqlString } from './soql.ts';

export type { SalesforceRetryOptions } from './client.ts';
export { caseSafeSuffix, isSalesforceId, KEY_PREFIXES, toId18 } from './ids.ts';
export { UNREADABLE_RESPONSE } from './map.ts';
export type { SalesforceRefreshCredentials } from './oauth.ts';
export { soqlString } from './soql.ts';

/** The objects the provider can work on. */
export const SALESFORCE_OBJECTS = ['Contact', 'Lead'] as const;
export type SalesforceObject = (typeof SALESFORCE_OBJECTS)[number];

/** Default REST API version (Winter '25). */
export const SALESFORCE_DEFAULT_API_VERSION = '62.0';
/** Default OAuth login URL (production orgs; sandboxes use https://test.salesforce.com). */
export const SALESFORCE_DEFAULT_LOGIN_URL = 'https://login.salesforce.com';
/** Default per-attempt timeout of a Salesforce call, in ms. */
export const SALESFORCE_DEFAULT_TIMEOUT_MS = 10_000;
/** Most records one sObject Collections call takes. */
export const SALESFORCE_BATCH_LIMIT = 200;
/** LastName (without an email) and a Lead's Company when the customer gives none. */
export const NOT_PROVIDED = '[not provided]';

/** Most candidates one lookup query returns. */
const SEARCH_LIMIT = 200;
/** A describe younger than this is reused by describeFields (the same sync just read it). */
const DESCRIBE_REUSE_MS = 5_000;

export interface SalesforceProviderOptions {
  /** The org's instance URL, e.g. `https://acme.my.salesforce.com` (the sandbox: `<proxy>/sandbox/salesforce`). */
  instanceUrl: string;
  /** REST API version, e.g. "62.0" (default {@link SALESFORCE_DEFAULT_API_VERSION}). */
  apiVersion?: string;
  /** The object lookups search and creates make (default Contact). */
  object?: SalesforceObject;
  /** A current OAuth access token (session id). Optional when `refresh` is given. */
  accessToken?: string;
  /** Refresh token flow credentials; without them an expired token is `auth_expired`. */
  refresh?: SalesforceRefreshCredentials;
  /** Web UI base for record links (default: the instance URL). */
  appUrl?: string;
  /** The fetch to send requests with (default: global fetch); the sandbox's `fetch` serves it in-process. */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 10 000). */
  timeoutMs?: number;
  retry?: SalesforceRetryOptions;
  /** How long an object's field list is trusted for reads, in ms (default 10 minutes). */
  describeTtlMs?: number;
  clock?: () => Date;
}

/**
 * The default Salesforce mapping. Contact: email↔Email, name↔FirstName+LastName, phone↔Phone,
 * company←Account.Name (read from the contact's Account, never written), jobTitle↔Title,
 * location→MailingCity, timeZone→TimeZone__c (a custom field many orgs add; skipped with a warning
 * where it is missing), notes↔Description. Lead: the same with company↔Company and location→City.
 */
export function salesforceDefaultMapping(object: SalesforceObject = 'Contact'): FieldMappingInput[] {
  const lead = object === 'Lead';
  return [
    { field: 'email', crmFields: ['Email'] },
    { field: 'name', crmFields: ['FirstName', 'LastName'] },
    { field: 'phone', crmFields: ['Phone'] },
    lead
      ? { field: 'company', crmFields: ['Company'] }
      : { field: 'company', crmFields: ['Account.Name'], direction: 'from_crm' },
    { field: 'jobTitle', crmFields: ['Title'] },
    { field: 'location', crmFields: [lead ? 'City' : 'MailingCity'], direction: 'to_crm' },
    { field: 'timeZone', crmFields: ['TimeZone__c'], direction: 'to_crm' },
    { field: 'notes', crmFields: ['Description'] },
  ];
}

/**
 * LastName for a record created without one: the email's local part (at most 80 characters,
 * Salesforce's LastName length), else {@link NOT_PROVIDED}.
 */
export function lastNameFallback(email: string | null | undefined): string {
  const local = email?.trim().split('@')[0]?.trim() ?? '';
  return local ? local.slice(0, 80) : NOT_PROVIDED;
}

/** Splits `items` into chunks of `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface DescribeEntry {
  at: number;
  describe: SalesforceDescribe;
  /** Own field names, and relationship names (for paths like `Account.Name`). */
  fields: ReadonlySet<string>;
  relationships: ReadonlySet<string>;
  /** The email and phone fields every read selects too (./map.ts `contactPointFields`). */
  contactFields: ContactPointFields;
}

/**
 * Creates the Salesforce provider. Every method throws CrmError on failure (./map.ts maps
 * Salesforce's errors).
 * @throws Error when neither `accessToken` nor `refresh` is given (a configuration mistake).
 */
export function createSalesforceProvider(options: SalesforceProviderOptions): CrmProvider {
  if (!options.accessToken && !options.refresh) {
    throw new Error('Salesforce needs an access token or refresh token credentials');
  }
  const fetchLike: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const clock = options.clock ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? SALESFORCE_DEFAULT_TIMEOUT_MS;
  const primary: SalesforceObject = options.object ?? 'Contact';
  const instanceUrl = options.instanceUrl.replace(/\/+$/, '');
  const appUrl = (options.appUrl ?? instanceUrl).replace(/\/+$/, '');
  const describeTtlMs = options.describeTtlMs ?? 10 * 60_000;
  const tokens = new SalesforceTokens({
    fetch: fetchLike,
    timeoutMs,
    ...(options.accessToken ? { accessToken: options.accessToken } : {}),
    ...(options.refresh ? { refresh: options.refresh } : {}),
  });
  const client = new SalesforceClient({
    instanceUrl,
    apiVersion: options.apiVersion ?? SALESFORCE_DEFAULT_API_VERSION,
    tokens,
    fetch: fetchLike,
    timeoutMs,
    clock,
    ...(options.retry ? { retry: options.retry } : {}),
  });

  const typeOf = (object: SalesforceObject): CrmObjectType => (object === 'Lead' ? 'lead' : 'contact');
  /** The object to use: the caller's object type, else the id's key prefix, else the configured object. */
  const objectFor = (objectType?: CrmObjectType, id?: string): SalesforceObject => {
    if (objectType) return objectType === 'lead' ? 'Lead' : 'Contact';
    const byPrefix = id ? objectOfId(id) : undefined;
    return byPrefix === 'Contact' || byPrefix === 'Lead' ? byPrefix : primary;
  };

  const describes = new Map<SalesforceObject, DescribeEntry>();
  const loading = new Map<SalesforceObject, Promise<DescribeEntry>>();

  const loadDescribe = (object: SalesforceObject): Promise<DescribeEntry> => {
    let pending = loading.get(object);
    if (!pending) {
      pending = client
        .request(SalesforceDescribe, { method: 'get', path: `sobjects/${object}/describe`, retry: 'safe' })
        .then((describe) => {
          const entry: DescribeEntry = {
            at: clock().getTime(),
            describe,
            fields: new Set(describe.fields.map((f) => f.name)),
            relationships: new Set(describe.fields.map((f) => f.relationshipName).filter((n): n is string => !!n)),
            contactFields: contactPointFields(describe.fields),
          };
          describes.set(object, entry);
          return entry;
        })
        .finally(() => loading.delete(object));
      loading.set(object, pending);
    }
    return pending;
  };

  const describeOf = async (object: SalesforceObject, maxAgeMs: number): Promise<DescribeEntry> => {
    const cached = describes.get(object);
    if (cached && clock().getTime() - cached.at < maxAgeMs) return cached;
    return loadDescribe(object);
  };

  /**
   * The fields of `requested` the object has (relationship paths by their relationship), plus Id,
   * every email and phone field (for the record's `contactPoints`) and LastModifiedDate.
   */
  const selectable = async (object: SalesforceObject, requested: readonly string[]): Promise<string[]> => {
    const { fields, relationships, contactFields } = await describeOf(object, describeTtlMs);
    const keep = requested.filter((name) => {
      if (!isSoqlField(name)) return false;
      const dot = name.indexOf('.');
      return dot < 0 ? fields.has(name) : relationships.has(name.slice(0, dot));
    });
    return [...new Set(['Id', ...keep, ...contactFields.emails, ...contactFields.phones, 'LastModifiedDate'])];
  };

  /** The object's email and phone fields, from the describe a read just used. */
  const contactFieldsOf = (object: SalesforceObject): ContactPointFields =>
    describes.get(object)?.contactFields ?? { emails: [], phones: [] };

  /** Runs a read; an INVALID_FIELD answer means the field list changed, so it is read again next time. */
  const reading = async <T>(object: SalesforceObject, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'invalid_field') describes.delete(object);
      throw error;
    }
  };

  const query = async (object: SalesforceObject, requested: readonly string[], where: string, limit: number) => {
    const fields = await selectable(object, requested);
    const soql = selectQuery({ fields, from: object, where, orderBy: 'LastModifiedDate DESC', limit });
    const response = await reading(object, () =>
      client.request(SalesforceQueryResponse, {
        method: 'get',
        path: 'query',
        searchParams: { q: soql },
        retry: 'safe',
      }),
    );
    return response.records.map((record) => toNativeRecord(record, requested, typeOf(object), contactFieldsOf(object)));
  };

  const getById = async (
    id: string,
    properties: readonly string[],
    objectType?: CrmObjectType,
  ): Promise<NativeRecord | null> => {
    if (!isSalesforceId(id)) return null;
    const object = objectFor(objectType, id);
    const prefix = objectOfId(id);
    if (prefix !== undefined && prefix !== object) return null;
    const fields = await selectable(object, properties);
    if (fields.some((f) => f.includes('.'))) {
      const [record] = await query(object, properties, `Id = ${soqlString(id)}`, 1);
      return record ?? null;
    }
    try {
      const record = await reading(object, () =>
        client.request(SalesforceRecord, {
          method: 'get',
          path: `sobjects/${object}/${encodeURIComponent(id)}`,
          searchParams: { fields: fields.join(',') },
          retry: 'safe',
        }),
      );
      return toNativeRecord(record, properties, typeOf(object), contactFieldsOf(object));
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'not_found') return null;
      throw error;
    }
  };

  const getMany = async (
    ids: readonly string[],
    properties: readonly string[],
    objectType?: CrmObjectType,
  ): Promise<NativeRecord[]> => {
    const object = objectFor(objectType, ids[0]);
    const wanted = [...new Set(ids)].filter((id) => {
      if (!isSalesforceId(id)) return false;
      const prefix = objectOfId(id);
      return prefix === undefined || prefix === object;
    });
    if (wanted.length === 0) return [];
    const fields = await selectable(object, properties);
    const found: NativeRecord[] = [];
    for (const chunk of chunks(wanted, SALESFORCE_BATCH_LIMIT)) {
      if (fields.some((f) => f.includes('.'))) {
        found.push(...(await query(object, properties, `Id IN ${soqlList(chunk)}`, chunk.length)));
        continue;
      }
      const records = await reading(object, () =>
        client.request(SalesforceRecordsOrNull, {
          method: 'get',
          path: `composite/sobjects/${object}`,
          searchParams: { ids: chunk.join(','), fields: fields.join(',') },
          retry: 'safe',
        }),
      );
      for (const record of records) {
        if (record) found.push(toNativeRecord(record, properties, typeOf(object), contactFieldsOf(object)));
      }
    }
    // In the order asked for (ids compared on their first 15 characters, the case-sensitive id).
    const order = new Map(wanted.map((id, i) => [id.slice(0, 15), i]));
    return found.sort((a, b) => (order.get(a.id.slice(0, 15)) ?? 0) - (order.get(b.id.slice(0, 15)) ?? 0));
  };

  /** The body of a create/update: "" clears a field (sent as null). */
  const writeBody = (properties: Readonly<Record<string, string>>): Record<string, string | null> => {
    const body: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(properties)) body[name] = value === '' ? null : value;
    return body;
  };

  /** A create body with Salesforce's required fields filled in (see the module comment). */
  const createBody = (object: SalesforceObject, properties: Readonly<Record<string, string>>) => {
    const body = writeBody(properties);
    if (!body.LastName?.trim()) body.LastName = lastNameFallback(properties.Email);
    if (object === 'Lead' && !body.Company?.trim()) body.Company = NOT_PROVIDED;
    return body;
  };

  /** What a created/updated record holds as far as the proxy knows, when reading it back failed. */
  const localRecord = (
    id: string,
    object: SalesforceObject,
    body: Record<string, string | null>,
    requested: readonly string[],
  ): NativeRecord => {
    const values: Record<string, string | null> = {};
    for (const name of requested) values[name] = body[name] ?? null;
    return { id, objectType: typeOf(object), values, updatedAt: null };
  };

  /** Reads back records just written; a failed read gives the locally known values instead (the write did happen). */
  const readBack = async (
    written: ReadonlyArray<{ id: string; body: Record<string, string | null> }>,
    object: SalesforceObject,
    requested: readonly string[],
  ): Promise<Map<string, NativeRecord>> => {
    const byId = new Map<string, NativeRecord>();
    if (written.length === 0) return byId;
    try {
      for (const record of await getMany(
        written.map((w) => w.id),
        requested,
        typeOf(object),
      )) {
        byId.set(record.id.slice(0, 15), record);
      }
    } catch {
      // Fall through: the records exist; the caller gets what the proxy sent.
    }
    const result = new Map<string, NativeRecord>();
    for (const w of written) {
      result.set(w.id, byId.get(w.id.slice(0, 15)) ?? localRecord(w.id, object, w.body, requested));
    }
    return result;
  };

  const notFound = (id: string) =>
    new CrmError('not_found', `Salesforce has no record ${id}`, { provider: 'salesforce', vendorCode: 'NOT_FOUND' });

  /**
   * Runs one sObject Collections call per chunk; each input gets its SaveResult's outcome. A call that
   * fails as a whole (rate limit, expired credentials, outage) fails its chunk and every later one
   * without sending them — what was saved before stays reported.
   */
  const collection = async <I>(
    inputs: readonly I[],
    method: 'post' | 'patch',
    object: SalesforceObject,
    toRecord: (input: I) => Record<string, unknown> | CrmError,
    returnProperties: readonly string[],
  ): Promise<BatchResult[]> => {
    const results: BatchResult[] = new Array<BatchResult>(inputs.length);
    const indexed = inputs.map((input, index) => ({ index, record: toRecord(input) }));
    for (const entry of indexed) {
      if (entry.record instanceof CrmError) results[entry.index] = { ok: false, error: entry.record };
    }
    const sendable = indexed.filter(
      (e): e is { index: number; record: Record<string, unknown> } => !(e.record instanceof CrmError),
    );
    let failure: CrmError | null = null;
    for (const chunk of chunks(sendable, SALESFORCE_BATCH_LIMIT)) {
      if (failure) {
        for (const entry of chunk) results[entry.index] = { ok: false, error: failure };
        continue;
      }
      let saved: SalesforceSaveResult[];
      try {
        saved = await client.request(SalesforceSaveResults, {
          method,
          path: 'composite/sobjects',
          json: { allOrNone: false, records: chunk.map((e) => ({ attributes: { type: object }, ...e.record })) },
          // An update repeated is harmless; a create repeated could make a second record.
          retry: method === 'patch' ? 'safe' : 'never',
        });
      } catch (error) {
        failure =
          error instanceof CrmError
            ? error
            : new CrmError('unknown', String(error), { provider: 'salesforce', cause: error });
        for (const entry of chunk) results[entry.index] = { ok: false, error: failure };
        continue;
      }
      const written: Array<{ id: string; index: number; body: Record<string, string | null> }> = [];
      chunk.forEach((entry, i) => {
        const result = saved[i];
        const id = result?.id ?? (typeof entry.record.id === 'string' ? entry.record.id : undefined);
        if (result?.success && id) {
          written.push({ id, index: entry.index, body: entry.record as Record<string, string | null> });
        } else {
          const error = result
            ? crmErrorFromItems(result.errors, undefined)
            : new CrmError('unknown', 'Salesforce did not report on this record', { provider: 'salesforce' });
          results[entry.index] = { ok: false, error };
        }
      });
      const records = await readBack(written, object, returnProperties);
      for (const w of written) results[w.index] = { ok: true, record: records.get(w.id)! };
    }
    return results;
  };

  return {
    id: 'salesforce',
    label: 'Salesforce',
    createsObjectType: typeOf(primary),
    reportsExistingLeads: false,

    defaultMapping: () => salesforceDefaultMapping(primary),

    async describeFields(objectType) {
      const object = objectFor(objectType);
      const { describe } = await describeOf(object, DESCRIBE_REUSE_MS);
      return [...describe.fields.map(toFieldInfo), ...relationshipFields(describe.fields)] satisfies CrmFieldInfo[];
    },

    getById,

    async findByEmail(email, properties) {
      // Every email field of the object: Email, and any secondary one the org added.
      const { contactFields } = await describeOf(primary, describeTtlMs);
      const names = contactFields.emails.length > 0 ? contactFields.emails : ['Email'];
      const where = names.map((name) => `${name} = ${soqlString(email)}`).join(' OR ');
      return query(primary, properties, where, SEARCH_LIMIT);
    },

    async findByPhone(e164, properties) {
      // Every phone field of the object (Phone, MobilePhone, HomePhone, …; not Fax), in the usual spellings.
      const { contactFields } = await describeOf(primary, describeTtlMs);
      const spellings = phoneSpellings(e164);
      const conditions = contactFields.phones.map((name) => `${name} IN ${soqlList(spellings)}`);
      if (conditions.length === 0) return [];
      return query(primary, properties, conditions.join(' OR '), SEARCH_LIMIT);
    },

    async create(properties, returnProperties) {
      const object = primary;
      const body = createBody(object, properties);
      const saved = await client.request(SalesforceSaveResult, {
        method: 'post',
        path: `sobjects/${object}`,
        json: body,
        retry: 'never',
      });
      if (!saved.success || !saved.id) throw crmErrorFromItems(saved.errors, 400);
      const records = await readBack([{ id: saved.id, body }], object, returnProperties);
      return records.get(saved.id)!;
    },

    async update(id, properties, returnProperties, objectType) {
      if (!isSalesforceId(id)) throw notFound(id);
      const object = objectFor(objectType, id);
      if (Object.keys(properties).length > 0) {
        await client.send({
          method: 'patch',
          path: `sobjects/${object}/${encodeURIComponent(id)}`,
          json: writeBody(properties),
          retry: 'safe',
        });
      }
      const after = await getById(id, returnProperties, typeOf(object));
      if (!after) throw notFound(id);
      return after;
    },

    getMany,

    createMany(inputs: readonly BatchCreateInput[], returnProperties) {
      const object = primary;
      return collection(inputs, 'post', object, (input) => createBody(object, input.properties), returnProperties);
    },

    updateMany(inputs: readonly BatchUpdateInput[], returnProperties, objectType) {
      const object = objectFor(objectType, inputs[0]?.id);
      return collection(
        inputs,
        'patch',
        object,
        (input) => {
          const prefix = isSalesforceId(input.id) ? objectOfId(input.id) : null;
          if (prefix === null || (prefix !== undefined && prefix !== object)) return notFound(input.id);
          return { id: input.id, ...writeBody(input.properties) };
        },
        returnProperties,
      );
    },

    recordUrl(record) {
      return lightningRecordUrl(appUrl, objectFor(record.objectType), record.id);
    },
  };
}
