/**
 * Person names between a helpdesk (one "name" string) and a CRM with separate first/last fields.
 */
import { normalizeText } from './normalize.ts';

/** A name split for a CRM with first-name and last-name fields. Either part may be "". */
export interface NameParts {
  first: string;
  last: string;
}

/**
 * Splits a full name for a CRM with two name fields: the LAST word is the last name, the rest the
 * first name. Text is normalised first (NFC, whitespace collapsed), so Unicode names stay intact.
 *
 * @example splitName("Mary Jane Watson") → { first: "Mary Jane", last: "Watson" }
 * @example splitName("Cher") → { first: "", last: "Cher" }
 * @example splitName("  ") → { first: "", last: "" }
 */
export function splitName(full: string | null | undefined): NameParts {
  const name = normalizeText(full);
  if (name === '') return { first: '', last: '' };
  const cut = name.lastIndexOf(' ');
  if (cut < 0) return { first: '', last: name };
  return { first: name.slice(0, cut), last: name.slice(cut + 1) };
}

/**
 * Joins a CRM's first and last name into one display name: each part normalised, blank parts
 * omitted, one space between. `joinName(" Mary ", null) === "Mary"`; both blank gives "".
 */
export function joinName(first: string | null | undefined, last: string | null | undefined): string {
  return [normalizeText(first), normalizeText(last)].filter((part) => part !== '').join(' ');
}
