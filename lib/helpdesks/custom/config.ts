/**
 * The custom helpdesk a team lead configures without code: which pages (a match pattern), how the
 * ticket id is found in their address, and which CSS selectors (or mailto:/tel: links) hold the
 * customer's name, email, phone and company.
 *
 * The configuration is saved in `storage.local` under `customHelpdesk` (lib/helpdesks/custom/storage.ts),
 * read by the content script (which builds the `custom` adapter from it), the toolbar popup ("Test on
 * this page") and the background (which registers the sidebar's content script for the pattern).
 *
 * Validation happens in layers:
 * - {@link CustomHelpdeskConfig} (zod): shape, lengths, the match pattern's syntax and the ticket-id
 *   regular expression — usable anywhere, including the service worker;
 * - {@link validateCustomHelpdeskForm}: everything above, plus CSS selector syntax (needs a DOM, so the
 *   options page passes a checker) and overlap with the helpdesks the sidebar already supports; every
 *   problem names its field, for the options page to show next to it.
 *
 * Match patterns: https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns
 */
import { z } from 'zod';
import { MatchPattern } from 'wxt/utils/match-patterns';

/** The customer fields a custom helpdesk can read, in display order. */
export const CUSTOM_FIELDS = ['name', 'email', 'phone', 'company'] as const;
export type CustomField = (typeof CUSTOM_FIELDS)[number];

/** The words the options page and the popup use for each field. */
export const CUSTOM_FIELD_LABELS: Record<CustomField, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
};

/** Most selectors in one field's fallback list. */
export const MAX_SELECTORS_PER_FIELD = 10;
/** Longest selector, regular expression or pattern accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 500;
/** Longest helpdesk name, in characters. */
export const MAX_NAME_LENGTH = 60;

/** Why a match pattern is not usable, in words that fit after "URL pattern: ". */
export type PatternProblem = string;

const HOST_CHARS = /^[a-z0-9.-]+$/;

/**
 * Checks a match pattern against Chrome's rules for http(s) pages
 * (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns): `<scheme>://<host><path>`
 * with scheme `https`, `http` or `*`; host a name, optionally starting with `*.` for its subdomains
 * (a bare `*`, i.e. every website, is refused); no port (a pattern already matches every port); a path
 * starting with `/`. Returns null when the pattern is usable, else the problem in words.
 */
export function matchPatternProblem(pattern: string): PatternProblem | null {
  const value = pattern.trim();
  if (value === '') return 'enter the address of your ticket pages, for example https://support.example.com/tickets/*.';
  if (value === '<all_urls>') return '<all_urls> matches every website; name your helpdesk’s address instead.';
  if (/\s/.test(value)) return 'a match pattern cannot contain spaces.';
  const parts = /^([^:/]*):\/\/([^/]*)(\/.*)?$/.exec(value);
  if (!parts) return `“${value}” is not a match pattern; write it like https://support.example.com/tickets/*.`;
  const [, scheme = '', host = '', path] = parts;
  if (!['https', 'http', '*'].includes(scheme.toLowerCase())) {
    return `a match pattern for web pages starts with https://, http:// or *:// (not ${scheme || 'nothing'}://).`;
  }
  if (host === '') return 'the pattern names no host; write it like https://support.example.com/tickets/*.';
  if (host === '*')
    return 'a host of * matches every website; name your helpdesk’s host (*.example.com for its subdomains).';
  if (/:\d*$/.test(host)) return 'leave out the port: the pattern already matches every port of the host.';
  const bare = host.startsWith('*.') ? host.slice(2) : host;
  if (bare.includes('*')) return 'a * in the host may only come first, followed by a dot, as in *.example.com.';
  if (!HOST_CHARS.test(bare.toLowerCase()) || bare.startsWith('.') || bare.endsWith('.') || bare.includes('..')) {
    return `“${host}” is not a host name.`;
  }
  if (path === undefined) return 'add a path after the host, for example /tickets/* (or /* for every page).';
  try {
    new MatchPattern(normalizeMatchPattern(value));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return null;
}

/**
 * The pattern as it is saved: scheme and host in lower case (both are case-insensitive), the path as
 * typed. Call only on a pattern {@link matchPatternProblem} accepts.
 */
export function normalizeMatchPattern(pattern: string): string {
  const value = pattern.trim();
  const parts = /^([^:/]*):\/\/([^/]*)(\/.*)$/.exec(value);
  if (!parts) return value;
  const [, scheme = '', host = '', path = ''] = parts;
  return `${scheme.toLowerCase()}://${host.toLowerCase()}${path}`;
}

/**
 * The host permission a pattern needs: the same scheme and host with the path `/*` (paths are ignored
 * by host permissions). `https://support.example.com/tickets/*` → `https://support.example.com/*`.
 * https://developer.chrome.com/docs/extensions/develop/concepts/declare-permissions#host-permissions
 */
export function originPattern(pattern: string): string {
  const parts = /^([^:/]*):\/\/([^/]*)/.exec(pattern.trim());
  if (!parts) throw new Error(`Not a match pattern: ${pattern}`);
  return `${(parts[1] ?? '').toLowerCase()}://${(parts[2] ?? '').toLowerCase()}/*`;
}

/** How many capture groups a regular expression has (named groups count too). */
function captureGroups(source: string): number {
  // Alternation with the empty string always matches, and the match array has one slot per group.
  return (new RegExp(`(?:${source})|`).exec('')?.length ?? 1) - 1;
}

/**
 * Checks the "Ticket id from the URL" expression: blank (the default rule), or a JavaScript regular
 * expression with exactly one capture group. Returns null when usable, else the problem in words.
 */
export function ticketIdPatternProblem(source: string): string | null {
  if (source.trim() === '') return null;
  try {
    new RegExp(source);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    return `“${source}” is not a valid regular expression (${why}).`;
  }
  const groups = captureGroups(source);
  if (groups !== 1) {
    return `the expression needs exactly one capture group — the part in ( ) that is the ticket id — and “${source}” has ${groups}.`;
  }
  return null;
}

const Expression = z.string().max(MAX_EXPRESSION_LENGTH, `is longer than ${MAX_EXPRESSION_LENGTH} characters`);

/** One field's selectors, tried in order (a fallback list). */
export const SelectorList = z
  .array(z.string().trim().min(1, 'a selector is empty').max(MAX_EXPRESSION_LENGTH))
  .max(MAX_SELECTORS_PER_FIELD, `at most ${MAX_SELECTORS_PER_FIELD} selectors per field`);

/**
 * A saved custom helpdesk (version 1):
 * - `name`: the helpdesk's name, shown in the sidebar ("From Acme Help") and its messages;
 * - `urlPattern`: match pattern of the ticket pages (normalised: scheme and host in lower case);
 * - `ticketIdPattern`: regular expression with one capture group, matched against the page's whole
 *   address (`location.href`); blank = the last path segment that is not a literal part of the pattern;
 * - `customerArea`: optional CSS selector of the part of the page that shows the customer; when set,
 *   fields and links are looked for inside it only;
 * - `selectors`: per field, CSS selectors tried in order (the first that finds a usable text wins);
 * - `useLinks`: also read the email from the first `mailto:` link and the phone from the first `tel:`
 *   link (after that field's selectors).
 */
export const CustomHelpdeskConfig = z
  .object({
    version: z.literal(1),
    name: z.string().trim().min(1, 'enter a name').max(MAX_NAME_LENGTH),
    urlPattern: z.string().trim(),
    ticketIdPattern: Expression,
    customerArea: Expression,
    selectors: z.object({
      name: SelectorList,
      email: SelectorList,
      phone: SelectorList,
      company: SelectorList,
    }),
    useLinks: z.boolean(),
  })
  .superRefine((config, ctx) => {
    const pattern = matchPatternProblem(config.urlPattern);
    if (pattern) ctx.addIssue({ code: 'custom', path: ['urlPattern'], message: pattern });
    const ticketId = ticketIdPatternProblem(config.ticketIdPattern);
    if (ticketId) ctx.addIssue({ code: 'custom', path: ['ticketIdPattern'], message: ticketId });
    const { name, email, phone } = config.selectors;
    if (name.length + email.length + phone.length === 0 && !config.useLinks) {
      ctx.addIssue({ code: 'custom', path: ['selectors'], message: IDENTITY_REQUIRED });
    }
  })
  .transform((config) => ({ ...config, urlPattern: normalizeMatchPattern(config.urlPattern) }));
export type CustomHelpdeskConfig = z.infer<typeof CustomHelpdeskConfig>;

const IDENTITY_REQUIRED =
  'give at least one selector for Name, Email or Phone, or use mailto: and tel: links — without them the sidebar cannot tell who the customer is.';

/** The options page's form fields, each of which a validation problem can point at. */
export const FORM_FIELDS = [
  'name',
  'urlPattern',
  'ticketIdPattern',
  'customerArea',
  'selectors.name',
  'selectors.email',
  'selectors.phone',
  'selectors.company',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** The labels of the form fields, as the options page shows them (problems start with these). */
export const FORM_FIELD_LABELS: Record<FormField, string> = {
  name: 'Helpdesk name',
  urlPattern: 'URL pattern',
  ticketIdPattern: 'Ticket id from the URL',
  customerArea: 'Customer area',
  'selectors.name': CUSTOM_FIELD_LABELS.name,
  'selectors.email': CUSTOM_FIELD_LABELS.email,
  'selectors.phone': CUSTOM_FIELD_LABELS.phone,
  'selectors.company': CUSTOM_FIELD_LABELS.company,
};

/** What the team lead typed: selectors as text, one per line. */
export interface CustomHelpdeskForm {
  name: string;
  urlPattern: string;
  ticketIdPattern: string;
  customerArea: string;
  selectors: Record<CustomField, string>;
  useLinks: boolean;
}

/** The form of a fresh install: nothing but sensible defaults. */
export const EMPTY_FORM: CustomHelpdeskForm = {
  name: 'Custom helpdesk',
  urlPattern: '',
  ticketIdPattern: '',
  customerArea: '',
  selectors: { name: '', email: '', phone: '', company: '' },
  useLinks: true,
};

/** One problem with the form: the field it is about and the full sentence ("Email: “a[” is not …"). */
export interface FormProblem {
  field: FormField | null;
  message: string;
}

export type FormValidation = { ok: true; config: CustomHelpdeskConfig } | { ok: false; problems: FormProblem[] };

/** Splits a selector textarea into its lines, trimmed, blank lines dropped. */
export function selectorLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The form showing a saved configuration. */
export function formFromConfig(config: CustomHelpdeskConfig): CustomHelpdeskForm {
  return {
    name: config.name,
    urlPattern: config.urlPattern,
    ticketIdPattern: config.ticketIdPattern,
    customerArea: config.customerArea,
    selectors: {
      name: config.selectors.name.join('\n'),
      email: config.selectors.email.join('\n'),
      phone: config.selectors.phone.join('\n'),
      company: config.selectors.company.join('\n'),
    },
    useLinks: config.useLinks,
  };
}

/** True when `selector` is valid CSS selector syntax for the given document (default: a DOM check). */
export type SelectorCheck = (selector: string) => boolean;

/** A selector check for any context with a DOM: `querySelector` throws a SyntaxError on invalid syntax. */
export function domSelectorCheck(doc: Document): SelectorCheck {
  const fragment = doc.createDocumentFragment();
  return (selector) => {
    try {
      fragment.querySelector(selector);
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * The helpdesk a pattern overlaps among `builtIn` (WebExtension match patterns of the adapters that
 * ship with the extension, with their labels), or null. The sidebar already runs on those pages; a
 * custom helpdesk there would mount a second sidebar.
 */
export function builtInOverlap(
  pattern: string,
  builtIn: readonly { label: string; matches: readonly string[] }[],
): string | null {
  const parts = /^[^:/]*:\/\/([^/]*)/.exec(pattern.trim());
  if (!parts?.[1]) return null;
  const host = parts[1].toLowerCase();
  const bare = host.startsWith('*.') ? host.slice(2) : host;
  const samples = host.startsWith('*.') ? [bare, `tenant.${bare}`] : [bare];
  for (const adapter of builtIn) {
    for (const match of adapter.matches) {
      const hostOnly = /^([^:/]*):\/\/([^/]*)/.exec(match);
      if (!hostOnly) continue;
      let candidate: MatchPattern;
      try {
        candidate = new MatchPattern(`https://${hostOnly[2]}/*`);
      } catch {
        continue;
      }
      if (samples.some((sample) => candidate.includes(`https://${sample}/`))) return adapter.label;
    }
  }
  return null;
}

/**
 * Validates the form into a configuration, or lists every problem with the field it belongs to.
 * `checkSelector` validates CSS syntax (pass {@link domSelectorCheck} where a DOM exists); `builtIn`
 * lists the adapters that ship with the extension, whose pages a custom helpdesk may not claim.
 */
export function validateCustomHelpdeskForm(
  form: CustomHelpdeskForm,
  options: { checkSelector?: SelectorCheck; builtIn?: readonly { label: string; matches: readonly string[] }[] } = {},
): FormValidation {
  const problems: FormProblem[] = [];
  const add = (field: FormField | null, why: string) =>
    problems.push({ field, message: field ? `${FORM_FIELD_LABELS[field]}: ${why}` : capitalise(why) });

  const name = form.name.trim();
  if (name === '') add('name', 'enter a name, for example Acme Support.');
  else if (name.length > MAX_NAME_LENGTH) add('name', `keep it under ${MAX_NAME_LENGTH} characters.`);

  const patternProblem = matchPatternProblem(form.urlPattern);
  if (patternProblem) add('urlPattern', patternProblem);
  else if (form.urlPattern.trim().length > MAX_EXPRESSION_LENGTH) {
    add('urlPattern', `keep it under ${MAX_EXPRESSION_LENGTH} characters.`);
  } else if (options.builtIn) {
    const overlap = builtInOverlap(form.urlPattern, options.builtIn);
    if (overlap)
      add('urlPattern', `these are ${overlap} pages, where the sidebar already works without a custom helpdesk.`);
  }

  const ticketProblem = ticketIdPatternProblem(form.ticketIdPattern);
  if (ticketProblem) add('ticketIdPattern', ticketProblem);
  else if (form.ticketIdPattern.length > MAX_EXPRESSION_LENGTH) {
    add('ticketIdPattern', `keep it under ${MAX_EXPRESSION_LENGTH} characters.`);
  }

  const checkSelector = options.checkSelector ?? (() => true);
  const area = form.customerArea.trim();
  if (area !== '' && !checkSelector(area)) add('customerArea', `“${area}” is not a valid CSS selector.`);
  else if (area.length > MAX_EXPRESSION_LENGTH)
    add('customerArea', `keep it under ${MAX_EXPRESSION_LENGTH} characters.`);

  const selectors = {} as Record<CustomField, string[]>;
  for (const field of CUSTOM_FIELDS) {
    const formField = `selectors.${field}` as const;
    const lines = selectorLines(form.selectors[field]);
    selectors[field] = lines;
    const invalid = lines.find((line) => !checkSelector(line));
    if (invalid !== undefined) add(formField, `“${invalid}” is not a valid CSS selector.`);
    else if (lines.length > MAX_SELECTORS_PER_FIELD) {
      add(formField, `at most ${MAX_SELECTORS_PER_FIELD} selectors, one per line.`);
    } else if (lines.some((line) => line.length > MAX_EXPRESSION_LENGTH)) {
      add(formField, `keep each selector under ${MAX_EXPRESSION_LENGTH} characters.`);
    }
  }
  if (selectors.name.length + selectors.email.length + selectors.phone.length === 0 && !form.useLinks) {
    add(null, IDENTITY_REQUIRED);
  }
  if (problems.length > 0) return { ok: false, problems };

  const parsed = CustomHelpdeskConfig.safeParse({
    version: 1,
    name,
    urlPattern: form.urlPattern.trim(),
    ticketIdPattern: form.ticketIdPattern.trim(),
    customerArea: area,
    selectors,
    useLinks: form.useLinks,
  });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ field: null, message: describeConfigIssue(issue) })),
    };
  }
  return { ok: true, config: parsed.data };
}

/** A zod issue of {@link CustomHelpdeskConfig} as a sentence naming its field. */
export function describeConfigIssue(issue: z.core.$ZodIssue): string {
  const [first, second] = issue.path.map(String);
  const key = (second && first === 'selectors' ? `selectors.${second}` : first) as FormField | undefined;
  const label = key && key in FORM_FIELD_LABELS ? FORM_FIELD_LABELS[key] : issue.path.join('.') || 'Custom helpdesk';
  return `${label}: ${issue.message}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
