/**
 * Reading a custom helpdesk's page with the team lead's selectors: for each field, the selectors are
 * tried in order, then (for email and phone, when allowed) the first `mailto:` / `tel:` link; the
 * first usable text wins. Only text is read (`textContent`, or the value of a form field), never
 * HTML; whitespace runs collapse to one space and the ends are trimmed.
 *
 * The result says, per field, what was read and which selector found it, and what every other
 * selector found (nothing, blank text, text that is not an email address, ...), so the sidebar can
 * say exactly which selectors found nothing and "Test on this page" can show the team lead why.
 */
import { z } from 'zod';
import { FIELD_MAX_LENGTH } from '../../contracts/customer.ts';
import { CUSTOM_FIELD_LABELS, CUSTOM_FIELDS, type CustomField, type CustomHelpdeskConfig } from './config.ts';

/** What one selector (or the page's links) gave for a field. */
export const ATTEMPT_OUTCOMES = [
  'matched',
  'no_match',
  'blank',
  'invalid_selector',
  'not_email',
  'not_phone',
  'too_long',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** The source name used for the page's links in attempts and messages. */
export const LINK_SOURCES = { email: 'mailto: links', phone: 'tel: links' } as const;

/** Longest sample of a rejected text kept in an attempt, in characters. */
const SAMPLE_LENGTH = 80;

/** One try: the selector (or "mailto: links" / "tel: links"), what it gave, and a sample of rejected text. */
export const FieldAttempt = z.object({
  source: z.string(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  sample: z
    .string()
    .max(SAMPLE_LENGTH + 1)
    .optional(),
});
export type FieldAttempt = z.infer<typeof FieldAttempt>;

/**
 * One field's reading: the value (null when nothing usable was found), the source that found it, and
 * every attempt in order. `configured` is false when the field has no selectors and no links to use.
 */
export const FieldReading = z.object({
  field: z.enum(CUSTOM_FIELDS),
  value: z.string().nullable(),
  matchedBy: z.string().nullable(),
  attempts: z.array(FieldAttempt),
  configured: z.boolean(),
});
export type FieldReading = z.infer<typeof FieldReading>;

/**
 * The whole page's reading. `area` is the configured customer area and whether the page has it
 * (null: the whole page is searched).
 */
export const PageReading = z.object({
  area: z.object({ selector: z.string(), found: z.boolean() }).nullable(),
  fields: z.object({
    name: FieldReading,
    email: FieldReading,
    phone: FieldReading,
    company: FieldReading,
  }),
});
export type PageReading = z.infer<typeof PageReading>;

/** Visible text of an element: the value of a form field, else its text content; whitespace collapsed. */
function elementText(el: Element): string {
  const isField = el.tagName === 'INPUT' || el.tagName === 'TEXTAREA';
  const raw = isField ? (el as HTMLInputElement | HTMLTextAreaElement).value : (el.textContent ?? '');
  return raw.replace(/\s+/g, ' ').trim();
}

/** One email address anywhere in a text (characters an address cannot hold delimit it). */
const EMAIL_IN_TEXT = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:.]+/g;
const EMAIL_EXACT = /^[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:.]+$/;

/**
 * The email address in `text`: the text itself when it is one, else the only address inside it
 * ("Email: jane@example.com"); null when there is none or more than one.
 */
export function emailIn(text: string): string | null {
  if (EMAIL_EXACT.test(text)) return text;
  const found = text.match(EMAIL_IN_TEXT) ?? [];
  return found.length === 1 ? (found[0] ?? null) : null;
}

const PHONE_EXACT = /^\+?[\d(][\d\s().\-/]*\d(?:\s*(?:ext\.?|x|#)\s*\d+)?$/i;
const PHONE_IN_TEXT = /\+?\(?\d[\d\s().\-/]{5,}\d(?:\s*(?:ext\.?|x|#)\s*\d+)?/gi;
const digits = (text: string) => text.replace(/\D/g, '').length;

/**
 * The phone number in `text`: the text itself when it is one (digits, spaces, `+ ( ) . - /`, an
 * optional extension; at least 5 digits), else the only number of 7+ digits inside it
 * ("Phone: +1 212 555 0199"); null otherwise.
 */
export function phoneIn(text: string): string | null {
  if (PHONE_EXACT.test(text) && digits(text) >= 5) return text;
  const found = (text.match(PHONE_IN_TEXT) ?? []).map((m) => m.trim()).filter((m) => digits(m) >= 7);
  return found.length === 1 ? (found[0] ?? null) : null;
}

/** The address of a `mailto:` link (the first recipient, decoded), or null. */
export function mailtoAddress(href: string): string | null {
  const value = href.trim();
  if (!/^mailto:/i.test(value)) return null;
  const recipients = value.slice('mailto:'.length).split('?')[0] ?? '';
  const first = recipients.split(',')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(first).trim();
  } catch {
    return null;
  }
  return EMAIL_EXACT.test(decoded) ? decoded : null;
}

/** The number of a `tel:` link (decoded, parameters such as `;ext=` kept as an extension), or null. */
export function telNumber(href: string): string | null {
  const value = href.trim();
  if (!/^tel:/i.test(value)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value.slice('tel:'.length)).trim();
  } catch {
    return null;
  }
  const [number = '', ...params] = decoded.split(';');
  const ext = params.find((p) => /^ext=\d+$/i.test(p));
  const text = ext ? `${number} ext. ${ext.slice(4)}` : number;
  return phoneIn(text) === text ? text : null;
}

function sample(text: string): string {
  return text.length > SAMPLE_LENGTH ? `${text.slice(0, SAMPLE_LENGTH)}…` : text;
}

/** Turns an element's text into the field's value, or says why it is not usable. */
function accept(field: CustomField, text: string): { value: string } | { outcome: AttemptOutcome } {
  if (text === '') return { outcome: 'blank' };
  let value: string | null = text;
  if (field === 'email') {
    value = emailIn(text);
    if (value === null) return { outcome: 'not_email' };
  } else if (field === 'phone') {
    value = phoneIn(text);
    if (value === null) return { outcome: 'not_phone' };
  }
  if (value.length > FIELD_MAX_LENGTH[field]) return { outcome: 'too_long' };
  return { value };
}

function readField(root: ParentNode | null, config: CustomHelpdeskConfig, field: CustomField): FieldReading {
  const selectors = config.selectors[field];
  const linkKind = config.useLinks && (field === 'email' || field === 'phone') ? field : null;
  const attempts: FieldAttempt[] = [];
  const reading = (value: string | null, matchedBy: string | null): FieldReading => ({
    field,
    value,
    matchedBy,
    attempts,
    configured: selectors.length > 0 || linkKind !== null,
  });

  for (const selector of selectors) {
    if (!root) {
      attempts.push({ source: selector, outcome: 'no_match' });
      continue;
    }
    let elements: Element[];
    try {
      elements = [...root.querySelectorAll(selector)];
    } catch {
      attempts.push({ source: selector, outcome: 'invalid_selector' });
      continue;
    }
    if (elements.length === 0) {
      attempts.push({ source: selector, outcome: 'no_match' });
      continue;
    }
    // Every element the selector matches is a candidate, in document order: the first usable wins,
    // so "dd" finds the email even when an earlier dd holds something else.
    let rejected: { outcome: AttemptOutcome; text: string } | null = null;
    for (const el of elements) {
      const text = elementText(el);
      const verdict = accept(field, text);
      if ('value' in verdict) {
        attempts.push({ source: selector, outcome: 'matched' });
        return reading(verdict.value, selector);
      }
      if (!rejected || (rejected.outcome === 'blank' && verdict.outcome !== 'blank')) {
        rejected = { outcome: verdict.outcome, text };
      }
    }
    if (rejected) {
      attempts.push({
        source: selector,
        outcome: rejected.outcome,
        ...(rejected.text ? { sample: sample(rejected.text) } : {}),
      });
    }
  }

  if (linkKind) {
    const source = LINK_SOURCES[linkKind];
    const anchors = root ? [...root.querySelectorAll('a[href]')] : [];
    for (const anchor of anchors) {
      const href = anchor.getAttribute('href') ?? '';
      const value = linkKind === 'email' ? mailtoAddress(href) : telNumber(href);
      if (value !== null && value.length <= FIELD_MAX_LENGTH[field]) {
        attempts.push({ source, outcome: 'matched' });
        return reading(value, source);
      }
    }
    attempts.push({ source, outcome: 'no_match' });
  }
  return reading(null, null);
}

/**
 * Reads every field of `config` from `doc` (inside the customer area when one is configured).
 * Never throws: an invalid selector is an attempt with outcome `invalid_selector`.
 */
export function readPage(doc: Document, config: CustomHelpdeskConfig): PageReading {
  let root: ParentNode | null = doc;
  let area: PageReading['area'] = null;
  if (config.customerArea !== '') {
    try {
      root = doc.querySelector(config.customerArea);
    } catch {
      root = null;
    }
    area = { selector: config.customerArea, found: root !== null };
  }
  return {
    area,
    fields: {
      name: readField(root, config, 'name'),
      email: readField(root, config, 'email'),
      phone: readField(root, config, 'phone'),
      company: readField(root, config, 'company'),
    },
  };
}

/** True when every configured field has a value (nothing more will turn up by waiting). */
export function isComplete(reading: PageReading): boolean {
  return CUSTOM_FIELDS.every((field) => !reading.fields[field].configured || reading.fields[field].value !== null);
}

/** True when at least one field has a value. */
export function foundAnything(reading: PageReading): boolean {
  return CUSTOM_FIELDS.some((field) => reading.fields[field].value !== null);
}

/** "Email (.email, mailto: links)": a field and the sources it tried, for messages. */
export function describeSources(reading: FieldReading): string {
  const sources = reading.attempts.map((a) => a.source);
  return sources.length > 0
    ? `${CUSTOM_FIELD_LABELS[reading.field]} (${sources.join(', ')})`
    : CUSTOM_FIELD_LABELS[reading.field];
}

/** "a, b or c" / "a and b" style joining for sentences. */
export function listInWords(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
