/**
 * Seed data of the Gorgias emulator: the demo account's agent, customers and tickets, in Gorgias's
 * own shapes (https://developers.gorgias.com/reference/the-customer-object,
 * https://developers.gorgias.com/reference/the-ticket-object):
 * - a customer has `name`, `firstname`, `lastname`, a primary `email`, `channels` (one per e-mail
 *   address or phone number: `{type: "email" | "phone", address, preferred}`), a `note`, an IANA
 *   `timezone`, and `data` — the account's own key-value data shown in the helpdesk, where the demo
 *   keeps `company`, `job_title` and `city` (Gorgias has no such properties);
 * - date-times are UTC without an offset ("2026-10-14T08:12:00.000000"), as Gorgias writes them.
 *
 * The people are the demo customers of the Zendesk emulator (proxy/sandbox/zendesk/data.ts, tickets
 * 1001–1008), converted field by field, so every helpdesk's demo shows the same sync outcomes.
 * Gorgias ids are account-wide numbers: demo ticket 1003 is ticket {@link gorgiasTicketId}(1003).
 */
import { demoSeed as zendeskDemoSeed, type ZendeskTicket, type ZendeskUser } from '../zendesk/data.ts';

export interface GorgiasChannel {
  id: number;
  type: 'email' | 'phone';
  address: string;
  preferred: boolean;
}

export interface GorgiasCustomer {
  id: number;
  name: string;
  firstname: string;
  lastname: string;
  email: string | null;
  channels: GorgiasChannel[];
  note: string | null;
  /** IANA zone name. */
  timezone: string | null;
  language: string;
  data: Record<string, string>;
  created_datetime: string;
  updated_datetime: string;
}

export interface GorgiasUser {
  id: number;
  name: string;
  email: string;
}

export interface GorgiasMessage {
  id: number;
  from_agent: boolean;
  body_text: string;
  created_datetime: string;
}

export interface GorgiasTicket {
  id: number;
  subject: string;
  status: 'open' | 'closed';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  channel: 'email' | 'chat' | 'phone' | 'help-center';
  customer_id: number;
  assignee_user_id: number;
  messages: GorgiasMessage[];
  created_datetime: string;
  updated_datetime: string;
}

export interface GorgiasSeed {
  agent: GorgiasUser;
  customers: GorgiasCustomer[];
  tickets: GorgiasTicket[];
}

/** The demo view (`/app/views/{id}`) the ticket list links open tickets in. */
export const DEMO_VIEW_ID = 238_613;
export const DEMO_GORGIAS_AGENT_ID = 310_001;
const TICKET_ID_BASE = 58_430_000;
const CUSTOMER_ID_BASE = 412_000_000;

/** Gorgias's id of demo ticket `demoTicket` (1001–1008). */
export function gorgiasTicketId(demoTicket: number): number {
  return TICKET_ID_BASE + demoTicket;
}

/** Gorgias's offset-less UTC date-time for an ISO 8601 UTC one. */
export function gorgiasDateTime(iso: string): string {
  // toISOString always writes milliseconds and "Z": "…T08:12:00.000Z" → "…T08:12:00.000000".
  return new Date(iso).toISOString().replace(/Z$/, '000');
}

const CHANNEL: Record<ZendeskTicket['channel'], GorgiasTicket['channel']> = {
  email: 'email',
  web: 'help-center',
  api: 'phone',
  chat: 'chat',
};

function field(user: ZendeskUser, key: string): string | null {
  const value = user.user_fields[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A fresh copy of the demo account (callers may mutate it): tickets for demo tickets 1001–1008. */
export function demoSeed(): GorgiasSeed {
  const zd = zendeskDemoSeed();
  const customers: GorgiasCustomer[] = [];
  const customerOf = new Map<number, number>();
  const tickets: GorgiasTicket[] = [];
  let channelId = 9_100_000;

  for (const t of zd.tickets) {
    const user = zd.users.find((u) => u.id === t.requester_id);
    if (!user) throw new Error(`Gorgias sandbox: the Zendesk demo has no requester for ticket ${t.id}`);
    let customerId = customerOf.get(user.id);
    if (customerId === undefined) {
      customerId = CUSTOMER_ID_BASE + (t.id % 1000);
      customerOf.set(user.id, customerId);
      const words = user.name.trim().split(/\s+/);
      const org = zd.organizations.find((o) => o.id === user.organization_id);
      const data: Record<string, string> = {};
      if (org) data.company = org.name;
      const jobTitle = field(user, 'job_title');
      if (jobTitle) data.job_title = jobTitle;
      const city = field(user, 'location');
      if (city) data.city = city;
      const channels: GorgiasChannel[] = [];
      if (user.email) channels.push({ id: ++channelId, type: 'email', address: user.email, preferred: true });
      if (user.phone) channels.push({ id: ++channelId, type: 'phone', address: user.phone, preferred: !user.email });
      customers.push({
        id: customerId,
        name: user.name,
        firstname: words.length > 1 ? words.slice(0, -1).join(' ') : user.name,
        lastname: words.length > 1 ? (words.at(-1) ?? '') : '',
        email: user.email,
        channels,
        note: user.notes,
        timezone: user.iana_time_zone,
        language: user.locale.slice(0, 2),
        data,
        created_datetime: gorgiasDateTime(user.created_at),
        updated_datetime: gorgiasDateTime(user.updated_at),
      });
    }
    tickets.push({
      id: gorgiasTicketId(t.id),
      subject: t.subject,
      status: t.status === 'solved' || t.status === 'closed' ? 'closed' : 'open',
      priority: t.priority ?? 'normal',
      channel: CHANNEL[t.channel],
      customer_id: customerId,
      assignee_user_id: DEMO_GORGIAS_AGENT_ID,
      messages: t.comments.map((c) => ({
        id: c.id,
        from_agent: c.author_id !== t.requester_id,
        body_text: c.body,
        created_datetime: gorgiasDateTime(c.created_at),
      })),
      created_datetime: gorgiasDateTime(t.created_at),
      updated_datetime: gorgiasDateTime(t.updated_at),
    });
  }

  return {
    agent: { id: DEMO_GORGIAS_AGENT_ID, name: zd.agent.name, email: zd.agent.email ?? 'agent@demo-support.example' },
    customers,
    tickets,
  };
}
