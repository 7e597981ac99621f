/**
 * Seed data of the Freshdesk emulator: the demo helpdesk's agent, contacts, companies and tickets,
 * in Freshdesk's own shapes (API v2, https://developers.freshdesk.com/api/):
 * - contacts: https://developers.freshdesk.com/api/#contacts (`job_title`, `time_zone` as a Rails
 *   zone name, `address`, `description`, `company_id`);
 * - companies: https://developers.freshdesk.com/api/#companies;
 * - tickets: https://developers.freshdesk.com/api/#tickets (status 2 Open, 3 Pending, 4 Resolved,
 *   5 Closed; priority 1 Low … 4 Urgent; source 1 Email, 2 Portal, 3 Phone, 7 Chat);
 * - conversations: https://developers.freshdesk.com/api/#conversations.
 *
 * The people are the demo customers of the Zendesk emulator (proxy/sandbox/zendesk/data.ts, tickets
 * 1001–1008), converted field by field, so every helpdesk's demo shows the same sync outcomes.
 * Freshdesk ticket ids are small per-account numbers, so the demo tickets keep theirs (1001–1008).
 */
import { demoSeed as zendeskDemoSeed, type ZendeskTicket, type ZendeskUser } from '../zendesk/data.ts';

/** A Freshdesk contact (the requester of a ticket). Times are ISO 8601 UTC. */
export interface FreshdeskContact {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  job_title: string | null;
  /** Freshdesk's (Rails) zone name, e.g. "Pacific Time (US & Canada)". */
  time_zone: string;
  address: string | null;
  description: string | null;
  company_id: number | null;
  language: string;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface FreshdeskCompany {
  id: number;
  name: string;
  domains: string[];
  created_at: string;
  updated_at: string;
}

/** The signed-in agent (`GET /api/v2/agents/me`). */
export interface FreshdeskAgent {
  id: number;
  name: string;
  email: string;
  time_zone: string;
  created_at: string;
  updated_at: string;
}

export interface FreshdeskConversation {
  id: number;
  body_text: string;
  /** true when the customer wrote it. */
  incoming: boolean;
  private: boolean;
  user_id: number;
  created_at: string;
}

export type FreshdeskStatus = 2 | 3 | 4 | 5;
export type FreshdeskPriority = 1 | 2 | 3 | 4;
export type FreshdeskSource = 1 | 2 | 3 | 7;

export interface FreshdeskTicket {
  id: number;
  subject: string;
  description_text: string;
  status: FreshdeskStatus;
  priority: FreshdeskPriority;
  source: FreshdeskSource;
  requester_id: number;
  responder_id: number | null;
  company_id: number | null;
  /** Replies after the description (the description itself is the first message). */
  conversations: FreshdeskConversation[];
  created_at: string;
  updated_at: string;
}

export interface FreshdeskSeed {
  agent: FreshdeskAgent;
  contacts: FreshdeskContact[];
  companies: FreshdeskCompany[];
  tickets: FreshdeskTicket[];
}

export const STATUS_NAMES: Record<FreshdeskStatus, string> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };
export const PRIORITY_NAMES: Record<FreshdeskPriority, string> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };
export const SOURCE_NAMES: Record<FreshdeskSource, string> = { 1: 'Email', 2: 'Portal', 3: 'Phone', 7: 'Chat' };

/** The demo agent's id. */
export const DEMO_FRESHDESK_AGENT_ID = 48_000_001_001;
const CONTACT_ID_BASE = 48_000_123_000;
const COMPANY_ID_BASE = 48_000_456_000;

const STATUS: Record<ZendeskTicket['status'], FreshdeskStatus> = {
  new: 2,
  open: 2,
  pending: 3,
  hold: 3,
  solved: 4,
  closed: 5,
};
const PRIORITY: Record<NonNullable<ZendeskTicket['priority']>, FreshdeskPriority> = {
  low: 1,
  normal: 2,
  high: 3,
  urgent: 4,
};
const SOURCE: Record<ZendeskTicket['channel'], FreshdeskSource> = { email: 1, web: 2, api: 3, chat: 7 };

/** The Zendesk demo user's custom field `key` as text, or null. */
function field(user: ZendeskUser, key: string): string | null {
  const value = user.user_fields[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * A fresh copy of the demo helpdesk (callers may mutate it): tickets 1001–1008 with the Zendesk
 * demo's requesters as contacts (job title and location from its custom fields, notes as the
 * contact description) and its organizations as companies.
 */
export function demoSeed(): FreshdeskSeed {
  const zd = zendeskDemoSeed();
  const companies: FreshdeskCompany[] = [];
  const companyOf = new Map<number, number>();
  for (const org of zd.organizations) {
    const id = COMPANY_ID_BASE + companies.length + 1;
    companyOf.set(org.id, id);
    companies.push({
      id,
      name: org.name,
      domains: org.domain_names,
      created_at: org.created_at,
      updated_at: org.updated_at,
    });
  }

  const contacts: FreshdeskContact[] = [];
  const contactOf = new Map<number, number>();
  const tickets: FreshdeskTicket[] = [];
  for (const t of zd.tickets) {
    const user = zd.users.find((u) => u.id === t.requester_id);
    if (!user) throw new Error(`Freshdesk sandbox: the Zendesk demo has no requester for ticket ${t.id}`);
    let contactId = contactOf.get(user.id);
    if (contactId === undefined) {
      contactId = CONTACT_ID_BASE + (t.id % 1000);
      contactOf.set(user.id, contactId);
      contacts.push({
        id: contactId,
        name: user.name,
        email: user.email,
        phone: user.phone,
        mobile: null,
        job_title: field(user, 'job_title'),
        time_zone: user.time_zone,
        address: field(user, 'location'),
        description: user.notes,
        company_id: user.organization_id === null ? null : (companyOf.get(user.organization_id) ?? null),
        language: user.locale.slice(0, 2),
        active: user.verified,
        created_at: user.created_at,
        updated_at: user.updated_at,
      });
    }
    const [first, ...replies] = t.comments;
    tickets.push({
      id: t.id,
      subject: t.subject,
      description_text: first?.body ?? '',
      status: STATUS[t.status],
      priority: PRIORITY[t.priority ?? 'normal'],
      source: SOURCE[t.channel],
      requester_id: contactId,
      responder_id: DEMO_FRESHDESK_AGENT_ID,
      company_id: t.organization_id === null ? null : (companyOf.get(t.organization_id) ?? null),
      conversations: replies.map((c) => ({
        id: c.id,
        body_text: c.body,
        incoming: c.author_id === t.requester_id,
        private: !c.public,
        user_id: c.author_id === t.requester_id ? contactId : DEMO_FRESHDESK_AGENT_ID,
        created_at: c.created_at,
      })),
      created_at: t.created_at,
      updated_at: t.updated_at,
    });
  }

  return {
    agent: {
      id: DEMO_FRESHDESK_AGENT_ID,
      name: zd.agent.name,
      email: zd.agent.email ?? 'agent@demo-support.example',
      time_zone: zd.agent.time_zone,
      created_at: zd.agent.created_at,
      updated_at: zd.agent.updated_at,
    },
    contacts,
    companies,
    tickets,
  };
}
