/**
 * The Front emulator's pages: the app shell (inboxes, conversation list, the current conversation
 * and its contact panel), the conversation view the shell swaps in, the sign-in page and a contact
 * page.
 *
 * The contact panel's markup is what lib/helpdesks/front.ts reads first
 * (`data-testid="contact-details"`, handles by `data-handle-source`, the account, custom fields,
 * the description, the `/contacts/crd_…` link) — see that file for which parts are modelled on
 * public material. Every value is escaped, so it reaches the page as text.
 */
import { escapeHtml, formatTime, initials, spaScripts } from '../dom-helpdesk.ts';
import { htmlPage } from '../helpdesk-page.ts';
import type { FrontContact, FrontConversation, FrontSeed } from './data.ts';

/** The conversation's path inside the app: `/inboxes/teams/folders/{inbox}/{status}/{number}`. */
export function conversationPath(inbox: number, c: FrontConversation): string {
  return `/inboxes/teams/folders/${inbox}/${c.status}/${c.number}`;
}

const FIELD_KEYS: Record<string, string> = { 'Job title': 'job_title', Location: 'location' };

/** The contact panel of one conversation. */
export function contactPanel(conversation: FrontConversation, contact: FrontContact): string {
  const handles = contact.handles
    .map((h) => {
      const href = h.source === 'email' ? `mailto:${h.handle.trim()}` : `tel:${h.handle.replace(/[^\d+]/g, '')}`;
      return `<li data-testid="contact-handle" data-handle-source="${h.source}"><span class="fr-handle-kind">${h.source === 'email' ? 'Email' : 'Phone'}</span> <a href="${escapeHtml(href)}">${escapeHtml(h.handle)}</a></li>`;
    })
    .join('\n        ');
  const field = (key: string, label: string, value: string, testId = '') =>
    `<div class="fr-field" data-field="${escapeHtml(key)}"><dt>${escapeHtml(label)}</dt><dd${testId ? ` data-testid="${testId}"` : ''}>${escapeHtml(value)}</dd></div>`;
  const fields = [
    contact.account ? field('account', 'Account', contact.account, 'contact-account') : '',
    ...Object.entries(contact.customFields).map(([label, value]) =>
      field(FIELD_KEYS[label] ?? label.toLowerCase().replace(/\W+/g, '_'), label, value),
    ),
  ]
    .filter(Boolean)
    .join('\n      ');
  const description = contact.description
    ? `<section class="fr-description" data-testid="contact-description" aria-labelledby="contact-description-title">
      <h3 id="contact-description-title">Description</h3>
      <p>${escapeHtml(contact.description)}</p>
    </section>`
    : '';
  return `<aside id="contact-details" class="fr-contact" data-testid="contact-details" aria-label="Contact details" data-conversation-id="${conversation.id}" data-contact-id="${contact.id}">
    <header class="fr-contact-head">
      <span class="fr-avatar" aria-hidden="true">${escapeHtml(initials(contact.name))}</span>
      <h2 data-testid="contact-name">${escapeHtml(contact.name)}</h2>
    </header>
    <section aria-labelledby="contact-handles-title">
      <h3 id="contact-handles-title" class="fr-subtitle">Contact handles</h3>
      <ul class="fr-handles" data-testid="contact-handles">
        ${handles || '<li class="fr-muted">No handles</li>'}
      </ul>
    </section>
    <dl class="fr-fields" data-testid="contact-fields">
      ${fields}
    </dl>
    ${description}
    <p class="fr-contact-link"><a href="/contacts/${contact.id}">Open contact</a></p>
  </aside>`;
}

/** The view the shell shows for one conversation: the messages and the contact panel. */
export function conversationView(conversation: FrontConversation, contact: FrontContact): string {
  const messages = conversation.messages
    .map(
      (
        m,
      ) => `<li><article class="fr-message ${m.inbound ? 'fr-inbound' : 'fr-outbound'}" data-testid="message" id="${m.id}">
          <header><strong>${escapeHtml(m.author)}</strong> <time datetime="${escapeHtml(m.createdAt)}">${escapeHtml(formatTime(m.createdAt))}</time></header>
          <p>${escapeHtml(m.body)}</p>
        </article></li>`,
    )
    .join('\n');
  return `<div class="fr-conversation" data-testid="conversation" data-conversation-id="${conversation.id}">
    <header class="fr-conversation-head">
      <h1 data-testid="conversation-subject">${escapeHtml(conversation.subject)}</h1>
      <p class="fr-muted">${escapeHtml(contact.name)} · ${conversation.status === 'archived' ? 'Archived' : 'Unassigned'}</p>
    </header>
    <ol class="fr-messages" aria-label="Messages">${messages}</ol>
    <div class="fr-composer"><textarea aria-label="Reply" placeholder="Reply to ${escapeHtml(contact.name)}"></textarea></div>
  </div>
  ${contactPanel(conversation, contact)}`;
}

/** The sign-in form (a whole page, or what the app shows once the session has ended). */
export function signInForm(): string {
  return `<main class="fr-signin">
    <h1>Log in to Front</h1>
    <form method="post" action="/signin">
      <label>Email <input type="email" name="email" autocomplete="username"></label>
      <label>Password <input type="password" name="password" autocomplete="current-password"></label>
      <button type="submit">Log in</button>
    </form>
  </main>`;
}

/** A full page around `body`. */
export function document(title: string, body: string): string {
  return htmlPage({ title, style: STYLE, body });
}

/** A contact's page (not a conversation). */
export function contactPage(contact: FrontContact): string {
  const handles = contact.handles.map((h) => `<li>${escapeHtml(h.handle)}</li>`).join('');
  return document(
    `${contact.name} - Front`,
    `<main class="fr-signin"><h1>${escapeHtml(contact.name)}</h1><ul>${handles}</ul></main>`,
  );
}

export interface AppPageInput {
  seed: FrontSeed;
  /** The conversation the URL names, or null on an inbox page. */
  current: FrontConversation | null;
  /** Set on an entry link (`/open/cnv_…`): the app replaces the URL with the conversation's inbox path. */
  canonicalPath?: string;
}

/** The whole app page (inboxes, conversation list, the view); the page script fills the view. */
export function appPage({ seed, current, canonicalPath }: AppPageInput): string {
  const contacts = new Map(seed.contacts.map((c) => [c.id, c]));
  const inbox = seed.inbox.number;
  const items = seed.conversations
    .map((c) => {
      const contact = contacts.get(c.contactId);
      return `<li><a href="${conversationPath(inbox, c)}" data-spa-link data-key="${c.number}">
        <span class="fr-item-name">${escapeHtml(contact?.name ?? 'Unknown contact')}</span>
        <span class="fr-item-subject">${escapeHtml(c.subject)}</span></a></li>`;
    })
    .join('\n');
  const title = current ? current.subject : seed.inbox.name;
  const body = `<div id="front-app" class="fr-app">
  <header class="fr-topbar">
    <span class="fr-logo" aria-hidden="true">F</span>
    <input class="fr-search" type="search" placeholder="Search" aria-label="Search Front" disabled>
    <span class="fr-agent">${escapeHtml(seed.agent.name)}</span>
    <button type="button" class="fr-toggle" data-testid="contact-details-toggle" aria-controls="contact-details" aria-expanded="true" aria-label="Hide contact details">Contact</button>
  </header>
  <div class="fr-workspace">
    <nav class="fr-inboxes" aria-label="Inboxes"><h2>Team inboxes</h2><ul>
      <li><a href="/inboxes/teams/folders/${inbox}/unassigned" aria-current="page">${escapeHtml(seed.inbox.name)} · Unassigned</a></li>
      <li><a href="/inboxes/teams/folders/${inbox}/archived">${escapeHtml(seed.inbox.name)} · Archived</a></li>
    </ul></nav>
    <section class="fr-list" aria-label="Conversations"><ul>${items}</ul></section>
    <div id="fr-view" class="fr-view" aria-live="polite"><p class="emulator-placeholder">${current ? 'Loading conversation…' : 'No conversation selected.'}</p></div>
  </div>
</div>
${spaScripts({
  appId: 'front-app',
  viewId: 'fr-view',
  linkSelector: 'a[data-spa-link]',
  routes: ['^/inboxes/teams/folders/\\d+/[a-z]+/(\\d+)/?$'],
  fragmentPrefix: '/_emulator/conversations/',
  loadingText: 'Loading conversation…',
  emptyText: 'No conversation selected.',
  panelSelector: '#contact-details',
  toggleSelector: '[data-testid="contact-details-toggle"]',
  hideLabel: 'Hide contact details',
  showLabel: 'Show contact details',
  storageKey: 'front-emulator:contact-details',
  product: 'Front',
  canonicalPath,
})}`;
  return document(`${title} - Front`, body);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#001b38;background:#f7f8fa}
a{color:#3b67ff}
.fr-app{margin-right:350px;min-height:100vh}
.fr-topbar{display:flex;align-items:center;gap:14px;height:48px;padding:0 14px;background:#001b38;color:#fff}
.fr-logo{display:inline-grid;place-items:center;width:28px;height:28px;border-radius:50%;background:#ff4f64;font-weight:800}
.fr-search{width:260px;padding:5px 10px;border:0;border-radius:6px;background:#1b3452;color:#fff}
.fr-agent{margin-left:auto;opacity:.85}
.fr-toggle{border:1px solid #2d4a6b;background:#10304f;color:#fff;border-radius:6px;padding:4px 10px;cursor:pointer}
.fr-toggle[aria-expanded=false]{background:#3b67ff}
.fr-workspace{display:grid;grid-template-columns:190px 250px minmax(0,1fr);height:calc(100vh - 48px)}
.fr-inboxes{background:#eef1f6;padding:12px;border-right:1px solid #dfe3ea}.fr-inboxes h2{font-size:12px;text-transform:uppercase;color:#5f6b7a;margin:0 0 8px}
.fr-inboxes ul,.fr-list ul{list-style:none;margin:0;padding:0}
.fr-inboxes a{display:block;padding:4px 6px;border-radius:6px;color:inherit;text-decoration:none}.fr-inboxes a[aria-current]{background:#dde6ff}
.fr-list{background:#fff;border-right:1px solid #dfe3ea;overflow:auto}
.fr-list a{display:flex;flex-direction:column;padding:10px 14px;border-bottom:1px solid #f0f2f5;color:inherit;text-decoration:none}
.fr-list a[aria-current=page]{background:#eef2ff;box-shadow:inset 3px 0 #3b67ff}
.fr-item-name{font-weight:600}.fr-item-subject{color:#5f6b7a;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.fr-view{display:grid;grid-template-columns:minmax(0,1fr) 250px;overflow:auto}
.fr-conversation{padding:18px 22px}.fr-conversation-head h1{font-size:19px;margin:0}
.fr-muted{color:#5f6b7a}
.fr-messages{list-style:none;margin:14px 0;padding:0}
.fr-message{background:#fff;border:1px solid #dfe3ea;border-radius:8px;padding:12px 14px;margin-bottom:10px}
.fr-outbound{background:#f3f6ff}.fr-message header{display:flex;justify-content:space-between;font-size:12px;color:#5f6b7a}
.fr-message header strong{color:#001b38}.fr-message p{margin:6px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.fr-composer textarea{width:100%;min-height:70px;border:1px solid #dfe3ea;border-radius:8px;padding:8px;font:inherit}
.fr-contact{background:#fff;border-left:1px solid #dfe3ea;padding:16px;overflow-wrap:anywhere}
.fr-contact-head{display:flex;align-items:center;gap:10px}.fr-contact-head h2{font-size:16px;margin:0}
.fr-avatar{display:inline-grid;place-items:center;width:34px;height:34px;border-radius:50%;background:#ffe1e5;font-weight:700}
.fr-subtitle{font-size:12px;color:#5f6b7a;font-weight:500;margin:14px 0 4px}
.fr-handles{list-style:none;margin:0;padding:0}.fr-handles li{padding:2px 0}.fr-handle-kind{color:#5f6b7a;font-size:12px}
.fr-fields{margin:12px 0}.fr-field{padding:5px 0;border-top:1px solid #f0f2f5}.fr-field dt{font-size:12px;color:#5f6b7a}.fr-field dd{margin:0}
.fr-description h3{font-size:12px;color:#5f6b7a;font-weight:500;margin:10px 0 2px}.fr-description p{margin:0;white-space:pre-wrap}
.fr-contact-link{font-size:12px}
.emulator-placeholder{color:#5f6b7a;padding:18px 22px}
.emulator-notice{margin:18px 22px;padding:14px 16px;background:#fff;border:1px solid #dfe3ea;border-radius:8px}
.fr-signin{max-width:380px;margin:60px auto;padding:24px;background:#fff;border-radius:10px;border:1px solid #dfe3ea}
.fr-signin label{display:block;margin:10px 0}.fr-signin input{display:block;width:100%;padding:6px}
`;
