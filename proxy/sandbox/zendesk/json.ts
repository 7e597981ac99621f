/**
 * The emulator's records as Zendesk's REST API v2 writes them (JSON format sections of
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/,
 * https://developer.zendesk.com/api-reference/ticketing/users/users/,
 * https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/ and
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/).
 */
import type { ZendeskComment, ZendeskOrganization, ZendeskTicket, ZendeskUser } from './data.ts';

/** `https://<account>.zendesk.com`, the origin every `url` property is built on. */
export type Origin = string;

export function userJson(origin: Origin, u: ZendeskUser) {
  return {
    id: u.id,
    url: `${origin}/api/v2/users/${u.id}.json`,
    name: u.name,
    email: u.email,
    phone: u.phone,
    shared_phone_number: u.phone === null ? null : false,
    photo: null,
    locale: u.locale,
    locale_id: 1,
    time_zone: u.time_zone,
    iana_time_zone: u.iana_time_zone,
    organization_id: u.organization_id,
    role: u.role,
    role_type: null,
    custom_role_id: null,
    moderator: u.role !== 'end-user',
    ticket_restriction: u.role === 'end-user' ? 'requested' : null,
    only_private_comments: false,
    restricted_agent: u.role === 'end-user',
    suspended: false,
    chat_only: false,
    shared: false,
    shared_agent: false,
    two_factor_auth_enabled: false,
    signature: null,
    details: u.details,
    notes: u.notes,
    alias: null,
    external_id: null,
    tags: u.tags,
    user_fields: u.user_fields,
    active: u.active,
    verified: u.verified,
    last_login_at: u.role === 'end-user' ? null : u.updated_at,
    created_at: u.created_at,
    updated_at: u.updated_at,
  };
}

export function organizationJson(origin: Origin, o: ZendeskOrganization) {
  return {
    id: o.id,
    url: `${origin}/api/v2/organizations/${o.id}.json`,
    name: o.name,
    shared_tickets: false,
    shared_comments: false,
    external_id: null,
    domain_names: o.domain_names,
    details: o.details,
    notes: o.notes,
    group_id: null,
    tags: o.tags,
    organization_fields: {},
    created_at: o.created_at,
    updated_at: o.updated_at,
  };
}

export function ticketJson(origin: Origin, t: ZendeskTicket) {
  return {
    id: t.id,
    url: `${origin}/api/v2/tickets/${t.id}.json`,
    external_id: null,
    via: { channel: t.channel, source: { from: {}, to: {}, rel: null } },
    created_at: t.created_at,
    updated_at: t.updated_at,
    type: t.type,
    subject: t.subject,
    raw_subject: t.subject,
    description: t.comments[0]?.body ?? '',
    priority: t.priority,
    status: t.status,
    recipient: null,
    requester_id: t.requester_id,
    submitter_id: t.submitter_id,
    assignee_id: t.assignee_id,
    organization_id: t.organization_id,
    group_id: t.group_id,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: t.tags,
    custom_fields: [],
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    fields: [],
    followup_ids: [],
    brand_id: 360_000_100,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: t.channel === 'chat',
  };
}

export function commentJson(c: ZendeskComment) {
  return {
    id: c.id,
    type: 'Comment',
    author_id: c.author_id,
    body: c.body,
    plain_body: c.body,
    public: c.public,
    attachments: [],
    audit_id: c.id + 500_000,
    via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
    created_at: c.created_at,
  };
}
