/**
 * HubSpot as a CrmProvider, through HubSpot's CRM v3 REST API (contacts): search by email and by
 * phone, read, create, update, the property list, and record page links.
 *
 * Vendor contract (https://developers.hubspot.com/docs/api/crm/contacts,
 * https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm,
 * https://developers.hubspot.com/docs/api/crm/properties):
 * - `GET /crm/v3/properties/contacts` → describeFields;
 * - `GET /crm/v3/objects/contacts/{id}?properties=…` → getById (404 → null);
 * - `POST /crm/v3/objects/contacts/search` → findByEmail (`email` EQ) and findByPhone (see
 *   `phoneFilterGroups` in ./map.ts);
 * - `POST /crm/v3/objects/contacts` `{properties}` → 201 → create (409 "Existing ID: <n>" → CrmError
 *   `duplicate` with `existingId`);
 * - `PATCH /crm/v3/objects/contacts/{id}` `{properties}` → update (HubSpot answers a PATCH with the
 *   properties it was sent, so a requested property missing from the answer is read back with one GET);
 * - `POST /crm/v3/objects/contacts/batch/{read,create,update}` (≤ 100 inputs per call) → getMany,
 *   createMany, updateMany, one result per input (see {@link BATCH_LIMIT});
 * - `GET /account-info/v3/details` once, lazily, for `portalId` and `uiDomain` → recordUrl.
 * HubSpot records are contacts here: there is no lead object to report (`reportsExistingLeads`
 * false), and an `objectType` of `lead` is refused with a CrmError.
 * Property values are strings both ways; a record's `updatedAt` is HubSpot's `updatedAt`. HubSpot's
 * search index trails writes by a few seconds, so a contact created moments ago may not be found yet;
 * a create that then collides answers 409 "Existing ID", which the caller links to.
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
import { HubSpotClient, type HubSpotRetryOptions } from './client.ts';
import {
  ADDITIONAL_EMAILS,
  CONTACT_POINT_PROPERTIES,
  contactRecordUrl,
  phoneFilterGroups,
  toFieldInfo,
  toNativeRecord,
} from './map.ts';
import {
  HubSpotAccountDetails,
  HubSpotBatchResponse,
  HubSpotObject,
  HubSpotPropertiesResponse,
  type HubSpotSearchRequest,
  HubSpotSearchResponse,
} from './schemas.ts';

export type { HubSpotRetryOptions } from './client.ts';
export { UNREADABLE_RESPONSE } from './map.ts';

/** HubSpot's public API origin. */
export const HUBSPOT_API_BASE_URL = 'https://api.hubapi.com';

/** Default per-attempt timeout of a HubSpot call, in ms. */
export const HUBSPOT_DEFAULT_TIMEOUT_MS = 10_000;

/** Most candidates one search returns (HubSpot allows up to 200 per page). */
const SEARCH_PAGE_SIZE = 100;

/** Most inputs one HubSpot batch call takes (https://developers.hubspot.com/docs/api/crm/contacts). */
export const BATCH_LIMIT = 100;

/** After account-info fails, wait this long before asking again (ms). */
const ACCOUNT_INFO_RETRY_MS = 60_000;

export interface HubSpotProviderOptions {
  /** API base URL (default https://api.hubapi.com); may carry a path prefix. */
  baseUrl?: string;
  /** Private-app or OAuth access token, sent as `Authorization: Bearer <token>`. */
  accessToken: string;
  /**
   * Web UI base for record links, e.g. `https://app.hubspot.com` or, for the sandbox,
   * `<proxy public url>/sandbox/hubspot/app`. Default: `https://<uiDomain>` from account-info.
   */
  appUrl?: string;
  /** The portal (Hub) id when already known; saves the account-info call. */
  portalId?: number;
  /** The fetch to send requests with (default: global fetch); the sandbox's `fetch` serves it in-process. */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 10 000). */
  timeoutMs?: number;
  retry?: HubSpotRetryOptions;
  /** Clock for rate-limit waits (default: system clock). */
  clock?: () => Date;
}

/**
 * The default HubSpot mapping: email↔email, name↔firstname+lastname, phone↔phone, company↔company,
 * jobTitle↔jobtitle, location→city (written, not read back), notes↔notes. Most portals have no
 * `notes` contact property; the planner then skips it with a `field_missing` warning.
 */
export function hubSpotDefaultMapping(): FieldMappingInput[] {
  return [
    { field: 'email', crmFields: ['email'] },
    { field: 'name', crmFields: ['firstname', 'lastname'] },
    { field: 'phone', crmFields: ['phone'] },
    { field: 'company', crmFields: ['company'] },
    { field: 'jobTitle', crmFields: ['jobtitle'] },
    { field: 'location', crmFields: ['city'], direction: 'to_crm' },
    { field: 'notes', crmFields: ['notes'] },
  ];
}

/** `properties` plus `lastmodifieddate`, deduplicated, order kept. */
function withModified(properties: readonly string[]): string[] {
  return [...new Set([...properties, 'lastmodifieddate'])];
}

/** Every email and phone property (./map.ts CONTACT_POINT_PROPERTIES): read along with any record. */
const CONTACT_POINTS: readonly string[] = [...CONTACT_POINT_PROPERTIES.emails, ...CONTACT_POINT_PROPERTIES.phones];

/**
 * What a read asks HubSpot for: `properties`, `lastmodifieddate` and every email and phone property
 * (HubSpot ignores names a portal does not have in a read's `properties`).
 */
function readProperties(properties: readonly string[]): string[] {
  return [...new Set([...withModified(properties), ...CONTACT_POINTS])];
}

/** `items` in slices of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Batch failures that concern the inputs (one bad record makes HubSpot refuse the whole batch):
 * the provider then retries that batch's inputs one by one, so each gets its own answer. Other
 * failures (rate limit, credentials, outage) are every input's answer as they are.
 */
function isPerInputFailure(error: unknown): error is CrmError {
  return (
    error instanceof CrmError &&
    (error.kind === 'duplicate' ||
      error.kind === 'validation' ||
      error.kind === 'invalid_field' ||
      error.kind === 'not_found')
  );
}

/** Refuses `lead`: HubSpot records are contacts in this product. */
function assertContact(objectType: CrmObjectType | undefined): void {
  if (objectType !== undefined && objectType !== 'contact') {
    throw new CrmError('unknown', `HubSpot records are contacts; there is no ${objectType} object to use`, {
      provider: 'hubspot',
    });
  }
}

/**
 * Creates the HubSpot provider. Every method throws CrmError on failure (see ./map.ts for the
 * mapping of HubSpot's errors); `recordUrl` is null until the portal id is known (given as
 * `portalId`, or read from account-info alongside the first call).
 */
export function createHubSpotProvider(options: HubSpotProviderOptions): CrmProvider {
  const fetchLike: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const clock = options.clock ?? (() => new Date());
  const client = new HubSpotClient({
    baseUrl: options.baseUrl ?? HUBSPOT_API_BASE_URL,
    accessToken: options.accessToken,
    fetch: fetchLike,
    timeoutMs: options.timeoutMs ?? HUBSPOT_DEFAULT_TIMEOUT_MS,
    clock,
    ...(options.retry ? { retry: options.retry } : {}),
  });

  let portalId: number | null = options.portalId ?? null;
  let appUrl: string | null = options.appUrl ?? null;
  let accountLoad: Promise<void> | null = null;
  let accountRetryAt = 0;
  /** Property names of the portal, once describeFields has run (null until then). */
  let knownProperties: ReadonlySet<string> | null = null;

  /** Loads portalId/uiDomain once; never throws (a failure is retried a minute later). */
  const ensureAccount = (): Promise<void> => {
    if ((portalId !== null && appUrl !== null) || clock().getTime() < accountRetryAt) return Promise.resolve();
    accountLoad ??= client
      .request(HubSpotAccountDetails, { method: 'get', path: 'account-info/v3/details', retry: 'safe' })
      .then((details) => {
        portalId ??= details.portalId;
        appUrl ??= `https://${details.uiDomain ?? 'app.hubspot.com'}`;
      })
      .catch(() => {
        accountRetryAt = clock().getTime() + ACCOUNT_INFO_RETRY_MS;
      })
      .finally(() => {
        accountLoad = null;
      });
    return accountLoad;
  };

  /** Runs `call` alongside the first account-info read. */
  const withAccount = async <T>(call: Promise<T>): Promise<T> => {
    const [result] = await Promise.all([call, ensureAccount()]);
    return result;
  };

  const search = async (filterGroups: HubSpotSearchRequest['filterGroups'], properties: readonly string[]) => {
    const wanted = withModified(properties);
    const body: HubSpotSearchRequest = {
      filterGroups,
      properties: readProperties(properties),
      limit: SEARCH_PAGE_SIZE,
    };
    const response = await withAccount(
      client.request(HubSpotSearchResponse, {
        method: 'post',
        path: 'crm/v3/objects/contacts/search',
        json: body,
        retry: 'safe',
      }),
    );
    return response.results.map((object) => toNativeRecord(object, wanted, CONTACT_POINTS));
  };

  const getById = async (
    id: string,
    properties: readonly string[],
    objectType?: CrmObjectType,
  ): Promise<NativeRecord | null> => {
    assertContact(objectType);
    const wanted = withModified(properties);
    try {
      const object = await withAccount(
        client.request(HubSpotObject, {
          method: 'get',
          path: `crm/v3/objects/contacts/${encodeURIComponent(id)}`,
          searchParams: { properties: readProperties(properties).join(',') },
          retry: 'safe',
        }),
      );
      return toNativeRecord(object, wanted, CONTACT_POINTS);
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'not_found') return null;
      throw error;
    }
  };

  const createOne = async (
    properties: Readonly<Record<string, string>>,
    returnProperties: readonly string[],
  ): Promise<NativeRecord> => {
    const wanted = withModified(returnProperties);
    const object = await withAccount(
      client.request(HubSpotObject, {
        method: 'post',
        path: 'crm/v3/objects/contacts',
        json: { properties },
        // A retried create with an email meets HubSpot's 409 "Existing ID" at worst; without one it
        // could make a second contact, so it is only repeated after a 429.
        retry: properties.email ? 'safe' : 'rate_limit_only',
      }),
    );
    // A new contact holds only what was sent plus what HubSpot derives (which it returns).
    return toNativeRecord(object, wanted);
  };

  const updateOne = async (
    id: string,
    properties: Readonly<Record<string, string>>,
    returnProperties: readonly string[],
  ): Promise<NativeRecord> => {
    const wanted = withModified(returnProperties);
    const object = await withAccount(
      client.request(HubSpotObject, {
        method: 'patch',
        path: `crm/v3/objects/contacts/${encodeURIComponent(id)}`,
        json: { properties },
        retry: 'safe',
      }),
    );
    // HubSpot answers a PATCH with some properties, not necessarily all that were asked for; read
    // the record back when one the portal has is missing.
    const missing = wanted.filter(
      (name) => !(name in object.properties) && (knownProperties === null || knownProperties.has(name)),
    );
    if (missing.length > 0) {
      const fresh = await getById(id, returnProperties);
      if (fresh) return fresh;
    }
    return toNativeRecord(object, wanted);
  };

  /** One batch read call (≤ 100 ids); ids HubSpot does not have are simply absent (207 errors ignored). */
  const readBatch = async (ids: readonly string[], properties: readonly string[]): Promise<NativeRecord[]> => {
    const wanted = withModified(properties);
    const response = await withAccount(
      client.request(HubSpotBatchResponse, {
        method: 'post',
        path: 'crm/v3/objects/contacts/batch/read',
        json: { properties: readProperties(properties), inputs: ids.map((id) => ({ id })) },
        retry: 'safe',
      }),
    );
    return response.results.map((object) => toNativeRecord(object, wanted, CONTACT_POINTS));
  };

  /** Each input on its own call, each answer its own result. */
  const oneByOne = async <T>(
    inputs: readonly T[],
    one: (input: T) => Promise<NativeRecord>,
  ): Promise<BatchResult[]> => {
    const results: BatchResult[] = [];
    for (const input of inputs) {
      try {
        results.push({ ok: true, record: await one(input) });
      } catch (cause) {
        if (!(cause instanceof CrmError)) throw cause;
        results.push({ ok: false, error: cause });
      }
    }
    return results;
  };

  /** Answers every input of a failed batch: one by one for input problems, else the same error for all. */
  const fallback = <T>(
    inputs: readonly T[],
    error: unknown,
    one: (input: T) => Promise<NativeRecord>,
  ): Promise<BatchResult[]> => {
    if (!(error instanceof CrmError)) throw error;
    if (!isPerInputFailure(error)) return Promise.resolve(inputs.map((): BatchResult => ({ ok: false, error })));
    return oneByOne(inputs, one);
  };

  /** The batch result of each input, matched by `objectWriteTraceId` (its index), else by position. */
  const matchCreated = (
    chunk: readonly BatchCreateInput[],
    response: HubSpotBatchResponse,
    wanted: readonly string[],
  ): BatchResult[] => {
    const byTrace = new Map(response.results.map((r) => [r.objectWriteTraceId, r] as const));
    return chunk.map((_, i) => {
      const object = byTrace.get(String(i)) ?? (byTrace.has(undefined) ? response.results[i] : undefined);
      if (!object) {
        return {
          ok: false,
          error: new CrmError('unknown', 'HubSpot did not answer for this record in the batch', {
            provider: 'hubspot',
          }),
        };
      }
      return { ok: true, record: toNativeRecord(object, wanted) };
    });
  };

  return {
    id: 'hubspot',
    label: 'HubSpot',
    createsObjectType: 'contact',
    reportsExistingLeads: false,

    defaultMapping: hubSpotDefaultMapping,

    async describeFields(objectType): Promise<CrmFieldInfo[]> {
      assertContact(objectType);
      const response = await withAccount(
        client.request(HubSpotPropertiesResponse, { method: 'get', path: 'crm/v3/properties/contacts', retry: 'safe' }),
      );
      knownProperties = new Set(response.results.map((p) => p.name));
      return response.results.map(toFieldInfo);
    },

    getById,

    findByEmail(email, properties) {
      // The primary address, or one of the secondary ones (`hs_additional_emails`, a `;`-separated
      // list: CONTAINS_TOKEN), where the portal has that property.
      const groups: HubSpotSearchRequest['filterGroups'] = [
        { filters: [{ propertyName: 'email', operator: 'EQ', value: email }] },
      ];
      if (knownProperties === null || knownProperties.has(ADDITIONAL_EMAILS)) {
        groups.push({ filters: [{ propertyName: ADDITIONAL_EMAILS, operator: 'CONTAINS_TOKEN', value: email }] });
      }
      return search(groups, properties);
    },

    findByPhone(e164, properties) {
      return search(phoneFilterGroups(e164), properties);
    },

    create: createOne,

    async update(id, properties, returnProperties, objectType) {
      assertContact(objectType);
      return updateOne(id, properties, returnProperties);
    },

    async getMany(ids, properties, objectType) {
      assertContact(objectType);
      const unique = [...new Set(ids)];
      const records: NativeRecord[] = [];
      for (const chunk of chunks(unique, BATCH_LIMIT)) records.push(...(await readBatch(chunk, properties)));
      return records;
    },

    async createMany(inputs, returnProperties) {
      const wanted = withModified(returnProperties);
      const results: BatchResult[] = [];
      for (const chunk of chunks(inputs, BATCH_LIMIT)) {
        try {
          const response = await withAccount(
            client.request(HubSpotBatchResponse, {
              method: 'post',
              path: 'crm/v3/objects/contacts/batch/create',
              json: {
                inputs: chunk.map((input, i) => ({ properties: input.properties, objectWriteTraceId: String(i) })),
              },
              // Repeating a batch is harmless only when every input carries an email (HubSpot then
              // refuses second copies with 409); otherwise only after a 429.
              retry: chunk.every((input) => input.properties.email) ? 'safe' : 'rate_limit_only',
            }),
          );
          results.push(...matchCreated(chunk, response, wanted));
        } catch (error) {
          results.push(...(await fallback(chunk, error, (input) => createOne(input.properties, returnProperties))));
        }
      }
      return results;
    },

    async updateMany(inputs, returnProperties, objectType) {
      assertContact(objectType);
      const wanted = withModified(returnProperties);
      const results: BatchResult[] = [];
      for (const chunk of chunks(inputs, BATCH_LIMIT)) {
        const one = (input: BatchUpdateInput) => updateOne(input.id, input.properties, returnProperties);
        // HubSpot refuses a batch naming one id twice; such a batch goes one by one.
        if (new Set(chunk.map((input) => input.id)).size !== chunk.length) {
          results.push(...(await oneByOne(chunk, one)));
          continue;
        }
        let response: HubSpotBatchResponse;
        try {
          response = await withAccount(
            client.request(HubSpotBatchResponse, {
              method: 'post',
              path: 'crm/v3/objects/contacts/batch/update',
              json: { inputs: chunk.map((input) => ({ id: input.id, properties: input.properties })) },
              retry: 'safe',
            }),
          );
        } catch (error) {
          results.push(...(await fallback(chunk, error, one)));
          continue;
        }
        // A batch update answers only the written properties: read the records back in one call
        // (when that read fails, the written values are still the truth to report).
        const written = new Map(response.results.map((object) => [object.id, toNativeRecord(object, wanted)] as const));
        const fresh = await readBatch(
          chunk.map((input) => input.id),
          returnProperties,
        ).catch((error: unknown) => {
          if (error instanceof CrmError) return [];
          throw error;
        });
        for (const record of fresh) written.set(record.id, record);
        for (const input of chunk) {
          const record = written.get(input.id);
          results.push(
            record
              ? { ok: true, record }
              : {
                  ok: false,
                  error: new CrmError('unknown', 'HubSpot did not answer for this record in the batch', {
                    provider: 'hubspot',
                  }),
                },
          );
        }
      }
      return results;
    },

    recordUrl(record) {
      if (portalId === null || appUrl === null) return null;
      return contactRecordUrl(appUrl, portalId, record.id);
    },
  };
}
