/**
 * Dynamics 365 as a CrmProvider, through the Dataverse Web API v9.2 (`<org>/api/data/v9.2/`):
 * contacts are the customers, leads are sales' business.
 *
 * Vendor contract (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/overview):
 * - lookups, in this order: contacts by `emailaddress1`, then leads by `emailaddress1`, then contacts
 *   by `telephone1`/`mobilephone`, then leads by phone — `GET contacts?$select=…&$filter=…`
 *   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/filter-rows).
 *   String literals are OData-escaped (a quote doubled), so an email with a quote neither breaks
 *   nor injects into the filter. Phones are stored as typed, so the filter ORs the usual spellings
 *   (./map.ts `phoneSpellings`) and candidates are re-checked with libphonenumber;
 * - a contact's company is its parent account's name, read by expanding
 *   `parentcustomerid_account($select=name)` and reported as `companyname` (read-only); a lead's
 *   is its own `companyname` column;
 * - `create` makes a LEAD: `POST leads` with `Prefer: return=representation` (201 + the row; a
 *   204 + `OData-EntityId` answer is read back) and `MSCRM.SuppressDuplicateDetection: false`, so
 *   Dataverse's duplicate detection rules refuse a second copy (HTTP 500, code 0x80040333); the
 *   existing row is then found with `RetrieveDuplicates` and reported as the CrmError's `existingId`
 *   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/create-entity-web-api,
 *   https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/manage-duplicate-detection-create-update,
 *   https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/retrieveduplicates);
 * - `update` is `PATCH contacts(<guid>)` (or `leads(<guid>)`) with `If-Match: *`, so a PATCH never
 *   turns into an upsert that recreates a deleted row, then one GET reads the row back
 *   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api);
 * - `describeFields` reads `EntityDefinitions(LogicalName='contact'|'lead')/Attributes` (plus the
 *   String and Picklist casts for formats and options)
 *   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query-metadata-web-api);
 * - batches: `getMany` ORs the ids in one `$filter` per 50; `createMany`/`updateMany` send one
 *   `$batch` per 100 records of INDEPENDENT requests with `Prefer: odata.continue-on-error` — not a
 *   change set, because a change set is all-or-nothing and one bad record must not fail the rest
 *   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api).
 *   Dataverse allows 1,000 requests per batch; 100 keeps each batch well inside the 2-minute
 *   request timeout. Each request in a batch still counts against the service protection limits.
 * Values are strings both ways (choice columns as their integer value, stringified); a record's
 * `updatedAt` is `modifiedon`. Reads select only the columns the table's definitions list (read
 * once per 10 minutes and shared with `describeFields`): a mapped column the table lacks is reported
 * blank and never sent; a write naming one fails with `invalid_field`.
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
import { type BatchRequestPart, boundaryOf, buildBatchRequest, parseBatchResponse } from './batch.ts';
import { DynamicsClient, type DynamicsRetryOptions, type RetryPolicy, WEB_API_PATH } from './client.ts';
import {
  COMPANY_FIELD,
  CONTACT_POINT_COLUMNS,
  type ContactColumns,
  CONTACTS,
  crmErrorFromResponse,
  type DynamicsTable,
  entityIdFromHeader,
  isGuid,
  labelText,
  LEADS,
  LOOKUP_TYPES,
  MODIFIED_ON,
  odataString,
  PARENT_ACCOUNT,
  phoneSpellings,
  recordPageUrl,
  samePhone,
  tableOf,
  toFieldInfo,
  toNativeRecord,
  unreadableResponse,
} from './map.ts';
import {
  type AttributeMetadata,
  AttributesResponse,
  DataverseCollection,
  DataverseRow,
  PicklistAttributesResponse,
  StringAttributesResponse,
} from './schemas.ts';

export type { DynamicsRetryOptions } from './client.ts';
export { COMPANY_FIELD, odataString, phoneSpellings, UNREADABLE_RESPONSE } from './map.ts';

/** Default per-attempt timeout of a Web API call, in ms. */
export const DYNAMICS_DEFAULT_TIMEOUT_MS = 10_000;

/** Most records in one `$batch` (Dataverse allows 1,000 requests per batch). */
export const DYNAMICS_BATCH_SIZE = 100;

/** Most ids ORed into one `getMany` `$filter` (keeps the URL far below Dataverse's 32 KB limit). */
export const DYNAMICS_GET_MANY_CHUNK = 50;

/** Most candidates one lookup reads (the most recently modified first). */
const LOOKUP_TOP = 50;

/** How long a table's column list is trusted before it is read again (ms). */
const ATTRIBUTES_TTL_MS = 10 * 60_000;

/** The base column definition query (AttributeMetadata properties only, as `$select` there allows). */
const ATTRIBUTE_SELECT =
  'LogicalName,AttributeType,AttributeTypeName,AttributeOf,DisplayName,IsValidForCreate,IsValidForUpdate,IsValidForRead';

/** The phone columns a phone lookup searches. */
export const PHONE_COLUMNS = ['telephone1', 'mobilephone'] as const;

export interface DynamicsProviderOptions {
  /** The organization URL, e.g. `https://contoso.crm.dynamics.com`; the Web API is under `/api/data/v9.2/`. */
  orgUrl: string;
  /** OAuth access token for the organization, sent as `Authorization: Bearer <token>`. */
  accessToken: string;
  /** Web UI base for record links (default: `orgUrl`); the sandbox passes its own mount. */
  appUrl?: string;
  /** The fetch to send requests with (default: global fetch); the sandbox's `fetch` serves it in-process. */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 10 000; a `$batch` gets four times as long). */
  timeoutMs?: number;
  retry?: DynamicsRetryOptions;
  /** Clock for `Retry-After` dates (default: system clock). */
  clock?: () => Date;
  /** Records per `$batch` (default 100, at most 1000). */
  batchSize?: number;
}

/**
 * The default Dynamics 365 mapping: email↔emailaddress1, name↔firstname+lastname,
 * phone↔telephone1, company←companyname (a contact's parent account name, a lead's company name;
 * read, never written), jobTitle↔jobtitle, location→address1_city (written, not read back),
 * notes↔description.
 */
export function dynamicsDefaultMapping(): FieldMappingInput[] {
  return [
    { field: 'email', crmFields: ['emailaddress1'] },
    { field: 'name', crmFields: ['firstname', 'lastname'] },
    { field: 'phone', crmFields: ['telephone1'] },
    { field: 'company', crmFields: [COMPANY_FIELD], direction: 'from_crm' },
    { field: 'jobTitle', crmFields: ['jobtitle'] },
    { field: 'location', crmFields: ['address1_city'], direction: 'to_crm' },
    { field: 'notes', crmFields: ['description'] },
  ];
}

/** Splits `items` into chunks of `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An OData query string from its options (values percent-encoded). */
function queryString(options: {
  select: readonly string[];
  expand?: string | null;
  filter?: string;
  orderby?: string;
  top?: number;
}): string {
  const parts = [`$select=${options.select.map(encodeURIComponent).join(',')}`];
  if (options.expand) parts.push(`$expand=${encodeURIComponent(options.expand)}`);
  if (options.filter) parts.push(`$filter=${encodeURIComponent(options.filter)}`);
  if (options.orderby) parts.push(`$orderby=${encodeURIComponent(options.orderby)}`);
  if (options.top !== undefined) parts.push(`$top=${options.top}`);
  return parts.join('&');
}

/**
 * Creates the Dynamics 365 provider. Every method throws CrmError on failure (see ./map.ts for
 * the mapping of Dataverse's errors).
 */
export function createDynamicsProvider(options: DynamicsProviderOptions): CrmProvider {
  const orgUrl = options.orgUrl.replace(/\/+$/, '');
  const appUrl = (options.appUrl ?? orgUrl).replace(/\/+$/, '');
  const fetchLike: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const clock = options.clock ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? DYNAMICS_DEFAULT_TIMEOUT_MS;
  const batchSize = Math.min(Math.max(1, options.batchSize ?? DYNAMICS_BATCH_SIZE), 1000);
  const client = new DynamicsClient({
    orgUrl,
    accessToken: options.accessToken,
    fetch: fetchLike,
    timeoutMs,
    clock,
    ...(options.retry ? { retry: options.retry } : {}),
  });

  /** Columns a table turned out not to have although its definitions listed them, by entity set. */
  const unknownColumns: Record<DynamicsTable['entitySet'], Set<string>> = { contacts: new Set(), leads: new Set() };

  /** Each table's column definitions, read once per {@link ATTRIBUTES_TTL_MS} (a failed read is not kept). */
  const attributeCache = new Map<DynamicsTable['logicalName'], { at: number; promise: Promise<AttributeMetadata[]> }>();
  const attributesOf = (table: DynamicsTable): Promise<AttributeMetadata[]> => {
    const now = clock().getTime();
    const cached = attributeCache.get(table.logicalName);
    if (cached && now - cached.at < ATTRIBUTES_TTL_MS) return cached.promise;
    const promise = client
      .request(AttributesResponse, {
        method: 'get',
        path: `EntityDefinitions(LogicalName=${odataString(table.logicalName)})/Attributes?$select=${ATTRIBUTE_SELECT}`,
        retry: 'safe',
      })
      .then((response) => response.value);
    attributeCache.set(table.logicalName, { at: now, promise });
    promise.catch(() => {
      if (attributeCache.get(table.logicalName)?.promise === promise) attributeCache.delete(table.logicalName);
    });
    return promise;
  };

  /**
   * The Web API properties `table` has (columns; lookups as `_<name>_value`), so a read never names
   * a column the table lacks (a custom mapping's). Null when the definitions cannot be read for a
   * reason other than throttling, credentials or an outage — reads then fall back to dropping a
   * column Dataverse refuses.
   */
  const readableColumns = async (table: DynamicsTable): Promise<ReadonlySet<string> | null> => {
    try {
      const attributes = await attributesOf(table);
      return new Set(
        attributes
          .filter((a) => !a.AttributeOf)
          .map((a) => (LOOKUP_TYPES.has(a.AttributeType ?? '') ? `_${a.LogicalName}_value` : a.LogicalName)),
      );
    } catch (error) {
      if (error instanceof CrmError && ['rate_limited', 'auth_expired', 'unavailable'].includes(error.kind))
        throw error;
      return null;
    }
  };

  /**
   * The email and phone columns `table` has ({@link CONTACT_POINT_COLUMNS}); when its definitions
   * cannot be read, the two every contact and lead has (`emailaddress1`, `telephone1`/`mobilephone`).
   */
  const contactColumnsOf = (known: ReadonlySet<string> | null): ContactColumns => ({
    emails: CONTACT_POINT_COLUMNS.emails.filter((c) => (known === null ? c === 'emailaddress1' : known.has(c))),
    phones: CONTACT_POINT_COLUMNS.phones.filter((c) =>
      known === null ? (PHONE_COLUMNS as readonly string[]).includes(c) : known.has(c),
    ),
  });

  /**
   * What to ask for to read `properties` (+ `extra`) of `table`, and the columns to report; every
   * read also selects the table's email and phone columns (`contact`) for the record's contactPoints.
   */
  const plan = async (table: DynamicsTable, properties: readonly string[], extra: readonly string[] = []) => {
    const known = await readableColumns(table);
    const contact = contactColumnsOf(known);
    const columns = [...new Set([...properties, ...extra, MODIFIED_ON])];
    const company = table.objectType === 'contact' && columns.includes(COMPANY_FIELD) && !known?.has(COMPANY_FIELD);
    const select = [
      ...new Set([
        table.key,
        ...[...columns, ...contact.emails, ...contact.phones].filter(
          (c) =>
            !(company && c === COMPANY_FIELD) &&
            !unknownColumns[table.entitySet].has(c) &&
            (known === null || known.has(c)) &&
            c !== table.key,
        ),
      ]),
    ];
    return { columns, select, contact, expand: company ? `${PARENT_ACCOUNT}($select=name)` : null };
  };

  /**
   * Runs a read, dropping (and remembering) a selected column Dataverse says the table does not
   * have, then trying again. Only columns the caller asked for are dropped; anything else throws.
   */
  const tolerantRead = async <T>(
    table: DynamicsTable,
    properties: readonly string[],
    read: () => Promise<T>,
  ): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        const column = error instanceof CrmError && error.kind === 'invalid_field' ? error.field : undefined;
        const droppable =
          column !== undefined &&
          properties.includes(column) &&
          column !== MODIFIED_ON &&
          column !== table.key &&
          !unknownColumns[table.entitySet].has(column);
        if (!droppable || attempt > properties.length) throw error;
        unknownColumns[table.entitySet].add(column);
      }
    }
  };

  /** Rows of `table` matching `filter` (most recently modified first), as records. */
  const query = (
    table: DynamicsTable,
    properties: readonly string[],
    filter: string,
    extra: readonly string[] = [],
    top: number | null = LOOKUP_TOP,
  ): Promise<NativeRecord[]> =>
    tolerantRead(table, properties, async () => {
      const p = await plan(table, properties, extra);
      const response = await client.request(DataverseCollection, {
        method: 'get',
        path: `${table.entitySet}?${queryString({ select: p.select, expand: p.expand, filter, orderby: `${MODIFIED_ON} desc`, ...(top === null ? {} : { top }) })}`,
        retry: 'safe',
      });
      return response.value.map((row) => toNativeRecord(row, table, p.columns, p.contact));
    });

  /** One row by id, or null when the table has none. */
  const readOne = (table: DynamicsTable, id: string, properties: readonly string[]): Promise<NativeRecord | null> =>
    tolerantRead(table, properties, async () => {
      const p = await plan(table, properties);
      try {
        const row = await client.request(DataverseRow, {
          method: 'get',
          path: `${table.entitySet}(${id})?${queryString({ select: p.select, expand: p.expand })}`,
          retry: 'safe',
        });
        return toNativeRecord(row, table, p.columns, p.contact);
      } catch (error) {
        if (error instanceof CrmError && error.kind === 'not_found') return null;
        throw error;
      }
    });

  /**
   * The id of the row a duplicate detection rule matched for a lead with `properties`: asks
   * `RetrieveDuplicates` for matching contacts, then leads; the most recently modified wins.
   * Undefined when it finds none or fails (the duplicate error is still reported, without id).
   */
  const findDuplicate = async (properties: Readonly<Record<string, string>>): Promise<string | undefined> => {
    const business = JSON.stringify({ '@odata.type': 'Microsoft.Dynamics.CRM.lead', ...properties });
    for (const matching of [CONTACTS, LEADS]) {
      try {
        const params = [
          `@p1=${encodeURIComponent(business)}`,
          `@p2=${encodeURIComponent(odataString(matching.logicalName))}`,
          `@p3=${encodeURIComponent(JSON.stringify({ PageNumber: 1, Count: 10 }))}`,
        ].join('&');
        const response = await client.request(DataverseCollection, {
          method: 'get',
          path: `RetrieveDuplicates(BusinessEntity=@p1,MatchingEntityName=@p2,PagingInfo=@p3)?${params}`,
          retry: 'safe',
        });
        const ids = response.value
          .map((row) => ({ id: row[matching.key], modified: String(row[MODIFIED_ON] ?? '') }))
          .filter((r): r is { id: string; modified: string } => typeof r.id === 'string' && isGuid(r.id))
          .sort((a, b) => (a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : 0));
        if (ids[0]) return ids[0].id.toLowerCase();
      } catch {
        // Duplicate lookup is best effort: the caller can still search for the existing record.
      }
    }
    return undefined;
  };

  /** A duplicate CrmError with the matched row's id when Dataverse's rules can tell it. */
  const withExistingId = async (error: CrmError, properties: Readonly<Record<string, string>>): Promise<CrmError> => {
    if (error.kind !== 'duplicate' || error.existingId) return error;
    const existingId = await findDuplicate(properties);
    if (!existingId) return error;
    return new CrmError('duplicate', error.message, {
      provider: 'dynamics',
      existingId,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.vendorCode === undefined ? {} : { vendorCode: error.vendorCode }),
      cause: error,
    });
  };

  /** Headers of a lead create: the row back, and duplicate detection on. */
  const CREATE_HEADERS = { Prefer: 'return=representation', 'MSCRM.SuppressDuplicateDetection': 'false' } as const;

  /** A create may be repeated after a network failure only when duplicate detection would refuse a second copy. */
  const createRetry = (properties: Readonly<Record<string, string>>): RetryPolicy =>
    properties.emailaddress1?.trim() ? 'safe' : 'rate_limit_only';

  /** Sends one `$batch` of independent requests; returns one response per part (missing ones as errors). */
  const sendBatch = async (
    parts: readonly BatchRequestPart[],
    retry: RetryPolicy,
  ): Promise<Array<{ status: number; headers: Headers; body: unknown } | CrmError>> => {
    const boundary = `batch_${crypto.randomUUID()}`;
    const response = await client.send({
      method: 'post',
      path: '$batch',
      headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}`, Prefer: 'odata.continue-on-error' },
      body: buildBatchRequest(boundary, parts),
      retry,
      timeoutMs: timeoutMs * 4,
    });
    const responseBoundary = boundaryOf(response.headers.get('content-type'));
    if (!responseBoundary || typeof response.body !== 'string') {
      throw unreadableResponse(new Error('A $batch answer that is not multipart/mixed'), response.status);
    }
    let answers;
    try {
      answers = parseBatchResponse(response.body, responseBoundary);
    } catch (error) {
      throw unreadableResponse(error, response.status);
    }
    return parts.map((_, i) => {
      const answer = answers[i];
      if (!answer) {
        return new CrmError('unknown', 'Dynamics 365 did not process this request of the batch', {
          provider: 'dynamics',
        });
      }
      let body: unknown = answer.body === '' ? null : answer.body;
      if (answer.body !== '' && /json/i.test(answer.headers.get('content-type') ?? '')) {
        try {
          body = JSON.parse(answer.body);
        } catch {
          body = answer.body;
        }
      }
      return { status: answer.status, headers: answer.headers, body };
    });
  };

  const entityUrl = (path: string) => `${orgUrl}/${WEB_API_PATH}${path}`;

  /**
   * The tables to read an id from: the given object type's first, then the other. Dataverse ids are
   * GUIDs, unique across tables, so an id names one row whatever the caller expected it to be — e.g.
   * a lead create refused as a duplicate of a CONTACT (the cross-table e-mail rule) reports the
   * contact's id. The record comes back with its true `objectType`. Contacts first when none is given.
   */
  const lookupOrder = (objectType: CrmObjectType | undefined): DynamicsTable[] =>
    objectType === 'lead' ? [LEADS, CONTACTS] : [CONTACTS, LEADS];

  const provider: CrmProvider = {
    id: 'dynamics',
    label: 'Dynamics 365',
    createsObjectType: 'lead',
    reportsExistingLeads: true,

    defaultMapping: dynamicsDefaultMapping,

    async describeFields(objectType: CrmObjectType = 'contact'): Promise<CrmFieldInfo[]> {
      const table = tableOf(objectType);
      const definition = `EntityDefinitions(LogicalName=${odataString(table.logicalName)})/Attributes`;
      /** The String/Picklist casts add formats and options; an org that refuses them still gets the field list. */
      const optional = <T>(promise: Promise<T>): Promise<T | null> =>
        promise.catch((error: unknown) => {
          if (error instanceof CrmError && ['invalid_field', 'validation', 'not_found'].includes(error.kind))
            return null;
          throw error;
        });
      const [attributes, strings, picklists] = await Promise.all([
        attributesOf(table),
        optional(
          client.request(StringAttributesResponse, {
            method: 'get',
            path: `${definition}/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,FormatName`,
            retry: 'safe',
          }),
        ),
        optional(
          client.request(PicklistAttributesResponse, {
            method: 'get',
            path: `${definition}/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=${encodeURIComponent('OptionSet($select=Options)')}`,
            retry: 'safe',
          }),
        ),
      ]);
      const formats = new Map((strings?.value ?? []).map((s) => [s.LogicalName, s.FormatName?.Value]));
      const options = new Map(
        (picklists?.value ?? []).map((p) => [p.LogicalName, (p.OptionSet?.Options ?? []).map((o) => o.Value)]),
      );
      const fields: CrmFieldInfo[] = [];
      for (const attribute of attributes) {
        const info = toFieldInfo(
          attribute,
          table,
          formats.get(attribute.LogicalName) ?? undefined,
          options.get(attribute.LogicalName),
        );
        if (info) fields.push(info);
      }
      if (table.objectType === 'contact' && !fields.some((f) => f.name === COMPANY_FIELD)) {
        const parent = attributes.find((a) => a.LogicalName === 'parentcustomerid');
        fields.push({
          name: COMPANY_FIELD,
          label: `${labelText(parent?.DisplayName) ?? 'Company Name'} (account)`,
          type: 'string',
          writable: false,
        });
      }
      return fields;
    },

    async getById(id, properties, objectType) {
      if (!isGuid(id)) return null;
      for (const table of lookupOrder(objectType)) {
        const record = await readOne(table, id.toLowerCase(), properties);
        if (record) return record;
      }
      return null;
    },

    async findByEmail(email, properties) {
      // Every email column the table has (emailaddress1, and 2 and 3 where present).
      for (const table of [CONTACTS, LEADS]) {
        const { emails } = contactColumnsOf(await readableColumns(table));
        const filter = emails.map((column) => `${column} eq ${odataString(email)}`).join(' or ');
        const records = await query(table, properties, filter);
        if (records.length > 0) return records;
      }
      return [];
    },

    async findByPhone(e164, properties) {
      // Every phone column the table has (telephone1, mobilephone, telephone2/3), in the usual spellings.
      const spellings = phoneSpellings(e164);
      for (const table of [CONTACTS, LEADS]) {
        const { phones } = contactColumnsOf(await readableColumns(table));
        if (phones.length === 0) continue;
        const filter = phones.flatMap((column) => spellings.map((s) => `${column} eq ${odataString(s)}`)).join(' or ');
        const records = (await query(table, properties, filter, PHONE_COLUMNS)).filter((record) =>
          (record.contactPoints?.phones ?? []).some((phone) => samePhone(phone, e164)),
        );
        if (records.length > 0) return records;
      }
      return [];
    },

    async create(properties, returnProperties) {
      try {
        return await tolerantRead(LEADS, returnProperties, async () => {
          const p = await plan(LEADS, returnProperties);
          const response = await client.send({
            method: 'post',
            path: `${LEADS.entitySet}?${queryString({ select: p.select })}`,
            headers: CREATE_HEADERS,
            json: properties,
            retry: createRetry(properties),
          });
          if (response.status === 201 && response.body !== null) {
            const row = DataverseRow.safeParse(response.body);
            if (!row.success) throw unreadableResponse(row.error, response.status);
            return toNativeRecord(row.data, LEADS, p.columns, p.contact);
          }
          // Prefer was not honoured: 204 with the new row's URI.
          const id = entityIdFromHeader(response.headers.get('odata-entityid'));
          if (!id) throw unreadableResponse(new Error('A create answer without OData-EntityId'), response.status);
          const created = await readOne(LEADS, id, returnProperties);
          if (!created)
            throw new CrmError('not_found', `Dynamics 365 created lead ${id} but cannot find it`, {
              provider: 'dynamics',
            });
          return created;
        });
      } catch (error) {
        if (error instanceof CrmError && error.kind === 'duplicate') throw await withExistingId(error, properties);
        throw error;
      }
    },

    async update(id, properties, returnProperties, objectType = 'contact') {
      const table = tableOf(objectType);
      if (!isGuid(id)) {
        throw new CrmError('not_found', `Dynamics 365 has no ${table.logicalName} "${id}" (not a GUID)`, {
          provider: 'dynamics',
        });
      }
      const key = id.toLowerCase();
      if (Object.keys(properties).length > 0) {
        await client.send({
          method: 'patch',
          path: `${table.entitySet}(${key})`,
          headers: { 'If-Match': '*' },
          json: properties,
          retry: 'safe',
        });
      }
      const record = await readOne(table, key, returnProperties);
      if (!record) {
        throw new CrmError('not_found', `Dynamics 365 has no ${table.logicalName} ${key}`, { provider: 'dynamics' });
      }
      return record;
    },

    async getMany(ids, properties, objectType) {
      let remaining = [...new Set(ids.filter(isGuid).map((id) => id.toLowerCase()))];
      const found: NativeRecord[] = [];
      for (const table of lookupOrder(objectType)) {
        for (const chunk of chunks(remaining, DYNAMICS_GET_MANY_CHUNK)) {
          const filter = chunk.map((id) => `${table.key} eq ${id}`).join(' or ');
          found.push(...(await query(table, properties, filter, [], null)));
        }
        const got = new Set(found.map((r) => r.id));
        remaining = remaining.filter((id) => !got.has(id));
        if (remaining.length === 0) break;
      }
      return found;
    },

    async createMany(inputs, returnProperties) {
      const results: BatchResult[] = [];
      for (const chunk of chunks(inputs, batchSize)) results.push(...(await createChunk(chunk, returnProperties)));
      return results;
    },

    async updateMany(inputs, returnProperties, objectType = 'contact') {
      const results: BatchResult[] = [];
      for (const chunk of chunks(inputs, batchSize)) {
        results.push(...(await updateChunk(chunk, returnProperties, tableOf(objectType))));
      }
      return results;
    },

    recordUrl(record) {
      if (!isGuid(record.id)) return null;
      return recordPageUrl(appUrl, record.objectType, record.id.toLowerCase());
    },
  };

  /** One `$batch` of lead creates. */
  async function createChunk(
    chunk: readonly BatchCreateInput[],
    returnProperties: readonly string[],
  ): Promise<BatchResult[]> {
    let p: Awaited<ReturnType<typeof plan>>;
    try {
      p = await plan(LEADS, returnProperties);
    } catch (error) {
      const crm = error instanceof CrmError ? error : unreadableResponse(error);
      return chunk.map(() => ({ ok: false, error: crm }));
    }
    const parts: BatchRequestPart[] = chunk.map((input) => ({
      method: 'POST',
      url: entityUrl(`${LEADS.entitySet}?${queryString({ select: p.select })}`),
      headers: CREATE_HEADERS,
      json: input.properties,
    }));
    const retry: RetryPolicy = chunk.every((input) => createRetry(input.properties) === 'safe')
      ? 'safe'
      : 'rate_limit_only';
    let answers;
    try {
      answers = await sendBatch(parts, retry);
    } catch (error) {
      const crm = error instanceof CrmError ? error : unreadableResponse(error);
      return chunk.map(() => ({ ok: false, error: crm }));
    }
    const results: BatchResult[] = [];
    const toRead: Array<{ index: number; id: string }> = [];
    for (const [index, answer] of answers.entries()) {
      const input = chunk[index]!;
      if (answer instanceof CrmError) {
        results.push({ ok: false, error: answer });
        continue;
      }
      if (answer.status >= 400) {
        const error = crmErrorFromResponse(answer.status, answer.body, answer.headers, clock());
        results.push({ ok: false, error: await withExistingId(error, input.properties) });
        continue;
      }
      const row = DataverseRow.safeParse(answer.body);
      if (answer.status === 201 && row.success) {
        try {
          results.push({ ok: true, record: toNativeRecord(row.data, LEADS, p.columns, p.contact) });
        } catch (error) {
          results.push({ ok: false, error: error instanceof CrmError ? error : unreadableResponse(error) });
        }
        continue;
      }
      const id = entityIdFromHeader(answer.headers.get('odata-entityid'));
      if (!id) {
        results.push({
          ok: false,
          error: unreadableResponse(new Error('A create answer without OData-EntityId'), answer.status),
        });
        continue;
      }
      toRead.push({ index, id });
      results.push({ ok: false, error: new CrmError('unknown', 'pending read-back', { provider: 'dynamics' }) });
    }
    if (toRead.length > 0) await readBack(results, toRead, returnProperties, LEADS);
    return results;
  }

  /** One `$batch` of updates (PATCH with If-Match: *), then one read-back of the rows written. */
  async function updateChunk(
    chunk: readonly BatchUpdateInput[],
    returnProperties: readonly string[],
    table: DynamicsTable,
  ): Promise<BatchResult[]> {
    const results: BatchResult[] = chunk.map((input) => ({
      ok: false,
      error: new CrmError('not_found', `Dynamics 365 has no ${table.logicalName} "${input.id}" (not a GUID)`, {
        provider: 'dynamics',
      }),
    }));
    const sendable = chunk.map((input, index) => ({ input, index })).filter(({ input }) => isGuid(input.id));
    const toRead: Array<{ index: number; id: string }> = [];
    const writes = sendable.filter(({ input }) => Object.keys(input.properties).length > 0);
    for (const { input, index } of sendable) {
      if (Object.keys(input.properties).length === 0) toRead.push({ index, id: input.id.toLowerCase() });
    }
    if (writes.length > 0) {
      const parts: BatchRequestPart[] = writes.map(({ input }) => ({
        method: 'PATCH',
        url: entityUrl(`${table.entitySet}(${input.id.toLowerCase()})`),
        headers: { 'If-Match': '*' },
        json: input.properties,
      }));
      let answers;
      try {
        answers = await sendBatch(parts, 'safe');
      } catch (error) {
        const crm = error instanceof CrmError ? error : unreadableResponse(error);
        for (const { index } of writes) results[index] = { ok: false, error: crm };
        answers = null;
      }
      for (const [k, answer] of (answers ?? []).entries()) {
        const { input, index } = writes[k]!;
        if (answer instanceof CrmError) results[index] = { ok: false, error: answer };
        else if (answer.status >= 400) {
          results[index] = {
            ok: false,
            error: crmErrorFromResponse(answer.status, answer.body, answer.headers, clock()),
          };
        } else toRead.push({ index, id: input.id.toLowerCase() });
      }
    }
    if (toRead.length > 0) await readBack(results, toRead, returnProperties, table);
    return results;
  }

  /** Reads written rows back in one query and fills their results. */
  async function readBack(
    results: BatchResult[],
    toRead: ReadonlyArray<{ index: number; id: string }>,
    returnProperties: readonly string[],
    table: DynamicsTable,
  ): Promise<void> {
    let records: NativeRecord[];
    try {
      records = await provider.getMany(
        toRead.map((r) => r.id),
        returnProperties,
        table.objectType,
      );
    } catch (error) {
      const cause = error instanceof CrmError ? error : unreadableResponse(error);
      for (const { index } of toRead) {
        results[index] = {
          ok: false,
          error: new CrmError(
            cause.kind,
            `The write went through, but reading the record back failed: ${cause.message}`,
            {
              provider: 'dynamics',
              cause,
              ...(cause.retryAfterMs === undefined ? {} : { retryAfterMs: cause.retryAfterMs }),
            },
          ),
        };
      }
      return;
    }
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const { index, id } of toRead) {
      const record = byId.get(id);
      results[index] = record
        ? { ok: true, record }
        : {
            ok: false,
            error: new CrmError('not_found', `Dynamics 365 has no ${table.logicalName} ${id}`, {
              provider: 'dynamics',
            }),
          };
    }
  }

  return provider;
}
