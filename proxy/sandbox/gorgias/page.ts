/**
 * The emulator's helpdesk page (`/app/views/:viewId[/:ticketId]`, `/app/ticket/:ticketId`): the
 * navbar with the demo view's tickets, the ticket with its messages, and the customer infobar.
 *
 * Like Gorgias's web app it is a single-page app: the shell is HTML, the ticket and the infobar are
 * drawn by the page script from the REST API (`/api/tickets/:id`, `/api/customers/:id`), and ticket
 * links open `/app/views/:viewId/:ticketId` with `history.pushState`. The infobar has the
 * `data-testid` / `aria-label` markup the adapter's page fallback reads. Every value reaches the
 * page as text (escaped here, `textContent` in the script). It never renders the CRM sidebar.
 */
import { escapeHtml, htmlPage, ticketAppScript } from '../helpdesk-page.ts';
import type { GorgiasCustomer, GorgiasTicket, GorgiasUser } from './data.ts';

export { escapeHtml };

export interface HelpdeskPageInput {
  account: string;
  agent: GorgiasUser;
  viewId: number;
  tickets: readonly { ticket: GorgiasTicket; customer: GorgiasCustomer | undefined }[];
  /** The ticket the URL names, or null on the view's list. */
  ticketId: number | null;
}

export function helpdeskPage(input: HelpdeskPageInput): string {
  const items = input.tickets
    .map(({ ticket, customer }) => {
      const current = ticket.id === input.ticketId ? ' aria-current="page"' : '';
      return `<li><a href="/app/views/${input.viewId}/${ticket.id}" data-ticket-id="${ticket.id}"${current}>
        <span class="who">${escapeHtml(customer?.name ?? 'Unknown customer')}</span>
        <span class="subject">${escapeHtml(ticket.subject)}</span></a></li>`;
    })
    .join('\n');
  return htmlPage({
    title: 'Gorgias',
    style: STYLE,
    body: `<div class="app">
  <nav class="navbar" aria-label="Tickets">
    <div class="brand"><span class="logo" aria-hidden="true">g</span> ${escapeHtml(input.account)}</div>
    <h2>Inbox <span class="count">${input.tickets.length}</span></h2>
    <ul>${items}</ul>
    <p class="me">${escapeHtml(input.agent.name)}</p>
  </nav>
  <main id="ticket" class="ticket" aria-live="polite" data-view-id="${input.viewId}">
    <p class="placeholder">${input.ticketId === null ? 'Select a ticket.' : 'Loading…'}</p>
  </main>
</div>
${ticketAppScript('ticket', APP_SCRIPT)}`,
  });
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 Inter,system-ui,-apple-system,"Segoe UI",sans-serif;color:#161616;background:#fff}
.app{display:grid;grid-template-columns:280px minmax(0,1fr);height:100vh}
.navbar{background:#f6f5f3;border-right:1px solid #e8e6e3;overflow:auto;display:flex;flex-direction:column}
.brand{display:flex;align-items:center;gap:8px;padding:14px 16px;font-weight:600}
.logo{display:inline-grid;place-items:center;width:26px;height:26px;border-radius:6px;background:#161616;color:#fff}
.navbar h2{font-size:13px;margin:0;padding:8px 16px;color:#6a6a6a}.count{font-weight:400}
.navbar ul{list-style:none;margin:0;padding:0 8px;flex:1}
.navbar a{display:flex;flex-direction:column;padding:8px 10px;border-radius:6px;color:inherit;text-decoration:none}
.navbar a[aria-current=page]{background:#e6e1fb}
.who{font-weight:600}.subject{color:#6a6a6a;font-size:12px;overflow-wrap:anywhere}
.me{padding:12px 16px;color:#6a6a6a;margin:0}
.ticket{overflow:auto;padding:20px 28px;padding-right:max(28px, 400px)}
.placeholder{color:#6a6a6a}
.ticket h1{font-size:20px;margin:0 0 4px}.meta{color:#6a6a6a;margin:0 0 16px}
.columns{display:grid;grid-template-columns:minmax(0,1fr) 260px;gap:18px;align-items:start}
.messages{list-style:none;margin:0;padding:0}
.message{border:1px solid #e8e6e3;border-radius:8px;padding:12px 14px;margin:0 0 10px}
.message.agent{background:#f4f1ff}.message header{display:flex;justify-content:space-between;color:#6a6a6a;font-size:12px;margin-bottom:6px}
.message p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.infobar{border:1px solid #e8e6e3;border-radius:8px;padding:12px 14px}
.infobar h2{font-size:12px;margin:0 0 8px;color:#6a6a6a;text-transform:uppercase}
.infobar [data-testid=customer-name]{display:block;font-weight:600;margin-bottom:8px;overflow-wrap:anywhere}
.infobar dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:4px 10px}.infobar dt{color:#6a6a6a}.infobar dd{margin:0;overflow-wrap:anywhere}
.notice{max-width:560px;padding:14px 16px;border-radius:8px;border:1px solid #e8e6e3}
`;

/**
 * The page's own part of its script (see `ticketAppScript`): draws the ticket named by the URL from
 * the REST API.
 */
const APP_SCRIPT = `
  const api = (path) => getJson(path);
  function idFromPath(path) {
    const m = /^\\/app\\/(?:ticket|views\\/\\d+|tickets\\/\\d+)\\/(\\d+)/.exec(path);
    return m ? Number(m[1]) : null;
  }

  async function show(id) {
    const mine = ++generation;
    if (id === null) {
      document.title = 'Inbox - Gorgias';
      pane.replaceChildren(el('p', { class: 'placeholder', text: 'Select a ticket.' }));
      return;
    }
    pane.replaceChildren(el('p', { class: 'placeholder', text: 'Loading…' }));
    const t = await api('/api/tickets/' + id);
    if (mine !== generation) return;
    if (t.status === 401 || t.status === 419) return notice('Your session has expired.', 'You will be redirected to the login page in a few seconds.');
    if (t.status === 404) return notice('Ticket not found', 'This ticket does not exist or was deleted.');
    if (t.status !== 200 || !t.body || !t.body.id) return notice('Something went wrong', 'Gorgias answered ' + t.status + '.');
    const ticket = t.body;
    const c = ticket.customer ? await api('/api/customers/' + ticket.customer.id) : { status: 0, body: null };
    if (mine !== generation) return;
    const customer = (c.status === 200 && c.body) || ticket.customer || {};
    const channels = customer.channels || [];
    const email = customer.email || (channels.find((ch) => ch.type === 'email') || {}).address;
    const phone = (channels.find((ch) => ch.type === 'phone') || {}).address;
    const data = customer.data || {};
    document.title = ticket.subject + ' - Gorgias';
    pane.replaceChildren(
      el('h1', { text: ticket.subject }),
      el('p', { class: 'meta', text: ticket.status + ' · ' + ticket.priority + ' priority · ' + ticket.channel }),
      el('div', { class: 'columns' }, [
        el('ol', { class: 'messages', 'aria-label': 'Messages' }, (ticket.messages || []).map((m) => el('li', { class: 'message' + (m.from_agent ? ' agent' : '') }, [
          el('header', null, [el('strong', { text: m.sender ? m.sender.name : 'Unknown' }), el('time', { datetime: m.created_datetime, text: m.created_datetime })]),
          el('p', { text: m.body_text }),
        ]))),
        el('aside', { class: 'infobar', 'data-testid': 'customer-infobar', 'aria-label': 'Customer' }, [
          el('h2', { text: 'Customer' }),
          customer.id ? el('a', { href: '/app/customer/' + customer.id, 'data-testid': 'customer-name', text: customer.name || 'Unnamed customer' }) : null,
          el('dl', null, [
            ...row('data-testid', 'customer-channel-email', 'Email', email, email ? 'mailto:' + email : null),
            ...row('data-testid', 'customer-channel-phone', 'Phone', phone, phone ? 'tel:' + phone : null),
            ...row('data-testid', 'customer-data-company', 'Company', data.company),
            ...row('data-testid', 'customer-data-location', 'City', data.city),
            ...row('data-testid', 'customer-timezone', 'Time zone', customer.timezone),
          ]),
        ]),
      ]),
    );
  }

`;
