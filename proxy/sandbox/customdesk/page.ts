/**
 * The pages of the "Acme Help" in-house helpdesk: deliberately unlike any vendor's markup — a ticket
 * list, and a ticket page with the conversation and a "Requester" box holding the customer's name, a
 * `mailto:` link, a `tel:` link and the organisation. The page also carries mailto: links that are
 * NOT the customer (the help team's address in the footer), as real pages do. Every value is escaped:
 * the sixth demo customer's name is markup.
 */
import { escapeHtml, htmlPage } from '../helpdesk-page.ts';
import type { AcmeSeed, AcmeTicket } from './data.ts';

/** `tel:` URI of a displayed number: `+` and digits (a number without a country code is taken as US). */
export function telHref(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `tel:+${phone.trim().startsWith('+') ? digits : `1${digits}`}`;
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}]/gu, '')[0] ?? '')
    .join('');
  return letters.slice(0, 2).toUpperCase() || '?';
}

const STYLE = `
  body { margin: 0; font: 15px/1.5 Georgia, 'Times New Roman', serif; color: #222; background: #f4f1ea; }
  .topbar { display: flex; justify-content: space-between; align-items: center; padding: 10px 24px; background: #3b2f63; color: #fff; }
  .topbar a { color: #fff; }
  .wrap { display: grid; grid-template-columns: 1fr 300px; gap: 24px; max-width: 1100px; margin: 24px auto; padding: 0 24px; }
  .thread { background: #fff; border: 1px solid #d8d2c4; padding: 16px 20px; }
  .msg { border-top: 1px dashed #d8d2c4; padding: 10px 0; }
  .msg .who { font-weight: bold; }
  .requester-box { background: #fffdf6; border: 2px solid #3b2f63; padding: 14px; align-self: start; }
  .rq-head { display: flex; gap: 10px; align-items: center; margin-bottom: 8px; }
  .rq-avatar { display: inline-grid; place-items: center; width: 36px; height: 36px; border-radius: 4px; background: #3b2f63; color: #fff; font: bold 14px sans-serif; }
  .rq-contact { list-style: none; margin: 0 0 8px; padding: 0; }
  .rq-k { display: inline-block; width: 64px; color: #777; font-size: 13px; }
  .ticket-list li { margin: 6px 0; }
  footer { max-width: 1100px; margin: 0 auto 24px; padding: 0 24px; color: #666; font-size: 13px; }
`;

function layout(seed: AcmeSeed, title: string, body: string): string {
  return htmlPage({
    title: `${title} · Acme Help`,
    style: STYLE,
    body: `<header class="topbar"><a href="/tickets"><b>Acme Help</b> desk</a><span>Signed in as ${escapeHtml(seed.agent.name)}</span></header>
${body}
<footer>Acme Help · internal support desk · questions about this tool: <a href="mailto:helpdesk-team@acme-help.test">helpdesk-team@acme-help.test</a> · on call: <a href="tel:+15550100000">+1 555 010 0000</a></footer>`,
  });
}

/** The ticket list (`/tickets`). */
export function ticketListPage(seed: AcmeSeed): string {
  const items = seed.tickets
    .map(
      (t) =>
        `<li><a href="/tickets/${t.id}">#${t.id} ${escapeHtml(t.subject)}</a> — ${escapeHtml(t.requester.name)} (${t.status})</li>`,
    )
    .join('\n');
  return layout(
    seed,
    'Tickets',
    `<main class="wrap"><section class="thread"><h1>Open tickets</h1><ul class="ticket-list">${items}</ul></section></main>`,
  );
}

/** One ticket (`/tickets/{id}`): the conversation and the "Requester" box. */
export function ticketPage(seed: AcmeSeed, ticket: AcmeTicket): string {
  const r = ticket.requester;
  const contact = [
    r.email
      ? `<li><span class="rq-k">E-mail</span> <a href="mailto:${escapeHtml(r.email)}">${escapeHtml(r.email)}</a></li>`
      : '',
    r.phone ? `<li><span class="rq-k">Phone</span> <a href="${telHref(r.phone)}">${escapeHtml(r.phone)}</a></li>` : '',
  ].join('');
  const messages = ticket.messages
    .map(
      (m) =>
        `<div class="msg ${m.fromCustomer ? 'from-customer' : 'from-agent'}"><div class="who">${escapeHtml(m.author)}</div><div class="when">${escapeHtml(m.at)}</div><p>${escapeHtml(m.body)}</p></div>`,
    )
    .join('\n');
  return layout(
    seed,
    `#${ticket.id} ${ticket.subject}`,
    `<main class="wrap">
  <section class="thread">
    <p><a href="/tickets">← All tickets</a></p>
    <h1>#${ticket.id} ${escapeHtml(ticket.subject)}</h1>
    <p class="status">Status: ${ticket.status}</p>
    ${messages}
  </section>
  <aside class="requester-box" aria-label="Requester">
    <div class="rq-head"><span class="rq-avatar">${escapeHtml(initials(r.name))}</span><strong class="rq-fullname">${escapeHtml(r.name)}</strong></div>
    <ul class="rq-contact">${contact}</ul>
    ${r.organisation ? `<p class="rq-org">Organisation: <span data-field="org">${escapeHtml(r.organisation)}</span></p>` : ''}
  </aside>
</main>`,
  );
}

/** The helpdesk's own "not found" page. */
export function notFoundPage(seed: AcmeSeed, what: string): string {
  return layout(
    seed,
    'Not found',
    `<main class="wrap"><section class="thread"><h1>Not found</h1><p>${escapeHtml(what)}</p></section></main>`,
  );
}
