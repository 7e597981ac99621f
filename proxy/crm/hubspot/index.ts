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
 * - `GET /account-info/v3/details` once, lazily, for `portalId` and `uiDomain` → recordUrl.
 * Property values are strings both ways; a record's `updatedAt` is HubSpot's `updatedAt`. HubSpot's
 * search index trails writes by a few seconds, so a contact created moments ago may not be found yet;
 * a create that then collides answers 409 "Existing ID", which the caller links to.
 */
import type { CrmFieldInfo, FieldMappingInput } from '../../../lib/contracts/index.ts';
import { CrmError, type CrmProvider, type FetchLike, type NativeRecord } from '../types.ts';
import { HubSpotClient, type HubSpotRetryOptions } from './client.ts';
import { contactRecordUrl, phoneFilterGroups, toFieldInfo, toNativeRecord } from './map.ts';
import {
  HubSpotAccountDetails,
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
    const body: HubSpotSearchRequest = { filterGroups, properties: wanted, limit: SEARCH_PAGE_SIZE };
    const response = await withAccount(
      client.request(HubSpotSearchResponse, {
        method: 'post',
        path: 'crm/v3/objects/contacts/search',
        json: body,
        retry: 'safe',
      }),
    );
    return response.results.map((object) => toNativeRecord(object, wanted));
  };

  const getById = async (id: string, properties: readonly string[]): Promise<NativeRecord | null> => {
    const wanted = withModified(properties);
    try {
      const object = await withAccount(
        client.request(HubSpotObject, {
          method: 'get',
          path: `crm/v3/objects/contacts/${encodeURIComponent(id)}`,
          searchParams: { properties: wanted.join(',') },
          retry: 'safe',
        }),
      );
      return toNativeRecord(object, wanted);
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'not_found') return null;
      throw error;
    }
  };

  return {
    id: 'hubspot',
    label: 'HubSpot',
    createsObjectType: 'contact',

    defaultMapping: hubSpotDefaultMapping,

    async describeFields(): Promise<CrmFieldInfo[]> {
      const response = await withAccount(
        client.request(HubSpotPropertiesResponse, { method: 'get', path: 'crm/v3/properties/contacts', retry: 'safe' }),
      );
      knownProperties = new Set(response.results.map((p) => p.name));
      return response.results.map(toFieldInfo);
    },

    getById,

    findByEmail(email, properties) {
      return search([{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }], properties);
    },

    findByPhone(e164, properties) {
      return search(phoneFilterGroups(e164), properties);
    },

    async create(properties, returnProperties) {
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
    },

    async update(id, properties, returnProperties) {
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
    },

    recordUrl(record) {
      if (portalId === null || appUrl === null) return null;
      return contactRecordUrl(appUrl, portalId, record.id);
    },
  };
}
