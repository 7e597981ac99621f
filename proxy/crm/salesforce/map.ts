/**
 * Mapping between Salesforce's native shapes and the product's: error arrays → CrmError, sObjects →
 * NativeRecord, describe fields → CrmFieldInfo, an E.164 number → the spellings a phone search
 * tries, and the Lightning record page URL.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CrmFieldInfo, CrmFieldType, CrmObjectType } from '../../../lib/contracts/index.ts';
import { contactPointsFrom, CrmError, type NativeRecord } from '../types.ts';
import {
  type SalesforceDescribeField,
  SalesforceErrorBody,
  type SalesforceErrorItem,
  SalesforceOAuthError,
  type SalesforceRecord,
} from './schemas.ts';
import { isSoqlField } from './soql.ts';

const provider = 'salesforce' as const;

/** The message of a CrmError for a response body the provider could not parse. */
export const UNREADABLE_RESPONSE = 'Salesforce sent a response the proxy could not read';

/** A Salesforce response that did not fit its schema (or was not JSON) → `unknown`. */
export function unreadableResponse(cause: unknown, status?: number): CrmError {
  return new CrmError('unknown', UNREADABLE_RESPONSE, { provider, cause, ...(status ? { status } : {}) });
}

/** Salesforce could not be reached (network failure, timeout) → `unavailable`. */
export function unavailable(message: string, cause?: unknown): CrmError {
  return new CrmError('unavailable', message, { provider, cause });
}

/** How long to suggest waiting after a concurrent-request limit (Salesforce sends no Retry-After), in ms. */
export const CONCURRENT_LIMIT_WAIT_MS = 5_000;

/** Error codes whose `message` explains a refused value (→ `validation`). */
const VALIDATION_CODES = new Set([
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'REQUIRED_FIELD_MISSING',
  'STRING_TOO_LONG',
  'INVALID_EMAIL_ADDRESS',
  'FIELD_INTEGRITY_EXCEPTION',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_CROSS_REFERENCE_KEY',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'JSON_PARSER_ERROR',
  'CANNOT_UPDATE_CONVERTED_LEAD',
]);

/** The code of an error item (`errorCode` in REST bodies, `statusCode` in SaveResults). */
export function codeOf(item: SalesforceErrorItem): string | undefined {
  return item.errorCode ?? item.statusCode;
}

/** The first existing record id a DUPLICATES_DETECTED error's duplicateResult names. */
function duplicateId(item: SalesforceErrorItem): string | undefined {
  for (const match of item.duplicateResult?.matchResults ?? []) {
    for (const record of match.matchRecords ?? []) {
      if (record.record?.Id) return record.record.Id;
    }
  }
  return undefined;
}

/** "duplicate value found: Email__c duplicates value on record with id: 003…" → the id and the field. */
function parseDuplicateValue(message: string | undefined): { id?: string; field?: string } {
  const id = /record with id:\s*([a-zA-Z0-9]{15,18})\b/i.exec(message ?? '')?.[1];
  const field = /duplicate value found:\s*([A-Za-z0-9_.]+)\s+duplicates/i.exec(message ?? '')?.[1];
  return { ...(id ? { id } : {}), ...(field && field !== '<unknown>' ? { field } : {}) };
}

/** "No such column 'Foo__c' on sobject of type Contact" (or "… on entity 'Contact'") → "Foo__c". */
function missingColumn(message: string | undefined): string | undefined {
  return /No such column '([^']+)'/i.exec(message ?? '')?.[1];
}

/** The field a refused value belongs to: `fields[0]`, else the "Field: …" prefix Salesforce puts on value errors. */
function fieldOf(item: SalesforceErrorItem, code: string | undefined): string | undefined {
  const named = item.fields?.find((f) => f.trim() !== '');
  if (named) return named;
  const message = item.message ?? '';
  if (code === 'REQUIRED_FIELD_MISSING') return /\[([A-Za-z0-9_]+)/.exec(message)?.[1];
  if (code === 'INVALID_FIELD_FOR_INSERT_UPDATE') return /fields:\s*([A-Za-z0-9_]+)/i.exec(message)?.[1];
  return /^([A-Za-z][A-Za-z0-9_]*):\s/.exec(message)?.[1];
}

/** Salesforce's messages, deduplicated and joined, for the agent to read. */
function reasonOf(items: readonly SalesforceErrorItem[]): string | undefined {
  const messages = [...new Set(items.map((i) => i.message?.trim()).filter((m): m is string => !!m))];
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/**
 * Maps Salesforce error items (one failed call, or one failed record of a collection) to a
 * CrmError (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm):
 * - DUPLICATES_DETECTED → `duplicate` with `existingId` from
 *   `duplicateResult.matchResults[].matchRecords[].record.Id`; DUPLICATE_VALUE → `duplicate` with
 *   the id (and field) parsed from "duplicate value found: <field> duplicates value on record with id: <id>";
 * - INVALID_FIELD (or a "No such column" message) → `invalid_field` with the field;
 * - FIELD_CUSTOM_VALIDATION_EXCEPTION, REQUIRED_FIELD_MISSING, STRING_TOO_LONG,
 *   INVALID_EMAIL_ADDRESS and the other value errors → `validation` with the field (from `fields`,
 *   or the message) and Salesforce's message;
 * - REQUEST_LIMIT_EXCEEDED → `rate_limited`, `retryAfterMs` from a Retry-After header (which
 *   Salesforce does not usually send), else {@link CONCURRENT_LIMIT_WAIT_MS} for the brief
 *   concurrent-request limit ("ConcurrentPerOrgLongTxn Limit exceeded") and none for the org's
 *   24-hour allocation ("TotalRequests Limit exceeded");
 * - INVALID_SESSION_ID or HTTP 401 → `auth_expired`; NOT_FOUND, ENTITY_IS_DELETED or 404 → `not_found`;
 * - 5xx → `unavailable`; other 400s → `validation`; anything else → `unknown`.
 */
export function crmErrorFromItems(
  items: readonly SalesforceErrorItem[],
  status: number | undefined,
  retryAfterMs?: number,
): CrmError {
  const first = items[0];
  const code = first ? codeOf(first) : undefined;
  const reason = reasonOf(items);
  const base = { provider, ...(status ? { status } : {}), ...(code ? { vendorCode: code } : {}) };
  const byCode = (c: string) => items.find((i) => codeOf(i) === c);

  const limit = byCode('REQUEST_LIMIT_EXCEEDED');
  if (limit) {
    const message = limit.message ?? 'Salesforce API request limit exceeded';
    // A concurrent-request limit clears in seconds; the 24-hour allocation gives no hint.
    const wait = retryAfterMs ?? (/concurrent/i.test(message) ? CONCURRENT_LIMIT_WAIT_MS : undefined);
    return new CrmError('rate_limited', message, {
      ...base,
      vendorCode: 'REQUEST_LIMIT_EXCEEDED',
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  }
  if (status === 401 || byCode('INVALID_SESSION_ID')) {
    return new CrmError('auth_expired', `Salesforce rejected the access token${reason ? `: ${reason}` : ''}`, {
      ...base,
      vendorCode: code ?? 'INVALID_SESSION_ID',
    });
  }
  const detected = byCode('DUPLICATES_DETECTED');
  if (detected) {
    const existingId = duplicateId(detected);
    return new CrmError('duplicate', detected.message ?? 'Salesforce found a duplicate record', {
      ...base,
      vendorCode: 'DUPLICATES_DETECTED',
      ...(existingId ? { existingId } : {}),
    });
  }
  const duplicateValue = byCode('DUPLICATE_VALUE');
  if (duplicateValue) {
    const parsed = parseDuplicateValue(duplicateValue.message);
    const field = duplicateValue.fields?.[0] ?? parsed.field;
    return new CrmError('duplicate', duplicateValue.message ?? 'Salesforce found a duplicate value', {
      ...base,
      vendorCode: 'DUPLICATE_VALUE',
      ...(parsed.id ? { existingId: parsed.id } : {}),
      ...(field ? { field } : {}),
    });
  }
  const invalidField =
    byCode('INVALID_FIELD') ??
    items.find((i) => missingColumn(i.message) !== undefined && codeOf(i) !== 'INVALID_TYPE');
  if (invalidField) {
    const field = missingColumn(invalidField.message) ?? invalidField.fields?.[0];
    return new CrmError('invalid_field', invalidField.message ?? 'Salesforce does not know this field', {
      ...base,
      vendorCode: codeOf(invalidField) ?? 'INVALID_FIELD',
      ...(field ? { field } : {}),
    });
  }
  if (status === 404 || code === 'NOT_FOUND' || code === 'ENTITY_IS_DELETED') {
    return new CrmError('not_found', reason ?? 'Salesforce has no such record', base);
  }
  if (status !== undefined && status >= 500) {
    return new CrmError('unavailable', reason ?? `Salesforce is unavailable (HTTP ${status})`, base);
  }
  if (code === 'MALFORMED_QUERY' || code === 'INVALID_QUERY_FILTER_OPERATOR' || code === 'INVALID_TYPE') {
    // The proxy built a query Salesforce could not run: not the agent's input, so not `validation`.
    return new CrmError('unknown', reason ?? `Salesforce could not run the query (${code})`, base);
  }
  if (status === 403) {
    return new CrmError('auth_expired', `Salesforce refused the request${reason ? `: ${reason}` : ''}`, base);
  }
  if ((code && VALIDATION_CODES.has(code)) || status === 400 || (status === undefined && code)) {
    const refused = items.find((i) => VALIDATION_CODES.has(codeOf(i) ?? '')) ?? first;
    const field = refused ? fieldOf(refused, codeOf(refused)) : undefined;
    return new CrmError('validation', reason ?? `Salesforce refused the request (HTTP ${status ?? 400})`, {
      ...base,
      ...(refused && codeOf(refused) ? { vendorCode: codeOf(refused) } : {}),
      ...(field ? { field } : {}),
    });
  }
  return new CrmError('unknown', reason ?? `Salesforce answered HTTP ${status ?? '(no status)'}`, base);
}

/**
 * How long a Retry-After header asks to wait, in ms (seconds or an HTTP date), or undefined.
 * Salesforce's REST API does not document one; it is honoured when a proxy in between sends it.
 */
export function retryAfterMs(headers: Headers | undefined, now: Date): number | undefined {
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Maps an error response of the REST API to a CrmError ({@link crmErrorFromItems}). `body` is the
 * body as received (parsed JSON, text or undefined), parsed leniently: Salesforce answers an array
 * of `{message, errorCode, fields?}`, a few edge services a single object.
 */
export function crmErrorFromResponse(status: number, body: unknown, headers?: Headers, now = new Date()): CrmError {
  const asArray = SalesforceErrorBody.safeParse(Array.isArray(body) ? body : body ? [body] : []);
  const items = asArray.success ? asArray.data.filter((i) => i.message || codeOf(i)) : [];
  return crmErrorFromItems(items, status, retryAfterMs(headers, now));
}

/**
 * Maps an error of the OAuth token endpoint (`{error, error_description}`) to a CrmError:
 * 400/401 (invalid_grant, invalid_client, invalid_client_id, …) → `auth_expired` — the refresh
 * token or the connected app's credentials are no longer accepted, so an admin must reconnect;
 * 5xx → `unavailable` (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flow_errors.htm).
 */
export function crmErrorFromTokenResponse(status: number, body: unknown): CrmError {
  const parsed = SalesforceOAuthError.safeParse(body);
  const detail = parsed.success
    ? `${parsed.data.error}${parsed.data.error_description ? `: ${parsed.data.error_description}` : ''}`
    : `HTTP ${status}`;
  if (status >= 500) {
    return new CrmError('unavailable', `Salesforce's login service is unavailable (${detail})`, { provider, status });
  }
  return new CrmError('auth_expired', `Salesforce refused to refresh the access token (${detail})`, {
    provider,
    status,
    ...(parsed.success ? { vendorCode: parsed.data.error } : {}),
  });
}

/** A field value as the product carries it: strings as they are, numbers and booleans stringified, objects/absent as null. */
function stringValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** The value at a field path: `Email`, or `Account.Name` through the nested relationship object. */
export function valueAt(record: Readonly<Record<string, unknown>>, path: string): string | null {
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[part];
  }
  return stringValue(current);
}

/** A Salesforce datetime ("2026-10-03T11:20:00.000+0000") as ISO 8601 in UTC, or null. */
export function isoDateTime(value: string | null): string | null {
  if (!value) return null;
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * An sObject as a NativeRecord: `requested` field paths become `values` (null when blank or not
 * returned, relationship paths read through the nested object), `updatedAt` is LastModifiedDate in
 * ISO 8601 UTC. `contactFields`: the object's email and phone fields ({@link contactPointFields}),
 * whose values returned become `contactPoints`.
 */
export function toNativeRecord(
  record: SalesforceRecord,
  requested: readonly string[],
  objectType: CrmObjectType,
  contactFields: ContactPointFields = { emails: [], phones: [] },
): NativeRecord {
  const values: Record<string, string | null> = {};
  for (const path of requested) values[path] = valueAt(record, path);
  return {
    id: record.Id,
    objectType,
    values,
    updatedAt: isoDateTime(valueAt(record, 'LastModifiedDate')),
    contactPoints: contactPointsFrom(record, contactFields),
  };
}

/** The fields of an object that hold an email address or a phone number. */
export interface ContactPointFields {
  emails: readonly string[];
  phones: readonly string[];
}

/**
 * An object's email and phone fields, by their describe `type` (`email`, `phone`): on Contact
 * `Email`, `Phone`, `MobilePhone`, `HomePhone`, `OtherPhone`, `AssistantPhone`; on Lead `Email`,
 * `Phone`, `MobilePhone`; plus any custom ones an org added (a secondary `…Email__c`). Fax numbers
 * (`Fax`, typed `phone` too) are not a way to reach a person by phone and are left out; so are
 * fields a query cannot filter on (`filterable: false`)
 * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm).
 */
export function contactPointFields(fields: readonly SalesforceDescribeField[]): ContactPointFields {
  const usable = fields.filter((f) => f.filterable !== false && isSoqlField(f.name));
  return {
    emails: usable.filter((f) => f.type === 'email').map((f) => f.name),
    phones: usable.filter((f) => f.type === 'phone' && !/fax/i.test(f.name)).map((f) => f.name),
  };
}

/** Salesforce field type → the product's field type. */
function fieldType(f: SalesforceDescribeField): CrmFieldType {
  switch (f.type) {
    case 'email':
      return 'email';
    case 'phone':
      return 'phone';
    case 'textarea':
      return 'text';
    case 'picklist':
    case 'multipicklist':
    case 'combobox':
      return 'enumeration';
    case 'boolean':
      return 'boolean';
    case 'double':
    case 'int':
    case 'long':
    case 'currency':
    case 'percent':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'string':
    case 'url':
    case 'id':
    case 'reference':
    case 'encryptedstring':
      return 'string';
    default:
      return 'other';
  }
}

/**
 * A describe field as CrmFieldInfo. `writable` when the field is both createable and updateable
 * and not calculated — the planner uses one flag for creates and updates alike, so a field Salesforce
 * takes only on create (or only on update) is reported read-only rather than risk a refused write.
 * Picklists list their active values as `options`.
 */
export function toFieldInfo(f: SalesforceDescribeField): CrmFieldInfo {
  const type = fieldType(f);
  const info: CrmFieldInfo = {
    name: f.name,
    label: f.label || f.name,
    type,
    writable: f.createable && f.updateable && !f.calculated,
  };
  if (type === 'enumeration' && f.picklistValues && f.type !== 'combobox') {
    info.options = f.picklistValues.filter((p) => p.active).map((p) => p.value);
  }
  return info;
}

/**
 * The read-only relationship paths the product reads alongside an object's own fields: the
 * account's name on a Contact (`Account.Name`, through the `AccountId` lookup). Empty for objects
 * without an Account lookup (Lead).
 */
export function relationshipFields(fields: readonly SalesforceDescribeField[]): CrmFieldInfo[] {
  const account = fields.find((f) => f.relationshipName === 'Account' && f.referenceTo?.includes('Account'));
  if (!account) return [];
  return [{ name: 'Account.Name', label: 'Account Name', type: 'string', writable: false }];
}

/**
 * The spellings a phone search tries for `e164` (Salesforce stores phone numbers as typed):
 * "+16465550142", "+1 646 555 0142", "+1-646-555-0142", "(646) 555-0142", "646-555-0142",
 * "646.555.0142", "6465550142", "16465550142", "+1 (646) 555-0142", "1-646-555-0142".
 * Over-inclusive by design: the caller re-checks every candidate. A string libphonenumber cannot
 * parse is searched verbatim.
 */
export function phoneSpellings(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164];
  const national = parsed.nationalNumber;
  const cc = parsed.countryCallingCode;
  const international = parsed.formatInternational();
  const nationalFormat = parsed.formatNational();
  const groups = nationalFormat.match(/\d+/g) ?? [national];
  return [
    ...new Set([
      parsed.number,
      international,
      international.replace(/\s+/g, '-'),
      nationalFormat,
      groups.join('-'),
      groups.join('.'),
      groups.join(' '),
      national,
      `${cc}${national}`,
      `+${cc} ${nationalFormat}`,
      `${cc}-${groups.join('-')}`,
    ]),
  ];
}

/**
 * The record's page in Lightning Experience: `<appUrl>/lightning/r/<Object>/<id>/view` (on a My
 * Domain instance URL this redirects to the org's lightning.force.com host)
 * (https://developer.salesforce.com/docs/platform/lwc/guide/reference-page-reference-type.html).
 */
export function lightningRecordUrl(appUrl: string, object: string, id: string): string {
  return `${appUrl.replace(/\/+$/, '')}/lightning/r/${encodeURIComponent(object)}/${encodeURIComponent(id)}/view`;
}
