/**
 * The emulator's agent page (`/agent/{portal}/{department}/tickets/list/all-cases`,
 * `/agent/{portal}/{department}/tickets/details/{id}`): the ticket list, the ticket with its
 * threads, and the contact card.
 *
 * Like Zoho Desk's agent app it is a single-page app: the shell is HTML with the organization id in
 * a page global (`window.desk_urls.orgId`, where public userscripts find it), the ticket is drawn by
 * the page script from the session-authenticated API (`/supportapi/zd/{portal}/api/v1/…` with an
 * `orgId` header), and ticket links navigate with `history.pushState`. The contact card has the
 * `data-id` / `aria-label` markup the adapter's page fallback reads. Every value reaches the page
 * as text (escaped here, `textContent` in the script). It never renders the CRM sidebar.
 */
import { escapeHtml, htmlPage, ticketAppScript } from '../helpdesk-page.ts';
import type { ZohoContact, ZohoTicket } from './data.ts';

export { escapeHtml };

export interface AgentPageInput {
  portal: string;
  departmentSlug: string;
  orgId: string;
  agentName: string;
  tickets: readonly { ticket: ZohoTicket; contact: ZohoContact | undefined }[];
  /** The ticket id the URL names, or null on the list. */
  ticketId: string | null;
}

export function agentPage(input: AgentPageInput): string {
  const base = `/agent/${input.portal}/${input.departmentSlug}`;
  const items = input.tickets
    .map(({ ticket, contact }) => {
      const current = ticket.id === input.ticketId ? ' aria-current="page"' : '';
      const who = contact ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') : 'Unknown contact';
      return `<li><a href="${base}/tickets/details/${ticket.id}" data-ticket-id="${ticket.id}"${current}>
        <span class="num">#${escapeHtml(ticket.ticketNumber)}</span>
        <span class="subject">${escapeHtml(ticket.subject)}</span>
        <span class="who">${escapeHtml(who)}</span></a></li>`;
    })
    .join('\n');
  // The organization id as the agent app exposes it to its own scripts (JSON in a script element:
  // `<` is escaped so no value can close the element).
  const urls = JSON.stringify({ orgId: input.orgId, portalName: input.portal }).replaceAll('<', '\\u003c');
  return htmlPage({
    title: 'Zoho Desk',
    style: STYLE,
    head: `<script>window.desk_urls = ${urls};</script>`,
    bodyAttributes: ` data-base="${escapeHtml(base)}"`,
    body: `<header class="topbar">
  <span class="logo" aria-hidden="true">Z</span>
  <span class="product">Desk · ${escapeHtml(input.portal)}</span>
  <span class="agent">${escapeHtml(input.agentName)}</span>
</header>
<div class="app">
  <nav class="list" aria-label="Tickets">
    <h2>All Tickets</h2>
    <ul>${items}</ul>
  </nav>
  <main id="ticket" class="ticket" aria-live="polite">
    <p class="placeholder">${input.ticketId === null ? 'Select a ticket to see its details.' : 'Loading…'}</p>
  </main>
</div>
${ticketAppScript('ticket', APP_SCRIPT)}`,
  });
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 Lato,system-ui,-apple-system,"Segoe UI",sans-serif;color:#263238;background:#f3f5f7}
.topbar{display:flex;align-items:center;gap:12px;height:48px;padding:0 16px;background:#1e2a35;color:#fff}
.logo{display:inline-grid;place-items:center;width:28px;height:28px;border-radius:6px;background:#00a876;font-weight:700}
.agent{margin-left:auto;opacity:.8}
.app{display:grid;grid-template-columns:300px minmax(0,1fr);height:calc(100vh - 48px)}
.list{background:#fff;border-right:1px solid #dfe4e8;overflow:auto}
.list h2{font-size:14px;margin:0;padding:12px 16px;border-bottom:1px solid #dfe4e8}
.list ul{list-style:none;margin:0;padding:0}
.list a{display:grid;grid-template-columns:auto 1fr;gap:0 8px;padding:10px 16px;color:inherit;text-decoration:none;border-bottom:1px solid #f0f2f4}
.list a[aria-current=page]{background:#e8f4ff}
.num{color:#607d8b}.subject{font-weight:600;overflow-wrap:anywhere}.who{grid-column:2;color:#607d8b;font-size:12px}
.ticket{overflow:auto;padding:20px 28px;padding-right:max(28px, 400px)}
.placeholder{color:#607d8b}
.ticket h1{font-size:20px;margin:0 0 4px}.meta{color:#607d8b;margin:0 0 16px}
.cols{display:grid;grid-template-columns:minmax(0,1fr) 260px;gap:18px;align-items:start}
.threads{list-style:none;margin:0;padding:0}
.thread{background:#fff;border:1px solid #dfe4e8;border-radius:6px;padding:12px 14px;margin:0 0 10px}
.thread.out{background:#f1fbf7}.thread header{display:flex;justify-content:space-between;color:#607d8b;font-size:12px;margin-bottom:6px}
.thread p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.card{background:#fff;border:1px solid #dfe4e8;border-radius:6px;padding:12px 14px}
.card h2{font-size:12px;margin:0 0 8px;color:#607d8b;text-transform:uppercase}
.card [data-id=contactName]{display:block;font-weight:600;margin-bottom:8px;overflow-wrap:anywhere}
.card dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:4px 10px}.card dt{color:#607d8b}.card dd{margin:0;overflow-wrap:anywhere}
.notice{max-width:560px;padding:14px 16px;border-radius:6px;background:#fff;border:1px solid #dfe4e8}
`;

/**
 * The page's own part of its script (see `ticketAppScript`): draws the ticket named by the URL from
 * the session-authenticated API, with the organization id the page was given.
 */
const APP_SCRIPT = `
  const base = document.body.dataset.base;
  const portal = window.desk_urls.portalName;
  const orgId = window.desk_urls.orgId;
  const api = (path) => getJson('/supportapi/zd/' + portal + '/api/v1' + path, { orgId: orgId });
  function idFromPath(path) {
    const m = /\\/tickets\\/details\\/(\\d+)/.exec(path);
    return m ? m[1] : null;
  }

  async function show(id) {
    const mine = ++generation;
    if (id === null) {
      document.title = 'All Tickets - Zoho Desk';
      pane.replaceChildren(el('p', { class: 'placeholder', text: 'Select a ticket to see its details.' }));
      return;
    }
    pane.replaceChildren(el('p', { class: 'placeholder', text: 'Loading…' }));
    const t = await api('/tickets/' + id + '?include=contacts');
    if (mine !== generation) return;
    if (t.status === 401) return notice('Your session has expired', 'Sign in to Zoho Desk again to continue.');
    if (t.status === 404) return notice('Ticket not found', 'The ticket you are looking for does not exist or has been deleted.');
    if (t.status !== 200 || !t.body || !t.body.id) return notice('Something went wrong', 'Zoho Desk answered ' + t.status + '.');
    const ticket = t.body;
    const [c, th] = await Promise.all([api('/contacts/' + ticket.contactId + '?include=accounts'), api('/tickets/' + id + '/threads')]);
    if (mine !== generation) return;
    const contact = (c.status === 200 && c.body) || ticket.contact || {};
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    const account = contact.account && contact.account.accountName;
    const place = [contact.city, contact.state, contact.country].filter(Boolean).join(', ');
    document.title = '#' + ticket.ticketNumber + ' ' + ticket.subject + ' - Zoho Desk';
    pane.replaceChildren(
      el('h1', { text: ticket.subject }),
      el('p', { class: 'meta', text: '#' + ticket.ticketNumber + ' · ' + ticket.status + ' · ' + ticket.priority + ' · ' + ticket.channel }),
      el('div', { class: 'cols' }, [
        el('ol', { class: 'threads', 'aria-label': 'Conversation' }, ((th.body && th.body.data) || []).slice().reverse().map((m) => el('li', { class: 'thread ' + m.direction }, [
          el('header', null, [el('strong', { text: m.author ? m.author.name : '' }), el('time', { datetime: m.createdTime, text: m.createdTime })]),
          el('p', { text: m.summary }),
        ]))),
        el('section', { class: 'card', 'data-id': 'contactCard', 'aria-label': 'Contact information' }, [
          el('h2', { text: 'Contact' }),
          contact.id ? el('a', { href: base + '/contacts/details/' + contact.id, 'data-id': 'contactName', text: name || 'Unnamed contact' }) : null,
          el('dl', null, [
            ...row('data-id', 'contactEmail', 'Email', contact.email, contact.email ? 'mailto:' + contact.email : null),
            ...row('data-id', 'contactPhone', 'Phone', contact.phone, contact.phone ? 'tel:' + contact.phone : null),
            ...row('data-id', 'contactMobile', 'Mobile', contact.mobile),
            ...row('data-id', 'contactAccount', 'Account', account),
            ...row('data-id', 'contactTitle', 'Title', contact.title),
            ...row('data-id', 'contactLocation', 'City', place),
          ]),
        ]),
      ]),
    );
  }

`;
