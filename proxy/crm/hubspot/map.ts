/**
 * Mapping between HubSpot's native shapes and the product's: HubSpot errors → CrmError, HubSpot
 * records → NativeRecord, properties → CrmFieldInfo, an E.164 number → phone search filters, and the
 * record page URL.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CrmFieldInfo, CrmFieldType } from '../../../lib/contracts/index.ts';
import { contactPointsFrom, CrmError, type NativeRecord } from '../types.ts';
import { HubSpotErrorBody, type HubSpotObject, type HubSpotProperty, type HubSpotSearchRequest } from './schemas.ts';

const provider = 'hubspot' as const;

/** The message of a CrmError for a response body the provider could not parse. */
export const UNREADABLE_RESPONSE = 'HubSpot sent a response the proxy could not read';

/** A HubSpot response that did not fit its schema (or was not JSON) → `unknown`. */
export function unreadableResponse(cause: unknown, status?: number): CrmError {
  return new CrmError('unknown', UNREADABLE_RESPONSE, { provider, cause, ...(status ? { status } : {}) });
}

/** HubSpot could not be reached (network failure, timeout) → `unavailable`. */
export function unavailable(message: string, cause?: unknown): CrmError {
  return new CrmError('unavailable', message, { provider, cause });
}

const HOUR = 3_600_000;

/**
 * How long to wait before retrying after a 429, in ms, or undefined when unknown:
 * - the `Retry-After` header (seconds, or an HTTP date) when present;
 * - else by HubSpot's `policyName` (https://developers.hubspot.com/docs/api/usage-details):
 *   `TEN_SECONDLY_ROLLING` → 10 s, `SECONDLY` → 1 s, `DAILY` → until the next midnight UTC
 *   (HubSpot resets the daily limit at midnight in the account's time zone; UTC is the cautious
 *   stand-in when the account's zone is unknown — at most a few hours early or late).
 */
export function rateLimitWaitMs(headers: Headers, policyName: string | undefined, now: Date): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  switch (policyName?.toUpperCase()) {
    case 'TEN_SECONDLY_ROLLING':
      return 10_000;
    case 'SECONDLY':
    case 'SECONDLY_ROLLING':
      return 1_000;
    case 'DAILY': {
      const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
      return Math.max(0, Math.min(midnight - now.getTime(), 24 * HOUR));
    }
    default:
      return undefined;
  }
}

/** The first `context.propertyName` (or `context.propertyNames`) entry of an error detail. */
function propertyNameOf(context: Record<string, unknown> | undefined): string | undefined {
  const value = context?.propertyName ?? context?.propertyNames ?? context?.name;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** The vendor's reason in words: the detail messages when there are any, else the top-level message. */
function vendorReason(body: HubSpotErrorBody | null): string | undefined {
  const details = [...new Set((body?.errors ?? []).map((e) => e.message?.trim()).filter((m): m is string => !!m))];
  if (details.length > 0) return details.join('; ');
  const message = body?.message?.trim();
  return message || undefined;
}

/**
 * Maps a HubSpot error response to a CrmError (https://developers.hubspot.com/docs/faq/api-error-responses):
 * - 401/403 → `auth_expired` ("HubSpot rejected the access token", plus HubSpot's reason for a 403
 *   or an expired token);
 * - 404 → `not_found`;
 * - 409 → `duplicate`, with `existingId` from "Contact already exists. Existing ID: <n>";
 * - 400 whose `errors[].code` is PROPERTY_DOESNT_EXIST → `invalid_field` (`field` from
 *   `context.propertyName`); any other 400/422 → `validation` (`field` when HubSpot names one);
 * - 429 → `rate_limited` with `retryAfterMs` ({@link rateLimitWaitMs});
 * - 5xx → `unavailable`; anything else → `unknown`.
 * `body` is the response body as received (parsed JSON, text or undefined); it is parsed leniently.
 */
export function crmErrorFromResponse(status: number, body: unknown, headers: Headers, now: Date): CrmError {
  const parsed = HubSpotErrorBody.safeParse(body);
  const error = parsed.success ? parsed.data : null;
  const reason = vendorReason(error);
  const base = { provider, status, ...(error?.category ? { vendorCode: error.category } : {}) };

  if (status === 401 || status === 403) {
    // A 401 INVALID_AUTHENTICATION's message is generic help text; any other reason (a 403's missing
    // scope, a 401 EXPIRED_AUTHENTICATION's "The OAuth token … expired 5 minute(s) ago.") is kept.
    const generic = status === 401 && (error?.category ?? 'INVALID_AUTHENTICATION') === 'INVALID_AUTHENTICATION';
    const message =
      reason && !generic ? `HubSpot rejected the access token: ${reason}` : 'HubSpot rejected the access token';
    return new CrmError('auth_expired', message, base);
  }
  if (status === 404) return new CrmError('not_found', reason ?? 'HubSpot has no such record', base);
  if (status === 409) {
    const texts = [error?.message ?? '', ...(error?.errors ?? []).map((e) => e.message ?? '')];
    const existingId = texts.map((t) => /Existing ID:\s*(\d+)/i.exec(t)?.[1]).find((id) => id !== undefined);
    return new CrmError('duplicate', reason ?? 'HubSpot already has this record', {
      ...base,
      ...(existingId ? { existingId } : {}),
    });
  }
  if (status === 429) {
    const retryAfterMs = rateLimitWaitMs(headers, error?.policyName, now);
    return new CrmError('rate_limited', reason ?? 'HubSpot is limiting the rate of requests', {
      ...base,
      vendorCode: error?.policyName ?? error?.errorType ?? error?.category ?? 'RATE_LIMIT',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 400 || status === 422) {
    const missing = (error?.errors ?? []).find((e) => e.code === 'PROPERTY_DOESNT_EXIST');
    if (missing) {
      const field = propertyNameOf(missing.context);
      return new CrmError('invalid_field', missing.message ?? reason ?? 'HubSpot does not know this property', {
        ...base,
        vendorCode: 'PROPERTY_DOESNT_EXIST',
        ...(field ? { field } : {}),
      });
    }
    const field = (error?.errors ?? []).map((e) => propertyNameOf(e.context)).find((f) => f !== undefined);
    const code = (error?.errors ?? []).find((e) => e.code)?.code;
    return new CrmError('validation', reason ?? `HubSpot refused the request (HTTP ${status})`, {
      ...base,
      ...(code ? { vendorCode: code } : {}),
      ...(field ? { field } : {}),
    });
  }
  if (status >= 500) {
    return new CrmError('unavailable', reason ?? `HubSpot is unavailable (HTTP ${status})`, base);
  }
  return new CrmError('unknown', reason ?? `HubSpot answered HTTP ${status}`, base);
}

/**
 * The contact properties that hold an email address or a phone number: `email` and
 * `hs_additional_emails` (the secondary addresses, `;`-separated), `phone` and `mobilephone`
 * (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties,
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/v1/get-contacts-v1-secondary-email-v-id).
 * Reads ask for them all, so every record carries its `contactPoints`.
 */
export const CONTACT_POINT_PROPERTIES = {
  emails: ['email', 'hs_additional_emails'],
  phones: ['phone', 'mobilephone'],
} as const;

/** The secondary email list property (`;`-separated addresses). */
export const ADDITIONAL_EMAILS = 'hs_additional_emails';

/**
 * A HubSpot record as a NativeRecord. `requested`: the properties the caller asked for; any HubSpot
 * did not return is reported as null (HubSpot leaves out properties that have no value, and ones the
 * portal does not have). `extras`: properties the provider asked for on its own account (the
 * contact-point ones), left out of `values` unless requested. `updatedAt` is the record's
 * `updatedAt` (else `lastmodifieddate`); `contactPoints` every email and phone HubSpot returned.
 */
export function toNativeRecord(
  object: HubSpotObject,
  requested: readonly string[],
  extras: readonly string[] = [],
): NativeRecord {
  const values: Record<string, string | null> = {};
  for (const name of requested) values[name] = null;
  for (const [name, value] of Object.entries(object.properties)) {
    if (extras.includes(name) && !requested.includes(name)) continue;
    values[name] = value;
  }
  return {
    id: object.id,
    objectType: 'contact',
    values,
    updatedAt: object.updatedAt ?? object.properties.lastmodifieddate ?? null,
    contactPoints: contactPointsFrom(object.properties, CONTACT_POINT_PROPERTIES, (name, value) =>
      name === ADDITIONAL_EMAILS ? value.split(/[;,]/) : [value],
    ),
  };
}

/** HubSpot `type`/`fieldType` → the product's field type. */
function fieldType(p: HubSpotProperty): CrmFieldType {
  if (p.name === 'email' || p.fieldType === 'email') return 'email';
  if (p.type === 'phone_number' || p.fieldType === 'phonenumber') return 'phone';
  switch (p.type) {
    case 'string':
      return p.fieldType === 'textarea' || p.fieldType === 'html' ? 'text' : 'string';
    case 'number':
      return 'number';
    case 'enumeration':
      return p.fieldType === 'booleancheckbox' ? 'boolean' : 'enumeration';
    case 'bool':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'other';
  }
}

/**
 * A HubSpot property as CrmFieldInfo: `writable` unless HubSpot marks the value read-only
 * (`modificationMetadata.readOnlyValue`) or calculated; `options` (values of the visible options)
 * for enumerations (https://developers.hubspot.com/docs/api/crm/properties).
 */
export function toFieldInfo(p: HubSpotProperty): CrmFieldInfo {
  const type = fieldType(p);
  const info: CrmFieldInfo = {
    name: p.name,
    label: p.label || p.name,
    type,
    writable: !p.modificationMetadata?.readOnlyValue && !p.calculated,
  };
  if (type === 'enumeration' && p.options) info.options = p.options.filter((o) => !o.hidden).map((o) => o.value);
  return info;
}

/**
 * Search filter groups (OR-ed) that find contacts whose phone is `e164`, however it was typed:
 * - `hs_searchable_calculated_phone_number` EQ the national number's digits (HubSpot computes this
 *   property from `phone` without the country code, so it matches any spelling of a number);
 * - `phone` IN, and `mobilephone` IN, the usual spellings: "+16465550142", "+1 646 555 0142",
 *   "+1-646-555-0142", "(646) 555-0142", "646-555-0142", "646.555.0142", "6465550142", "16465550142".
 * Three groups of one filter each — well inside HubSpot's search limits (5 groups, 6 filters per
 * group, 18 in all). Over-inclusive by design: the caller re-checks every candidate. A string
 * libphonenumber cannot parse is searched verbatim on `phone`.
 */
export function phoneFilterGroups(e164: string): HubSpotSearchRequest['filterGroups'] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [{ filters: [{ propertyName: 'phone', operator: 'EQ', value: e164 }] }];
  const national = parsed.nationalNumber;
  const international = parsed.formatInternational();
  const nationalGroups = parsed.formatNational().match(/\d+/g) ?? [national];
  const spellings = [
    ...new Set([
      parsed.number,
      international,
      international.replace(/\s+/g, '-'),
      parsed.formatNational(),
      nationalGroups.join('-'),
      nationalGroups.join('.'),
      national,
      `${parsed.countryCallingCode}${national}`,
    ]),
  ];
  return [
    { filters: [{ propertyName: 'hs_searchable_calculated_phone_number', operator: 'EQ', value: national }] },
    { filters: [{ propertyName: 'phone', operator: 'IN', values: spellings }] },
    { filters: [{ propertyName: 'mobilephone', operator: 'IN', values: spellings }] },
  ];
}

/** A contact's record page: `<appUrl>/contacts/<portalId>/record/0-1/<id>` (0-1 is HubSpot's contact object type id). */
export function contactRecordUrl(appUrl: string, portalId: number, id: string): string {
  return `${appUrl.replace(/\/+$/, '')}/contacts/${portalId}/record/0-1/${encodeURIComponent(id)}`;
}
