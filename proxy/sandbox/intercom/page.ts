/**
 * The Intercom emulator's pages: the Inbox shell (views, conversation list, the current
 * conversation and its details sidebar), the conversation view the shell swaps in, the sign-in page
 * and a contact profile page.
 *
 * The details sidebar's markup is what lib/helpdesks/intercom.ts reads first
 * (`[data-test-contact-details]` with `data-test-attribute` rows, the profile link
 * `/a/apps/{app}/users/{id}`) — see that file for which parts are modelled on public material.
 * Every value is escaped, so it reaches the page as text.
 */
import { escapeHtml, formatTime, initials, spaScripts } from '../dom-helpdesk.ts';
import { htmlPage } from '../helpdesk-page.ts';
import type { IntercomContact, IntercomConversation, IntercomSeed } from './data.ts';

/** The conversation's path in the Inbox: `/a/inbox/{app}/inbox/shared/all/conversation/{id}`. */
export function conversationPath(appId: string, c: IntercomConversation): string {
  return `/a/inbox/${appId}/inbox/shared/all/conversation/${c.id}`;
}

/** A contact's profile path: `/a/apps/{app}/users/{id}/all-conversations`. */
export function profilePath(appId: string, contact: IntercomContact): string {
  return `/a/apps/${appId}/users/${contact.id}/all-conversations`;
}

function attribute(key: string, label: string, value: string): string {
  return `<div class="ic-attribute" data-test-attribute="${key}"><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`;
}

/** The details sidebar of one conversation: the person's data, their company, the conversation's attributes. */
export function detailsSidebar(appId: string, conversation: IntercomConversation, contact: IntercomContact): string {
  const rows = [
    contact.email === null ? '' : attribute('email', 'Email', contact.email),
    contact.phone === null ? '' : attribute('phone', 'Phone', contact.phone),
    contact.company === null ? '' : attribute('company', 'Company', contact.company),
    contact.jobTitle === null ? '' : attribute('job_title', 'Job title', contact.jobTitle),
    contact.location === null ? '' : attribute('location', 'Location', contact.location),
    attribute('last_seen', 'Last seen', contact.lastSeen),
    attribute('type', 'Type', contact.role === 'user' ? 'User' : 'Lead'),
  ]
    .filter(Boolean)
    .join('\n        ');
  const company =
    contact.company === null
      ? ''
      : `<section class="ic-section" data-test-company-details aria-labelledby="ic-company-title">
      <h2 id="ic-company-title" class="ic-section-title">Company</h2>
      <dl class="ic-attributes"><div class="ic-attribute"><dt>Name</dt><dd>${escapeHtml(contact.company)}</dd></div></dl>
    </section>`;
  return `<aside id="conversation-details" class="ic-details" data-test-conversation-details aria-label="Conversation details" data-conversation-id="${conversation.id}">
    <section class="ic-section" data-test-contact-details data-contact-id="${contact.id}" aria-labelledby="ic-contact-title">
      <h2 id="ic-contact-title" class="ic-section-title">${contact.role === 'user' ? 'User data' : 'Lead data'}</h2>
      <p class="ic-contact"><span class="ic-avatar" aria-hidden="true">${escapeHtml(initials(contact.name))}</span>
        <a data-test-contact-name href="${profilePath(appId, contact)}">${escapeHtml(contact.name)}</a></p>
      <dl class="ic-attributes">
        ${rows}
      </dl>
    </section>
    ${company}
    <section class="ic-section" data-test-conversation-attributes aria-labelledby="ic-conversation-title">
      <h2 id="ic-conversation-title" class="ic-section-title">Conversation attributes</h2>
      <dl class="ic-attributes"><div class="ic-attribute"><dt>State</dt><dd>${conversation.state === 'closed' ? 'Closed' : 'Open'}</dd></div>
        <div class="ic-attribute"><dt>ID</dt><dd>${conversation.id}</dd></div></dl>
    </section>
  </aside>`;
}

/** The view the shell shows for one conversation: the parts and the details sidebar. */
export function conversationView(appId: string, conversation: IntercomConversation, contact: IntercomContact): string {
  const parts = conversation.parts
    .map(
      (
        p,
      ) => `<div class="ic-part ${p.fromCustomer ? 'ic-part-user' : 'ic-part-admin'}" data-part-group-id="${escapeHtml(p.id)}">
          <header><strong>${escapeHtml(p.author)}</strong> <time datetime="${escapeHtml(p.createdAt)}">${escapeHtml(formatTime(p.createdAt))}</time></header>
          <p>${escapeHtml(p.body)}</p>
        </div>`,
    )
    .join('\n');
  return `<main class="ic-conversation inbox2__conversation" data-test-conversation-view data-conversation-id="${conversation.id}">
    <header class="ic-conversation-head">
      <span class="truncate" data-conversation-title>${escapeHtml(contact.name)}</span>
      <h1>${escapeHtml(conversation.title)}</h1>
    </header>
    <div class="ic-stream" data-conversation-stream>${parts}</div>
    <div class="ic-composer"><textarea aria-label="Reply" placeholder="Reply to ${escapeHtml(contact.name)}"></textarea></div>
  </main>
  ${detailsSidebar(appId, conversation, contact)}`;
}

/** The sign-in form (a whole page, or what the Inbox shows once the session has ended). */
export function signInForm(): string {
  return `<main class="ic-signin">
    <h1>Sign in to Intercom</h1>
    <form method="post" action="/admins/sign_in">
      <label>Work email <input type="email" name="admin[email]" autocomplete="username"></label>
      <label>Password <input type="password" name="admin[password]" autocomplete="current-password"></label>
      <button type="submit">Sign in</button>
    </form>
  </main>`;
}

/** A full page around `body`. */
export function document(title: string, body: string): string {
  return htmlPage({ title, style: STYLE, body });
}

/** A contact's profile page (not a conversation). */
export function profilePage(contact: IntercomContact): string {
  return document(
    `${contact.name} | Intercom`,
    `<main class="ic-signin"><h1>${escapeHtml(contact.name)}</h1><p>${escapeHtml(contact.email ?? 'No email')}</p></main>`,
  );
}

export interface InboxPageInput {
  seed: IntercomSeed;
  current: IntercomConversation | null;
  /** Set on a deep link (`/a/apps/{app}/conversations/{id}`): the Inbox replaces the URL with its own path. */
  canonicalPath?: string;
}

/** The whole Inbox page; the page script fills the view. */
export function inboxPage({ seed, current, canonicalPath }: InboxPageInput): string {
  const contacts = new Map(seed.contacts.map((c) => [c.id, c]));
  const items = seed.conversations
    .map((c) => {
      const contact = contacts.get(c.contactId);
      return `<li><a href="${conversationPath(seed.appId, c)}" data-spa-link data-key="${c.id}">
        <span class="ic-item-name">${escapeHtml(contact?.name ?? 'Unknown')}</span>
        <span class="ic-item-title">${escapeHtml(c.title)}</span></a></li>`;
    })
    .join('\n');
  const title = current ? current.title : 'Inbox';
  const body = `<div id="ic-app" class="ic-app inbox2">
  <header class="ic-topbar">
    <span class="ic-logo" aria-hidden="true">▦</span>
    <span class="ic-product">Inbox</span>
    <span class="ic-agent">${escapeHtml(seed.agent.name)}</span>
    <button type="button" class="ic-toggle" data-test-details-toggle aria-controls="conversation-details" aria-expanded="true" aria-label="Hide details">Details</button>
  </header>
  <div class="ic-workspace">
    <nav class="ic-views" aria-label="Inbox views"><ul>
      <li><a href="/a/inbox/${seed.appId}/inbox/shared/all" aria-current="page">All</a></li>
      <li><a href="/a/inbox/${seed.appId}/inbox/shared/unassigned">Unassigned</a></li>
    </ul></nav>
    <section class="ic-list" aria-label="Conversation list"><ul>${items}</ul></section>
    <div id="ic-view" class="ic-view" aria-live="polite"><p class="emulator-placeholder">${current ? 'Loading conversation…' : 'No conversation selected.'}</p></div>
  </div>
</div>
${spaScripts({
  appId: 'ic-app',
  viewId: 'ic-view',
  linkSelector: 'a[data-spa-link]',
  routes: ['^/a/inbox/[a-z0-9]+/inbox/(?:[a-z0-9_-]+/)*conversation/(\\d+)/?$'],
  fragmentPrefix: '/_emulator/conversations/',
  loadingText: 'Loading conversation…',
  emptyText: 'No conversation selected.',
  panelSelector: '#conversation-details',
  toggleSelector: '[data-test-details-toggle]',
  hideLabel: 'Hide details',
  showLabel: 'Show details',
  storageKey: 'intercom-emulator:details',
  product: 'Intercom',
  canonicalPath,
})}`;
  return document(`${title} | Intercom`, body);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f5f5f4}
a{color:#1f5eff}
.ic-app{margin-right:350px;min-height:100vh}
.ic-topbar{display:flex;align-items:center;gap:12px;height:48px;padding:0 14px;background:#fff;border-bottom:1px solid #e4e4e2}
.ic-logo{display:inline-grid;place-items:center;width:28px;height:28px;border-radius:6px;background:#1a1a1a;color:#fff}
.ic-product{font-weight:700}.ic-agent{margin-left:auto;color:#6b6b68}
.ic-toggle{border:1px solid #e4e4e2;background:#fff;border-radius:6px;padding:4px 10px;cursor:pointer}
.ic-toggle[aria-expanded=false]{background:#1f5eff;color:#fff}
.ic-workspace{display:grid;grid-template-columns:150px 260px minmax(0,1fr);height:calc(100vh - 48px)}
.ic-views{background:#fafaf9;border-right:1px solid #e4e4e2;padding:10px}.ic-views ul,.ic-list ul{list-style:none;margin:0;padding:0}
.ic-views a{display:block;padding:4px 8px;border-radius:6px;color:inherit;text-decoration:none}.ic-views a[aria-current]{background:#ebebea}
.ic-list{background:#fff;border-right:1px solid #e4e4e2;overflow:auto}
.ic-list a{display:flex;flex-direction:column;padding:10px 14px;border-bottom:1px solid #f1f1f0;color:inherit;text-decoration:none}
.ic-list a[aria-current=page]{background:#eef3ff;box-shadow:inset 3px 0 #1f5eff}
.ic-item-name{font-weight:600}.ic-item-title{color:#6b6b68;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.ic-view{display:grid;grid-template-columns:minmax(0,1fr) 260px;overflow:auto}
.ic-conversation{padding:16px 22px}.ic-conversation-head h1{font-size:18px;margin:2px 0 12px}
.ic-conversation-head .truncate{color:#6b6b68}
.ic-part{background:#fff;border:1px solid #e4e4e2;border-radius:10px;padding:10px 12px;margin-bottom:10px;max-width:560px}
.ic-part-admin{margin-left:auto;background:#eef3ff}.ic-part header{display:flex;justify-content:space-between;font-size:12px;color:#6b6b68}
.ic-part header strong{color:#1a1a1a}.ic-part p{margin:6px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.ic-composer textarea{width:100%;min-height:70px;border:1px solid #e4e4e2;border-radius:10px;padding:8px;font:inherit}
.ic-details{background:#fff;border-left:1px solid #e4e4e2;padding:12px 14px;overflow-wrap:anywhere}
.ic-section{border-bottom:1px solid #f1f1f0;padding:8px 0}
.ic-section-title{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#6b6b68;margin:0 0 6px}
.ic-contact{display:flex;align-items:center;gap:8px;margin:0 0 6px}.ic-contact a{font-weight:700;color:#1a1a1a}
.ic-avatar{display:inline-grid;place-items:center;width:28px;height:28px;border-radius:50%;background:#ffd9c2;font-size:12px;font-weight:700}
.ic-attributes{margin:0}.ic-attribute{display:grid;grid-template-columns:90px 1fr;gap:6px;padding:3px 0}
.ic-attribute dt{color:#6b6b68}.ic-attribute dd{margin:0}
.emulator-placeholder{color:#6b6b68;padding:16px 22px}
.emulator-notice{margin:16px 22px;padding:14px 16px;background:#fff;border:1px solid #e4e4e2;border-radius:10px}
.ic-signin{max-width:380px;margin:60px auto;padding:24px;background:#fff;border-radius:10px;border:1px solid #e4e4e2}
.ic-signin label{display:block;margin:10px 0}.ic-signin input{display:block;width:100%;padding:6px}
`;
