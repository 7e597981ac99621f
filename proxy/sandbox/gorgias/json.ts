/**
 * The emulator's records as Gorgias's REST API writes them (the Ticket, Customer and Message
 * objects: https://developers.gorgias.com/reference/the-ticket-object,
 * https://developers.gorgias.com/reference/the-customer-object,
 * https://developers.gorgias.com/reference/the-message-object). Lists are
 * `{object: "list", uri, data, meta}` (https://developers.gorgias.com/reference/pagination).
 */
import type { GorgiasCustomer, GorgiasMessage, GorgiasTicket, GorgiasUser } from './data.ts';

export function customerJson(c: GorgiasCustomer) {
  return {
    id: c.id,
    uri: `/api/customers/${c.id}/`,
    external_id: null,
    active: true,
    email: c.email,
    name: c.name,
    firstname: c.firstname,
    lastname: c.lastname,
    language: c.language,
    timezone: c.timezone,
    note: c.note,
    channels: c.channels.map((ch) => ({
      id: ch.id,
      type: ch.type,
      address: ch.address,
      preferred: ch.preferred,
      created_datetime: c.created_datetime,
      updated_datetime: c.updated_datetime,
      deleted_datetime: null,
    })),
    data: c.data,
    integrations: {},
    meta: {},
    created_datetime: c.created_datetime,
    updated_datetime: c.updated_datetime,
  };
}

/** The customer as a ticket embeds it (no channels or data). */
export function ticketCustomerJson(c: GorgiasCustomer) {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    firstname: c.firstname,
    lastname: c.lastname,
    meta: {},
  };
}

export function userJson(u: GorgiasUser) {
  const [first = '', ...rest] = u.name.split(' ');
  return { id: u.id, email: u.email, name: u.name, firstname: first, lastname: rest.join(' '), meta: null };
}

export function messageJson(
  ticket: GorgiasTicket,
  m: GorgiasMessage,
  customer: GorgiasCustomer | undefined,
  agent: GorgiasUser,
) {
  const sender = m.from_agent ? userJson(agent) : customer ? ticketCustomerJson(customer) : null;
  return {
    id: m.id,
    uri: `/api/tickets/${ticket.id}/messages/${m.id}/`,
    ticket_id: ticket.id,
    channel: ticket.channel,
    via: ticket.channel === 'help-center' ? 'helpdesk' : ticket.channel,
    from_agent: m.from_agent,
    public: true,
    sender,
    receiver: m.from_agent && customer ? ticketCustomerJson(customer) : null,
    subject: ticket.subject,
    body_text: m.body_text,
    body_html: null,
    stripped_text: m.body_text,
    attachments: [],
    created_datetime: m.created_datetime,
    sent_datetime: m.created_datetime,
  };
}

export function ticketJson(
  t: GorgiasTicket,
  customer: GorgiasCustomer | undefined,
  agent: GorgiasUser,
  options: { messages: boolean },
) {
  const last = t.messages.at(-1);
  const lastReceived = [...t.messages].reverse().find((m) => !m.from_agent);
  return {
    id: t.id,
    uri: `/api/tickets/${t.id}/`,
    external_id: null,
    language: 'en',
    status: t.status,
    priority: t.priority,
    channel: t.channel,
    via: t.channel === 'help-center' ? 'helpdesk' : t.channel,
    from_agent: t.messages[0]?.from_agent ?? false,
    spam: false,
    customer: customer ? ticketCustomerJson(customer) : null,
    assignee_user: userJson(agent),
    assignee_user_id: agent.id,
    assignee_team: null,
    subject: t.subject,
    meta: null,
    tags: [],
    is_unread: false,
    messages_count: t.messages.length,
    ...(options.messages ? { messages: t.messages.map((m) => messageJson(t, m, customer, agent)) } : {}),
    created_datetime: t.created_datetime,
    opened_datetime: t.created_datetime,
    last_received_message_datetime: lastReceived?.created_datetime ?? null,
    last_message_datetime: last?.created_datetime ?? null,
    updated_datetime: t.updated_datetime,
    closed_datetime: t.status === 'closed' ? t.updated_datetime : null,
    snooze_datetime: null,
    trashed_datetime: null,
  };
}
