/**
 * Zoho CRM as a CrmProvider, through Zoho's REST API v8 on the Contacts module: search by email and
 * by phone, read one or many, create, update (one or up to 100 per call), the field list, and record
 * page links.
 *
 * Vendor contract (base `<api domain>/crm/v8`, header `Authorization: Zoho-oauthtoken <token>`):
 * - `GET /settings/fields?module=Contacts` → describeFields
 *   (https://www.zoho.com/crm/developer/docs/api/v8/field-meta.html);
 * - `GET /Contacts/{id}?fields=…` → getById (204 No Content → null) and
 *   `GET /Contacts?ids=…&fields=…` (≤ 100 ids) → getMany
 *   (https://www.zoho.com/crm/developer/docs/api/v8/get-records.html);
 * - `GET /Contacts/search?email=…` → findByEmail (Zoho searches every email field of the module),
 *   `GET /Contacts/search?criteria=((Phone:equals:…)or(Mobile:equals:…)…)` → findByPhone, with
 *   parentheses and commas in values escaped by a backslash; 204 → no match
 *   (https://www.zoho.com/crm/developer/docs/api/v8/search-records.html);
 * - `POST /Contacts {data: [record…], trigger: []}` (≤ 100 records) → create/createMany: 201 with a
 *   status per record (`SUCCESS` with `details.id`, or DUPLICATE_DATA / INVALID_DATA /
 *   MANDATORY_NOT_FOUND naming the field) (https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html);
 * - `PUT /Contacts/{id} {data: [{…}], trigger: []}` and `PUT /Contacts {data: [{id, …}…]}` →
 *   update/updateMany, then the records are read back (Zoho answers a write with ids and times only)
 *   (https://www.zoho.com/crm/developer/docs/api/v8/update-records.html).
 * `trigger: []` keeps Zoho's workflows, approvals and blueprints from running on the proxy's writes,
 * which are the agent's field fills, not a new business event.
 *
 * Values are read as strings: a lookup (`Account_Name: {name, id}`) by its name, so the default
 * mapping shows the contact's Account as its company (From CRM); numbers and booleans stringified.
 * A record's `updatedAt` is `Modified_Time` in UTC. Zoho requires `Last_Name`: a one-word name sent
 * as First_Name only is created as the Last_Name; a customer without a name is created with their
 * email (else phone, else "Unknown") as Last_Name, which every read reports as blank, so the first
 * sync that knows the name fills it (see `isPlaceholderName`).
 * Zoho's search is an index that can trail a create by a moment; a create that then collides answers
 * DUPLICATE_DATA with the existing record's id, which the caller links to.
 */
import type { CrmFieldInfo, CrmObjectType, FieldMappingInput } from '../../../lib/contracts/index.ts';
import { type BatchResult, CrmError, type CrmProvider, type FetchLike, type NativeRecord } from '../types.ts';
import { ZohoClient, type ZohoRetryOptions } from './client.ts';
import {
  type ContactFields,
  contactFieldsOf,
  contactRecordUrl,
  crmErrorFromStatus,
  defaultAppUrl,
  placeholderLastName,
  phoneCriteria,
  STANDARD_CONTACT_FIELDS,
  toFieldInfo,
  toNativeRecord,
  unreadableResponse,
} from './map.ts';
import { ZohoFieldsResponse, ZohoRecordsResponse, type ZohoStatus, ZohoWriteResponse } from './schemas.ts';

export type { ZohoRetryOptions } from './client.ts';
export {
  dataCentreOf,
  defaultAppUrl,
  escapeCriteriaValue,
  isPlaceholderName,
  phoneCriteria,
  phoneSpellings,
  UNREADABLE_RESPONSE,
} from './map.ts';

/** Zoho's US data centre API domain; EU, IN, AU, JP, CA, CN, SA and UK have their own (`ZOHO_API_DOMAIN`). */
export const ZOHO_API_DOMAIN = 'https://www.zohoapis.com';

/** The API version this provider speaks. */
export const ZOHO_API_VERSION = 'v8';

/** Default per-attempt timeout of a Zoho call, in ms. */
export const ZOHO_DEFAULT_TIMEOUT_MS = 10_000;

/** Most records one insert/update call and one `ids` read take (https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html). */
export const ZOHO_BATCH_LIMIT = 100;

/** Most field names one `fields` parameter takes (https://www.zoho.com/crm/developer/docs/api/v8/get-records.html). */
const MAX_FIELDS = 50;

/** Records per search page (Zoho allows up to 200). */
const SEARCH_PAGE_SIZE = 200;

/** The module this provider works on. */
const MODULE = 'Contacts';

/** Options of {@link createZohoProvider}; only `accessToken` is required. */
export interface ZohoProviderOptions {
  /** API domain of the account's data centre (default https://www.zohoapis.com; EU https://www.zohoapis.eu, …). */
  apiDomain?: string;
  /** OAuth access token, sent as `Authorization: Zoho-oauthtoken <token>`. */
  accessToken: string;
  /**
   * Web UI base for record links, e.g. `https://crm.zoho.eu/crm/org20001234` or, for the sandbox,
   * `<proxy public url>/sandbox/zoho/crm`. Default: `https://crm.zoho.<tld>/crm` of the API domain's
   * data centre.
   */
  appUrl?: string;
  /** The fetch to send requests with (default: global fetch); the sandbox's `fetch` serves it in-process. */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 10 000). */
  timeoutMs?: number;
  retry?: ZohoRetryOptions;
  /** Clock for rate-limit waits (default: system clock). */
  clock?: () => Date;
}

/**
 * The default Zoho mapping: email↔Email, name↔First_Name+Last_Name, phone↔Phone, company←Account_Name
 * (the contact's Account, read only: a lookup is written by id, not by name), jobTitle↔Title,
 * location→Mailing_City (written, not read back), notes↔Description.
 */
export function zohoDefaultMapping(): FieldMappingInput[] {
  return [
    { field: 'email', crmFields: ['Email'] },
    { field: 'name', crmFields: ['First_Name', 'Last_Name'] },
    { field: 'phone', crmFields: ['Phone'] },
    { field: 'company', crmFields: ['Account_Name'], direction: 'from_crm' },
    { field: 'jobTitle', crmFields: ['Title'] },
    { field: 'location', crmFields: ['Mailing_City'], direction: 'to_crm' },
    { field: 'notes', crmFields: ['Description'] },
  ];
}

/** `items` in slices of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Refuses `lead`: this provider works on Zoho's Contacts module. */
function assertContact(objectType: CrmObjectType | undefined): void {
  if (objectType !== undefined && objectType !== 'contact') {
    throw new CrmError('unknown', `The Zoho CRM provider works on Contacts; there is no ${objectType} object to use`, {
      provider: 'zoho',
    });
  }
}

/** Data types whose values Zoho takes as JSON numbers. */
const NUMBER_TYPES = new Set(['integer', 'bigint', 'double', 'decimal', 'currency', 'percent']);

/**
 * Creates the Zoho CRM provider. Every method throws CrmError on failure (see ./map.ts for the
 * mapping of Zoho's errors).
 */
export function createZohoProvider(options: ZohoProviderOptions): CrmProvider {
  const fetchLike: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const clock = options.clock ?? (() => new Date());
  const apiDomain = (options.apiDomain ?? ZOHO_API_DOMAIN).replace(/\/+$/, '');
  const appUrl = options.appUrl?.replace(/\/+$/, '') ?? defaultAppUrl(apiDomain);
  /** The module's fields by API name → data type, once describeFields has run (null until then). */
  let fieldTypes: ReadonlyMap<string, string> | null = null;
  const client = new ZohoClient({
    baseUrl: `${apiDomain}/crm/${ZOHO_API_VERSION}`,
    accessToken: options.accessToken,
    fetch: fetchLike,
    timeoutMs: options.timeoutMs ?? ZOHO_DEFAULT_TIMEOUT_MS,
    clock,
    errorContext: () => ({ knownFields: fieldTypes ? new Set(fieldTypes.keys()) : null }),
    ...(options.retry ? { retry: options.retry } : {}),
  });

  /** The module's email and phone fields: by data type once its fields are known, else the standard ones. */
  const contactFields = (): ContactFields => (fieldTypes ? contactFieldsOf(fieldTypes) : STANDARD_CONTACT_FIELDS);

  /**
   * The `fields` to ask for: the requested ones plus Modified_Time (and, with Last_Name, the fields
   * that tell a placeholder name), then every email and phone field (for the record's
   * contactPoints), without names the module does not have once its fields are known.
   */
  const fieldsFor = (requested: readonly string[]): { wanted: string[]; param: string } => {
    const contact = contactFields();
    const names = [...requested, 'Modified_Time'];
    if (requested.includes('Last_Name')) names.push('First_Name', 'Email', 'Phone', 'Mobile');
    names.push(...contact.emails, ...contact.phones);
    let wanted = [...new Set(names)];
    if (fieldTypes) wanted = wanted.filter((name) => fieldTypes!.has(name));
    return { wanted, param: wanted.slice(0, MAX_FIELDS).join(',') };
  };

  /** Parses a records answer (null body = 204 No Content = none). */
  const records = (body: unknown, status: number, wanted: readonly string[]): NativeRecord[] => {
    if (body === null) return [];
    const parsed = ZohoRecordsResponse.safeParse(body);
    if (!parsed.success) throw unreadableResponse(parsed.error, status);
    return parsed.data.data.map((record) => toNativeRecord(record, wanted, contactFields()));
  };

  /** Parses a write answer: one status per input record, in input order. */
  const statuses = (body: unknown, status: number, count: number): ZohoStatus[] => {
    const parsed = ZohoWriteResponse.safeParse(body);
    if (!parsed.success || parsed.data.data.length !== count) {
      throw unreadableResponse(parsed.success ? new Error('record count mismatch') : parsed.error, status);
    }
    return parsed.data.data;
  };

  /** A record's values as Zoho takes them: "" clears (null), numbers and booleans typed when the field is known. */
  const toInput = (properties: Readonly<Record<string, string>>): Record<string, unknown> => {
    const input: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(properties)) {
      const type = fieldTypes?.get(name);
      if (value === '') input[name] = null;
      else if (type === 'boolean' && /^(true|false)$/i.test(value.trim()))
        input[name] = value.trim().toLowerCase() === 'true';
      else if (type && NUMBER_TYPES.has(type) && value.trim() !== '' && Number.isFinite(Number(value)))
        input[name] = Number(value);
      else input[name] = value;
    }
    return input;
  };

  /**
   * A create's values with the Last_Name Zoho requires: a lone First_Name becomes the Last_Name (a
   * one-word name such as "Cher"); a nameless customer gets the placeholder (see `placeholderLastName`).
   */
  const createInput = (properties: Readonly<Record<string, string>>): Record<string, unknown> => {
    const input = toInput(properties);
    if (typeof input.Last_Name !== 'string' || input.Last_Name.trim() === '') {
      const first = typeof input.First_Name === 'string' ? input.First_Name.trim() : '';
      if (first !== '') {
        input.Last_Name = first;
        delete input.First_Name;
      } else {
        input.Last_Name = placeholderLastName(properties);
      }
    }
    return input;
  };

  const errorContext = () => ({ knownFields: fieldTypes ? new Set(fieldTypes.keys()) : null });

  /** The record a successful create made, from what was sent and what Zoho answered. */
  const createdRecord = (
    input: Record<string, unknown>,
    status: ZohoStatus,
    wanted: readonly string[],
  ): NativeRecord => {
    const id = status.details?.id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw unreadableResponse(new Error('SUCCESS without details.id'));
    }
    return toNativeRecord(
      { ...input, id: String(id), Modified_Time: status.details?.Modified_Time ?? null },
      wanted,
      contactFields(),
    );
  };

  const getById = async (
    id: string,
    properties: readonly string[],
    objectType?: CrmObjectType,
  ): Promise<NativeRecord | null> => {
    assertContact(objectType);
    const { wanted, param } = fieldsFor(properties);
    try {
      const response = await client.request({
        method: 'get',
        path: `${MODULE}/${encodeURIComponent(id)}`,
        searchParams: { fields: param },
        retry: 'safe',
      });
      return records(response.body, response.status, wanted)[0] ?? null;
    } catch (error) {
      // Zoho answers an id it does not have with 204 (handled above), or with INVALID_DATA on the id
      // ("the related id given seems to be invalid"), which maps to not_found.
      if (error instanceof CrmError && error.kind === 'not_found') return null;
      throw error;
    }
  };

  const search = async (searchParams: Record<string, string>, properties: readonly string[]) => {
    const { wanted, param } = fieldsFor(properties);
    const response = await client.request({
      method: 'get',
      path: `${MODULE}/search`,
      searchParams: { ...searchParams, fields: param, per_page: String(SEARCH_PAGE_SIZE) },
      retry: 'safe',
    });
    return records(response.body, response.status, wanted);
  };

  const readBatch = async (ids: readonly string[], properties: readonly string[]): Promise<NativeRecord[]> => {
    const { wanted, param } = fieldsFor(properties);
    const response = await client.request({
      method: 'get',
      path: MODULE,
      searchParams: { ids: ids.join(','), fields: param },
      retry: 'safe',
    });
    return records(response.body, response.status, wanted);
  };

  /** Batch read; an id that is not a Zoho record id (digits) cannot exist and is never sent. */
  const getMany = async (ids: readonly string[], properties: readonly string[]): Promise<NativeRecord[]> => {
    const out: NativeRecord[] = [];
    const valid = [...new Set(ids)].filter((id) => /^\d{1,30}$/.test(id));
    for (const chunk of chunks(valid, ZOHO_BATCH_LIMIT)) out.push(...(await readBatch(chunk, properties)));
    return out;
  };

  /** Sends one insert (≤ 100 records) and answers each record. */
  const insertChunk = async (
    chunk: readonly Readonly<Record<string, string>>[],
    returnProperties: readonly string[],
  ): Promise<BatchResult[]> => {
    const inputs = chunk.map(createInput);
    const { wanted } = fieldsFor(returnProperties);
    const response = await client.request({
      method: 'post',
      path: MODULE,
      json: { data: inputs, trigger: [] },
      // Repeating an insert is harmless only when every record carries an Email (a second copy meets
      // DUPLICATE_DATA); otherwise only after a 429.
      retry: chunk.every((properties) => properties.Email?.trim()) ? 'safe' : 'rate_limit_only',
      perRecord: true,
    });
    return statuses(response.body, response.status, inputs.length).map((status, i): BatchResult => {
      if (status.code.toUpperCase() === 'SUCCESS')
        return { ok: true, record: createdRecord(inputs[i]!, status, wanted) };
      return { ok: false, error: crmErrorFromStatus(status, response.status, errorContext()) };
    });
  };

  /** Sends one update (≤ 100 records); answers each record's status (null = written). */
  const updateChunk = async (
    chunk: readonly { id: string; properties: Readonly<Record<string, string>> }[],
    single: boolean,
  ): Promise<(CrmError | null)[]> => {
    const data = chunk.map((input) =>
      single ? toInput(input.properties) : { ...toInput(input.properties), id: input.id },
    );
    const response = await client.request({
      method: 'put',
      path: single ? `${MODULE}/${encodeURIComponent(chunk[0]!.id)}` : MODULE,
      json: { data, trigger: [] },
      retry: 'safe',
      perRecord: true,
    });
    return statuses(response.body, response.status, data.length).map((status) =>
      status.code.toUpperCase() === 'SUCCESS' ? null : crmErrorFromStatus(status, response.status, errorContext()),
    );
  };

  /** Answers every input of a chunk with `error` (a request-level failure: rate limit, credentials, outage). */
  const failAll = (count: number, error: unknown): BatchResult[] => {
    if (!(error instanceof CrmError)) throw error;
    return Array.from({ length: count }, (): BatchResult => ({ ok: false, error }));
  };

  return {
    id: 'zoho',
    label: 'Zoho CRM',
    createsObjectType: 'contact',
    reportsExistingLeads: false,

    defaultMapping: zohoDefaultMapping,

    async describeFields(objectType): Promise<CrmFieldInfo[]> {
      assertContact(objectType);
      const response = await client.request({
        method: 'get',
        path: 'settings/fields',
        searchParams: { module: MODULE },
        retry: 'safe',
      });
      const parsed = ZohoFieldsResponse.safeParse(response.body);
      if (!parsed.success) throw unreadableResponse(parsed.error, response.status);
      fieldTypes = new Map(parsed.data.fields.map((field) => [field.api_name, field.data_type] as const));
      return parsed.data.fields.map(toFieldInfo);
    },

    getById,

    findByEmail(email, properties) {
      return search({ email }, properties);
    },

    findByPhone(e164, properties) {
      return search({ criteria: phoneCriteria(e164) }, properties);
    },

    async create(properties, returnProperties) {
      const [result] = await insertChunk([properties], returnProperties);
      if (!result) throw unreadableResponse(new Error('no record status'));
      if (!result.ok) throw result.error;
      return result.record;
    },

    async update(id, properties, returnProperties, objectType) {
      assertContact(objectType);
      const [error] = await updateChunk([{ id, properties }], true);
      if (error) throw error;
      const fresh = await getById(id, returnProperties);
      if (!fresh) throw new CrmError('not_found', `Zoho CRM has no contact ${id}`, { provider: 'zoho' });
      return fresh;
    },

    async getMany(ids, properties, objectType) {
      assertContact(objectType);
      return getMany(ids, properties);
    },

    async createMany(inputs, returnProperties) {
      const results: BatchResult[] = [];
      for (const chunk of chunks(inputs, ZOHO_BATCH_LIMIT)) {
        try {
          results.push(
            ...(await insertChunk(
              chunk.map((input) => input.properties),
              returnProperties,
            )),
          );
        } catch (error) {
          results.push(...failAll(chunk.length, error));
        }
      }
      return results;
    },

    async updateMany(inputs, returnProperties, objectType) {
      assertContact(objectType);
      const results: BatchResult[] = [];
      for (const chunk of chunks(inputs, ZOHO_BATCH_LIMIT)) {
        let errors: (CrmError | null)[];
        try {
          errors = await updateChunk(chunk, false);
        } catch (error) {
          results.push(...failAll(chunk.length, error));
          continue;
        }
        const written = chunk.filter((_, i) => errors[i] === null).map((input) => input.id);
        let fresh: Map<string, NativeRecord>;
        try {
          fresh = new Map((await getMany(written, returnProperties)).map((record) => [record.id, record] as const));
        } catch (error) {
          if (!(error instanceof CrmError)) throw error;
          // The writes went through; only reading them back failed.
          results.push(...chunk.map((_, i): BatchResult => ({ ok: false, error: errors[i] ?? error })));
          continue;
        }
        results.push(
          ...chunk.map((input, i): BatchResult => {
            const error = errors[i];
            if (error) return { ok: false, error };
            const record = fresh.get(input.id);
            return record
              ? { ok: true, record }
              : {
                  ok: false,
                  error: new CrmError('not_found', `Zoho CRM has no contact ${input.id}`, { provider: 'zoho' }),
                };
          }),
        );
      }
      return results;
    },

    recordUrl(record) {
      return appUrl === null ? null : contactRecordUrl(appUrl, record.id);
    },
  };
}
