/**
 * The custom helpdesk adapter (id `custom`): a helpdesk a team lead configured in the options page
 * with a URL pattern and CSS selectors (lib/helpdesks/custom/config.ts), for in-house or niche
 * helpdesks the extension has no adapter for.
 *
 * Unlike the built-in adapters it is not a constant: `createCustomAdapter(config)` builds it from the
 * saved configuration, and the content script adds it to the registry's adapters when one is saved
 * (`pageAdapters` in lib/helpdesks/custom/storage.ts). The background registers the sidebar's content
 * script for the configured pattern (entrypoints/background/custom-helpdesk.ts).
 *
 * - `detect(url)`: the page must match the pattern; the ticket id comes from the configured regular
 *   expression (its one capture group, matched against the whole address) or, by default, from the
 *   last path segment that the pattern does not spell out (`/tickets/*` + `/tickets/1001` → `1001`);
 *   `account` is the page's host.
 * - `readCustomer`: reads the page's DOM (text only) with the selectors. Pages that render the
 *   customer after load are waited for: the read settles as soon as every configured field has a
 *   value, or once something was found and the page has been quiet for a moment, or after a timeout.
 *   The customer `id` is a stable key: the email, else the phone, else the name.
 */
import { MatchPattern } from 'wxt/utils/match-patterns';
import { CUSTOM_FIELDS, type CustomHelpdeskConfig } from './custom/config.ts';
import { describeSources, foundAnything, isComplete, listInWords, type PageReading, readPage } from './custom/read.ts';
import type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadResult } from './types.ts';
import { customerRead, DEFAULT_TICKET_WORDS, readError } from './types.ts';

/** Longest ticket id accepted from an address, in characters. */
export const MAX_TICKET_ID_LENGTH = 128;
/** Longest customer id (the contract's limit); longer keys are hashed. */
const MAX_CUSTOMER_ID_LENGTH = 128;

/** Timing of `readCustomer` on pages that render the customer late. */
export interface CustomReadTiming {
  /** Give up waiting for the page after this many ms and read what is there (default 5000). */
  timeoutMs?: number;
  /** Once something was found, settle after the page has not changed for this many ms (default 300). */
  quietMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_QUIET_MS = 300;

/** Path segments of a pattern's path that are spelled out (contain no `*`). */
function literalSegments(pattern: string): Set<string> {
  const path = /^[^:/]*:\/\/[^/]*(\/.*)$/.exec(pattern)?.[1] ?? '/';
  return new Set(
    path
      .split(/[/?#]/)
      .filter((segment) => segment !== '' && !segment.includes('*'))
      .map((segment) => segment.toLowerCase()),
  );
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The ticket id in `url` by the configuration's rule, or null: the first capture group of
 * `ticketIdPattern` matched against `url.href`, or (blank pattern) the last non-empty path segment
 * that is not a literal segment of the URL pattern. Ids are trimmed and percent-decoded; an empty or
 * over-long id is no id.
 */
export function ticketIdFrom(config: CustomHelpdeskConfig, url: URL): string | null {
  let id: string | null = null;
  if (config.ticketIdPattern.trim() !== '') {
    let match: RegExpExecArray | null;
    try {
      match = new RegExp(config.ticketIdPattern).exec(url.href);
    } catch {
      return null;
    }
    id = match?.[1] ?? null;
  } else {
    const literal = literalSegments(config.urlPattern);
    const segments = url.pathname.split('/').filter((s) => s !== '');
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i] ?? '';
      if (!literal.has(segment.toLowerCase())) {
        id = segment;
        break;
      }
    }
  }
  if (id === null) return null;
  const value = decode(id).trim();
  return value === '' || value.length > MAX_TICKET_ID_LENGTH ? null : value;
}

/** FNV-1a 64-bit of a string, as 16 hex digits: a stable short key for over-long customer ids. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * The customer's stable id on a custom helpdesk (which has no user ids we can read):
 * `email:<address in lower case>`, else `phone:<+ and digits>`, else `name:<name in lower case>`;
 * an id longer than the contract allows becomes `<kind>#<64-bit hash>`. Null when none is known.
 */
export function customerIdFrom(values: {
  name: string | null;
  email: string | null;
  phone: string | null;
}): string | null {
  let kind: string;
  let key: string;
  if (values.email) {
    kind = 'email';
    key = values.email.trim().toLowerCase();
  } else if (values.phone && values.phone.replace(/\D/g, '') !== '') {
    kind = 'phone';
    key = `${values.phone.trim().startsWith('+') ? '+' : ''}${values.phone.replace(/\D/g, '')}`;
  } else if (values.name) {
    kind = 'name';
    key = values.name.trim().replace(/\s+/g, ' ').toLowerCase();
  } else {
    return null;
  }
  const id = `${kind}:${key}`;
  return id.length <= MAX_CUSTOMER_ID_LENGTH ? id : `${kind}#${fnv1a64(key)}`;
}

/**
 * Turns a page reading into the ticket's customer, or the "can't read" error naming the selectors
 * that found nothing. Never throws.
 */
export function customerFromReading(
  config: CustomHelpdeskConfig,
  ticket: DetectedTicket,
  reading: PageReading,
): ReadResult {
  const label = config.name;
  if (reading.area && !reading.area.found) {
    return readError(
      label,
      'unreadable',
      `the customer area (“${reading.area.selector}”) is not on this page. Check the Customer area selector in the CRM sidebar options.`,
    );
  }
  const { name, email, phone, company } = reading.fields;
  const id = customerIdFrom({ name: name.value, email: email.value, phone: phone.value });
  if (id === null) {
    const missing = [name, email, phone].filter((f) => f.configured).map(describeSources);
    const why =
      company.value !== null
        ? `only the company was found; nothing usable matched ${listInWords(missing, 'or')}.`
        : `nothing usable on the page matched ${listInWords(
            CUSTOM_FIELDS.map((f) => reading.fields[f])
              .filter((f) => f.configured)
              .map(describeSources),
            'or',
          )}.`;
    return readError(label, 'unreadable', `${why} Check the selectors in the CRM sidebar options.`);
  }
  return customerRead(
    {
      helpdesk: 'custom',
      account: ticket.account,
      id,
      name: name.value,
      email: email.value,
      phone: phone.value,
      company: company.value,
    },
    { label, who: 'customer' },
  );
}

/**
 * Reads the page, waiting (up to `timeoutMs`) for pages that render the customer after load: settles
 * at once when every configured field has a value; once anything was found, after `quietMs` without
 * DOM changes; otherwise at the timeout or when `signal` aborts, with whatever is there.
 */
export function settledReading(
  doc: Document,
  config: CustomHelpdeskConfig,
  signal: AbortSignal,
  timing: CustomReadTiming = {},
): Promise<PageReading> {
  const first = readPage(doc, config);
  if (isComplete(first) || signal.aborted || typeof MutationObserver === 'undefined') return Promise.resolve(first);
  const timeoutMs = timing.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const quietMs = timing.quietMs ?? DEFAULT_QUIET_MS;

  return new Promise((resolve) => {
    let latest = first;
    let quietTimer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(quietTimer);
      clearTimeout(deadline);
      signal.removeEventListener('abort', finish);
      resolve(readPage(doc, config));
    };
    const armQuiet = () => {
      clearTimeout(quietTimer);
      if (foundAnything(latest)) quietTimer = setTimeout(finish, quietMs);
    };
    const observer = new MutationObserver(() => {
      latest = readPage(doc, config);
      if (isComplete(latest)) finish();
      else armQuiet();
    });
    observer.observe(doc, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['href'],
    });
    const deadline = setTimeout(finish, timeoutMs);
    signal.addEventListener('abort', finish);
    armQuiet();
  });
}

/** True when the configuration's URL pattern covers `url` (an http(s) page), whether or not it shows a ticket. */
export function patternIncludes(config: CustomHelpdeskConfig, url: URL): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  try {
    return new MatchPattern(config.urlPattern).includes(url);
  } catch {
    return false;
  }
}

/**
 * Builds the `custom` adapter of a saved configuration. `timing` tunes how long `readCustomer` waits
 * for a page that renders late (tests make it short).
 */
export function createCustomAdapter(config: CustomHelpdeskConfig, timing: CustomReadTiming = {}): HelpdeskAdapter {
  const pattern = new MatchPattern(config.urlPattern);
  const label = config.name;

  function detect(url: URL): DetectedTicket | null {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (!pattern.includes(url)) return null;
    const ticketId = ticketIdFrom(config, url);
    return ticketId === null ? null : { account: url.host, ticketId };
  }

  async function readCustomer(ctx: ReadContext): Promise<ReadResult> {
    const doc = ctx.document ?? (typeof document === 'undefined' ? undefined : document);
    if (!doc) return readError(label, 'unreadable', 'the page is not available to read.');
    try {
      const reading = await settledReading(doc, config, ctx.signal, timing);
      if (ctx.signal.aborted && !foundAnything(reading)) {
        return readError(label, 'network', 'the page did not finish loading in time.');
      }
      return customerFromReading(config, ctx.ticket, reading);
    } catch (error) {
      return readError(
        label,
        'unreadable',
        `the page could not be read (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  }

  return {
    id: 'custom',
    label,
    words: DEFAULT_TICKET_WORDS,
    matches: [config.urlPattern],
    detect,
    readCustomer,
    // Examples depend on the team lead's configuration; tests/helpdesks/custom covers detect.
    testUrls: [],
  };
}
