/**
 * Mapping between the Dataverse Web API's native shapes and the product's: Web API errors →
 * CrmError, rows → NativeRecord, column definitions → CrmFieldInfo, OData string literals, the phone
 * spellings a lookup searches for, the `OData-EntityId` of a created row, and the record page URL.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CrmFieldInfo, CrmFieldType, CrmObjectType } from '../../../lib/contracts/index.ts';
import { contactPointsFrom, CrmError, type NativeRecord } from '../types.ts';
import { type AttributeMetadata, type DataverseLabel, DataverseErrorBody, type DataverseRow } from './schemas.ts';

const provider = 'dynamics' as const;

/** The message of a CrmError for a response body the provider could not parse. */
export const UNREADABLE_RESPONSE = 'Dynamics 365 sent a response the proxy could not read';

/** Dataverse error codes the provider acts on (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/web-service-error-codes). */
export const DATAVERSE_CODES = {
  /** A create/update blocked by a duplicate detection rule (with MSCRM.SuppressDuplicateDetection: false). */
  duplicate: '0x80040333',
  /** Service protection: number of requests, execution time, concurrent requests. */
  requestLimit: '0x80072322',
  executionTimeLimit: '0x80072321',
  concurrencyLimit: '0x80072326',
  /** A record that does not exist. */
  recordNotFound: '0x80040217',
} as const;

const RATE_LIMIT_CODES: ReadonlySet<string> = new Set([
  DATAVERSE_CODES.requestLimit,
  DATAVERSE_CODES.executionTimeLimit,
  DATAVERSE_CODES.concurrencyLimit,
]);

/** The two tables the provider works with. */
export interface DynamicsTable {
  objectType: CrmObjectType;
  /** Logical name: `contact`, `lead`. */
  logicalName: 'contact' | 'lead';
  /** Web API entity set: `contacts`, `leads`. */
  entitySet: 'contacts' | 'leads';
  /** Primary key column: `contactid`, `leadid`. */
  key: 'contactid' | 'leadid';
}

export const CONTACTS: DynamicsTable = {
  objectType: 'contact',
  logicalName: 'contact',
  entitySet: 'contacts',
  key: 'contactid',
};
export const LEADS: DynamicsTable = { objectType: 'lead', logicalName: 'lead', entitySet: 'leads', key: 'leadid' };

/** The table of an object type (contact → contacts, lead → leads). */
export function tableOf(objectType: CrmObjectType): DynamicsTable {
  return objectType === 'lead' ? LEADS : CONTACTS;
}

/**
 * The CRM field name under which a contact's company (its parent account's name, read through the
 * `parentcustomerid_account` navigation property) and a lead's `companyname` column are reported,
 * so one mapping entry reads the company of both. Contacts have no such column: for them it is
 * read-only and comes from the account.
 */
export const COMPANY_FIELD = 'companyname';

/** The navigation property from a contact to its parent account. */
export const PARENT_ACCOUNT = 'parentcustomerid_account';

/** The last-modified column every row is read with. */
export const MODIFIED_ON = 'modifiedon';

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Whether `id` is a GUID (Dataverse's primary keys); other ids are never sent to Dataverse. */
export function isGuid(id: string): boolean {
  return GUID_RE.test(id);
}

/**
 * An OData string literal: single-quoted, a single quote doubled — `o'brien@example.com` becomes
 * `'o''brien@example.com'` (http://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part2-url-conventions.html#sec_URLSyntax).
 */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A Dynamics 365 response that did not fit its schema (or was not JSON) → `unknown`. */
export function unreadableResponse(cause: unknown, status?: number): CrmError {
  return new CrmError('unknown', UNREADABLE_RESPONSE, { provider, cause, ...(status ? { status } : {}) });
}

/** Dynamics 365 could not be reached (network failure, timeout) → `unavailable`. */
export function unavailable(message: string, cause?: unknown): CrmError {
  return new CrmError('unavailable', message, { provider, cause });
}

/**
 * How long to wait before retrying after a 429, in ms, from `Retry-After`: seconds ("5"), an HTTP
 * date, or a .NET TimeSpan ("00:00:05"). Undefined when absent or unreadable. Dataverse sends
 * `Retry-After` with every service protection error
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/api-limits#retry-operations).
 */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
  if (span) {
    const [, days = '0', h, m, s] = span;
    return Math.round(((Number(days) * 24 + Number(h)) * 3600 + Number(m) * 60 + Number(s)) * 1000);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Patterns of Dataverse's messages for a property the table does not have, capturing its name. */
const UNKNOWN_PROPERTY_PATTERNS = [
  /Could not find a property named '([^']+)'/i,
  /The property '([^']+)' does not exist on type/i,
  /An undeclared property '([^']+)'/i,
  /Invalid property '([^']+)'/i,
  /doesn't contain attribute with Name = '([^']+)'/i,
];

/** The column a validation message names ("The length of the 'firstname' attribute …"). */
function fieldInMessage(message: string): string | undefined {
  return /'([A-Za-z_]\w*)' attribute/.exec(message)?.[1] ?? /attribute '([A-Za-z_]\w*)'/.exec(message)?.[1];
}

/**
 * Maps a Web API error response to a CrmError:
 * - code 0x80040333 (a duplicate detection rule fired; Dataverse answers HTTP 500) → `duplicate`
 *   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/manage-duplicate-detection-create-update);
 * - 429, or a service protection code (0x80072322/0x80072321/0x80072326) → `rate_limited` with
 *   `retryAfterMs` from `Retry-After` (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/api-limits);
 * - 401 → `auth_expired`; 403 → `auth_expired` with Dataverse's reason (a missing privilege);
 * - 404, and 412 (an `If-Match` precondition failed: the row is gone) → `not_found`;
 * - 400 naming a property the table does not have ("Could not find a property named 'x'", "The
 *   property 'x' does not exist on type …", "Invalid property 'x'") → `invalid_field` with `field`;
 *   any other 400 → `validation` with Dataverse's message (and `field` when it names a column);
 * - other 5xx → `unavailable`; anything else → `unknown`.
 * `body` is the response body as received (parsed JSON, text, or undefined); it is parsed leniently.
 */
export function crmErrorFromResponse(status: number, body: unknown, headers: Headers, now: Date): CrmError {
  const parsed = DataverseErrorBody.safeParse(body);
  const code = parsed.success ? parsed.data.error.code?.trim() || undefined : undefined;
  const reason = parsed.success ? parsed.data.error.message?.trim() || undefined : undefined;
  const base = { provider, status, ...(code ? { vendorCode: code } : {}) };

  if (code === DATAVERSE_CODES.duplicate) {
    return new CrmError(
      'duplicate',
      reason ?? 'Dynamics 365 already has this record (a duplicate detection rule matched)',
      base,
    );
  }
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    const wait = retryAfterMs(headers, now);
    return new CrmError('rate_limited', reason ?? 'Dynamics 365 is limiting the rate of requests', {
      ...base,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  }
  if (status === 401) return new CrmError('auth_expired', 'Dynamics 365 rejected the access token', base);
  if (status === 403) {
    return new CrmError(
      'auth_expired',
      reason ? `Dynamics 365 refused access: ${reason}` : 'Dynamics 365 refused access with this token',
      base,
    );
  }
  if (status === 404 || status === 412)
    return new CrmError('not_found', reason ?? 'Dynamics 365 has no such record', base);
  if (status === 400 || status === 422) {
    const text = reason ?? '';
    for (const pattern of UNKNOWN_PROPERTY_PATTERNS) {
      const field = pattern.exec(text)?.[1];
      if (field) return new CrmError('invalid_field', text, { ...base, field });
    }
    const field = fieldInMessage(text);
    return new CrmError('validation', reason ?? `Dynamics 365 refused the request (HTTP ${status})`, {
      ...base,
      ...(field ? { field } : {}),
    });
  }
  if (status >= 500) return new CrmError('unavailable', reason ?? `Dynamics 365 is unavailable (HTTP ${status})`, base);
  return new CrmError('unknown', reason ?? `Dynamics 365 answered HTTP ${status}`, base);
}

/** A column value as the product keeps it: strings as they are, numbers and booleans stringified, blank as null. */
function stringValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * The email and phone columns of contacts and leads: `emailaddress1..3`, `telephone1..3` and
 * `mobilephone` (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/contact,
 * https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/lead).
 * Reads select the ones the table has, so every record carries its `contactPoints`.
 */
export const CONTACT_POINT_COLUMNS = {
  emails: ['emailaddress1', 'emailaddress2', 'emailaddress3'],
  phones: ['telephone1', 'mobilephone', 'telephone2', 'telephone3'],
} as const;

/** The email and phone columns of one table (those its definitions list). */
export interface ContactColumns {
  emails: readonly string[];
  phones: readonly string[];
}

/**
 * A row as a NativeRecord. `columns`: the columns read (each present in `values`, null when blank
 * or absent); for a contact, {@link COMPANY_FIELD} is the expanded parent account's `name`.
 * `updatedAt` is `modifiedon`; `contactPoints` the row's values of `contactColumns`.
 * @throws CrmError (`unknown`) when the row has no GUID primary key.
 */
export function toNativeRecord(
  row: DataverseRow,
  table: DynamicsTable,
  columns: readonly string[],
  contactColumns: ContactColumns = { emails: [], phones: [] },
): NativeRecord {
  const id = row[table.key];
  if (typeof id !== 'string' || !isGuid(id)) {
    throw unreadableResponse(new Error(`A ${table.logicalName} row without a valid "${table.key}"`));
  }
  const values: Record<string, string | null> = {};
  for (const column of columns) {
    if (column === COMPANY_FIELD && table.objectType === 'contact') {
      const account = row[PARENT_ACCOUNT];
      values[column] =
        typeof account === 'object' && account !== null ? stringValue((account as Record<string, unknown>).name) : null;
      continue;
    }
    values[column] = stringValue(row[column]);
  }
  return {
    id: id.toLowerCase(),
    objectType: table.objectType,
    values,
    updatedAt: stringValue(row[MODIFIED_ON]),
    contactPoints: contactPointsFrom(row, contactColumns),
  };
}

/** The label in the user's language, else the first localized one, else null. */
export function labelText(label: DataverseLabel | null | undefined): string | null {
  return label?.UserLocalizedLabel?.Label || label?.LocalizedLabels?.[0]?.Label || null;
}

/** Dataverse `AttributeType` (+ String `FormatName`) → the product's field type. */
export function fieldType(attributeType: string | null | undefined, format: string | undefined): CrmFieldType {
  switch (attributeType) {
    case 'String':
      if (format === 'Email') return 'email';
      if (format === 'Phone') return 'phone';
      if (format === 'TextArea') return 'text';
      return 'string';
    case 'Memo':
      return 'text';
    case 'Integer':
    case 'BigInt':
    case 'Decimal':
    case 'Double':
    case 'Money':
      return 'number';
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      return 'datetime';
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'enumeration';
    default:
      return 'other';
  }
}

/** Lookup-type columns: read as `_<name>_value`, written only through `@odata.bind`. */
export const LOOKUP_TYPES: ReadonlySet<string> = new Set(['Lookup', 'Customer', 'Owner']);

/**
 * A column definition as CrmFieldInfo, or null for columns the Web API does not expose as a plain
 * property (`AttributeOf` shadows, columns not valid for read). `writable` is the column's validity
 * for the operation the provider performs on that table: update for contacts, create for leads.
 * Lookups are reported as `_<name>_value`, read-only (they are set with `@odata.bind`).
 */
export function toFieldInfo(
  attribute: AttributeMetadata,
  table: DynamicsTable,
  format: string | undefined,
  options: readonly number[] | undefined,
): CrmFieldInfo | null {
  if (attribute.AttributeOf || attribute.IsValidForRead === false || attribute.AttributeType === 'Virtual') return null;
  const lookup = LOOKUP_TYPES.has(attribute.AttributeType ?? '');
  const type = fieldType(attribute.AttributeType, format);
  const validForWrite = table.objectType === 'lead' ? attribute.IsValidForCreate : attribute.IsValidForUpdate;
  const info: CrmFieldInfo = {
    name: lookup ? `_${attribute.LogicalName}_value` : attribute.LogicalName,
    label: labelText(attribute.DisplayName) ?? attribute.LogicalName,
    type,
    writable: !lookup && validForWrite === true,
  };
  if (type === 'enumeration' && options) info.options = options.map(String);
  return info;
}

/**
 * The spellings a phone number is searched by, since Dataverse stores phones as typed: E.164
 * "+16465550142", international "+1 646 555 0142", "+1-646-555-0142", "+1 (646) 555-0142",
 * national "(646) 555-0142", "646-555-0142", "646.555.0142", "646 555 0142", "6465550142",
 * "16465550142", "1-646-555-0142". Over-inclusive by design: candidates are re-checked. A string
 * libphonenumber cannot parse is searched verbatim.
 */
export function phoneSpellings(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const national = parsed.nationalNumber;
  const code = parsed.countryCallingCode;
  const international = parsed.formatInternational();
  const groups = parsed.formatNational().match(/\d+/g) ?? [national];
  return [
    ...new Set([
      parsed.number,
      international,
      international.replace(/\s+/g, '-'),
      `+${code} ${parsed.formatNational()}`,
      parsed.formatNational(),
      groups.join('-'),
      groups.join('.'),
      groups.join(' '),
      national,
      `${code}${national}`,
      `${code}-${groups.join('-')}`,
    ]),
  ];
}

/** Whether a stored phone value is the number `e164` (parsed in that number's own region). */
export function samePhone(stored: string | null | undefined, e164: string): boolean {
  if (!stored) return false;
  const wanted = parsePhoneNumberFromString(e164);
  const region = wanted?.country;
  const parsed = parsePhoneNumberFromString(stored, region ?? 'US');
  if (parsed && wanted) return parsed.number === wanted.number;
  return stored.replace(/\D+/g, '') === e164.replace(/\D+/g, '');
}

/**
 * The GUID in an `OData-EntityId` header (`https://org.crm.dynamics.com/api/data/v9.2/leads(7eb6…)`),
 * or null (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/create-entity-web-api#basic-create).
 */
export function entityIdFromHeader(value: string | null | undefined): string | null {
  const match = /\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)\s*$/.exec(
    value ?? '',
  );
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * A record's form in the Dynamics 365 web app: `<org>/main.aspx?etn=<contact|lead>&id=<guid>&pagetype=entityrecord`
 * (https://learn.microsoft.com/en-us/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url).
 */
export function recordPageUrl(orgUrl: string, objectType: CrmObjectType, id: string): string {
  const etn = tableOf(objectType).logicalName;
  return `${orgUrl.replace(/\/+$/, '')}/main.aspx?etn=${etn}&id=${encodeURIComponent(id)}&pagetype=entityrecord`;
}
