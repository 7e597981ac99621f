/**
 * Normalisers for the values the planner compares and writes: free text, email addresses and phone
 * numbers. Pure functions, no I/O; safe to import from the proxy and from the extension.
 *
 * Phone numbers are parsed with libphonenumber-js (default, "min" metadata) — never by hand.
 * https://gitlab.com/catamphetamine/libphonenumber-js#readme
 */
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

/** Characters that render as nothing and are dropped before comparing (zero-width space, word joiner,
 * Mongolian vowel separator, byte-order mark). ZWJ/ZWNJ are kept: they change how some scripts render. */
const INVISIBLE = /[\u180e\u200b\u2060\ufeff]/gu;
/** Runs of whitespace, Unicode-aware: JS `\s` covers NBSP, U+2000–U+200A, U+3000, line separators… */
const WHITESPACE_RUN = /\s+/gu;

/**
 * Normalises free text for comparing and writing: Unicode NFC, invisible characters removed, every
 * run of whitespace (including NBSP and other Unicode spaces) collapsed to one space, then trimmed.
 * Blank input (null, undefined, "", whitespace-only) gives "".
 *
 * @example normalizeText("  Acme\u00a0 Corp\n") === "Acme Corp"
 */
export function normalizeText(value: string | null | undefined): string {
  if (value == null) return '';
  return value.normalize('NFC').replace(INVISIBLE, '').replace(WHITESPACE_RUN, ' ').trim();
}

/** True for null, undefined, "" and whitespace-only strings (NBSP and other Unicode spaces included). */
export function isBlank(value: string | null | undefined): boolean {
  return normalizeText(value) === '';
}

/** Case folding used wherever the rules say "case-insensitive": locale-independent lower case of the
 * normalised text, so the result never depends on the machine's locale. */
export function foldCase(value: string | null | undefined): string {
  return normalizeText(value).toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// Email
// ---------------------------------------------------------------------------------------------------

/** Characters that never appear in a plausible address outside quoted local parts (which CRMs refuse). */
const EMAIL_SHAPE = /^[^\s@<>()[\]\\,;:"]+@(?:[^\s@<>()[\]\\,;:".]+\.)+[^\s@<>()[\]\\,;:".]{2,}$/u;

/**
 * Email as text: trimmed, a leading `mailto:` dropped, lower-cased. Does not check the shape; used to
 * compare and display values (a CRM may hold an address we would not write). Blank gives "".
 */
export function emailText(value: string | null | undefined): string {
  return normalizeText(value)
    .replace(/^mailto:/iu, '')
    .toLowerCase();
}

/**
 * True when `email` (already trimmed) has a plausible `local@domain.tld` shape: one `@`, no spaces,
 * brackets, commas or quotes, and a dotted domain whose last label has at least two characters.
 * Deliberately not a full RFC 5322 check — CRMs refuse the exotic forms anyway.
 */
export function isPlausibleEmail(email: string): boolean {
  return EMAIL_SHAPE.test(email) && !email.includes('..');
}

/**
 * Normalised email for lookups and writes: trimmed, `mailto:` dropped, lower-cased; null when blank or
 * when it lacks a plausible `local@domain` shape (such a value is neither a lookup key nor written).
 *
 * @example normalizeEmail(" PRIYA.PATEL@Example.com ") === "priya.patel@example.com"
 */
export function normalizeEmail(value: string | null | undefined): string | null {
  const email = emailText(value);
  return email !== '' && isPlausibleEmail(email) ? email : null;
}

// ---------------------------------------------------------------------------------------------------
// Phone
// ---------------------------------------------------------------------------------------------------

/** A phone number as the planner understands it. `e164` never carries the extension. */
export interface ParsedPhone {
  /** E.164, e.g. "+14155550100". */
  e164: string;
  /** Extension digits ("123" for "x123"), or null. */
  ext: string | null;
  /** The canonical value compared and written: `e164`, plus " ext. 123" when there is an extension. */
  canonical: string;
}

/** Maps a team's region setting ("US", "gb") to a libphonenumber-js country code, or undefined when
 * the value is not a supported ISO 3166-1 alpha-2 region (then only numbers with "+" parse). */
function toCountry(region: string | null | undefined): CountryCode | undefined {
  const code = (region ?? '').trim().toUpperCase();
  return code !== '' && isSupportedCountry(code) ? code : undefined;
}

/**
 * Parses a phone number written in any common way — "(415) 555-0100", "415.555.0100",
 * "+1 415 555 0100", "tel:+1-415-555-0100", "020 7946 0958" with region GB — using `region` for
 * numbers without a country code. An explicit "+CC" always wins over the region.
 *
 * Returns null when blank or when the number is not a valid number for its country per
 * libphonenumber-js (`isValid()`): "12", "555-0100", "+1 000 000 0000" and similar placeholders are
 * rejected, so they never become lookup keys that would match unrelated records.
 *
 * Extensions ("x123", "ext. 123", "#123", ";ext=123") are kept separately: E.164 has no room for them.
 */
export function parsePhone(value: string | null | undefined, region: string | null | undefined): ParsedPhone | null {
  const text = normalizeText(value);
  if (text === '') return null;
  const parsed = parsePhoneNumberFromString(text, toCountry(region));
  if (!parsed?.isValid()) return null;
  const e164 = parsed.number;
  const ext = parsed.ext ? String(parsed.ext) : null;
  return { e164, ext, canonical: ext ? `${e164} ext. ${ext}` : e164 };
}

/**
 * E.164 form of a phone number ("+14155550100"), without any extension; null when blank or not a
 * valid number (see `parsePhone`). This is the phone lookup key.
 *
 * @example normalizePhone("(415) 555-0100", "US") === "+14155550100"
 * @example normalizePhone("020 7946 0958", "GB") === "+442079460958"
 */
export function normalizePhone(value: string | null | undefined, region: string): string | null {
  return parsePhone(value, region)?.e164 ?? null;
}

/**
 * Phone as compared, displayed and written: E.164 (with " ext. 123" when the number has an
 * extension) when it parses as a valid number, else its normalised text (so an unreadable CRM value
 * still compares — and differs — as text). Blank gives "".
 */
export function phoneText(value: string | null | undefined, region: string): string {
  return parsePhone(value, region)?.canonical ?? normalizeText(value);
}
