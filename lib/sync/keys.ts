/**
 * Finding the customer in the CRM: lookup keys, re-checking search candidates, and choosing one
 * record when several match.
 */
import type { Customer, FieldMapping } from '../contracts/index.ts';
import { emailText, normalizeEmail, normalizePhone } from './normalize.ts';
import type { ContactPoints, CrmValues, LookupKeys, PlannerOptions } from './types.ts';

/**
 * The customer's lookup keys: normalised email (trimmed, lower-case, plausible shape) and phone
 * (E.164 without extension, parsed with `options.defaultRegion`). Each is null when blank or unusable.
 * When both are null there is no lookup key: the proxy makes no CRM call at all.
 */
export function lookupKeys(customer: Pick<Customer, 'email' | 'phone'>, options: PlannerOptions): LookupKeys {
  return {
    email: normalizeEmail(customer.email),
    phone: normalizePhone(customer.phone, options.defaultRegion),
  };
}

/**
 * Re-checks a record a CRM search returned (CRM searches may be fuzzy, prefix-based or match other
 * phone fields): true when the record's mapped email equals `key.email` case-insensitively, or its
 * mapped phone has the same E.164 number as `key.phone` (extensions ignored: the key has none).
 *
 * `contactPoints` (optional): every email and phone the record holds besides the mapped fields (a
 * Pipedrive person's secondary entries, a Dynamics contact's `mobilephone`, …); a match on any of
 * them counts too — email case-insensitively, phone by E.164. Without it only the mapped fields count.
 *
 * Only keys that are given and usable are checked; no usable key, or nowhere to look for it, is false.
 */
export function recordMatchesKey(
  values: CrmValues,
  mapping: readonly FieldMapping[],
  key: { email?: string | null; phone?: string | null },
  options: PlannerOptions,
  contactPoints?: ContactPoints,
): boolean {
  const crmFieldOf = (field: 'email' | 'phone') => mapping.find((entry) => entry.field === field)?.crmFields[0];

  const email = normalizeEmail(key.email);
  if (email !== null) {
    const emailField = crmFieldOf('email');
    const emails = [...(emailField !== undefined ? [values[emailField]] : []), ...(contactPoints?.emails ?? [])];
    if (emails.some((value) => emailText(value) === email)) return true;
  }

  const phone = normalizePhone(key.phone, options.defaultRegion);
  if (phone !== null) {
    const phoneField = crmFieldOf('phone');
    const phones = [...(phoneField !== undefined ? [values[phoneField]] : []), ...(contactPoints?.phones ?? [])];
    if (phones.some((value) => normalizePhone(value, options.defaultRegion) === phone)) return true;
  }
  return false;
}

/**
 * True when the record holds `chatValue` (an email or phone, as the planner writes it) in any of
 * its `contactPoints` — email case-insensitively, phone by E.164 (extensions ignored). False for
 * other fields, a blank or unusable value, or no contact points.
 */
export function holdsContactPoint(
  contactPoints: ContactPoints | undefined,
  field: 'email' | 'phone',
  chatValue: string,
  options: PlannerOptions,
): boolean {
  if (!contactPoints) return false;
  if (field === 'email') {
    const email = normalizeEmail(chatValue);
    return email !== null && contactPoints.emails.some((value) => emailText(value) === email);
  }
  const phone = normalizePhone(chatValue, options.defaultRegion);
  return phone !== null && contactPoints.phones.some((value) => normalizePhone(value, options.defaultRegion) === phone);
}

/** Milliseconds since the epoch of an ISO timestamp; null when missing or unparseable. */
export function timestampMs(iso: string | null | undefined): number | null {
  if (iso == null || iso.trim() === '') return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Orders ids deterministically: all-digit ids (HubSpot "104") numerically, then any ids by code unit. */
function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Chooses one record among several matches: the most recently updated wins (`updatedAt` ISO 8601;
 * null or unparseable counts as oldest). Ties go to the smallest id (numerically for all-digit ids),
 * so the choice never depends on the order the CRM returned them in.
 *
 * @returns the chosen record and the others (most recent first, for the `multiple_matches` warning),
 *   or null when there are no candidates. Does not mutate `candidates`.
 */
export function chooseMatch<T extends { id: string; updatedAt: string | null }>(
  candidates: readonly T[],
): { chosen: T; others: T[] } | null {
  const sorted = [...candidates].sort((a, b) => {
    const ta = timestampMs(a.updatedAt) ?? Number.NEGATIVE_INFINITY;
    const tb = timestampMs(b.updatedAt) ?? Number.NEGATIVE_INFINITY;
    if (ta !== tb) return tb > ta ? 1 : -1;
    return compareIds(a.id, b.id);
  });
  const [chosen, ...others] = sorted;
  return chosen === undefined ? null : { chosen, others };
}
