/**
 * Pipedrive as a CrmProvider, through Pipedrive's API v2 on persons: search by email and by phone,
 * read one or many, create, update, the person field list, and record page links.
 *
 * Vendor contract (base: the company domain, e.g. https://acme.pipedrive.com; header
 * `x-api-token: <token>`; https://developers.pipedrive.com/docs/api/v1/Persons lists the v2 person
 * endpoints, https://pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide their shapes):
 * - `GET /api/v2/personFields` (cursor pages) → describeFields (field names as in ./map.ts);
 * - `GET /api/v2/persons/{id}` → getById (404 or a deleted person → null);
 * - `GET /api/v2/persons?ids=…` (≤ 100) → getMany, and the full persons behind search results;
 * - `GET /api/v2/persons/search?term=…&fields=email&exact_match=true` → findByEmail;
 *   `…&fields=phone&exact_match=true`, once per spelling of the number (./map.ts `phoneSpellings`,
 *   in parallel) → findByPhone. Search answers hold no primary flags or times, so the matches are
 *   then read in full with one `ids` call;
 * - `GET /api/v2/organizations?ids=…` → the `org_name` of the persons read, when it is asked for;
 * - `POST /api/v2/persons {name, emails, phones, …}` → create;
 * - `PATCH /api/v2/persons/{id}` → update. Emails and phones are lists: writing `email`/`phone` reads
 *   the person first and sends the merged list, so no entry is ever dropped (./map.ts `mergeEntries`).
 * Pipedrive has no batch create or update for persons: createMany/updateMany make single calls,
 * {@link PIPEDRIVE_BATCH_CONCURRENCY} at a time, each answered on its own.
 *
 * Duplicates: Pipedrive allows several persons with one email and never refuses a create as a
 * duplicate. Its search is an index that can trail a create by a moment, so the proxy's lookup may
 * miss a person created just before. To keep two agents (or a retried sync) from making the same
 * person twice, `create` first lists the persons updated in the last
 * {@link PIPEDRIVE_DUPLICATE_WINDOW_MS} (`GET /api/v2/persons?updated_since=…`, which reads the
 * database, not the index) and, when one has the new email, throws `duplicate` with its id — the
 * caller links to it and continues as an update. Older persons are in the index, where the proxy's
 * lookup already searched.
 *
 * Name: the default mapping maps the customer's name to `name` (one field; Pipedrive derives
 * first_name/last_name from it). A customer without a name is created with their email (else phone,
 * else "Unknown") as name, which every read reports as blank (./map.ts `isPlaceholderName`).
 */
import type { CrmFieldInfo, CrmObjectType, FieldMappingInput } from '../../../lib/contracts/index.ts';
import { type BatchResult, CrmError, type CrmProvider, type FetchLike, type NativeRecord } from '../types.ts';
import { PipedriveClient, type PipedriveRetryOptions } from './client.ts';
import {
  CUSTOM_FIELD_KEY,
  type CustomFieldInfo,
  customFieldInfos,
  customFieldValue,
  mergeEntries,
  personRecordUrl,
  phoneSpellings,
  placeholderName,
  toFieldInfos,
  toNativeRecord,
} from './map.ts';
import {
  type PipedriveField,
  PipedriveFieldsResponse,
  PipedriveOrganizationsResponse,
  type PipedrivePerson,
  PipedrivePersonResponse,
  PipedrivePersonsResponse,
  PipedriveSearchResponse,
} from './schemas.ts';

export type { PipedriveRetryOptions } from './client.ts';
export { isPlaceholderName, mergeEntries, phoneSpellings, primaryEntry, UNREADABLE_RESPONSE } from './map.ts';

/** Default per-attempt timeout of a Pipedrive call, in ms. */
export const PIPEDRIVE_DEFAULT_TIMEOUT_MS = 10_000;

/** Most ids one `GET /api/v2/persons?ids=` takes (https://developers.pipedrive.com/docs/api/v1/Persons). */
export const PIPEDRIVE_IDS_LIMIT = 100;

/** Single calls in flight at once for createMany/updateMany (Pipedrive's burst window is 2 s). */
export const PIPEDRIVE_BATCH_CONCURRENCY = 4;

/** How far back `create` looks for a person just made with the same email (15 minutes). */
export const PIPEDRIVE_DUPLICATE_WINDOW_MS = 15 * 60_000;

/** Results per search call (Pipedrive allows at most 100). */
const SEARCH_LIMIT = 100;

/** Persons per page of the recent-persons list (Pipedrive allows at most 500), and pages read at most. */
const RECENT_PAGE_SIZE = 500;
const RECENT_MAX_PAGES = 4;

/** Options of {@link createPipedriveProvider}; only `baseUrl` and `apiToken` are required. */
export interface PipedriveProviderOptions {
  /** The company's Pipedrive URL, e.g. `https://acme.pipedrive.com` (API calls and record links). */
  baseUrl: string;
  /** The user's API token, sent as `x-api-token`. */
  apiToken: string;
  /** Web app base for record links (default `baseUrl`). */
  appUrl?: string;
  /** The fetch to send requests with (default: global fetch); the sandbox's `fetch` serves it in-process. */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 10 000). */
  timeoutMs?: number;
  retry?: PipedriveRetryOptions;
  /** Clock for rate-limit waits and the duplicate window (default: system clock). */
  clock?: () => Date;
  /** How far back `create` looks for a same-email person (default 15 minutes; 0 turns the check off). */
  duplicateWindowMs?: number;
}

/**
 * The default Pipedrive mapping: email↔email (the primary email), name↔name, phone↔phone (the primary
 * phone), company←org_name (the person's organization, read only), jobTitle↔job_title,
 * location→postal_address (written, not read back), notes↔notes. `job_title`, `notes` and
 * `postal_address` exist only when the company uses Pipedrive's contact sync; otherwise the planner
 * skips them with a `field_missing` warning.
 */
export function pipedriveDefaultMapping(): FieldMappingInput[] {
  return [
    { field: 'email', crmFields: ['email'] },
    { field: 'name', crmFields: ['name'] },
    { field: 'phone', crmFields: ['phone'] },
    { field: 'company', crmFields: ['org_name'], direction: 'from_crm' },
    { field: 'jobTitle', crmFields: ['job_title'] },
    { field: 'location', crmFields: ['postal_address'], direction: 'to_crm' },
    { field: 'notes', crmFields: ['notes'] },
  ];
}

/** `items` in slices of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Refuses `lead`: Pipedrive persons are the contacts here. */
function assertContact(objectType: CrmObjectType | undefined): void {
  if (objectType !== undefined && objectType !== 'contact') {
    throw new CrmError('unknown', `Pipedrive persons are contacts; there is no ${objectType} object to use`, {
      provider: 'pipedrive',
    });
  }
}

/** A person id as Pipedrive takes it (a positive integer), or null. */
function personId(id: string): number | null {
  return /^\d{1,15}$/.test(id) && Number(id) > 0 ? Number(id) : null;
}

/** Runs `work` over `items`, at most `concurrency` at a time; results in input order. */
async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** RFC 3339 without milliseconds, as Pipedrive's `updated_since` takes it. */
function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Creates the Pipedrive provider. Every method throws CrmError on failure (see ./map.ts for the
 * mapping of Pipedrive's errors).
 */
export function createPipedriveProvider(options: PipedriveProviderOptions): CrmProvider {
  const fetchLike: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const clock = options.clock ?? (() => new Date());
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const appUrl = (options.appUrl ?? baseUrl).replace(/\/+$/, '');
  const duplicateWindowMs = options.duplicateWindowMs ?? PIPEDRIVE_DUPLICATE_WINDOW_MS;
  const client = new PipedriveClient({
    baseUrl,
    apiToken: options.apiToken,
    fetch: fetchLike,
    timeoutMs: options.timeoutMs ?? PIPEDRIVE_DEFAULT_TIMEOUT_MS,
    clock,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  /** Custom fields by key, once describeFields has run (null until then). */
  let customFields: ReadonlyMap<string, CustomFieldInfo> | null = null;

  /** The names of the organizations `persons` belong to, when `org_name` is wanted; else an empty map. */
  const orgNames = async (persons: readonly PipedrivePerson[], requested: readonly string[]) => {
    const names = new Map<number, string>();
    if (!requested.includes('org_name')) return names;
    const ids = [...new Set(persons.map((person) => person.org_id).filter((id): id is number => !!id))];
    for (const chunk of chunks(ids, PIPEDRIVE_IDS_LIMIT)) {
      const response = await client.request(PipedriveOrganizationsResponse, {
        method: 'get',
        path: 'api/v2/organizations',
        searchParams: { ids: chunk.join(','), limit: String(chunk.length) },
        retry: 'safe',
      });
      for (const org of response.data ?? []) if (org.name) names.set(org.id, org.name);
    }
    return names;
  };

  /** Persons as NativeRecords, with their organizations' names when wanted. Deleted persons are left out. */
  const toRecords = async (
    persons: readonly PipedrivePerson[],
    requested: readonly string[],
  ): Promise<NativeRecord[]> => {
    const live = persons.filter((person) => !person.is_deleted);
    const names = await orgNames(live, requested);
    return live.map((person) =>
      toNativeRecord(person, requested, person.org_id ? (names.get(person.org_id) ?? null) : null, customFields),
    );
  };

  const fetchPerson = async (id: string): Promise<PipedrivePerson | null> => {
    const numeric = personId(id);
    if (numeric === null) return null;
    try {
      const response = await client.request(PipedrivePersonResponse, {
        method: 'get',
        path: `api/v2/persons/${numeric}`,
        retry: 'safe',
      });
      return response.data.is_deleted ? null : response.data;
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'not_found') return null;
      throw error;
    }
  };

  const readBatch = async (ids: readonly number[]): Promise<PipedrivePerson[]> => {
    const response = await client.request(PipedrivePersonsResponse, {
      method: 'get',
      path: 'api/v2/persons',
      searchParams: { ids: ids.join(','), limit: String(ids.length) },
      retry: 'safe',
    });
    return response.data ?? [];
  };

  const readMany = async (ids: readonly string[]): Promise<PipedrivePerson[]> => {
    const numeric = [...new Set(ids.map(personId).filter((id): id is number => id !== null))];
    const persons: PipedrivePerson[] = [];
    for (const chunk of chunks(numeric, PIPEDRIVE_IDS_LIMIT)) persons.push(...(await readBatch(chunk)));
    return persons;
  };

  /** Ids of the persons a search for `term` in `field` finds by exact (case-insensitive) match. */
  const searchIds = async (term: string, field: 'email' | 'phone'): Promise<number[]> => {
    const response = await client.request(PipedriveSearchResponse, {
      method: 'get',
      path: 'api/v2/persons/search',
      searchParams: { term, fields: field, exact_match: 'true', limit: String(SEARCH_LIMIT) },
      retry: 'safe',
    });
    return (response.data?.items ?? []).map((entry) => entry.item.id);
  };

  const findBy = async (terms: readonly string[], field: 'email' | 'phone', requested: readonly string[]) => {
    const idLists = await Promise.all(terms.map((term) => searchIds(term, field)));
    const ids = [...new Set(idLists.flat())];
    if (ids.length === 0) return [];
    return toRecords(await readMany(ids.map(String)), requested);
  };

  /**
   * The v2 request body for `properties` (provider field names; see ./map.ts), given the person as it
   * is now (needed to merge emails/phones and to complete a first/last name pair). A blank email or
   * phone writes nothing: no entry is ever dropped.
   */
  const toBody = (
    properties: Readonly<Record<string, string>>,
    current: PipedrivePerson | null,
  ): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(properties)) {
      switch (name) {
        case 'email':
        case 'phone':
          if (value.trim() !== '') {
            body[`${name}s`] = mergeEntries(name, name === 'email' ? current?.emails : current?.phones, value.trim());
          }
          break;
        case 'first_name':
        case 'last_name': {
          body[name] = value;
          const other = name === 'first_name' ? 'last_name' : 'first_name';
          if (!(other in properties)) body[other] = current?.[other] ?? '';
          break;
        }
        case 'org_id':
        case 'owner_id':
        case 'visible_to':
          body[name] = value.trim() === '' ? null : Number.isFinite(Number(value)) ? Number(value) : value;
          break;
        case 'label_ids':
          body[name] = value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean)
            .map((v) => (Number.isFinite(Number(v)) ? Number(v) : v));
          break;
        case 'postal_address':
          body[name] = value.trim() === '' ? null : { value };
          break;
        case 'job_title':
        case 'notes':
        case 'birthday':
          body[name] = value === '' ? null : value;
          break;
        default:
          if (CUSTOM_FIELD_KEY.test(name)) custom[name] = customFieldValue(value, customFields?.get(name));
          // Anything else is sent as named: Pipedrive refuses a parameter it does not know, which
          // maps to invalid_field.
          else body[name] = value;
      }
    }
    if (Object.keys(custom).length > 0) body.custom_fields = custom;
    return body;
  };

  /**
   * The person updated in the last {@link PIPEDRIVE_DUPLICATE_WINDOW_MS} who has one of `emails`
   * (lower-cased), by email; read from the database (not the search index).
   */
  const recentByEmail = async (emails: ReadonlySet<string>): Promise<Map<string, PipedrivePerson>> => {
    const found = new Map<string, PipedrivePerson>();
    if (emails.size === 0 || duplicateWindowMs <= 0) return found;
    let cursor: string | null | undefined;
    for (let page = 0; page < RECENT_MAX_PAGES; page++) {
      const response = await client.request(PipedrivePersonsResponse, {
        method: 'get',
        path: 'api/v2/persons',
        searchParams: {
          updated_since: rfc3339(clock().getTime() - duplicateWindowMs),
          sort_by: 'update_time',
          sort_direction: 'desc',
          limit: String(RECENT_PAGE_SIZE),
          ...(cursor ? { cursor } : {}),
        },
        retry: 'safe',
      });
      for (const person of response.data ?? []) {
        if (person.is_deleted) continue;
        for (const entry of person.emails ?? []) {
          const email = entry.value.trim().toLowerCase();
          if (emails.has(email) && !found.has(email)) found.set(email, person);
        }
      }
      cursor = response.additional_data?.next_cursor;
      if (!cursor) break;
    }
    return found;
  };

  const duplicateError = (person: PipedrivePerson) =>
    new CrmError('duplicate', `Pipedrive already has person ${person.id} with this email (made moments ago)`, {
      provider: 'pipedrive',
      existingId: String(person.id),
      field: 'email',
      vendorCode: 'RECENT_PERSON_WITH_EMAIL',
    });

  /** POSTs one person (no duplicate check). */
  const post = async (
    properties: Readonly<Record<string, string>>,
    requested: readonly string[],
  ): Promise<NativeRecord> => {
    const body = toBody(properties, null);
    if (typeof body.name !== 'string' || body.name.trim() === '') {
      if (!('first_name' in body) || !('last_name' in body)) body.name = placeholderName(properties);
    }
    const response = await client.request(PipedrivePersonResponse, {
      method: 'post',
      path: 'api/v2/persons',
      json: body,
      retry: 'rate_limit_only',
      context: { sent: Object.keys(properties) },
    });
    const [record] = await toRecords([response.data], requested);
    return record!;
  };

  const createOne = async (properties: Readonly<Record<string, string>>, requested: readonly string[]) => {
    const email = properties.email?.trim().toLowerCase();
    if (email) {
      const existing = (await recentByEmail(new Set([email]))).get(email);
      if (existing) throw duplicateError(existing);
    }
    return post(properties, requested);
  };

  const updateOne = async (
    id: string,
    properties: Readonly<Record<string, string>>,
    requested: readonly string[],
  ): Promise<NativeRecord> => {
    const numeric = personId(id);
    if (numeric === null) throw new CrmError('not_found', `Pipedrive has no person ${id}`, { provider: 'pipedrive' });
    const needsCurrent =
      ('email' in properties && properties.email!.trim() !== '') ||
      ('phone' in properties && properties.phone!.trim() !== '') ||
      'first_name' in properties !== 'last_name' in properties;
    let current: PipedrivePerson | null = null;
    if (needsCurrent) {
      current = await fetchPerson(id);
      if (!current) throw new CrmError('not_found', `Pipedrive has no person ${id}`, { provider: 'pipedrive' });
    }
    const body = toBody(properties, current);
    if (Object.keys(body).length === 0) {
      const person = current ?? (await fetchPerson(id));
      if (!person) throw new CrmError('not_found', `Pipedrive has no person ${id}`, { provider: 'pipedrive' });
      const [record] = await toRecords([person], requested);
      return record!;
    }
    const response = await client.request(PipedrivePersonResponse, {
      method: 'patch',
      path: `api/v2/persons/${numeric}`,
      json: body,
      retry: 'safe',
      context: { sent: Object.keys(properties) },
    });
    const [record] = await toRecords([response.data], requested);
    if (!record) throw new CrmError('not_found', `Pipedrive has no person ${id}`, { provider: 'pipedrive' });
    return record;
  };

  /** One input's outcome: the record, or its CrmError. */
  const settle = async (work: () => Promise<NativeRecord>): Promise<BatchResult> => {
    try {
      return { ok: true, record: await work() };
    } catch (error) {
      if (!(error instanceof CrmError)) throw error;
      return { ok: false, error };
    }
  };

  return {
    id: 'pipedrive',
    label: 'Pipedrive',
    createsObjectType: 'contact',
    reportsExistingLeads: false,

    defaultMapping: pipedriveDefaultMapping,

    async describeFields(objectType): Promise<CrmFieldInfo[]> {
      assertContact(objectType);
      const all: PipedriveField[] = [];
      let cursor: string | null | undefined;
      for (let page = 0; page === 0 || (cursor && page < 20); page++) {
        const response = await client.request(PipedriveFieldsResponse, {
          method: 'get',
          path: 'api/v2/personFields',
          searchParams: { limit: '500', ...(cursor ? { cursor } : {}) },
          retry: 'safe',
        });
        all.push(...response.data);
        cursor = response.additional_data?.next_cursor;
      }
      customFields = customFieldInfos(all);
      return toFieldInfos(all);
    },

    async getById(id, properties, objectType) {
      assertContact(objectType);
      const person = await fetchPerson(id);
      if (!person) return null;
      const [record] = await toRecords([person], properties);
      return record ?? null;
    },

    findByEmail(email, properties) {
      return findBy([email], 'email', properties);
    },

    findByPhone(e164, properties) {
      return findBy(phoneSpellings(e164), 'phone', properties);
    },

    create: createOne,

    async update(id, properties, returnProperties, objectType) {
      assertContact(objectType);
      return updateOne(id, properties, returnProperties);
    },

    async getMany(ids, properties, objectType) {
      assertContact(objectType);
      return toRecords(await readMany(ids), properties);
    },

    async createMany(inputs, returnProperties) {
      const emails = new Set(
        inputs.map((input) => input.properties.email?.trim().toLowerCase()).filter((email): email is string => !!email),
      );
      let recent: Map<string, PipedrivePerson>;
      try {
        recent = await recentByEmail(emails);
      } catch (error) {
        if (!(error instanceof CrmError)) throw error;
        return inputs.map((): BatchResult => ({ ok: false, error }));
      }
      // The first input with an email creates; a later one with the same email waits for it and is
      // answered as its duplicate (or creates, when the first failed).
      const firstByEmail = new Map<string, Promise<BatchResult>>();
      return mapBounded(inputs, PIPEDRIVE_BATCH_CONCURRENCY, async (input): Promise<BatchResult> => {
        const email = input.properties.email?.trim().toLowerCase();
        const existing = email ? recent.get(email) : undefined;
        if (existing) return { ok: false, error: duplicateError(existing) };
        const earlier = email ? firstByEmail.get(email) : undefined;
        if (earlier) {
          const first = await earlier;
          if (first.ok) {
            return {
              ok: false,
              error: new CrmError('duplicate', `This batch already created person ${first.record.id} with this email`, {
                provider: 'pipedrive',
                existingId: first.record.id,
                field: 'email',
                vendorCode: 'RECENT_PERSON_WITH_EMAIL',
              }),
            };
          }
        }
        const outcome = settle(() => post(input.properties, returnProperties));
        if (email && !earlier) firstByEmail.set(email, outcome);
        return outcome;
      });
    },

    async updateMany(inputs, returnProperties, objectType) {
      assertContact(objectType);
      return mapBounded(inputs, PIPEDRIVE_BATCH_CONCURRENCY, (input) =>
        settle(() => updateOne(input.id, input.properties, returnProperties)),
      );
    },

    recordUrl(record) {
      return personRecordUrl(appUrl, record.id);
    },
  };
}
