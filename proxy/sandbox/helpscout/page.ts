/**
 * The Help Scout emulator's pages: the app shell (mailbox folders, conversation list, the current
 * conversation and its customer sidebar), the conversation view the shell swaps in, the sign-in
 * page and a customer profile page.
 *
 * The customer sidebar's markup is what lib/helpdesks/helpscout.ts reads first
 * (`data-cy="customer-sidebar"`, `.c-customer-property`, mailto:/tel: links, the profile link
 * `/customer/{id}/0/`) — see that file for which parts are modelled on public material. Every value
 * is escaped, so it reaches the page as text.
 */
import { escapeHtml, formatTime, initials, spaScripts } from '../dom-helpdesk.ts';
import { htmlPage } from '../helpdesk-page.ts';
import type { HelpScoutConversation, HelpScoutCustomer, HelpScoutSeed } from './data.ts';

const STATUS_LABEL: Record<HelpScoutConversation['status'], string> = {
  active: 'Active',
  pending: 'Pending',
  closed: 'Closed',
};

/** The conversation's link inside the app: `/conversation/{id}/{number}?folderId={folder}`. */
export function conversationPath(c: HelpScoutConversation): string {
  return `/conversation/${c.id}/${c.number}?folderId=${c.folderId}`;
}

function property(kind: string, label: string, value: string): string {
  return `<li class="c-customer-property" data-cy="customer-property" data-property="${kind}">
        <span class="c-property-label">${escapeHtml(label)}</span>
        ${value}
      </li>`;
}

/** The customer sidebar of one conversation. */
export function customerSidebar(conversation: HelpScoutConversation, customer: HelpScoutCustomer): string {
  const text = (v: string) => `<span class="c-property-value">${escapeHtml(v)}</span>`;
  const rows: string[] = [];
  if (customer.emails.length > 0) {
    const items = customer.emails
      .map((e) => `<li><a href="mailto:${escapeHtml(e.trim())}">${escapeHtml(e)}</a></li>`)
      .join('');
    rows.push(
      property('emails', customer.emails.length > 1 ? 'Emails' : 'Email', `<ul class="c-property-value">${items}</ul>`),
    );
  }
  if (customer.phones.length > 0) {
    const items = customer.phones
      .map((p) => `<li><a href="tel:${escapeHtml(p.replace(/[^\d+]/g, ''))}">${escapeHtml(p)}</a></li>`)
      .join('');
    rows.push(property('phones', 'Phone', `<ul class="c-property-value">${items}</ul>`));
  }
  if (customer.company) rows.push(property('company', 'Company', text(customer.company)));
  if (customer.jobTitle) rows.push(property('jobTitle', 'Job Title', text(customer.jobTitle)));
  if (customer.location) rows.push(property('location', 'Location', text(customer.location)));
  for (const site of customer.websites) {
    rows.push(
      property(
        'websites',
        'Website',
        `<a class="c-property-value" href="${escapeHtml(site)}" rel="noreferrer">${escapeHtml(site)}</a>`,
      ),
    );
  }
  const notes = customer.notes
    ? `<section class="c-customer-notes" data-cy="customer-notes" aria-labelledby="customer-notes-title">
      <h3 id="customer-notes-title">Notes</h3>
      <p class="c-notes-body">${escapeHtml(customer.notes)}</p>
    </section>`
    : '';
  return `<aside id="customer-sidebar" class="c-conversation-sidebar" data-cy="customer-sidebar" aria-label="Customer profile" data-conversation-id="${conversation.id}" data-customer-id="${customer.id}">
    <div class="c-sidebar-customer">
      <span class="c-avatar" aria-hidden="true">${escapeHtml(initials(customer.name))}</span>
      <a class="c-customer-name" data-cy="customer-name" href="/customer/${customer.id}/0/">${escapeHtml(customer.name)}</a>
    </div>
    <ul class="c-customer-properties" data-cy="customer-properties">
      ${rows.join('\n      ')}
    </ul>
    ${notes}
    <p class="c-sidebar-more"><a href="/customer/${customer.id}/0/">View full profile</a></p>
  </aside>`;
}

/** The view the shell shows for one conversation: the thread and the customer sidebar. */
export function conversationView(conversation: HelpScoutConversation, customer: HelpScoutCustomer): string {
  const threads = conversation.threads
    .map(
      (t) => `<li><article class="thread ${t.type === 'customer' ? 'customer' : 'message'}" id="thread-${t.id}">
          <header><strong>${escapeHtml(t.author)}</strong> <time datetime="${escapeHtml(t.createdAt)}">${escapeHtml(formatTime(t.createdAt))}</time></header>
          <p>${escapeHtml(t.body)}</p>
        </article></li>`,
    )
    .join('\n');
  return `<main id="convo-main" class="hs-conversation" data-cy="ConversationView" data-conversation-id="${conversation.id}" data-conversation-number="${conversation.number}">
    <header class="hs-conversation-head">
      <h1 data-cy="ConversationSubject">${escapeHtml(conversation.subject)}</h1>
      <p class="hs-conversation-meta"><span>#${conversation.number}</span> · <span class="hs-status hs-status-${conversation.status}">${STATUS_LABEL[conversation.status]}</span> · ${escapeHtml(customer.name)}</p>
    </header>
    <ol class="hs-threads" aria-label="Thread Items">${threads}</ol>
    <div class="hs-reply"><textarea aria-label="Reply" placeholder="Reply to ${escapeHtml(customer.name)}"></textarea></div>
  </main>
  ${customerSidebar(conversation, customer)}`;
}

/** The sign-in form (a whole page, or what the app shows once the session has ended). */
export function signInForm(): string {
  return `<main class="hs-signin">
    <h1>Log in to Help Scout</h1>
    <form method="post" action="/members/login/">
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

/** A customer's profile page (not a conversation). */
export function customerPage(customer: HelpScoutCustomer): string {
  const emails = customer.emails.map((e) => `<li>${escapeHtml(e)}</li>`).join('');
  return document(
    `${customer.name} - Help Scout`,
    `<main class="hs-profile"><h1>${escapeHtml(customer.name)}</h1><ul>${emails}</ul><p><a href="/mailbox/">Back to the mailbox</a></p></main>`,
  );
}

export interface AppPageInput {
  seed: HelpScoutSeed;
  /** The conversation the URL names, or null on a folder page. */
  current: HelpScoutConversation | null;
}

/** The whole app page (mailbox folders, conversation list, the view); the page script fills the view. */
export function appPage({ seed, current }: AppPageInput): string {
  const customers = new Map(seed.customers.map((c) => [c.id, c]));
  const folders = seed.folders
    .map(
      (f, i) =>
        `<li><a href="/mailbox/${seed.mailbox.slug}/${f.id}/"${i === 0 ? ' aria-current="page"' : ''}>${escapeHtml(f.name)}</a></li>`,
    )
    .join('');
  const items = seed.conversations
    .map((c) => {
      const customer = customers.get(c.customerId);
      return `<li><a href="${escapeHtml(conversationPath(c))}" data-spa-link data-key="${c.id}">
        <span class="hs-item-name">${escapeHtml(customer?.name ?? 'Unknown customer')}</span>
        <span class="hs-item-subject">${escapeHtml(c.subject)}</span>
        <span class="hs-item-meta">#${c.number} · ${STATUS_LABEL[c.status]}</span></a></li>`;
    })
    .join('\n');
  const title = current ? `#${current.number} ${current.subject}` : seed.mailbox.name;
  const body = `<div id="hs-app" class="hs-app">
  <header class="hs-topbar">
    <span class="hs-logo" aria-hidden="true">HS</span>
    <nav class="hs-topnav" aria-label="Help Scout"><a href="/mailbox/${seed.mailbox.slug}/">Mailbox</a><a href="/customers/">Customers</a></nav>
    <span class="hs-agent">${escapeHtml(seed.agent.name)}</span>
    <button type="button" class="hs-sidebar-toggle" data-cy="ToggleCustomerSidebar" aria-controls="customer-sidebar" aria-expanded="true" aria-label="Hide customer profile">Customer profile</button>
  </header>
  <div class="hs-workspace">
    <nav class="hs-folders" aria-label="Mailbox folders"><h2>${escapeHtml(seed.mailbox.name)}</h2><ul>${folders}</ul></nav>
    <section class="hs-list" aria-label="Conversations"><ul>${items}</ul></section>
    <div id="hs-view" class="hs-view" aria-live="polite"><p class="emulator-placeholder">${current ? 'Loading conversation…' : 'Pick a conversation.'}</p></div>
  </div>
</div>
${spaScripts({
  appId: 'hs-app',
  viewId: 'hs-view',
  linkSelector: 'a[data-spa-link]',
  routes: ['^/conversation/(\\d+)(?:/\\d+)?/?$'],
  fragmentPrefix: '/_emulator/conversations/',
  loadingText: 'Loading conversation…',
  emptyText: 'Pick a conversation.',
  panelSelector: '#customer-sidebar',
  toggleSelector: '[data-cy="ToggleCustomerSidebar"]',
  hideLabel: 'Hide customer profile',
  showLabel: 'Show customer profile',
  storageKey: 'hs-emulator:customer-sidebar',
  product: 'Help Scout',
})}`;
  return document(`${title} - Help Scout`, body);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2d3d;background:#f1f3f5}
a{color:#1292ee}
.hs-app{margin-right:350px;min-height:100vh}
.hs-topbar{display:flex;align-items:center;gap:16px;height:50px;padding:0 16px;background:#1f2d3d;color:#fff}
.hs-logo{display:inline-grid;place-items:center;width:30px;height:30px;border-radius:8px;background:#1292ee;font-weight:700}
.hs-topnav{display:flex;gap:14px}.hs-topnav a{color:#d6dde3;text-decoration:none}
.hs-agent{margin-left:auto;opacity:.85}
.hs-sidebar-toggle{border:1px solid #3e5368;background:#2b3d50;color:#fff;border-radius:4px;padding:4px 10px;cursor:pointer}
.hs-sidebar-toggle[aria-expanded=false]{background:#1292ee}
.hs-workspace{display:grid;grid-template-columns:170px 260px minmax(0,1fr);height:calc(100vh - 50px)}
.hs-folders{background:#fff;border-right:1px solid #dde3e8;padding:12px}
.hs-folders h2{font-size:13px;margin:0 0 8px}.hs-folders ul{list-style:none;margin:0;padding:0}
.hs-folders a{display:block;padding:4px 6px;border-radius:4px;color:inherit;text-decoration:none}.hs-folders a[aria-current]{background:#e8f4fd}
.hs-list{background:#fff;border-right:1px solid #dde3e8;overflow:auto}.hs-list ul{list-style:none;margin:0;padding:0}
.hs-list a{display:flex;flex-direction:column;padding:10px 14px;border-bottom:1px solid #eef1f4;color:inherit;text-decoration:none}
.hs-list a[aria-current=page]{background:#e8f4fd;box-shadow:inset 3px 0 #1292ee}
.hs-item-name{font-weight:600}.hs-item-subject{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.hs-item-meta{color:#73808c;font-size:12px}
.hs-view{display:grid;grid-template-columns:minmax(0,1fr) 260px;overflow:auto}
.hs-conversation{padding:18px 24px}
.hs-conversation-head h1{font-size:20px;margin:0}.hs-conversation-meta{color:#73808c;margin:4px 0 16px}
.hs-status{font-weight:600}.hs-status-active{color:#3aa54b}.hs-status-pending{color:#b57e00}.hs-status-closed{color:#73808c}
.hs-threads{list-style:none;margin:0;padding:0}
.thread{background:#fff;border:1px solid #dde3e8;border-radius:6px;padding:12px 14px;margin-bottom:10px}
.thread.message{background:#f6fbff}.thread header{display:flex;justify-content:space-between;color:#73808c;font-size:12px}
.thread header strong{color:#1f2d3d}.thread p{margin:6px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.hs-reply textarea{width:100%;min-height:70px;border:1px solid #dde3e8;border-radius:6px;padding:8px;font:inherit}
.c-conversation-sidebar{background:#fff;border-left:1px solid #dde3e8;padding:16px;overflow-wrap:anywhere}
.c-sidebar-customer{display:flex;align-items:center;gap:10px;margin-bottom:12px}
.c-avatar{display:inline-grid;place-items:center;width:36px;height:36px;border-radius:50%;background:#d6e9f8;color:#1f2d3d;font-weight:700}
.c-customer-name{font-weight:700;font-size:15px;color:#1f2d3d}
.c-customer-properties{list-style:none;margin:0;padding:0}
.c-customer-property{padding:6px 0;border-top:1px solid #eef1f4}.c-customer-property ul{list-style:none;margin:0;padding:0}
.c-property-label{display:block;color:#73808c;font-size:12px}
.c-customer-notes h3{font-size:12px;color:#73808c;margin:12px 0 2px;font-weight:400}.c-customer-notes p{margin:0;white-space:pre-wrap}
.c-sidebar-more{font-size:12px}
.emulator-placeholder{color:#73808c;padding:18px 24px}
.emulator-notice{margin:18px 24px;padding:14px 16px;background:#fff;border:1px solid #dde3e8;border-radius:6px}
.hs-signin,.hs-profile{max-width:380px;margin:60px auto;padding:24px;background:#fff;border-radius:8px;border:1px solid #dde3e8}
.hs-signin label{display:block;margin:10px 0}.hs-signin input{display:block;width:100%;padding:6px}
`;
