/**
 * Reading a customer from a helpdesk's own side panel, for single-page apps whose customer data is
 * only in the DOM (Help Scout, Front, Intercom: their public REST APIs need API tokens the agent's
 * browser does not hold). Each such adapter describes its page with a `DomPanelSpec` (where the
 * panel is, how to tell which conversation the page shows, how to read the fields) and gets its
 * `readCustomer` from `createDomReader`.
 *
 * What the reader guarantees on top of the spec:
 * - it waits, bounded and abortable, for the single-page app to render the panel
 *   (`DomReadOptions.timeoutMs`), then reads once the panel has stopped changing;
 * - it never reads a panel left over from the previous conversation: when the page says which
 *   conversation it shows, that must be ours; and a panel whose content was already read for a
 *   different conversation is only accepted after `staleGraceMs` (same person on both);
 * - it never throws, and every failure is a sentence in the product's own words
 *   ("Can't read this Front conversation: the contact panel is closed — open it and retry.");
 * - values are read as text (`textContent`, `href`), never as HTML.
 */
import type { HelpdeskId } from '../contracts/customer.ts';
import { queryFirst, type SelectorList } from './dom.ts';
import type { ReadContext, ReadErrorCode, ReadResult, TicketWords } from './types.ts';
import { customerRead, readError } from './types.ts';

/** The fields read from a panel, before validation. Blank and invalid values are already dropped. */
export interface PanelCustomer {
  /** The helpdesk's own id of the person (from a profile link or attribute), or null. */
  id: string | null;
  name: string | null;
  /** Every email address shown, primary first. */
  emails: string[];
  /** Every phone number shown, as displayed, primary first. */
  phones: string[];
  company: string | null;
  jobTitle: string | null;
  location: string | null;
  timeZone: string | null;
  notes: string | null;
}

/** Which conversation the page shows, compared with the one the URL names. */
export type ShownConversation = 'this' | 'other' | 'unknown';

/** How a helpdesk's page is read. Every method is synchronous, pure DOM, and must not throw. */
export interface DomPanelSpec {
  helpdesk: HelpdeskId;
  /** "Help Scout" */
  label: string;
  /** What the product calls what the URL names, and how its ids read (`{noun: 'conversation', …}`). */
  words: TicketWords;
  /** The product's words for the panel: "customer sidebar", "contact panel", "details sidebar". */
  panelName: string;
  /** The visible panel, or null (not rendered yet, closed, or missing). */
  findPanel(doc: Document): Element | null;
  /** True when the app says the panel is closed (a collapsed toggle, a hidden panel). */
  isPanelClosed(doc: Document): boolean;
  /** Whether the page (preferably the panel's surroundings) shows conversation `ticketId`. */
  showsConversation(doc: Document, panel: Element | null, ticketId: string): ShownConversation;
  /** True when a conversation is on screen (so a missing panel is the panel's fault, not loading). */
  hasConversationView(doc: Document): boolean;
  /** True when the page is the helpdesk's sign-in form instead of the app. */
  isSignInPage(doc: Document): boolean;
  /** Reads the fields of a visible panel. */
  readPanel(panel: Element, doc: Document): PanelCustomer;
  /**
   * Why the panel is missing when the app shows something else in its place (e.g. Intercom's
   * details sidebar without the person's section), as the end of a sentence; null: no better reason
   * than "the <panelName> is not on the page".
   */
  missingPanelReason?(doc: Document): string | null;
}

/** Where a single-page app puts the panel, its toggle and the conversation (newest markup first). */
export interface PanelSelectors {
  /** The panel itself. */
  panel: SelectorList;
  /** The button that shows the panel, matched only while the panel is collapsed. */
  collapsedToggle: SelectorList;
  /** The conversation on screen. */
  conversationView: SelectorList;
}

/**
 * The page-finding half of a `DomPanelSpec` for an app built the usual way:
 * - the panel is the first visible `selectors.panel`;
 * - it is closed when a collapsed toggle shows, or when any of `hiddenWhen` (default: the panel) is
 *   hidden;
 * - the conversation shown is the `data-conversation-id` around the panel, else around the
 *   conversation view, made comparable with the URL's id by `conversationKey` (default: as is);
 * - a conversation is on screen when the conversation view is visible;
 * - the sign-in page is a visible password field with no conversation on screen.
 */
export function panelLocators(
  selectors: PanelSelectors,
  options: { hiddenWhen?: SelectorList; conversationKey?: (raw: string) => string | null } = {},
): Pick<DomPanelSpec, 'findPanel' | 'isPanelClosed' | 'showsConversation' | 'hasConversationView' | 'isSignInPage'> {
  const hiddenWhen = options.hiddenWhen ?? selectors.panel;
  const key = options.conversationKey ?? ((raw: string) => raw);
  const conversationOnScreen = (doc: Document) => queryVisible(doc, selectors.conversationView) !== null;
  return {
    findPanel: (doc) => queryVisible(doc, selectors.panel),
    isPanelClosed: (doc) =>
      queryVisible(doc, selectors.collapsedToggle) !== null || queryAllOf(doc, hiddenWhen).some(isHidden),
    showsConversation(doc, panel, ticketId) {
      const marked = panel?.closest('[data-conversation-id]') ?? queryVisible(doc, selectors.conversationView);
      const raw = marked?.closest('[data-conversation-id]')?.getAttribute('data-conversation-id')?.trim();
      const shown = raw ? key(raw) : null;
      if (!shown) return 'unknown';
      return shown === ticketId ? 'this' : 'other';
    },
    hasConversationView: conversationOnScreen,
    isSignInPage: (doc) => looksLikeSignIn(doc) && !conversationOnScreen(doc),
  };
}

/** Timing of `createDomReader`, in milliseconds. */
export interface DomReadOptions {
  /** Longest wait for the panel of this conversation (shorter than the content script's 15 s). */
  timeoutMs: number;
  /** How often the page is looked at while waiting. */
  pollMs: number;
  /** How long a closed panel must stay closed before it is reported (the app may be re-rendering). */
  closedGraceMs: number;
  /** How long a panel already read for another conversation is distrusted (see the module comment). */
  staleGraceMs: number;
}

export const DEFAULT_DOM_READ: DomReadOptions = {
  timeoutMs: 8_000,
  pollMs: 100,
  closedGraceMs: 600,
  staleGraceMs: 2_500,
};

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const PHONE_CHARS = /^[+\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;

/** Text with whitespace runs collapsed and trimmed; null when blank. */
export function cleanText(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const text = raw.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** The element's text (form fields: their value), cleaned; null when blank. */
export function elementText(el: Element | null | undefined): string | null {
  if (!el) return null;
  if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') return cleanText((el as HTMLInputElement).value);
  return cleanText(el.textContent);
}

/** True when `el` or an ancestor is hidden by the `hidden` attribute, `aria-hidden` or inline `display:none`. */
export function isHidden(el: Element): boolean {
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node.hasAttribute('hidden') || node.getAttribute('aria-hidden') === 'true') return true;
    const style = (node as HTMLElement).style;
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return true;
  }
  return false;
}

/** Every element matched by any selector of `selectors`, in selector order then document order, deduplicated. */
export function queryAllOf(root: ParentNode, selectors: SelectorList): Element[] {
  const seen = new Set<Element>();
  for (const selector of selectors) {
    try {
      for (const el of root.querySelectorAll(selector)) seen.add(el);
    } catch {
      // Invalid selector: skip it, as queryFirst does.
    }
  }
  return [...seen];
}

/** The first visible element matched by `selectors` (tried in order), or null. */
export function queryVisible(root: ParentNode, selectors: SelectorList): Element | null {
  for (const selector of selectors) {
    let found: NodeListOf<Element>;
    try {
      found = root.querySelectorAll(selector);
    } catch {
      continue;
    }
    for (const el of found) if (!isHidden(el)) return el;
  }
  return null;
}

/** The first matched element's text, or null. */
export function textOf(root: ParentNode, selectors: SelectorList): string | null {
  return elementText(queryFirst(root, selectors));
}

/** `value` escaped for a double-quoted CSS attribute selector. */
function attributeValue(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

const normaliseLabel = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/[:：]\s*$/, '')
    .trim()
    .toLowerCase();

/**
 * The element holding the value of the field labelled `labels` (any of them, case-insensitive, a
 * trailing colon ignored) inside `root`: the `<dd>` after a `<dt>`, the `<td>` after a `<th>`, the
 * control of a `<label for>`, an element named by `aria-labelledby`, or the label's next sibling
 * (or its parent's next sibling). Null when no such label is found.
 */
export function valueElementByLabel(root: Element, labels: readonly string[]): Element | null {
  const wanted = new Set(labels.map(normaliseLabel));
  const candidates = root.querySelectorAll(
    'dt, th, label, span, div, p, strong, b, h3, h4, h5, h6, small, [data-label]',
  );
  for (const el of candidates) {
    if (el.children.length > 0 && el.tagName !== 'DT' && el.tagName !== 'TH' && el.tagName !== 'LABEL') continue;
    const own = el.getAttribute('data-label') ?? el.textContent ?? '';
    if (!wanted.has(normaliseLabel(own))) continue;
    if (el.id) {
      const labelled = root.querySelector(`[aria-labelledby~="${attributeValue(el.id)}"]`);
      if (labelled) return labelled;
    }
    if (el.tagName === 'LABEL') {
      const target = el.getAttribute('for');
      const control = target ? root.querySelector(`[id="${attributeValue(target)}"]`) : null;
      if (control) return control;
    }
    let next = el.nextElementSibling;
    if (el.tagName === 'DT') while (next && next.tagName !== 'DD') next = next.nextElementSibling;
    if (el.tagName === 'TH') while (next && next.tagName !== 'TD') next = next.nextElementSibling;
    if (!next && el.parentElement && el.parentElement !== root) next = el.parentElement.nextElementSibling;
    if (next) return next;
  }
  return null;
}

/** The text of the field labelled `labels` (see `valueElementByLabel`), or null. */
export function valueByLabel(root: Element, labels: readonly string[]): string | null {
  return elementText(valueElementByLabel(root, labels));
}

/** A field's text: the first element matched by `selectors`, else the value labelled `labels`; null when neither shows one. */
export function fieldText(panel: Element, selectors: SelectorList, labels: readonly string[]): string | null {
  return textOf(panel, selectors) ?? valueByLabel(panel, labels);
}

/** {@link fieldText} of each field of `fields`, with its selectors and labels looked up by the field's name. */
export function fieldTexts<K extends string>(
  panel: Element,
  selectors: Readonly<Record<K, SelectorList>>,
  labels: Readonly<Record<K, readonly string[]>>,
  fields: readonly K[],
): Record<K, string | null> {
  const out = {} as Record<K, string | null>;
  for (const field of fields) out[field] = fieldText(panel, selectors[field], labels[field]);
  return out;
}

/**
 * The person's name in a panel: the element matched by `name`, else the text of the profile link
 * (not an action such as "View profile"), else the value labelled `labels`.
 */
export function personName(
  panel: Element,
  selectors: { name: SelectorList; profileLink: SelectorList },
  labels: readonly string[],
): string | null {
  return textOf(panel, selectors.name) ?? firstLinkText(panel, selectors.profileLink) ?? valueByLabel(panel, labels);
}

/** A valid email address (trimmed, mailto: and query stripped) or null. */
export function asEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim();
  if (/^mailto:/i.test(text)) {
    text = text.slice(7).split('?')[0] ?? '';
    try {
      text = decodeURIComponent(text);
    } catch {
      return null;
    }
  }
  text = text.trim();
  return EMAIL.test(text) ? text : null;
}

/** A plausible phone number as displayed (5–20 digits, phone characters only), or null. */
export function asPhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim();
  if (/^tel:/i.test(text)) {
    try {
      text = decodeURIComponent(text.slice(4));
    } catch {
      return null;
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (!PHONE_CHARS.test(text)) return null;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 5 && digits <= 20 ? text : null;
}

function pushUnique(list: string[], value: string | null, key: (v: string) => string = (v) => v): void {
  if (value === null) return;
  const k = key(value);
  if (!list.some((v) => key(v) === k)) list.push(value);
}

/**
 * Email addresses of the panel, primary first: the elements matched by `selectors` (their mailto
 * link, else their text), then the value of the field labelled `labels` (its mailto links, else its
 * text lines), then — only when `anyMailto` — every other mailto link of the panel.
 */
export function collectEmails(
  panel: Element,
  { selectors, labels, anyMailto }: { selectors: SelectorList; labels: readonly string[]; anyMailto: boolean },
): string[] {
  const out: string[] = [];
  const key = (v: string) => v.toLowerCase();
  const fromElement = (el: Element) => {
    const links = el.matches('a[href^="mailto:" i]') ? [el] : [...el.querySelectorAll('a[href^="mailto:" i]')];
    if (links.length > 0) for (const a of links) pushUnique(out, asEmail(a.getAttribute('href')), key);
    else for (const part of (el.textContent ?? '').split(/[\n,;]+/)) pushUnique(out, asEmail(part), key);
  };
  for (const el of queryAllOf(panel, selectors)) fromElement(el);
  const labelled = valueElementByLabel(panel, labels);
  if (labelled) fromElement(labelled);
  if (anyMailto) for (const a of panel.querySelectorAll('a[href^="mailto:" i]')) fromElement(a);
  return out;
}

/**
 * Phone numbers of the panel, primary first, as displayed: the elements matched by `selectors`
 * (their tel: link's text, else href), then the field labelled `labels`, then — only when `anyTel` —
 * every tel: link of the panel.
 */
export function collectPhones(
  panel: Element,
  { selectors, labels, anyTel }: { selectors: SelectorList; labels: readonly string[]; anyTel: boolean },
): string[] {
  const out: string[] = [];
  const key = (v: string) => v.replace(/\D/g, '');
  const fromElement = (el: Element) => {
    const links = el.matches('a[href^="tel:" i]') ? [el] : [...el.querySelectorAll('a[href^="tel:" i]')];
    if (links.length > 0) {
      for (const a of links) pushUnique(out, asPhone(a.textContent) ?? asPhone(a.getAttribute('href')), key);
    } else {
      for (const part of (el.textContent ?? '').split(/[\n,;]+/)) pushUnique(out, asPhone(part), key);
    }
  };
  for (const el of queryAllOf(panel, selectors)) fromElement(el);
  const labelled = valueElementByLabel(panel, labels);
  if (labelled) fromElement(labelled);
  if (anyTel) for (const a of panel.querySelectorAll('a[href^="tel:" i]')) fromElement(a);
  return out;
}

/** The first capture of `pattern` in the `href` of a link matched by `selectors`, or null. */
export function idFromLinks(root: ParentNode, selectors: SelectorList, pattern: RegExp): string | null {
  for (const a of queryAllOf(root, selectors)) {
    const href = a.getAttribute('href');
    if (!href) continue;
    let path = href;
    try {
      path = new URL(href, 'https://x.invalid').pathname;
    } catch {
      // Keep the raw href.
    }
    const m = pattern.exec(path);
    if (m?.[1]) return m[1];
  }
  return null;
}

/** Link texts that are actions ("View full profile", "Open contact"), not a person's name. */
const ACTION_TEXT = /^(?:view|edit|open|show|see|go to)\b/i;

/** The text of the first link matched by `selectors` that is not an action ("View full profile"), or null. */
export function firstLinkText(root: ParentNode, selectors: SelectorList): string | null {
  for (const a of queryAllOf(root, selectors)) {
    const text = elementText(a);
    if (text !== null && !ACTION_TEXT.test(text)) return text;
  }
  return null;
}

/** The first non-blank value of `attribute` on `root` itself or an element matched by `selectors`. */
export function attributeFrom(root: Element, selectors: SelectorList, attribute: string): string | null {
  const own = cleanText(root.getAttribute(attribute));
  if (own) return own;
  for (const el of queryAllOf(root, selectors)) {
    const value = cleanText(el.getAttribute(attribute));
    if (value) return value;
  }
  return null;
}

/** A generic sign-in form: a visible password field (specs add their own checks around it). */
export function looksLikeSignIn(doc: Document): boolean {
  const password = queryVisible(doc, ['input[type="password"]']);
  return password !== null;
}

/** What the panel shows, for telling one conversation's panel from another's. */
function fingerprint(panel: Element): string {
  const links = [...panel.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).join(' ');
  return `${cleanText(panel.textContent) ?? ''}|${links}`;
}

type WaitState = 'loading' | 'other' | 'closed' | 'missing' | 'stale' | 'settling' | 'empty';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const MEMORY_LIMIT = 100;

/**
 * The `readCustomer` of a DOM adapter. Waits for `spec`'s panel of `ctx.ticket` (see
 * `DomReadOptions`), reads it, and validates the result with the `Customer` contract:
 * - `id` = the helpdesk's id of the person, else the first email (lower-cased), else the first
 *   phone's digits prefixed `tel:`; `account` = `ctx.ticket.account`;
 * - `email` / `phone` = the first one shown (a panel may list several);
 * - errors (never thrown): the sign-in page → `not_signed_in`; a closed or missing panel, a panel
 *   with no name, email or phone, or no way to tell who the person is → `unreadable`; a page still
 *   loading or still showing another conversation when the wait ends, or a cancelled read → `network`.
 */
export function createDomReader(
  spec: DomPanelSpec,
  options: Partial<DomReadOptions> = {},
): (ctx: ReadContext) => Promise<ReadResult> {
  const timing: DomReadOptions = { ...DEFAULT_DOM_READ, ...options };
  /** Per page: panel fingerprint → the conversation it was read for. */
  const memory = new WeakMap<Document, Map<string, string>>();
  const noun = spec.words.noun;
  const fail = (code: ReadErrorCode, why: string) => readError(spec.label, code, why, noun);

  const remember = (doc: Document, print: string, ticketId: string) => {
    let seen = memory.get(doc);
    if (!seen) memory.set(doc, (seen = new Map()));
    seen.delete(print);
    seen.set(print, ticketId);
    while (seen.size > MEMORY_LIMIT) {
      const oldest = seen.keys().next().value;
      if (oldest === undefined) break;
      seen.delete(oldest);
    }
  };

  async function waitForPanel(
    doc: Document,
    ticketId: string,
    signal: AbortSignal,
  ): Promise<{ raw: PanelCustomer; print: string } | ReadResult> {
    const started = Date.now();
    let closedSince: number | null = null;
    let lastPrint: string | null = null;
    let state: WaitState = 'loading';
    for (;;) {
      if (signal.aborted) return fail('network', 'the read was cancelled.');
      const elapsed = Date.now() - started;
      if (spec.isSignInPage(doc)) {
        return fail('not_signed_in', `${spec.label} is showing its sign-in page. Sign in to ${spec.label} and retry.`);
      }
      const panel = spec.findPanel(doc);
      const shown = spec.showsConversation(doc, panel, ticketId);
      if (shown === 'other') {
        state = 'other';
        lastPrint = null;
        closedSince = null;
      } else if (!panel) {
        lastPrint = null;
        if (spec.isPanelClosed(doc)) {
          state = 'closed';
          closedSince ??= Date.now();
          if (Date.now() - closedSince >= timing.closedGraceMs) {
            return fail('unreadable', `the ${spec.panelName} is closed — open it and retry.`);
          }
        } else {
          closedSince = null;
          state = spec.hasConversationView(doc) ? 'missing' : 'loading';
        }
      } else {
        closedSince = null;
        const print = fingerprint(panel);
        const owner = memory.get(doc)?.get(print);
        if (owner !== undefined && owner !== ticketId && elapsed < timing.staleGraceMs) {
          state = 'stale';
          lastPrint = null;
        } else if (print === lastPrint) {
          // Settled: read it. A panel still showing no name, email or phone may be loading.
          const raw = spec.readPanel(panel, doc);
          if (raw.name !== null || raw.emails.length > 0 || raw.phones.length > 0) return { raw, print };
          state = 'empty';
        } else {
          state = 'settling';
          lastPrint = print;
        }
      }
      if (elapsed >= timing.timeoutMs) {
        const seconds = Math.max(1, Math.round(timing.timeoutMs / 1000));
        const wait = `${seconds} second${seconds === 1 ? '' : 's'}`;
        switch (state) {
          case 'other':
            return fail('network', `${spec.label} is still showing another ${noun}. Retry once this one is on screen.`);
          case 'missing':
            return fail(
              'unreadable',
              spec.missingPanelReason?.(doc) ?? `the ${spec.panelName} is not on the page — open it and retry.`,
            );
          case 'closed':
            return fail('unreadable', `the ${spec.panelName} is closed — open it and retry.`);
          case 'empty':
            return fail(
              'unreadable',
              `the ${spec.panelName} shows no name, email or phone (${spec.label} may have changed its layout).`,
            );
          default:
            return fail('network', `the ${noun} did not finish loading within ${wait}. Retry once it is on screen.`);
        }
      }
      await sleep(timing.pollMs, signal);
    }
  }

  return async function readCustomer(ctx: ReadContext): Promise<ReadResult> {
    try {
      const doc = ctx.document;
      if (!doc) return fail('unreadable', 'the page is not available to read.');
      const found = await waitForPanel(doc, ctx.ticket.ticketId, ctx.signal);
      if ('ok' in found) return found;
      const { raw } = found;
      const email = raw.emails[0] ?? null;
      const phone = raw.phones[0] ?? null;
      const phoneDigits = phone?.replace(/\D/g, '') ?? '';
      const id =
        raw.id ??
        (email !== null && email.length <= 128 ? email.toLowerCase() : null) ??
        (phoneDigits !== '' ? `tel:${phoneDigits}` : null);
      if (id === null) {
        return fail(
          'unreadable',
          `can't tell who the customer is: the ${spec.panelName} has no profile link, email or phone.`,
        );
      }
      const read = customerRead(
        {
          helpdesk: spec.helpdesk,
          account: ctx.ticket.account,
          id,
          name: raw.name,
          email,
          phone,
          company: raw.company,
          jobTitle: raw.jobTitle,
          location: raw.location,
          timeZone: raw.timeZone,
          notes: raw.notes,
          updatedAt: null,
        },
        { label: spec.label, noun, who: 'customer' },
      );
      if (read.ok) remember(doc, found.print, ctx.ticket.ticketId);
      return read;
    } catch (error) {
      // A spec bug or a page that changed under us: report it, never throw.
      const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
      return fail('unreadable', `the page could not be read${detail}.`);
    }
  };
}
