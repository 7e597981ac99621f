/**
 * Field-aware display and comparison of values: the same rules decide what the sidebar shows, what
 * a conflict carries, and whether two values are "equal after normalisation".
 */
import type { Customer, CustomerField, FieldMapping } from '../contracts/index.ts';
import { joinName } from './names.ts';
import { emailText, foldCase, normalizeText, phoneText } from './normalize.ts';
import type { CrmValues, PlannerOptions } from './types.ts';

/**
 * Display value of one field: email trimmed and lower-cased; phone E.164 (" ext. N" kept) when it
 * parses, else its normalised text; everything else (name included) normalised text. Blank gives "".
 */
export function displayValue(field: CustomerField, value: string | null | undefined, options: PlannerOptions): string {
  switch (field) {
    case 'email':
      return emailText(value);
    case 'phone':
      return phoneText(value, options.defaultRegion);
    default:
      return normalizeText(value);
  }
}

/** The key two values of `field` are compared by: the display value, case-folded for names. */
function comparisonKey(field: CustomerField, value: string | null | undefined, options: PlannerOptions): string {
  return field === 'name' ? foldCase(value) : displayValue(field, value, options);
}

/**
 * True when two values of `field` are equal after normalisation: email case-insensitive, phone by
 * E.164 (extension included; unparseable numbers by normalised text), name case-insensitive, other
 * text case-sensitive after whitespace/NFC normalisation. Two blanks are equal; blank ≠ non-blank.
 *
 * @example valuesEqual("phone", "(415) 555-0100", "+1 415 555 0100", { defaultRegion: "US" }) === true
 */
export function valuesEqual(
  field: CustomerField,
  a: string | null | undefined,
  b: string | null | undefined,
  options: PlannerOptions,
): boolean {
  return comparisonKey(field, a, options) === comparisonKey(field, b, options);
}

/**
 * The chat (helpdesk) value of `field` as shown in the sidebar and in conflicts, or null when blank.
 * An email or phone that is not usable is still shown (as normalised text) — the planner warns about it.
 */
export function chatDisplayValue(customer: Customer, field: CustomerField, options: PlannerOptions): string | null {
  const value = displayValue(field, customer[field], options);
  return value === '' ? null : value;
}

/**
 * The CRM's value for one mapping entry as a display value ("" when blank): for a name split over
 * two CRM fields, first + last joined with one space (blank parts omitted).
 */
export function crmDisplayValue(values: CrmValues, entry: FieldMapping, options: PlannerOptions): string {
  if (entry.field === 'name' && entry.crmFields.length === 2) {
    return joinName(values[entry.crmFields[0]!], values[entry.crmFields[1]!]);
  }
  return displayValue(entry.field, values[entry.crmFields[0]!], options);
}

/**
 * A CRM record's values by canonical customer field, for the sidebar's CRM card: every mapped field
 * (any direction), name joined from first + last, blanks omitted.
 *
 * @example crmDisplayValues({ firstname: "Mary Jane", lastname: "Watson", email: "MJ@X.COM" }, mapping, opts)
 *   → { name: "Mary Jane Watson", email: "mj@x.com" }
 */
export function crmDisplayValues(
  values: CrmValues,
  mapping: readonly FieldMapping[],
  options: PlannerOptions = { defaultRegion: 'US' },
): Partial<Record<CustomerField, string>> {
  const out: Partial<Record<CustomerField, string>> = {};
  for (const entry of mapping) {
    const value = crmDisplayValue(values, entry, options);
    if (value !== '' && out[entry.field] === undefined) out[entry.field] = value;
  }
  return out;
}
