/**
 * The emulator's agent workspace page (`/agent/dashboard`, `/agent/tickets/:id`): a header, a left
 * list of tickets, and a ticket pane with the subject, requester and conversation.
 *
 * Like Zendesk's own agent workspace it is a single-page app: the shell is HTML, the ticket pane is
 * drawn by the page script from the same-origin REST API (`/api/v2/tickets/:id.json?include=users,
 * organizations` and `/api/v2/tickets/:id/comments.json`), and the ticket links navigate with
 * `history.pushState` without a reload. It never renders the CRM sidebar: that is the extension's job.
 * Every value from the store reaches the page as text (escaped here, `textContent` in the script).
 */
import { escapeHtml, htmlPage, ticketAppScript } from '../helpdesk-page.ts';
import type { ZendeskTicket, ZendeskUser } from './data.ts';

export { escapeHtml };

export interface WorkspacePageInput {
  account: string;
  agent: ZendeskUser;
  tickets: readonly { ticket: ZendeskTicket; requester: ZendeskUser | undefined }[];
  /** The ticket the URL names, or null on the dashboard. */
  ticketId: number | null;
}

const STATUS_LETTER: Record<ZendeskTicket['status'], string> = {
  new: 'N',
  open: 'O',
  pending: 'P',
  hold: 'H',
  solved: 'S',
  closed: 'C',
};

/** The whole HTML document of the agent workspace. */
export function workspacePage(input: WorkspacePageInput): string {
  const items = input.tickets
    .map(({ ticket, requester }) => {
      const current = ticket.id === input.ticketId ? ' aria-current="page"' : '';
      return `<li><a href="/agent/tickets/${ticket.id}" data-ticket-id="${ticket.id}"${current}>
        <span class="status status-${ticket.status}" title="${escapeHtml(ticket.status)}">${STATUS_LETTER[ticket.status]}</span>
        <span class="item-text"><span class="item-subject">${escapeHtml(ticket.subject)}</span>
        <span class="item-meta">#${ticket.id} · ${escapeHtml(requester?.name ?? 'Unknown requester')}</span></span></a></li>`;
    })
    .join('\n');
  const title = input.ticketId === null ? 'Dashboard' : `Ticket #${input.ticketId}`;
  const initials = input.agent.name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2);

  return htmlPage({
    title: `${title} – ${input.account} – Zendesk`,
    style: STYLE,
    body: `<header class="topbar">
  <span class="logo" aria-hidden="true">z</span>
  <span class="product">Agent Workspace</span>
  <span class="account">${escapeHtml(input.account)}.zendesk.com</span>
  <input class="search" type="search" placeholder="Search" aria-label="Search Zendesk" disabled>
  <span class="agent" title="${escapeHtml(input.agent.name)}"><span class="avatar" aria-hidden="true">${escapeHtml(initials)}</span>${escapeHtml(input.agent.name)}</span>
</header>
<div class="workspace">
  <nav class="views" aria-label="Tickets">
    <h2>Your unsolved tickets <span class="count">${input.tickets.length}</span></h2>
    <ul>${items}</ul>
  </nav>
  <main id="ticket-pane" class="pane" aria-live="polite" data-ticket-id="${input.ticketId ?? ''}">
    <p class="placeholder">${input.ticketId === null ? 'Pick a ticket from the list.' : 'Loading ticket…'}</p>
  </main>
</div>
${ticketAppScript('ticket-pane', APP_SCRIPT)}`,
  });
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#2f3941;background:#f8f9f9}
.topbar{display:flex;align-items:center;gap:14px;height:48px;padding:0 16px;background:#03363d;color:#fff}
.logo{display:inline-grid;place-items:center;width:28px;height:28px;border-radius:6px;background:#78a300;font-weight:700}
.product{font-weight:600}.account{opacity:.75}
.search{margin-left:auto;width:240px;padding:5px 10px;border-radius:4px;border:0;background:#1f4f56;color:#fff}
.agent{display:flex;align-items:center;gap:8px}
.avatar{display:inline-grid;place-items:center;width:26px;height:26px;border-radius:50%;background:#f79a3e;color:#03363d;font-size:12px;font-weight:700}
.workspace{display:grid;grid-template-columns:280px minmax(0,1fr);height:calc(100vh - 48px)}
.views{border-right:1px solid #d8dcde;background:#fff;overflow:auto}
.views h2{font-size:13px;margin:0;padding:14px 16px;border-bottom:1px solid #e9ebed}
.count{color:#68737d;font-weight:400}
.views ul{list-style:none;margin:0;padding:0}
.views a{display:flex;gap:10px;padding:10px 16px;color:inherit;text-decoration:none;border-bottom:1px solid #f3f4f5}
.views a:hover{background:#f3f4f5}.views a[aria-current=page]{background:#edf7ff;box-shadow:inset 3px 0 #1f73b7}
.status{flex:none;display:inline-grid;place-items:center;width:20px;height:20px;border-radius:4px;font-size:11px;font-weight:700;color:#fff;background:#c72a1c}
.status-open{background:#e35b66}.status-pending{background:#1f73b7}.status-solved,.status-closed{background:#87929d}.status-new{background:#ffb648;color:#03363d}
.item-text{display:flex;flex-direction:column;min-width:0}
.item-subject{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-weight:600}
.item-meta{color:#68737d;font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.pane{overflow:auto;padding:20px 28px;padding-right:max(28px, 400px)}
.placeholder{color:#68737d}
.pane h1{font-size:20px;margin:0 0 4px}
.ticket-meta{color:#68737d;margin:0 0 16px}
.requester{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;max-width:520px;padding:12px 14px;margin:0 0 18px;background:#fff;border:1px solid #d8dcde;border-radius:6px}
.requester dt{color:#68737d}.requester dd{margin:0;overflow-wrap:anywhere}
.conversation{list-style:none;margin:0;padding:0;max-width:720px}
.comment{background:#fff;border:1px solid #d8dcde;border-radius:6px;padding:12px 14px;margin:0 0 10px}
.comment.from-agent{background:#fff8ed}
.comment header{display:flex;justify-content:space-between;color:#68737d;font-size:12px;margin-bottom:6px}
.comment header strong{color:#2f3941}
.comment p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.reply{max-width:720px;margin-top:14px}
.reply textarea{width:100%;min-height:80px;padding:10px;border:1px solid #d8dcde;border-radius:6px;font:inherit}
.notice{max-width:560px;padding:14px 16px;border-radius:6px;background:#fff;border:1px solid #d8dcde}
.notice h1{font-size:18px}
`;

/**
 * The page's own part of its script (see `ticketAppScript`): renders the ticket named by the URL
 * from the REST API.
 */
const APP_SCRIPT = `
  const api = (path) => getJson(path);
  function when(iso) {
    try { return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC'; }
    catch { return iso; }
  }
  function idFromPath(path) {
    const m = /^\\/agent\\/tickets\\/(\\d+)/.exec(path);
    return m ? Number(m[1]) : null;
  }

  async function show(id) {
    const mine = ++generation;
    pane.dataset.ticketId = id === null ? '' : String(id);
    if (id === null) {
      document.title = 'Dashboard – ' + location.hostname.split('.')[0] + ' – Zendesk';
      pane.replaceChildren(el('p', { class: 'placeholder', text: 'Pick a ticket from the list.' }));
      return;
    }
    document.title = 'Ticket #' + id + ' – ' + location.hostname.split('.')[0] + ' – Zendesk';
    pane.replaceChildren(el('p', { class: 'placeholder', text: 'Loading ticket…' }));
    const [t, c] = await Promise.all([
      api('/api/v2/tickets/' + id + '.json?include=users,organizations'),
      api('/api/v2/tickets/' + id + '/comments.json'),
    ]);
    if (mine !== generation) return;
    if (t.status === 401) return notice('You have been signed out', 'Sign in to Zendesk again to keep working on tickets.');
    if (t.status === 404) return notice('Ticket #' + id + ' not found', 'It may have been deleted, or you may not have access to it.');
    if (t.status !== 200 || !t.body || !t.body.ticket) return notice('Something went wrong', 'Zendesk answered ' + t.status + '.');
    const ticket = t.body.ticket;
    const users = new Map((t.body.users || []).map((u) => [u.id, u]));
    const orgs = new Map((t.body.organizations || []).map((o) => [o.id, o]));
    const requester = users.get(ticket.requester_id) || {};
    const org = orgs.get(requester.organization_id);
    const fields = requester.user_fields || {};
    const rows = [
      ['Requester', requester.name], ['Email', requester.email], ['Phone', requester.phone],
      ['Organization', org && org.name], ['Job title', fields.job_title], ['Location', fields.location],
      ['Time zone', requester.iana_time_zone], ['Notes', requester.notes],
    ].filter(([, v]) => v);
    const comments = (c.body && c.body.comments) || [];
    const authors = new Map(users);
    pane.replaceChildren(
      el('h1', { text: ticket.subject }),
      el('p', { class: 'ticket-meta', text: '#' + ticket.id + ' · ' + ticket.status + ' · ' + (ticket.priority || 'no') + ' priority · via ' + ticket.via.channel }),
      el('dl', { class: 'requester', 'aria-label': 'Requester details' }, rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })])),
      el('ol', { class: 'conversation', 'aria-label': 'Conversation' }, comments.map((cm) => {
        const author = authors.get(cm.author_id);
        const isAgent = author && author.role !== 'end-user';
        return el('li', { class: 'comment' + (isAgent ? ' from-agent' : '') }, [
          el('header', null, [el('strong', { text: author ? author.name : 'Unknown' }), el('time', { datetime: cm.created_at, text: when(cm.created_at) })]),
          el('p', { text: cm.plain_body || cm.body }),
        ]);
      })),
      el('div', { class: 'reply' }, [el('textarea', { 'aria-label': 'Public reply', placeholder: 'Public reply' })]),
    );
  }

`;
