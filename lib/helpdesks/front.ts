/**
 * Front adapter: conversation pages of `https://app.frontapp.com`, read from the contact panel
 * ("Contact details", https://help.frontapp.com/t/35h8j2t/understanding-front-contacts) in the
 * page's DOM.
 *
 * Why the DOM: Front's Core API (https://dev.frontapp.com/docs/core-api-getting-started) needs an
 * API token or OAuth grant the agent's browser does not hold. The contact panel shows the contact's
 * name, handles (email addresses, phone numbers, social handles), account (the company), contact
 * custom fields and description.
 *
 * URL facts (public material, 2026-11):
 * - a conversation's permanent link is `/open/cnv_{base36}` (Front's own "open in Front" links);
 *   `/open/{decimal}` and `/conversations/cnv_{base36}` are seen too;
 * - inside the app a conversation is the last segment of an inbox path after a status filter, with
 *   its id in decimal: `/inboxes/teams/folders/{inbox}/unassigned/{id}`,
 *   `/inboxes/teams/views/{view}/open/{id}`, `/inboxes/teammates/{teammate}/inbox/all/{id}`,
 *   `/inboxes/shared/{inbox}/open/{id}`, or with the API id `/inboxes/teams/{team}/inbox/{inbox}/cnv_{id}`;
 * - Front's API ids are the decimal URL id in base 36 with a resource prefix (`cnv_`, `inb_`,
 *   `crd_`…), so every form is normalised to `cnv_{base36}` here and one conversation has one key
 *   whichever URL the agent used.
 * Front serves every company from one host, so `account` is that host; contact ids are global.
 *
 * Selectors: Front's markup is not public. The app marks its parts with `data-testid`
 * (e.g. `[data-testid="conversation"]`, seen in public extension code, 2025); the lists below are
 * newest first, the first of each being our emulator's markup (proxy/sandbox/front). They are
 * guesses until checked on a live account: each field also falls back to its visible label and to
 * mailto:/tel: links.
 */
import type { SelectorList } from './dom.ts';
import {
  attributeFrom,
  collectEmails,
  collectPhones,
  createDomReader,
  type DomPanelSpec,
  type DomReadOptions,
  fieldText,
  fieldTexts,
  idFromLinks,
  panelLocators,
} from './dom-panel.ts';
import type { DetectedTicket, HelpdeskAdapter, TicketWords } from './types.ts';

const LABEL = 'Front';
/** The Front web app host (and this adapter's `account`). */
export const FRONT_HOST = 'app.frontapp.com';

/**
 * Status filters after which an inbox path may end with a conversation id.
 * 2026-11: built from URLs seen in public material; extend when a live account shows another.
 */
const STATUS_SEGMENTS = new Set([
  'open',
  'unassigned',
  'assigned',
  'all',
  'archived',
  'snoozed',
  'trashed',
  'spam',
  'sent',
  'drafts',
  'mine',
  'following',
  'mentions',
  'waiting',
  'closed',
  'scheduled',
]);
const API_ID = /^cnv_[0-9a-z]{1,16}$/;
const DECIMAL_ID = /^[1-9][0-9]{0,18}$/;

/** A conversation id in Front's API form (`cnv_3k2j1`): API ids as given, decimal URL ids in base 36. */
export function frontConversationId(segment: string): string | null {
  const lower = segment.toLowerCase();
  if (API_ID.test(lower)) return lower;
  if (DECIMAL_ID.test(segment)) return `cnv_${BigInt(segment).toString(36)}`;
  return null;
}

/**
 * The contact panel's selectors, newest first.
 * 2026-11: all are guesses from public material (see the module comment); drop the ones that never
 * match a live account after 2027-05.
 */
export const FRONT_SELECTORS = {
  panel: [
    '[data-testid="contact-details"]',
    '[aria-label="Contact details"]',
    '[data-testid="contact-panel"]',
    '.contact-details-panel',
  ],
  collapsedToggle: [
    'button[data-testid="contact-details-toggle"][aria-pressed="false"]',
    'button[aria-controls="contact-details"][aria-expanded="false"]',
    'button[aria-label="Show contact details"]',
  ],
  conversationView: ['[data-testid="conversation"]', '[data-testid="conversation-view"]', '.conversation-view'],
  name: ['[data-testid="contact-name"]', '.contact-details-name', '.contact-name'],
  emails: ['[data-testid="contact-handle"][data-handle-source="email"]', '[data-handle-source="email"]'],
  phones: ['[data-testid="contact-handle"][data-handle-source="phone"]', '[data-handle-source="phone"]'],
  company: ['[data-testid="contact-account"]', '[data-field="account"] dd', '.contact-account'],
  jobTitle: ['[data-field="job_title"] dd', '[data-field="title"] dd'],
  location: ['[data-field="location"] dd', '[data-field="city"] dd'],
  timeZone: ['[data-field="time_zone"] dd', '[data-field="timezone"] dd'],
  notes: ['[data-testid="contact-description"] p', '.contact-description'],
  contactLink: ['a[href*="/contacts/"]'],
} as const satisfies Record<string, SelectorList>;

/** Visible labels of the panel's fields (English UI), used when the hooks above do not match. */
const LABELS = {
  name: ['Name'],
  emails: ['Email', 'Emails', 'Email addresses'],
  phones: ['Phone', 'Phones', 'Phone numbers'],
  company: ['Account', 'Company', 'Organization'],
  jobTitle: ['Job title', 'Title', 'Position'],
  location: ['Location', 'City'],
  timeZone: ['Time zone', 'Timezone'],
  notes: ['Description', 'Notes'],
} as const;

/** Front contact ids (`crd_…`; `ctc_…` seen in older material). */
const CONTACT_ID = /^(?:crd|ctc)_[0-9a-z]{1,16}$/;
const CONTACT_PATH = /\/contacts\/(?:[^/]+\/)*((?:crd|ctc)_[0-9a-z]{1,16})(?:\/|$)/;

/** Front's conversation ids (`cnv_4jc8jt5`) are not numbers: they read as is. */
const WORDS: TicketWords = { noun: 'conversation', hashIds: false };

const spec: DomPanelSpec = {
  helpdesk: 'front',
  label: LABEL,
  words: WORDS,
  panelName: 'contact panel',
  ...panelLocators(FRONT_SELECTORS, { conversationKey: frontConversationId }),
  readPanel(panel) {
    const candidates = [
      attributeFrom(panel, ['[data-contact-id]'], 'data-contact-id'),
      idFromLinks(panel, FRONT_SELECTORS.contactLink, CONTACT_PATH),
    ];
    const id = candidates.map((v) => v?.toLowerCase() ?? null).find((v) => v !== null && CONTACT_ID.test(v)) ?? null;
    return {
      id,
      name: fieldText(panel, FRONT_SELECTORS.name, LABELS.name),
      emails: collectEmails(panel, { selectors: FRONT_SELECTORS.emails, labels: LABELS.emails, anyMailto: true }),
      phones: collectPhones(panel, { selectors: FRONT_SELECTORS.phones, labels: LABELS.phones, anyTel: true }),
      ...fieldTexts(panel, FRONT_SELECTORS, LABELS, ['company', 'jobTitle', 'location', 'timeZone', 'notes']),
    };
  },
};

/** The conversation a Front path names (see the module comment), in API form, or null. */
function conversationOf(pathname: string): string | null {
  const segments = pathname.split('/').filter((s) => s !== '');
  const [first, second] = segments;
  if ((first === 'open' || first === 'conversations') && segments.length === 2 && second) {
    return frontConversationId(second);
  }
  if (first !== 'inboxes' || segments.length < 3) return null;
  const last = segments.at(-1) ?? '';
  if (API_ID.test(last.toLowerCase())) return last.toLowerCase();
  const before = segments.at(-2) ?? '';
  return STATUS_SEGMENTS.has(before) && DECIMAL_ID.test(last) ? frontConversationId(last) : null;
}

/** `{account: "app.frontapp.com", ticketId: "cnv_…"}` for a conversation page over HTTPS, else null. */
function detect(url: URL): DetectedTicket | null {
  if (url.protocol !== 'https:' || url.hostname !== FRONT_HOST || url.port !== '') return null;
  const id = conversationOf(url.pathname);
  return id ? { account: FRONT_HOST, ticketId: id } : null;
}

/**
 * A Front adapter; `timing` shortens the waits in tests (see `DomReadOptions`).
 * `readCustomer` gives `id` = Front contact id (`crd_…`), `email` / `phone` = the first handle of
 * each kind, `company` = the contact's account, job title / location / time zone from custom
 * fields of those names, `notes` = the description; see `createDomReader` for the errors
 * ("Can't read this Front conversation: the contact panel is closed — open it and retry.").
 */
export function createFrontAdapter(timing: Partial<DomReadOptions> = {}): HelpdeskAdapter {
  return {
    id: 'front',
    label: LABEL,
    words: WORDS,
    // The whole app: the agent moves from inbox lists to conversations without a page load.
    matches: [`https://${FRONT_HOST}/*`],
    detect,
    readCustomer: createDomReader(spec, timing),
    testUrls: [
      {
        url: 'https://app.frontapp.com/open/cnv_1jogvq06',
        expected: { account: FRONT_HOST, ticketId: 'cnv_1jogvq06' },
      },
      { url: 'https://app.frontapp.com/open/cnv_123', expected: { account: FRONT_HOST, ticketId: 'cnv_123' } },
      // 7762260226 in base 36 is "3kdg6bm".
      { url: 'https://app.frontapp.com/open/7762260226', expected: { account: FRONT_HOST, ticketId: 'cnv_3kdg6bm' } },
      {
        url: 'https://app.frontapp.com/inboxes/teams/folders/4808209/unassigned/7762260226',
        expected: { account: FRONT_HOST, ticketId: 'cnv_3kdg6bm' },
      },
      {
        url: 'https://app.frontapp.com/inboxes/teams/views/15931074/open/7762260226?q=x',
        expected: { account: FRONT_HOST, ticketId: 'cnv_3kdg6bm' },
      },
      {
        url: 'https://app.frontapp.com/inboxes/teammates/20999898/inbox/all/117421069338',
        expected: { account: FRONT_HOST, ticketId: `cnv_${(117421069338).toString(36)}` },
      },
      {
        url: 'https://app.frontapp.com/inboxes/shared/support/open/121516198',
        expected: { account: FRONT_HOST, ticketId: `cnv_${(121516198).toString(36)}` },
      },
      {
        url: 'https://app.frontapp.com/inboxes/teams/4808209/inbox/12345/cnv_ABC12',
        expected: { account: FRONT_HOST, ticketId: 'cnv_abc12' },
      },
      {
        url: 'https://app.frontapp.com/conversations/cnv_55c8c149',
        expected: { account: FRONT_HOST, ticketId: 'cnv_55c8c149' },
      },
      { url: 'https://app.frontapp.com/', expected: null },
      { url: 'https://app.frontapp.com/inboxes/', expected: null },
      { url: 'https://app.frontapp.com/inboxes/teams/folders/4808209', expected: null },
      { url: 'https://app.frontapp.com/inboxes/teams/folders/4808209/unassigned', expected: null },
      { url: 'https://app.frontapp.com/inboxes/shared/d_architecture', expected: null },
      { url: 'https://app.frontapp.com/inboxes/teams/4808209/search/workspace/jo%40example.com/0', expected: null },
      { url: 'https://app.frontapp.com/open/msg_a23om0z', expected: null },
      { url: 'https://app.frontapp.com/settings/tools', expected: null },
      { url: 'https://app.frontapp.com/contacts/crd_55c8c149', expected: null },
      { url: 'http://app.frontapp.com/open/cnv_1jogvq06', expected: null },
      { url: 'https://app.frontapp.com.evil.example/open/cnv_1jogvq06', expected: null },
      { url: 'https://frontapp.com/open/cnv_1jogvq06', expected: null },
      { url: 'https://help.frontapp.com/open/cnv_1jogvq06', expected: null },
    ],
  };
}

/** The Front adapter (Front web app, contact panel). */
export const front: HelpdeskAdapter = createFrontAdapter();
