/**
 * Intercom adapter: Inbox conversation pages
 * `https://app.intercom.com/a/inbox/{appId}/inbox/…/conversation/{id}` (and the EU and Australian
 * hosts), read from the conversation details sidebar ("User data" / "Lead data") in the page's DOM.
 *
 * Why the DOM: Intercom's REST API (https://developers.intercom.com/docs/references/rest-api/)
 * needs an access token the agent's browser does not hold. The Inbox's details sidebar shows the
 * person's standard attributes — name, email, phone, company, location (from their last seen IP),
 * "Last seen" — and any custom attributes the workspace pinned there (Intercom, "Tracking user data
 * in Intercom", standard attributes: https://www.intercom.com/help/en/articles/320-tracking-user-data-in-intercom).
 * The Inbox also loads conversations from a private same-origin endpoint
 * (`/ember/inbox/conversations/{id}?app_id=…`, used by the open-source Kenchi extension); it is
 * undocumented and gives only name and email, so it is not used.
 *
 * URL facts (public material, 2026-11):
 * - hosts: `app.intercom.com`, and for regionally hosted workspaces `app.eu.intercom.com` and
 *   `app.au.intercom.com` (Intercom's own settings links use all three);
 * - Inbox conversations: `/a/inbox/{appId}/inbox/conversation/{id}`,
 *   `/a/inbox/{appId}/inbox/shared/all/conversation/{id}`,
 *   `/a/inbox/{appId}/inbox/admin/{adminId}/conversation/{id}` (`?view=List`, `#part_id=…` allowed);
 * - deep links `/a/apps/{appId}/conversations/{id}` and the older Inbox
 *   `/a/apps/{appId}/inbox/inbox/conversation/{id}`;
 * - a person's profile: `/a/apps/{appId}/users/{contactId}` (users and leads alike).
 * `account` is the app (workspace) id; contact ids are unique within it.
 *
 * Selectors: Intercom's markup is not public. Public extension code reads `[data-conversation-title]`,
 * `[data-conversation-stream]` and `[data-part-group-id]` (2025); the lists below are newest first,
 * the first of each being our emulator's markup (proxy/sandbox/intercom). They are guesses until
 * checked on a live workspace: each field also falls back to its visible label ("Email").
 */
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
  queryVisible,
} from './dom-panel.ts';
import type { DetectedTicket, HelpdeskAdapter, TicketWords } from './types.ts';

const LABEL = 'Intercom';
/** Intercom's web app hosts: US, EU and Australian data hosting. */
export const INTERCOM_HOSTS = ['app.intercom.com', 'app.eu.intercom.com', 'app.au.intercom.com'] as const;

/** An Intercom app (workspace) id, e.g. "ui6470ff"; `_` ("the current app") is not one. */
const APP = '([a-z0-9]{4,16})';
const CONVERSATION = '([1-9][0-9]{0,19})';
const INBOX_PATH = new RegExp(`^/a/inbox/${APP}/inbox/(?:[a-z0-9_-]+/)*conversation/${CONVERSATION}/?$`);
const APPS_PATH = new RegExp(
  `^/a/apps/${APP}/(?:inbox/(?:[a-z0-9_-]+/)*conversations?|conversations)/${CONVERSATION}/?$`,
);

/**
 * The details sidebar's selectors, newest first.
 * 2026-11: all are guesses from public material (see the module comment); drop the ones that never
 * match a live workspace after 2027-05.
 */
export const INTERCOM_SELECTORS = {
  /** The person's section of the details sidebar (not the company or conversation sections). */
  panel: [
    '[data-test-contact-details]',
    'section[aria-label="User data"]',
    'section[aria-label="Lead data"]',
    '.inbox2__contact-details',
  ],
  sidebar: ['[data-test-conversation-details]', 'aside[aria-label="Conversation details"]', '.inbox2__details-sidebar'],
  collapsedToggle: [
    'button[data-test-details-toggle][aria-expanded="false"]',
    'button[aria-controls="conversation-details"][aria-expanded="false"]',
    'button[aria-label="Show details"]',
  ],
  conversationView: ['[data-conversation-stream]', '[data-test-conversation-view]', '.inbox2__conversation'],
  name: ['[data-test-contact-name]', '.inbox2__contact-name'],
  emails: ['[data-test-attribute="email"] dd', '[data-attribute="email"] dd'],
  phones: ['[data-test-attribute="phone"] dd', '[data-attribute="phone"] dd'],
  company: ['[data-test-attribute="company"] dd', '[data-attribute="company"] dd'],
  jobTitle: ['[data-test-attribute="job_title"] dd', '[data-attribute="job_title"] dd'],
  location: ['[data-test-attribute="location"] dd', '[data-attribute="location"] dd'],
  timeZone: ['[data-test-attribute="timezone"] dd', '[data-attribute="timezone"] dd'],
  profileLink: ['a[href*="/users/"]', 'a[href*="/leads/"]', 'a[href*="/contacts/"]'],
} as const satisfies Record<string, SelectorList>;

/** Visible labels of the attributes (English UI), used when the hooks above do not match. */
const LABELS = {
  name: ['Name'],
  emails: ['Email'],
  phones: ['Phone', 'Phone number'],
  company: ['Company', 'Company name'],
  jobTitle: ['Job title', 'Title'],
  location: ['Location', 'City'],
  timeZone: ['Time zone', 'Timezone'],
} as const;

/** Intercom contact ids are 24 hexadecimal digits (https://developers.intercom.com/docs/references/rest-api/api.intercom.io/contacts/). */
const CONTACT_ID = /^[0-9a-f]{24}$/;
const PROFILE_PATH = /\/(?:users|leads|contacts)\/([0-9a-f]{24})(?:\/|$)/;

/** Intercom's conversation ids are long internal numbers, not what its agents call a conversation by: they read as is. */
const WORDS: TicketWords = { noun: 'conversation', hashIds: false };

const spec: DomPanelSpec = {
  helpdesk: 'intercom',
  label: LABEL,
  words: WORDS,
  panelName: 'details sidebar',
  ...panelLocators(INTERCOM_SELECTORS, { hiddenWhen: [...INTERCOM_SELECTORS.sidebar, ...INTERCOM_SELECTORS.panel] }),
  missingPanelReason: (doc) =>
    queryVisible(doc, INTERCOM_SELECTORS.sidebar) === null
      ? null
      : 'the details sidebar does not show the person’s data (User data or Lead data) — show that section and retry.',
  readPanel(panel) {
    const candidates = [
      attributeFrom(panel, ['[data-contact-id]'], 'data-contact-id'),
      idFromLinks(panel, INTERCOM_SELECTORS.profileLink, PROFILE_PATH),
    ];
    const id = candidates.find((v) => v !== null && CONTACT_ID.test(v)) ?? null;
    return {
      id,
      name: personName(panel, INTERCOM_SELECTORS, LABELS.name),
      // Only the person's Email attribute: other addresses in the sidebar (a company's billing
      // address, a teammate) are not the customer's.
      emails: collectEmails(panel, { selectors: INTERCOM_SELECTORS.emails, labels: LABELS.emails, anyMailto: false }),
      phones: collectPhones(panel, { selectors: INTERCOM_SELECTORS.phones, labels: LABELS.phones, anyTel: false }),
      ...fieldTexts(panel, INTERCOM_SELECTORS, LABELS, ['company', 'jobTitle', 'location', 'timeZone']),
      notes: null,
    };
  },
};

/** `{account: appId, ticketId: conversationId}` for an Intercom conversation page over HTTPS, else null. */
function detect(url: URL): DetectedTicket | null {
  if (url.protocol !== 'https:' || url.port !== '') return null;
  if (!(INTERCOM_HOSTS as readonly string[]).includes(url.hostname)) return null;
  const m = INBOX_PATH.exec(url.pathname) ?? APPS_PATH.exec(url.pathname);
  return m?.[1] && m[2] ? { account: m[1], ticketId: m[2] } : null;
}

/**
 * An Intercom adapter; `timing` shortens the waits in tests (see `DomReadOptions`).
 * `readCustomer` gives `id` = Intercom contact id (from the profile link), name, email, phone,
 * company, job title (a custom attribute of that name), location as shown; see `createDomReader`
 * for the errors ("Can't read this Intercom conversation: the details sidebar is closed — open it
 * and retry.").
 */
export function createIntercomAdapter(timing: Partial<DomReadOptions> = {}): HelpdeskAdapter {
  return {
    id: 'intercom',
    label: LABEL,
    words: WORDS,
    // The whole app on each host: the agent moves between Inbox views and conversations without a page load.
    matches: INTERCOM_HOSTS.map((host) => `https://${host}/a/*`),
    detect,
    readCustomer: createDomReader(spec, timing),
    testUrls: [
      {
        url: 'https://app.intercom.com/a/inbox/ui6470ff/inbox/conversation/215475827415413',
        expected: { account: 'ui6470ff', ticketId: '215475827415413' },
      },
      {
        url: 'https://app.intercom.com/a/inbox/k7w32l2g/inbox/shared/all/conversation/1234',
        expected: { account: 'k7w32l2g', ticketId: '1234' },
      },
      {
        url: 'https://app.intercom.com/a/inbox/g4tvre/inbox/admin/67375/conversation/3624?view=List',
        expected: { account: 'g4tvre', ticketId: '3624' },
      },
      {
        url: 'https://app.eu.intercom.com/a/inbox/grcvqyws/inbox/shared/all/conversation/4137#part_id=comment-4137-23555',
        expected: { account: 'grcvqyws', ticketId: '4137' },
      },
      {
        url: 'https://app.au.intercom.com/a/inbox/zah460bv/inbox/conversation/215560824562362/',
        expected: { account: 'zah460bv', ticketId: '215560824562362' },
      },
      {
        url: 'https://app.intercom.com/a/apps/v9jrtlg9/conversations/77',
        expected: { account: 'v9jrtlg9', ticketId: '77' },
      },
      {
        url: 'https://app.intercom.com/a/apps/v9jrtlg9/inbox/inbox/conversation/15929788631',
        expected: { account: 'v9jrtlg9', ticketId: '15929788631' },
      },
      { url: 'https://app.intercom.com/a/inbox/bqo45ebi/inbox/shared/all', expected: null },
      { url: 'https://app.intercom.com/a/inbox/bqo45ebi/inbox/conversation/', expected: null },
      { url: 'https://app.intercom.com/a/inbox/_/inbox/conversation/123', expected: null },
      { url: 'https://app.intercom.com/a/apps/v9jrtlg9/users/536e564f316c83104c000020', expected: null },
      { url: 'https://app.intercom.com/a/apps/v9jrtlg9/conversations', expected: null },
      { url: 'https://app.intercom.com/a/apps/v9jrtlg9/conversations/77/extra', expected: null },
      { url: 'https://app.intercom.com/a/apps/_/settings/email-custom-assets-domains', expected: null },
      { url: 'https://app.intercom.com/a/inbox/ui6470ff/inbox/conversation/0', expected: null },
      { url: 'http://app.intercom.com/a/inbox/ui6470ff/inbox/conversation/123', expected: null },
      { url: 'https://app.intercom.com.evil.example/a/inbox/ui6470ff/inbox/conversation/123', expected: null },
      { url: 'https://intercom.com/a/inbox/ui6470ff/inbox/conversation/123', expected: null },
      { url: 'https://app.intercom.io/a/apps/ui6470ff/inbox/inbox/conversation/123', expected: null },
    ],
  };
}

/** The Intercom adapter (Intercom Inbox, details sidebar). */
export const intercom: HelpdeskAdapter = createIntercomAdapter();
