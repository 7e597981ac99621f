/**
 * The emulator's records as Freshdesk's API v2 writes them (attribute tables of
 * https://developers.freshdesk.com/api/#view_a_ticket, #view_contact, #view_company,
 * #list_all_ticket_notes and #me). Only documented attributes are written; `null` where the demo
 * has no value.
 */
import type {
  FreshdeskAgent,
  FreshdeskCompany,
  FreshdeskContact,
  FreshdeskConversation,
  FreshdeskTicket,
} from './data.ts';

export function contactJson(c: FreshdeskContact) {
  return {
    active: c.active,
    address: c.address,
    company_id: c.company_id,
    view_all_tickets: false,
    deleted: false,
    description: c.description,
    email: c.email,
    id: c.id,
    job_title: c.job_title,
    language: c.language,
    mobile: c.mobile,
    name: c.name,
    phone: c.phone,
    time_zone: c.time_zone,
    twitter_id: null,
    custom_fields: {},
    facebook_id: null,
    created_at: c.created_at,
    updated_at: c.updated_at,
    csat_rating: null,
    preferred_source: 'email',
    tags: [],
    other_emails: [],
    unique_external_id: null,
    avatar: null,
    other_companies: [],
  };
}

export function companyJson(c: FreshdeskCompany) {
  return {
    id: c.id,
    name: c.name,
    description: null,
    note: null,
    domains: c.domains,
    created_at: c.created_at,
    updated_at: c.updated_at,
    custom_fields: {},
    health_score: null,
    account_tier: null,
    renewal_date: null,
    industry: null,
  };
}

export function conversationJson(ticketId: number, c: FreshdeskConversation, agentEmail: string) {
  return {
    body: `<div>${escapeText(c.body_text)}</div>`,
    body_text: c.body_text,
    id: c.id,
    incoming: c.incoming,
    private: c.private,
    user_id: c.user_id,
    support_email: c.incoming ? null : agentEmail,
    source: 0,
    category: 2,
    ticket_id: ticketId,
    to_emails: [],
    from_email: null,
    cc_emails: [],
    bcc_emails: [],
    attachments: [],
    created_at: c.created_at,
    updated_at: c.created_at,
  };
}

/** Escapes text for HTML element content (the `body` attribute is HTML). */
export function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * A ticket; `requester` / `company` are embedded as View a Ticket does for
 * `include=requester` (id, name, email, mobile, phone) and `include=company` (id, name).
 */
export function ticketJson(
  t: FreshdeskTicket,
  embed: { requester?: FreshdeskContact | undefined; company?: FreshdeskCompany | null | undefined } = {},
) {
  const dueBy = new Date(Date.parse(t.created_at) + 3 * 24 * 3_600_000).toISOString().replace('.000Z', 'Z');
  return {
    cc_emails: [],
    fwd_emails: [],
    reply_cc_emails: [],
    ticket_cc_emails: [],
    fr_escalated: false,
    spam: false,
    email_config_id: null,
    group_id: null,
    priority: t.priority,
    requester_id: t.requester_id,
    responder_id: t.responder_id,
    source: t.source,
    company_id: t.company_id,
    status: t.status,
    subject: t.subject,
    association_type: null,
    support_email: null,
    to_emails: null,
    product_id: null,
    id: t.id,
    type: 'Question',
    due_by: dueBy,
    fr_due_by: dueBy,
    is_escalated: false,
    description: `<div>${escapeText(t.description_text)}</div>`,
    description_text: t.description_text,
    custom_fields: {},
    created_at: t.created_at,
    updated_at: t.updated_at,
    tags: [],
    attachments: [],
    ...(embed.requester !== undefined
      ? {
          requester: {
            id: embed.requester.id,
            name: embed.requester.name,
            email: embed.requester.email,
            mobile: embed.requester.mobile,
            phone: embed.requester.phone,
          },
        }
      : {}),
    ...(embed.company !== undefined
      ? { company: embed.company ? { id: embed.company.id, name: embed.company.name } : {} }
      : {}),
  };
}

export function agentJson(a: FreshdeskAgent) {
  return {
    available: true,
    occasional: false,
    id: a.id,
    signature: null,
    ticket_scope: 1,
    created_at: a.created_at,
    updated_at: a.updated_at,
    type: 'support_agent',
    contact: {
      active: true,
      email: a.email,
      job_title: 'Support agent',
      language: 'en',
      mobile: null,
      name: a.name,
      phone: null,
      time_zone: a.time_zone,
      created_at: a.created_at,
      updated_at: a.updated_at,
      last_login_at: a.updated_at,
    },
  };
}
