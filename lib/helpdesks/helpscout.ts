/**
 * Help Scout adapter: conversation pages `https://secure.helpscout.net/conversation/{id}/{number}`
 * (with optional `?folderId=` / `?viewId=`), read from the customer sidebar in the page's DOM.
 *
 * Why the DOM: Help Scout's Mailbox API 2.0 (https://developer.helpscout.com/mailbox-api/) needs an
 * OAuth2 token the agent's browser does not hold, and the web app has no documented same-origin
 * JSON endpoint. The sidebar holds what the agent sees of the customer: name, emails, phones,
 * company, job title, location, websites, social profiles and the Notes ("background") field
 * (Help Scout, "Customer Profiles": https://docs.helpscout.com/article/73-customer-profiles).
 *
 * URL facts (public material, 2026-11):
 * - conversation links are `/conversation/{conversationId}/{number}/` with an optional
 *   `?folderId=` or `?viewId=`; the id alone (`/conversation/{id}`) also opens it
 *   (e.g. https://github.com/trentslutzky/helpscout-thread-hider and many issue trackers);
 * - mailbox and folder lists are `/mailbox/{hexSlug}/…` — not conversations;
 * - customer profiles are `/customer/{customerId}/…` (older) or `/customers/{customerId}`;
 * - sign-in is `/members/login/`, two-factor `/members/2fa/`.
 * Help Scout has one host for every company, so `account` is that host; customer ids are global
 * Help Scout ids, so `helpscout:secure.helpscout.net:{customerId}` is unique.
 *
 * Selectors: Help Scout's markup is not public. The lists below are newest first; the first of
 * each is the markup of our emulator (proxy/sandbox/helpscout), modelled on hooks seen in public
 * browser-extension code (`data-cy`, `data-testid`, `.c-conversation-sidebar`, `.c-customer-property`,
 * `ol[aria-label="Thread Items"]`, 2025). They are guesses until checked on a live account: each
 * field also falls back to its visible label ("Company") and to mailto:/tel: links.
 */
import { z } from 'zod';
import type { SelectorList } from './dom.ts';
import {
  attributeFrom,
  collectEmails,
  collectPhones,
  createDomReader,
  type DomPanelSpec,
  type DomReadOptions,
  fieldTexts,
  idFromLinks,
  panelLocators,
  personName,
} from './dom-panel.ts';
import type { DetectedTicket, HelpdeskAdapter, TicketWords } from './types.ts';

const LABEL = 'Help Scout';
/** The one Help Scout web app host (and this adapter's `account`). */
export const HELPSCOUT_HOST = 'secure.helpscout.net';
/** `/conversation/{id}` or `/conversation/{id}/{number}`, optional trailing slash. */
const CONVERSATION_PATH = /^\/conversation\/([1-9][0-9]{0,18})(?:\/[1-9][0-9]{0,18})?\/?$/;

/**
 * The customer sidebar's selectors, newest first.
 * 2026-11: all are guesses from public material (see the module comment); drop the ones that never
 * match a live account after 2027-05.
 */
export const HELPSCOUT_SELECTORS = {
  panel: [
    '[data-cy="customer-sidebar"]',
    'aside[aria-label="Customer profile"]',
    '.c-conversation-sidebar',
    '.sidebar-customer',
  ],
  collapsedToggle: [
    '[data-cy="ToggleCustomerSidebar"][aria-expanded="false"]',
    'button[aria-controls="customer-sidebar"][aria-expanded="false"]',
    'button[aria-label="Show customer profile"]',
    'button[aria-label="Show sidebar"]',
  ],
  conversationView: [
    '[data-cy="ConversationView"]',
    '#convo-main',
    'ol[aria-label="Thread Items"]',
    '[data-testid="ThreadContainer"]',
  ],
  name: ['[data-cy="customer-name"]', '.c-customer-name', '.customer-name'],
  emails: ['[data-cy="customer-property"][data-property="emails"]', '[data-property="emails"]', '.c-customer-emails'],
  phones: ['[data-cy="customer-property"][data-property="phones"]', '[data-property="phones"]', '.c-customer-phones'],
  company: ['[data-property="company"] .c-property-value', '[data-cy="customer-company"]', '.c-customer-company'],
  jobTitle: ['[data-property="jobTitle"] .c-property-value', '[data-cy="customer-job-title"]', '.c-customer-job-title'],
  location: ['[data-property="location"] .c-property-value', '[data-cy="customer-location"]', '.c-customer-location'],
  notes: ['[data-cy="customer-notes"] .c-notes-body', '[data-cy="customer-notes"] p', '.c-customer-notes p'],
  profileLink: ['a[href*="/customer/"]', 'a[href*="/customers/"]'],
} as const satisfies Record<string, SelectorList>;

/** Visible labels of the sidebar's fields (English UI), used when the hooks above do not match. */
const LABELS = {
  name: ['Name', 'Full name'],
  emails: ['Emails', 'Email', 'Email address'],
  phones: ['Phones', 'Phone', 'Phone number'],
  company: ['Company', 'Organization'],
  jobTitle: ['Job Title', 'Title'],
  location: ['Location', 'Address'],
  notes: ['Notes', 'Background'],
} as const;

/** Help Scout ids are positive integers. */
const HsId = z.string().regex(/^[1-9][0-9]{0,18}$/);
const PROFILE_PATH = /\/customers?\/([1-9][0-9]{0,18})(?:\/|$)/;
/** Help Scout's conversation ids are internal; agents know conversations by their number, so ids read as is. */
const WORDS: TicketWords = { noun: 'conversation', hashIds: false };

const locators = panelLocators(HELPSCOUT_SELECTORS);
const spec: DomPanelSpec = {
  helpdesk: 'helpscout',
  label: LABEL,
  words: WORDS,
  panelName: 'customer sidebar',
  ...locators,
  isSignInPage: (doc) => doc.querySelector('form[action*="/members/login"]') !== null || locators.isSignInPage(doc),
  readPanel(panel) {
    const fromLink = idFromLinks(panel, HELPSCOUT_SELECTORS.profileLink, PROFILE_PATH);
    const fromAttribute = attributeFrom(panel, ['[data-customer-id]'], 'data-customer-id');
    const id = [fromLink, fromAttribute].find((v) => HsId.safeParse(v).success) ?? null;
    return {
      id,
      name: personName(panel, HELPSCOUT_SELECTORS, LABELS.name),
      emails: collectEmails(panel, { selectors: HELPSCOUT_SELECTORS.emails, labels: LABELS.emails, anyMailto: true }),
      phones: collectPhones(panel, { selectors: HELPSCOUT_SELECTORS.phones, labels: LABELS.phones, anyTel: true }),
      ...fieldTexts(panel, HELPSCOUT_SELECTORS, LABELS, ['company', 'jobTitle', 'location', 'notes']),
      timeZone: null,
    };
  },
};

/** `{account: "secure.helpscout.net", ticketId: conversationId}` for a conversation page over HTTPS, else null. */
function detect(url: URL): DetectedTicket | null {
  if (url.protocol !== 'https:' || url.hostname !== HELPSCOUT_HOST || url.port !== '') return null;
  const m = CONVERSATION_PATH.exec(url.pathname);
  return m?.[1] ? { account: HELPSCOUT_HOST, ticketId: m[1] } : null;
}

/**
 * A Help Scout adapter; `timing` shortens the waits in tests (see `DomReadOptions`).
 * `readCustomer` gives `id` = Help Scout customer id (from the profile link), `email` / `phone` =
 * the first listed, `company`, `jobTitle`, `location`, `notes` as shown; see `createDomReader` for
 * the errors ("Can't read this Help Scout conversation: the customer sidebar is closed — open it
 * and retry.").
 */
export function createHelpScoutAdapter(timing: Partial<DomReadOptions> = {}): HelpdeskAdapter {
  return {
    id: 'helpscout',
    label: LABEL,
    words: WORDS,
    // The whole app, so the content script is already running when the agent opens a conversation
    // from a mailbox list without a page load.
    matches: [`https://${HELPSCOUT_HOST}/*`],
    detect,
    readCustomer: createDomReader(spec, timing),
    testUrls: [
      {
        url: 'https://secure.helpscout.net/conversation/2199011258/891142?folderId=39835',
        expected: { account: HELPSCOUT_HOST, ticketId: '2199011258' },
      },
      {
        url: 'https://secure.helpscout.net/conversation/3382659721/11535/',
        expected: { account: HELPSCOUT_HOST, ticketId: '3382659721' },
      },
      {
        url: 'https://secure.helpscout.net/conversation/3002667039/22184?viewId=8492330#thread-55',
        expected: { account: HELPSCOUT_HOST, ticketId: '3002667039' },
      },
      { url: 'https://secure.helpscout.net/conversation/13', expected: { account: HELPSCOUT_HOST, ticketId: '13' } },
      { url: 'https://secure.helpscout.net/', expected: null },
      { url: 'https://secure.helpscout.net/mailbox/3f6d5cfe44e1afb9/', expected: null },
      { url: 'https://secure.helpscout.net/mailbox/3f6d5cfe44e1afb9/39835/', expected: null },
      { url: 'https://secure.helpscout.net/mailbox/ad3e85554c5bd064/new-ticket/', expected: null },
      { url: 'https://secure.helpscout.net/customer/123456/0/', expected: null },
      { url: 'https://secure.helpscout.net/members/login/', expected: null },
      { url: 'https://secure.helpscout.net/conversation/0/12', expected: null },
      { url: 'https://secure.helpscout.net/conversation/abc/12', expected: null },
      { url: 'https://secure.helpscout.net/conversation/2199011258/891142/threads', expected: null },
      { url: 'http://secure.helpscout.net/conversation/2199011258/891142', expected: null },
      { url: 'https://secure.helpscout.net.evil.example/conversation/2199011258/891142', expected: null },
      { url: 'https://helpscout.net/conversation/2199011258/891142', expected: null },
      { url: 'https://docs.helpscout.com/conversation/2199011258/891142', expected: null },
    ],
  };
}

/** The Help Scout adapter (Help Scout web app, customer sidebar). */
export const helpscout: HelpdeskAdapter = createHelpScoutAdapter();
