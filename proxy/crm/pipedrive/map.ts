/**
 * Mapping between Pipedrive's native shapes and the product's: Pipedrive errors → CrmError, persons
 * → NativeRecord (and back, as a v2 request body), person fields → CrmFieldInfo, emails/phones list
 * merging, phone spellings for search, and record page URLs.
 *
 * The provider's field names (what mappings and NativeRecord values use) are Pipedrive's own keys
 * where Pipedrive has a plain value — `name`, `first_name`, `last_name`, `org_id`, `owner_id`,
 * `visible_to`, `job_title`, `notes`, `add_time`, `update_time`, custom fields by their 40-character
 * key — plus four that stand for structured values:
 * - `email` / `phone`: the PRIMARY entry of the person's `emails` / `phones` list (else the first).
 *   Writing one never drops an entry: the value becomes the primary, the former primary stays as a
 *   secondary entry (see {@link mergeEntries});
 * - `org_name`: the name of the person's organization (read only: a person links to an organization
 *   by id);
 * - `postal_address`: the address's full text (`postal_address.value`); written as `{value}`.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CrmFieldInfo, CrmFieldType } from '../../../lib/contracts/index.ts';
import { CrmError, type NativeRecord } from '../types.ts';
import { PipedriveErrorBody, type PipedriveField, type PipedriveListEntry, type PipedrivePerson } from './schemas.ts';

const provider = 'pipedrive' as const;

/** The message of a CrmError for a response body the provider could not parse. */
export const UNREADABLE_RESPONSE = 'Pipedrive sent a response the proxy could not read';

/** A Pipedrive response that did not fit its schema (or was not JSON) → `unknown`. */
export function unreadableResponse(cause: unknown, status?: number): CrmError {
  return new CrmError('unknown', UNREADABLE_RESPONSE, { provider, cause, ...(status ? { status } : {}) });
}

/** Pipedrive could not be reached (network failure, timeout) → `unavailable`. */
export function unavailable(message: string, cause?: unknown): CrmError {
  return new CrmError('unavailable', message, { provider, cause });
}

/** A custom field key: 40 hexadecimal characters (https://pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide). */
export const CUSTOM_FIELD_KEY = /^[0-9a-f]{40}$/;

/**
 * How long to wait before retrying after a 429, in ms, or undefined when Pipedrive does not say:
 * `Retry-After` (seconds or an HTTP date), else `x-ratelimit-reset` (seconds until the 2-second
 * window resets) (https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting).
 */
export function rateLimitWaitMs(headers: Headers, now: Date): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) return Math.round(Number(reset) * 1000);
  return undefined;
}

/** Words that say a parameter is not known (rather than its value being wrong). */
const UNKNOWN_FIELD_WORDS = /not allowed|unknown|additional propert|does not exist|not exist|no such|unrecognized/i;

/**
 * The field a Pipedrive error message names: the path after "Validation failed:" (first segment;
 * `custom_fields.<key>` → the key; `emails` → `email`), else a field the request sent named in the
 * message.
 */
export function fieldInMessage(message: string, sent: readonly string[]): string | undefined {
  const path = /validation failed:\s*([A-Za-z0-9_.[\]/]+)/i.exec(message)?.[1];
  if (path) {
    const segments = path.split(/[./[\]]+/).filter(Boolean);
    const first = segments[0];
    if (first === 'custom_fields' && segments[1]) return segments[1];
    if (first === 'emails') return 'email';
    if (first === 'phones') return 'phone';
    if (first && first !== 'body') return first;
  }
  const byLength = [...sent].sort((a, b) => b.length - a.length);
  return byLength.find((name) =>
    new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_]|$)`).test(message),
  );
}

/** What the provider knows while mapping an error. */
export interface ErrorContext {
  /** The provider field names the failed request wrote (for naming the field in a 400/403). */
  sent?: readonly string[];
}

/**
 * Maps a Pipedrive error response to a CrmError (https://pipedrive.readme.io/docs/core-api-concepts-responses,
 * https://pipedrive.readme.io/docs/core-api-concepts-http-status-codes):
 * - 401 → `auth_expired`;
 * - 403 naming a field the request wrote (e.g. `job_title` without contact sync) → `validation` with
 *   that field; any other 403 → `auth_expired` with Pipedrive's reason;
 * - 404 and 410 → `not_found`;
 * - 429 → `rate_limited` with `retryAfterMs` ({@link rateLimitWaitMs});
 * - 400/422 naming a field: an unknown parameter → `invalid_field`, else `validation`; without a
 *   field → `validation`;
 * - 5xx → `unavailable`; anything else → `unknown`.
 * `body` is the response body as received (parsed JSON, text or undefined); it is parsed leniently.
 */
export function crmErrorFromResponse(
  status: number,
  body: unknown,
  headers: Headers,
  now: Date,
  ctx: ErrorContext = {},
): CrmError {
  const parsed = PipedriveErrorBody.safeParse(body);
  const error = parsed.success ? parsed.data : null;
  const reason =
    error?.error?.trim() || (typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : undefined);
  const code = error?.code === null || error?.code === undefined ? undefined : String(error.code);
  const base = { provider, status, ...(code ? { vendorCode: code } : {}) };
  const field = reason ? fieldInMessage(reason, ctx.sent ?? []) : undefined;

  if (status === 401) return new CrmError('auth_expired', 'Pipedrive rejected the API token', base);
  if (status === 403) {
    if (field && (ctx.sent ?? []).includes(field)) {
      return new CrmError('validation', `Pipedrive refused ${field}: ${reason}`, { ...base, field });
    }
    return new CrmError('auth_expired', `Pipedrive refused access${reason ? `: ${reason}` : ''}`, base);
  }
  if (status === 404 || status === 410) {
    return new CrmError('not_found', `Pipedrive has no such record${reason ? ` (${reason})` : ''}`, base);
  }
  if (status === 429) {
    const retryAfterMs = rateLimitWaitMs(headers, now);
    return new CrmError('rate_limited', `Pipedrive is limiting the rate of requests${reason ? ` (${reason})` : ''}`, {
      ...base,
      vendorCode: code ?? 'RATE_LIMIT',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 400 || status === 422) {
    if (field && reason && UNKNOWN_FIELD_WORDS.test(reason)) {
      return new CrmError('invalid_field', `Pipedrive has no field ${field}: ${reason}`, { ...base, field });
    }
    return new CrmError(
      'validation',
      field ? `Pipedrive refused ${field}: ${reason}` : `Pipedrive refused the request: ${reason ?? `HTTP ${status}`}`,
      { ...base, ...(field ? { field } : {}) },
    );
  }
  if (status >= 500) return new CrmError('unavailable', reason ?? `Pipedrive is unavailable (HTTP ${status})`, base);
  return new CrmError('unknown', reason ?? `Pipedrive answered HTTP ${status}`, base);
}

/** The primary entry of a list (else the first), or null when the list is empty. */
export function primaryEntry(list: readonly PipedriveListEntry[] | null | undefined): PipedriveListEntry | null {
  if (!list || list.length === 0) return null;
  return list.find((entry) => entry.primary) ?? list[0]!;
}

/**
 * How two entries of a list are compared: emails case-insensitively; phones by their digits, where a
 * number written with its country code (`+1 646 555 0142`) equals the same number written without it
 * (`(646) 555-0142`): the longer digit string ends with the shorter, at least 7 digits, and differs by
 * a country code's length (1–3 digits) at most.
 */
function sameEntry(kind: 'email' | 'phone', a: string, b: string): boolean {
  if (kind === 'email') return a.trim().toLowerCase() === b.trim().toLowerCase();
  const da = a.replace(/\D+/g, '');
  const db = b.replace(/\D+/g, '');
  if (da === '' || db === '') return a.trim() === b.trim();
  if (da === db) return true;
  const [shorter, longer] = da.length < db.length ? [da, db] : [db, da];
  return shorter.length >= 7 && longer.length - shorter.length <= 3 && longer.endsWith(shorter);
}

/**
 * A person's `emails` or `phones` list after writing `value` as the primary entry, never dropping an
 * entry:
 * - an empty list → `[{value, primary: true, label: "work"}]` (a fill-blank);
 * - `value` already the primary → the list unchanged;
 * - `value` already a secondary entry → it becomes the primary, the former primary a secondary;
 * - otherwise → `value` is added first as the primary ("Use chat value"), every former entry kept as a
 *   secondary with its label.
 * Labels default to Pipedrive's "work" (https://pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide).
 */
export function mergeEntries(
  kind: 'email' | 'phone',
  list: readonly PipedriveListEntry[] | null | undefined,
  value: string,
): { value: string; primary: boolean; label: string }[] {
  const current = (list ?? []).map((entry) => ({
    value: entry.value,
    primary: !!entry.primary,
    label: entry.label || 'work',
  }));
  if (current.length > 0 && !current.some((entry) => entry.primary)) current[0]!.primary = true;
  const index = current.findIndex((entry) => sameEntry(kind, entry.value, value));
  if (index >= 0) {
    if (current[index]!.primary) return current;
    return current.map((entry, i) => ({ ...entry, primary: i === index }));
  }
  return [{ value, primary: true, label: 'work' }, ...current.map((entry) => ({ ...entry, primary: false }))];
}

/** Field codes of personFields that are the person's lists, under either spelling (v2 `emails`, v1 `email`). */
const LIST_FIELDS: Readonly<Record<string, 'email' | 'phone'>> = {
  emails: 'email',
  email: 'email',
  phones: 'phone',
  phone: 'phone',
};

/** The last name of a person with no name, email or phone at all. */
export const NAMELESS_NAME = 'Unknown';

/**
 * The name to create a nameless customer with (Pipedrive requires `name`): their email, else their
 * phone, else "Unknown" — recognisable in Pipedrive's lists, and read back as blank (see
 * {@link isPlaceholderName}).
 */
export function placeholderName(properties: Readonly<Record<string, string>>): string {
  return properties.email?.trim() || properties.phone?.trim() || NAMELESS_NAME;
}

/**
 * True when a person's name is only the placeholder this provider writes for a customer without a
 * name: one of the person's own emails or phones (or "Unknown" when they have none). Such a name is
 * read as blank, so a later sync that knows the name fills it instead of raising a conflict.
 */
export function isPlaceholderName(person: PipedrivePerson): boolean {
  const name = person.name?.trim();
  if (!name) return false;
  const own = [...(person.emails ?? []), ...(person.phones ?? [])].map((entry) => entry.value.trim());
  if (own.length === 0) return name === NAMELESS_NAME;
  return own.some((value) => value.toLowerCase() === name.toLowerCase());
}

/** A Pipedrive value as the product's string (objects by their `value`/`label`/`name`, arrays joined). */
export function valueText(value: unknown, options?: ReadonlyMap<string, string>): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    const key = String(value);
    return options?.get(key) ?? key;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => valueText(item, options)).filter((item): item is string => item !== null);
    return items.length > 0 ? items.join(', ') : null;
  }
  if (typeof value === 'object') {
    const object = value as { value?: unknown; label?: unknown; name?: unknown };
    for (const candidate of [object.value, object.label, object.name]) {
      const text = valueText(candidate, options);
      if (text !== null) return text;
    }
  }
  return null;
}

/** An ISO 8601 timestamp in UTC from Pipedrive's RFC 3339 one; null when unparseable. */
export function isoTimestamp(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** What is known about a custom field, for reading and writing its values. */
export interface CustomFieldInfo {
  type: string;
  /** Option id (as a string) → label, for enum/set fields. */
  options: ReadonlyMap<string, string>;
}

/**
 * A person as a NativeRecord (object type `contact`, Pipedrive's Person). `requested`: provider field
 * names the caller asked for; any without a value are reported as null. `orgName`: the name of the
 * person's organization when known. `updatedAt` is `update_time` in UTC.
 */
export function toNativeRecord(
  person: PipedrivePerson,
  requested: readonly string[],
  orgName: string | null,
  customFields: ReadonlyMap<string, CustomFieldInfo> | null,
): NativeRecord {
  const values: Record<string, string | null> = {};
  for (const name of requested) values[name] = null;
  const set = (name: string, value: unknown) => {
    values[name] = valueText(value);
  };
  set('name', isPlaceholderName(person) ? null : person.name);
  set('first_name', isPlaceholderName(person) ? null : person.first_name);
  set('last_name', isPlaceholderName(person) ? null : person.last_name);
  set('email', primaryEntry(person.emails)?.value);
  set('phone', primaryEntry(person.phones)?.value);
  set('org_id', person.org_id);
  values.org_name = person.org_id ? orgName : null;
  set('owner_id', person.owner_id);
  set('visible_to', person.visible_to);
  set('label_ids', person.label_ids);
  set('add_time', isoTimestamp(person.add_time));
  set('update_time', isoTimestamp(person.update_time));
  if ('job_title' in person) set('job_title', person.job_title);
  if ('notes' in person) set('notes', person.notes);
  if ('postal_address' in person) set('postal_address', person.postal_address?.value);
  for (const [key, value] of Object.entries(person.custom_fields ?? {})) {
    values[key] = valueText(value, customFields?.get(key)?.options);
  }
  const entries = (list: readonly PipedriveListEntry[] | null | undefined) => [
    ...new Set((list ?? []).map((entry) => entry.value?.trim() ?? '').filter((value) => value !== '')),
  ];
  return {
    id: String(person.id),
    objectType: 'contact',
    values,
    updatedAt: isoTimestamp(person.update_time),
    // Every entry of the email and phone lists, primary or not: the mapped `email`/`phone` are the primary ones only.
    contactPoints: { emails: entries(person.emails), phones: entries(person.phones) },
  };
}

/** Fields a person write can set, by their personFields code (custom fields are always writable). */
const WRITABLE_SYSTEM_FIELDS = new Set([
  'name',
  'first_name',
  'last_name',
  'emails',
  'email',
  'phones',
  'phone',
  'org_id',
  'owner_id',
  'visible_to',
  'label_ids',
  'job_title',
  'notes',
  'postal_address',
  'birthday',
]);

/** Pipedrive `field_type` → the product's field type. */
function fieldType(field: PipedriveField): CrmFieldType {
  const list = LIST_FIELDS[field.field_code];
  if (list) return list;
  switch (field.field_type) {
    case 'varchar':
    case 'varchar_auto':
    case 'varchar_options':
    case 'address':
      return 'string';
    case 'text':
      return 'text';
    case 'phone':
      return 'phone';
    case 'int':
    case 'double':
    case 'monetary':
      return 'number';
    case 'enum':
      return 'enumeration';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    default:
      return field.field_code === 'add_time' || field.field_code === 'update_time' ? 'datetime' : 'other';
  }
}

/** Field types a plain string cannot be written to. */
const NOT_WRITABLE_TYPES = new Set(['picture', 'status', 'json', 'daterange', 'timerange', 'set', 'time']);

/**
 * The provider's field list from `GET /api/v2/personFields`: each field under the provider's name for
 * it (`emails` → `email`, `phones` → `phone`), plus `org_name` (the organization's name, read only)
 * next to `org_id`. Custom fields are writable unless their type takes structured values; system
 * fields are writable when a person write accepts them. Enumerations list their option labels.
 */
export function toFieldInfos(fields: readonly PipedriveField[]): CrmFieldInfo[] {
  const infos: CrmFieldInfo[] = [];
  for (const field of fields) {
    const name = LIST_FIELDS[field.field_code] ?? field.field_code;
    const type = fieldType(field);
    const writable = field.is_custom_field
      ? !NOT_WRITABLE_TYPES.has(field.field_type)
      : WRITABLE_SYSTEM_FIELDS.has(field.field_code);
    const info: CrmFieldInfo = { name, label: field.field_name || name, type, writable };
    if (type === 'enumeration' && field.options) {
      info.options = field.options.map((option) => option.label ?? '').filter((label) => label !== '');
    }
    infos.push(info);
    if (field.field_code === 'org_id') {
      infos.push({ name: 'org_name', label: 'Organization name', type: 'string', writable: false });
    }
  }
  return infos;
}

/** Custom fields by key, for typing values (from the same personFields answer). */
export function customFieldInfos(fields: readonly PipedriveField[]): Map<string, CustomFieldInfo> {
  const out = new Map<string, CustomFieldInfo>();
  for (const field of fields) {
    if (!field.is_custom_field) continue;
    const options = new Map((field.options ?? []).map((option) => [String(option.id), option.label ?? ''] as const));
    out.set(field.field_code, { type: field.field_type, options });
  }
  return out;
}

/** A custom field's value as Pipedrive v2 takes it: numbers as numbers, an option by its id. */
export function customFieldValue(value: string, info: CustomFieldInfo | undefined): unknown {
  if (value.trim() === '') return null;
  if (!info) return value;
  if ((info.type === 'double' || info.type === 'int') && Number.isFinite(Number(value))) return Number(value);
  if (info.type === 'monetary' && Number.isFinite(Number(value))) return { value: Number(value) };
  if (info.type === 'enum') {
    const wanted = value.trim().toLowerCase();
    for (const [id, label] of info.options) {
      if (label.trim().toLowerCase() === wanted) return Number.isFinite(Number(id)) ? Number(id) : id;
    }
  }
  if (info.type === 'address') return { value };
  return value;
}

/**
 * The spellings of an E.164 number a Pipedrive phone entry may hold, at most five: `+16465550142`,
 * `+1 646 555 0142`, `(646) 555-0142`, `646-555-0142`, `6465550142`. Pipedrive's exact-match search
 * compares whole values (case-insensitively), so each spelling is one search; a string libphonenumber
 * cannot parse is searched verbatim.
 */
export function phoneSpellings(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const groups = parsed.formatInternational().split(' ').slice(1);
  return [
    ...new Set([
      parsed.number,
      parsed.formatInternational(),
      parsed.formatNational(),
      groups.join('-'),
      parsed.nationalNumber,
    ]),
  ].filter((spelling) => spelling !== '');
}

/** A person's page in Pipedrive's web app: `<base>/person/<id>` (the company domain, e.g. https://acme.pipedrive.com). */
export function personRecordUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/person/${encodeURIComponent(id)}`;
}
