/**
 * Mapping between Zoho CRM's native shapes and the product's: Zoho errors → CrmError, records →
 * NativeRecord, field metadata → CrmFieldInfo, an E.164 number → search criteria, and web UI links.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CrmFieldInfo, CrmFieldType } from '../../../lib/contracts/index.ts';
import { contactPointsFrom, CrmError, type NativeRecord } from '../types.ts';
import { ZohoStatus, type ZohoField, type ZohoRecord } from './schemas.ts';

const provider = 'zoho' as const;

/** The message of a CrmError for a response body the provider could not parse. */
export const UNREADABLE_RESPONSE = 'Zoho CRM sent a response the proxy could not read';

/** A Zoho response that did not fit its schema (or was not JSON) → `unknown`. */
export function unreadableResponse(cause: unknown, status?: number): CrmError {
  return new CrmError('unknown', UNREADABLE_RESPONSE, { provider, cause, ...(status ? { status } : {}) });
}

/** Zoho could not be reached (network failure, timeout) → `unavailable`. */
export function unavailable(message: string, cause?: unknown): CrmError {
  return new CrmError('unavailable', message, { provider, cause });
}

/**
 * How long to wait before retrying after a 429, in ms, or undefined when Zoho does not say:
 * `Retry-After` (seconds or an HTTP date) when present. Zoho's limits are concurrency limits and a
 * rolling 24-hour credit budget (https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html);
 * its TOO_MANY_REQUESTS answer does not document a wait, so none is assumed.
 */
export function rateLimitWaitMs(headers: Headers, now: Date): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
  const at = Date.parse(retryAfter);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** A string `details` entry, or undefined. */
function detail(status: ZohoStatus, key: string): string | undefined {
  const value = status.details?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The existing record of a DUPLICATE_DATA answer: `details.duplicate_record.id` (API v5 and later)
 * or `details.id` (v2–v4).
 */
function duplicateId(status: ZohoStatus): string | undefined {
  const record = status.details?.duplicate_record;
  if (record && typeof record === 'object' && 'id' in record) {
    const id = (record as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  const id = status.details?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Zoho's message in words ("invalid data" → "Invalid data"), or undefined. */
function reasonOf(status: ZohoStatus | null): string | undefined {
  const message = status?.message?.trim();
  if (!message) return undefined;
  return message[0]!.toUpperCase() + message.slice(1);
}

/** An INVALID_DATA answer naming a field that does not exist (as opposed to a bad value). */
const UNKNOWN_FIELD_MESSAGE =
  /not (?:a )?valid field|invalid field|field (?:is )?not (?:available|found)|no such field|does not exist/i;

/** What the provider knows while mapping an error. */
export interface ErrorContext {
  /** Field API names of the module, once describeFields has run (null until then). */
  knownFields?: ReadonlySet<string> | null;
}

/**
 * One Zoho status (a record's outcome in a write, or a request-level error body) as a CrmError:
 * - DUPLICATE_DATA → `duplicate`, `existingId` from `details.duplicate_record.id` (or `details.id`),
 *   `field` from `details.api_name`;
 * - INVALID_DATA on the record's `id` ("the related id given seems to be invalid") → `not_found`;
 *   INVALID_DATA naming a field (`details.api_name`) the module does not have — by the field list
 *   when known, else by Zoho's wording — → `invalid_field`; any other INVALID_DATA → `validation`
 *   with the field and, when Zoho says, the expected type;
 * - MANDATORY_NOT_FOUND, REQUIRED_PARAM_MISSING, INVALID_QUERY, LIMIT_EXCEEDED, … → `validation`;
 * - INVALID_TOKEN, AUTHENTICATION_FAILURE, OAUTH_SCOPE_MISMATCH, NO_PERMISSION → `auth_expired`;
 * - TOO_MANY_REQUESTS → `rate_limited`; INTERNAL_ERROR → `unavailable`; anything else → `unknown`
 *   (or by the HTTP status when there is one).
 */
export function crmErrorFromStatus(
  status: ZohoStatus,
  httpStatus: number | undefined,
  ctx: ErrorContext = {},
): CrmError {
  const code = status.code.toUpperCase();
  const reason = reasonOf(status);
  const field = detail(status, 'api_name') ?? detail(status, 'param_name');
  const base = { provider, vendorCode: code, ...(httpStatus ? { status: httpStatus } : {}) };

  switch (code) {
    case 'DUPLICATE_DATA': {
      const existingId = duplicateId(status);
      return new CrmError('duplicate', `Zoho CRM already has a contact with this ${field ?? 'value'}`, {
        ...base,
        ...(existingId ? { existingId } : {}),
        ...(field ? { field } : {}),
      });
    }
    case 'INVALID_DATA': {
      // "the related id given seems to be invalid" on the record's own id: there is no such record.
      if (field === 'id') return new CrmError('not_found', 'Zoho CRM has no such record', { ...base, field });
      const known = ctx.knownFields ?? null;
      const unknownField =
        field !== undefined && (known ? !known.has(field) : UNKNOWN_FIELD_MESSAGE.test(status.message ?? ''));
      if (unknownField) {
        return new CrmError('invalid_field', `Zoho CRM has no field ${field}`, { ...base, field });
      }
      const expected = detail(status, 'expected_data_type');
      const maximum = status.details?.maximum_length;
      const why = [reason ?? 'Invalid data', expected ? `expected ${expected}` : undefined]
        .concat(typeof maximum === 'number' ? [`at most ${maximum} characters`] : [])
        .filter(Boolean)
        .join(', ');
      return new CrmError(
        'validation',
        field ? `Zoho CRM refused ${field}: ${why}` : `Zoho CRM refused the request: ${why}`,
        {
          ...base,
          ...(field ? { field } : {}),
        },
      );
    }
    case 'MANDATORY_NOT_FOUND':
    case 'REQUIRED_PARAM_MISSING':
    case 'INVALID_QUERY':
    case 'LIMIT_EXCEEDED':
    case 'INVALID_MODULE':
    case 'INVALID_REQUEST':
    case 'INVALID_REQUEST_METHOD':
    case 'AMBIGUITY_DURING_PROCESSING':
    case 'ID_ALREADY_CONVERTED':
    case 'CANNOT_PERFORM_ACTION':
      return new CrmError(
        'validation',
        field ? `Zoho CRM refused ${field}: ${reason ?? code}` : `Zoho CRM refused the request: ${reason ?? code}`,
        { ...base, ...(field ? { field } : {}) },
      );
    case 'INVALID_TOKEN':
    case 'AUTHENTICATION_FAILURE':
    case 'OAUTH_SCOPE_MISMATCH':
      return new CrmError('auth_expired', `Zoho CRM rejected the access token${reason ? `: ${reason}` : ''}`, base);
    case 'NO_PERMISSION':
      return new CrmError('auth_expired', `Zoho CRM refused access${reason ? `: ${reason}` : ''}`, base);
    case 'TOO_MANY_REQUESTS':
      return new CrmError(
        'rate_limited',
        `Zoho CRM is limiting the rate of requests${reason ? ` (${reason})` : ''}`,
        base,
      );
    case 'INTERNAL_ERROR':
      return new CrmError('unavailable', reason ?? 'Zoho CRM had an internal error', base);
    case 'RECORD_NOT_FOUND':
    case 'INVALID_URL_PATTERN':
      return new CrmError('not_found', reason ?? 'Zoho CRM has no such record', base);
    default:
      return crmErrorFromHttp(httpStatus ?? 0, reason, code);
  }
}

/** An error known only by its HTTP status (no Zoho body). */
function crmErrorFromHttp(status: number, reason: string | undefined, vendorCode?: string): CrmError {
  const base = { provider, ...(status ? { status } : {}), ...(vendorCode ? { vendorCode } : {}) };
  if (status === 401) return new CrmError('auth_expired', 'Zoho CRM rejected the access token', base);
  if (status === 403)
    return new CrmError('auth_expired', `Zoho CRM refused access${reason ? `: ${reason}` : ''}`, base);
  if (status === 404) return new CrmError('not_found', reason ?? 'Zoho CRM has no such record', base);
  if (status === 429) return new CrmError('rate_limited', reason ?? 'Zoho CRM is limiting the rate of requests', base);
  if (status >= 500) return new CrmError('unavailable', reason ?? `Zoho CRM is unavailable (HTTP ${status})`, base);
  if (status === 400 || status === 422) {
    return new CrmError('validation', `Zoho CRM refused the request: ${reason ?? `HTTP ${status}`}`, base);
  }
  return new CrmError('unknown', reason ?? `Zoho CRM answered HTTP ${status}`, base);
}

/**
 * Maps a Zoho error response (https://www.zoho.com/crm/developer/docs/api/v8/status-codes.html) to a
 * CrmError. `body` is the response body as received (parsed JSON, text or undefined): a top-level
 * status `{code, details, message, status}`, or `{data: [status]}` (a write whose only record failed).
 * 401 is always `auth_expired` and 429 always `rate_limited` (with `retryAfterMs` when Zoho says).
 */
export function crmErrorFromResponse(
  httpStatus: number,
  body: unknown,
  headers: Headers,
  now: Date,
  ctx: ErrorContext = {},
): CrmError {
  const top = ZohoStatus.safeParse(body);
  let status: ZohoStatus | null = top.success ? top.data : null;
  if (!status && body && typeof body === 'object' && Array.isArray((body as { data?: unknown }).data)) {
    const first = ZohoStatus.safeParse((body as { data: unknown[] }).data[0]);
    if (first.success) status = first.data;
  }
  if (httpStatus === 429) {
    const retryAfterMs = rateLimitWaitMs(headers, now);
    const reason = reasonOf(status);
    return new CrmError('rate_limited', `Zoho CRM is limiting the rate of requests${reason ? ` (${reason})` : ''}`, {
      provider,
      status: 429,
      vendorCode: status?.code ?? 'TOO_MANY_REQUESTS',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (httpStatus === 401) {
    const reason = reasonOf(status);
    return new CrmError('auth_expired', `Zoho CRM rejected the access token${reason ? `: ${reason}` : ''}`, {
      provider,
      status: 401,
      vendorCode: status?.code ?? 'INVALID_TOKEN',
    });
  }
  if (httpStatus >= 500) {
    return new CrmError('unavailable', reasonOf(status) ?? `Zoho CRM is unavailable (HTTP ${httpStatus})`, {
      provider,
      status: httpStatus,
      ...(status ? { vendorCode: status.code } : {}),
    });
  }
  if (status) return crmErrorFromStatus(status, httpStatus, ctx);
  return crmErrorFromHttp(httpStatus, typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : undefined);
}

/**
 * A Zoho value as the product's string: text as is; numbers and booleans stringified; a lookup or
 * owner (`{name, id}`) by its name; an array (multi-select picklist, tags) as its items' names or
 * values joined with ", "; null, "" and empty arrays → null.
 */
export function zohoValueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map(zohoValueText).filter((item): item is string => item !== null);
    return items.length > 0 ? items.join(', ') : null;
  }
  if (typeof value === 'object') {
    const named = value as { name?: unknown; display_value?: unknown; value?: unknown };
    for (const candidate of [named.name, named.display_value, named.value]) {
      const text = zohoValueText(candidate);
      if (text !== null) return text;
    }
  }
  return null;
}

/** An ISO 8601 timestamp in UTC (`2026-10-02T10:15:00.000Z`) from Zoho's (`2026-10-02T15:45:00+05:30`); null when unparseable. */
export function isoTimestamp(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The field names the provider writes for a nameless contact (see {@link isPlaceholderName}). */
export const NAME_PLACEHOLDER_FIELDS = ['Email', 'Phone', 'Mobile'] as const;

/**
 * True when a contact's name is only the placeholder this provider writes for a customer without a
 * name (Zoho requires `Last_Name`): no `First_Name`, and a `Last_Name` equal to the contact's own
 * Email, Phone or Mobile (or "Unknown" with none of them). Such a name is read as blank, so a later
 * sync that knows the customer's name fills it in instead of raising a conflict.
 */
export function isPlaceholderName(record: Readonly<Record<string, unknown>>): boolean {
  const first = zohoValueText(record.First_Name);
  const last = zohoValueText(record.Last_Name);
  if (first !== null || last === null) return false;
  const own = NAME_PLACEHOLDER_FIELDS.map((name) => zohoValueText(record[name])).filter((v): v is string => v !== null);
  if (own.length === 0) return last === NAMELESS_LAST_NAME;
  return own.some((value) => value.trim().toLowerCase() === last.trim().toLowerCase());
}

/** Last_Name of a contact with no name, email or phone at all. */
export const NAMELESS_LAST_NAME = 'Unknown';

/**
 * The Last_Name to create a nameless customer with: their email, else their phone, else "Unknown" —
 * recognisable in Zoho's lists, and read back as blank (see {@link isPlaceholderName}).
 */
export function placeholderLastName(properties: Readonly<Record<string, string>>): string {
  for (const name of NAME_PLACEHOLDER_FIELDS) {
    const value = properties[name]?.trim();
    if (value) return value;
  }
  return NAMELESS_LAST_NAME;
}

/**
 * A Zoho record as a NativeRecord (object type `contact`). `requested`: field API names the caller
 * asked for; any Zoho left out is reported as null. `updatedAt` is `Modified_Time` in UTC.
 */
export function toNativeRecord(
  record: ZohoRecord,
  requested: readonly string[],
  contactFields: ContactFields = { emails: [], phones: [] },
): NativeRecord {
  const values: Record<string, string | null> = {};
  for (const name of requested) values[name] = null;
  for (const [name, value] of Object.entries(record)) {
    if (name === 'id' || name.startsWith('$')) continue;
    values[name] = zohoValueText(value);
  }
  if (isPlaceholderName(record)) values.Last_Name = null;
  return {
    id: record.id,
    objectType: 'contact',
    values,
    updatedAt: isoTimestamp(record.Modified_Time),
    contactPoints: contactPointsFrom(record, contactFields),
  };
}

/** The fields of the Contacts module that hold an email address or a phone number. */
export interface ContactFields {
  emails: readonly string[];
  phones: readonly string[];
}

/**
 * The email and phone fields every Zoho Contacts module has: `Email`, `Secondary_Email`, `Phone`,
 * `Mobile` (https://www.zoho.com/crm/developer/docs/api/v8/modules-fields.html). Used until the
 * module's field list is known; then {@link contactFieldsOf} names them all by data type
 * (`Home_Phone`, `Other_Phone`, `Asst_Phone` and custom ones included).
 */
export const STANDARD_CONTACT_FIELDS: ContactFields = {
  emails: ['Email', 'Secondary_Email'],
  phones: ['Phone', 'Mobile'],
};

/** The email- and phone-typed fields of a module, from its field list (API name → `data_type`). */
export function contactFieldsOf(fieldTypes: ReadonlyMap<string, string>): ContactFields {
  const named = (type: string) => [...fieldTypes].filter(([, dataType]) => dataType === type).map(([name]) => name);
  return { emails: named('email'), phones: named('phone') };
}

/** Zoho `data_type` → the product's field type. */
function fieldType(field: ZohoField): CrmFieldType {
  switch (field.data_type) {
    case 'text':
    case 'website':
    case 'autonumber':
      return 'string';
    case 'textarea':
      return 'text';
    case 'email':
      return 'email';
    case 'phone':
      return 'phone';
    case 'picklist':
      return 'enumeration';
    case 'integer':
    case 'bigint':
    case 'double':
    case 'decimal':
    case 'currency':
    case 'percent':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'boolean':
      return 'boolean';
    default:
      return 'other';
  }
}

/** Data types a plain string cannot be written to (lookups take `{id}`, the rest are computed). */
const NOT_WRITABLE_TYPES = new Set([
  'lookup',
  'ownerlookup',
  'userlookup',
  'multiselectlookup',
  'multiuserlookup',
  'formula',
  'autonumber',
  'rollup_summary',
  'fileupload',
  'imageupload',
  'profileimage',
  'subform',
  'event_reminder',
]);

/**
 * A Zoho field as CrmFieldInfo: label from `field_label` (else `display_label`), `writable` unless
 * Zoho marks it read-only or its type cannot take a plain value (lookups such as `Account_Name`,
 * owners, formulas, auto-numbers), picklist options by their `actual_value`
 * (https://www.zoho.com/crm/developer/docs/api/v8/field-meta.html).
 */
export function toFieldInfo(field: ZohoField): CrmFieldInfo {
  const type = fieldType(field);
  const info: CrmFieldInfo = {
    name: field.api_name,
    label: field.field_label || field.display_label || field.api_name,
    type,
    writable: !field.read_only && !field.field_read_only && !NOT_WRITABLE_TYPES.has(field.data_type),
  };
  if (type === 'enumeration' && field.pick_list_values) {
    info.options = field.pick_list_values
      .map((option) => option.actual_value ?? option.display_value)
      .filter((value): value is string => typeof value === 'string' && value !== '' && value !== '-None-');
  }
  return info;
}

/**
 * A value escaped for a search criteria: Zoho requires a backslash before parentheses and commas in
 * criteria values (and so before a backslash itself); the caller then URL-encodes the whole criteria
 * (https://www.zoho.com/crm/developer/docs/api/v8/search-records.html).
 */
export function escapeCriteriaValue(value: string): string {
  return value.replace(/[\\(),]/g, (char) => `\\${char}`);
}

/** `(field:operator:value)` with the value escaped. */
export function criterion(field: string, operator: 'equals' | 'starts_with', value: string): string {
  return `(${field}:${operator}:${escapeCriteriaValue(value)})`;
}

/** Conditions OR-ed: `((a)or(b)or(c))`; one condition as is. */
export function anyOf(conditions: readonly string[]): string {
  return conditions.length === 1 ? conditions[0]! : `(${conditions.join('or')})`;
}

/** Zoho's limit of conditions in one search criteria. */
export const MAX_CRITERIA = 10;

/**
 * The spellings of an E.164 number a Zoho phone field may hold, at most five: the national format
 * (`(646) 555-0142`), the national digits (`6465550142`), and the national groups joined by `-`, `.`
 * and a space (`646-555-0142`, `646.555.0142`, `646 555 0142`). In API v8 the search `equals` operator
 * "behaves like contains" (https://www.zoho.com/crm/developer/docs/api/v8/search-records.html), so
 * the digits also find `+16465550142` and `16465550142`, and the grouped spellings `+1 646 555 0142`,
 * `+1-646-555-0142` or a national form with a trunk prefix (`020 7946 0958`). A string libphonenumber
 * cannot parse is searched verbatim.
 */
export function phoneSpellings(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const groups = parsed.formatInternational().split(' ').slice(1);
  return [
    ...new Set([parsed.formatNational(), parsed.nationalNumber, groups.join('-'), groups.join('.'), groups.join(' ')]),
  ].filter((spelling) => spelling !== '');
}

/**
 * The search criteria that finds contacts whose Phone or Mobile is `e164` in any of its
 * {@link phoneSpellings}: up to ten conditions OR-ed, within Zoho's limit of ten.
 */
export function phoneCriteria(e164: string, fields: readonly string[] = ['Phone', 'Mobile']): string {
  const spellings = phoneSpellings(e164);
  const perField = Math.max(1, Math.floor(MAX_CRITERIA / fields.length));
  const conditions = fields.flatMap((field) =>
    spellings.slice(0, perField).map((spelling) => criterion(field, 'equals', spelling)),
  );
  return anyOf(conditions.slice(0, MAX_CRITERIA));
}

/** Zoho's data centres: API host suffix → web UI origin (https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html). */
const UI_ORIGINS: Readonly<Record<string, string>> = {
  com: 'https://crm.zoho.com',
  eu: 'https://crm.zoho.eu',
  in: 'https://crm.zoho.in',
  'com.au': 'https://crm.zoho.com.au',
  jp: 'https://crm.zoho.jp',
  'com.cn': 'https://crm.zoho.com.cn',
  ca: 'https://crm.zohocloud.ca',
  sa: 'https://crm.zoho.sa',
  uk: 'https://crm.zoho.uk',
};

/** The data centre suffix of a Zoho API origin (`https://www.zohoapis.eu` → `eu`), or null when it is not one. */
export function dataCentreOf(apiDomain: string): string | null {
  let host: string;
  try {
    host = new URL(apiDomain).hostname.toLowerCase();
  } catch {
    return null;
  }
  const match = /(?:^|\.)zohoapis\.([a-z.]+)$/.exec(host);
  return match ? match[1]! : null;
}

/**
 * The web UI base for record links of the data centre serving `apiDomain`: `https://crm.zoho.<tld>/crm`
 * (Canada `https://crm.zohocloud.ca/crm`), or null for a domain that is not a Zoho API domain.
 */
export function defaultAppUrl(apiDomain: string): string | null {
  const dc = dataCentreOf(apiDomain);
  const origin = dc === null ? undefined : UI_ORIGINS[dc];
  return origin ? `${origin}/crm` : null;
}

/** A contact's page in Zoho CRM's web UI: `<appUrl>/tab/Contacts/<id>`. */
export function contactRecordUrl(appUrl: string, id: string): string {
  return `${appUrl.replace(/\/+$/, '')}/tab/Contacts/${encodeURIComponent(id)}`;
}
