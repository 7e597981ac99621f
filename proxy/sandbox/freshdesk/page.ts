/**
 * The emulator's agent app page (`/a/tickets/filters/all_tickets`, `/a/tickets/:id`): a header, the
 * ticket list, and a ticket pane with the subject, the conversation and the requester's "Contact
 * details" widget.
 *
 * Like Freshdesk's agent app it is a single-page app: the shell is HTML, the pane is drawn by the
 * page script from the app's internal API (`/api/_/tickets/:id?include=requester,company`,
 * `/api/_/contacts/:id`, `/api/_/tickets/:id/conversations`), ticket links navigate with
 * `history.pushState`, and the title reads "[#id] subject". The widget carries the
 * `data-test-id="requester-info…"` markup the adapter's page fallback reads. Every value reaches
 * the page as text (escaped here, `textContent` in the script). It never renders the CRM sidebar.
 */
import { escapeHtml, htmlPage, ticketAppScript } from '../helpdesk-page.ts';
import type { FreshdeskAgent, FreshdeskContact, FreshdeskTicket } from './data.ts';
import { STATUS_NAMES } from './data.ts';

export { escapeHtml };

export interface AgentAppPageInput {
  account: string;
  agent: FreshdeskAgent;
  tickets: readonly { ticket: FreshdeskTicket; requester: FreshdeskContact | undefined }[];
  /** The ticket the URL names, or null on the ticket list. */
  ticketId: number | null;
}

/** The whole HTML document of the agent app. */
export function agentAppPage(input: AgentAppPageInput): string {
  const items = input.tickets
    .map(({ ticket, requester }) => {
      const current = ticket.id === input.ticketId ? ' aria-current="page"' : '';
      return `<li><a href="/a/tickets/${ticket.id}" data-ticket-id="${ticket.id}"${current}>
        <span class="subject">${escapeHtml(ticket.subject)} <span class="num">#${ticket.id}</span></span>
        <span class="meta">${escapeHtml(requester?.name ?? 'Unknown contact')} · ${STATUS_NAMES[ticket.status]}</span></a></li>`;
    })
    .join('\n');
  const title = input.ticketId === null ? 'All tickets' : `[#${input.ticketId}]`;
  return htmlPage({
    title: `${title} : ${input.account} - Freshdesk`,
    style: STYLE,
    body: `<header class="topbar">
  <span class="logo" aria-hidden="true">F</span>
  <span class="product">${escapeHtml(input.account)}.freshdesk.com</span>
  <span class="agent">${escapeHtml(input.agent.name)}</span>
</header>
<div class="app">
  <nav class="list" aria-label="Tickets">
    <h2>All tickets</h2>
    <ul>${items}</ul>
  </nav>
  <main id="ticket-pane" class="pane" aria-live="polite">
    <p class="placeholder">${input.ticketId === null ? 'Select a ticket to view it.' : 'Loading ticket…'}</p>
  </main>
</div>
${ticketAppScript('ticket-pane', APP_SCRIPT)}`,
  });
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,sans-serif;color:#12344d;background:#f5f7f9}
.topbar{display:flex;align-items:center;gap:12px;height:52px;padding:0 18px;background:#fff;border-bottom:1px solid #ebeff3}
.logo{display:inline-grid;place-items:center;width:30px;height:30px;border-radius:8px;background:#25c16f;color:#fff;font-weight:700}
.product{font-weight:600}.agent{margin-left:auto;color:#475867}
.app{display:grid;grid-template-columns:300px minmax(0,1fr);height:calc(100vh - 52px)}
.list{background:#fff;border-right:1px solid #ebeff3;overflow:auto}
.list h2{font-size:14px;margin:0;padding:14px 16px;border-bottom:1px solid #ebeff3}
.list ul{list-style:none;margin:0;padding:0}
.list a{display:flex;flex-direction:column;padding:10px 16px;color:inherit;text-decoration:none;border-bottom:1px solid #f1f4f6}
.list a[aria-current=page]{background:#ebf5ff;box-shadow:inset 3px 0 #2c5cc5}
.subject{font-weight:600;overflow-wrap:anywhere}.num,.meta{color:#475867;font-weight:400;font-size:12px}
.pane{overflow:auto;padding:20px 28px;padding-right:max(28px, 400px)}
.placeholder{color:#475867}
.pane h1{font-size:20px;margin:0 0 4px}.ticket-meta{color:#475867;margin:0 0 16px}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 260px;gap:18px;align-items:start}
.thread{list-style:none;margin:0;padding:0}
.msg{background:#fff;border:1px solid #ebeff3;border-radius:6px;padding:12px 14px;margin:0 0 10px}
.msg.agent{background:#fef8e7}.msg header{display:flex;justify-content:space-between;color:#475867;font-size:12px;margin-bottom:6px}
.msg p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.widget{background:#fff;border:1px solid #ebeff3;border-radius:6px;padding:12px 14px}
.widget h2{font-size:13px;margin:0 0 8px;color:#475867;text-transform:uppercase;letter-spacing:.04em}
.widget [data-test-id=user-name]{font-weight:600;display:block;margin-bottom:8px;overflow-wrap:anywhere}
.info{margin:0 0 6px}.info-details-label{display:block;color:#475867;font-size:12px}.info-details-content{overflow-wrap:anywhere}
.notice{max-width:560px;padding:14px 16px;border-radius:6px;background:#fff;border:1px solid #ebeff3}
`;

/**
 * The page's own part of its script (see `ticketAppScript`): draws the ticket named by the URL from
 * the agent app's internal API.
 */
const APP_SCRIPT = `
  const account = location.hostname.split('.')[0];
  const api = (path) => getJson('/api/_' + path);
  function idFromPath(path) {
    const m = /^\\/a\\/tickets\\/(\\d+)/.exec(path);
    return m ? Number(m[1]) : null;
  }
  function info(field, label, value) {
    if (!value) return null;
    return el('div', { class: 'info', 'data-test-id': 'requester-info-contact-' + field }, [
      el('span', { class: 'info-details-label', text: label }),
      el('span', { class: 'info-details-content', text: String(value) }),
    ]);
  }
  const STATUS = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };
  const PRIORITY = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };

  async function show(id) {
    const mine = ++generation;
    if (id === null) {
      document.title = 'All tickets : ' + account + ' - Freshdesk';
      pane.replaceChildren(el('p', { class: 'placeholder', text: 'Select a ticket to view it.' }));
      return;
    }
    document.title = '[#' + id + '] : ' + account + ' - Freshdesk';
    pane.replaceChildren(el('p', { class: 'placeholder', text: 'Loading ticket…' }));
    const t = await api('/tickets/' + id + '?include=requester,company');
    if (mine !== generation) return;
    if (t.status === 401) return notice('Your session has expired', 'Log in to Freshdesk again to continue.');
    if (t.status === 404) return notice('This ticket does not exist', 'Ticket #' + id + ' may have been deleted or you do not have access to it.');
    const ticket = t.body && (t.body.ticket || t.body);
    if (t.status !== 200 || !ticket || !ticket.id) return notice('Something went wrong', 'Freshdesk answered ' + t.status + '.');
    const [c, conv] = await Promise.all([api('/contacts/' + ticket.requester_id), api('/tickets/' + id + '/conversations')]);
    if (mine !== generation) return;
    const contact = (c.status === 200 && c.body) || ticket.requester || {};
    const company = ticket.company && ticket.company.name;
    document.title = '[#' + id + '] ' + ticket.subject + ' : ' + account + ' - Freshdesk';
    const messages = [{ incoming: true, body_text: ticket.description_text, created_at: ticket.created_at }].concat((conv.status === 200 && conv.body) || []);
    pane.replaceChildren(
      el('h1', { text: ticket.subject }),
      el('p', { class: 'ticket-meta', text: '#' + ticket.id + ' · ' + STATUS[ticket.status] + ' · ' + PRIORITY[ticket.priority] + ' priority' }),
      el('div', { class: 'layout' }, [
        el('ol', { class: 'thread', 'aria-label': 'Conversation' }, messages.map((m) => el('li', { class: 'msg' + (m.incoming ? '' : ' agent') }, [
          el('header', null, [el('strong', { text: m.incoming ? (contact.name || 'Requester') : 'Agent' }), el('time', { datetime: m.created_at, text: m.created_at })]),
          el('p', { text: m.body_text }),
        ]))),
        el('aside', { class: 'widget', 'data-test-id': 'requester-info', 'aria-label': 'Contact details' }, [
          el('h2', { text: 'Contact details' }),
          el('a', { href: '/a/contacts/' + ticket.requester_id, 'data-test-id': 'user-name', text: contact.name || 'Unknown contact' }),
          info('email', 'Email', contact.email),
          info('phone', 'Work phone', contact.phone),
          info('mobile', 'Mobile phone', contact.mobile),
          info('company', 'Company', company),
          info('job_title', 'Title', contact.job_title),
          info('address', 'Address', contact.address),
          info('time_zone', 'Time zone', contact.time_zone),
        ]),
      ]),
    );
  }

`;
