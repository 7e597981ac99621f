/**
 * Seed data of the Zoho Desk emulator: the demo organization, its agent, accounts, contacts and
 * tickets, in Zoho Desk's own shapes (https://desk.zoho.com/DeskAPIDocument):
 * - ids are long decimal strings ("1892000000042034"); tickets also have a short `ticketNumber`;
 * - a contact has `firstName`, `lastName`, `email`, `phone`, `mobile`, `title` (job title), `city`,
 *   `state`, `country`, `description`, `accountId` (its company, an Account), `modifiedTime`;
 * - times are ISO 8601 UTC with milliseconds ("2016-06-21T13:16:14.000Z").
 *
 * The people are the demo customers of the Zendesk emulator (proxy/sandbox/zendesk/data.ts, tickets
 * 1001–1008), converted field by field, so every helpdesk's demo shows the same sync outcomes. Demo
 * ticket 1003 is ticket number 1003, whose id is {@link zohoTicketId}(1003).
 */
import { demoSeed as zendeskDemoSeed, type ZendeskTicket, type ZendeskUser } from '../zendesk/data.ts';

export interface ZohoOrganization {
  id: number;
  companyName: string;
  portalName: string;
}

export interface ZohoDepartment {
  id: string;
  name: string;
  /** The department's segment in agent URLs (`/agent/{portal}/{slug}/…`). */
  slug: string;
}

export interface ZohoAgent {
  id: string;
  firstName: string;
  lastName: string;
  emailId: string;
}

export interface ZohoAccount {
  id: string;
  accountName: string;
  website: string | null;
}

export interface ZohoContact {
  id: string;
  firstName: string | null;
  lastName: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  title: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  description: string | null;
  accountId: string | null;
  createdTime: string;
  modifiedTime: string;
}

export interface ZohoThread {
  id: string;
  direction: 'in' | 'out';
  content: string;
  createdTime: string;
}

export interface ZohoTicket {
  id: string;
  ticketNumber: string;
  subject: string;
  status: 'Open' | 'On Hold' | 'Closed';
  priority: 'Low' | 'Medium' | 'High' | 'Urgent';
  channel: 'Email' | 'Web' | 'Phone' | 'Chat';
  contactId: string;
  assigneeId: string;
  threads: ZohoThread[];
  createdTime: string;
  modifiedTime: string;
}

export interface ZohoSeed {
  organization: ZohoOrganization;
  department: ZohoDepartment;
  agent: ZohoAgent;
  accounts: ZohoAccount[];
  contacts: ZohoContact[];
  tickets: ZohoTicket[];
}

/** The id of demo ticket `demoTicket` (1001–1008); its ticket number is `demoTicket`. */
export function zohoTicketId(demoTicket: number): string {
  return `48392000000050${demoTicket}`;
}

/** Zoho's time format: ISO 8601 UTC with milliseconds. */
function zohoTime(iso: string): string {
  return new Date(iso).toISOString();
}

const STATUS: Record<ZendeskTicket['status'], ZohoTicket['status']> = {
  new: 'Open',
  open: 'Open',
  pending: 'On Hold',
  hold: 'On Hold',
  solved: 'Closed',
  closed: 'Closed',
};
const PRIORITY: Record<NonNullable<ZendeskTicket['priority']>, ZohoTicket['priority']> = {
  low: 'Low',
  normal: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};
const CHANNEL: Record<ZendeskTicket['channel'], ZohoTicket['channel']> = {
  email: 'Email',
  web: 'Web',
  api: 'Phone',
  chat: 'Chat',
};

function field(user: ZendeskUser, key: string): string | null {
  const value = user.user_fields[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A fresh copy of the demo organization (callers may mutate it). */
export function demoSeed(): ZohoSeed {
  const zd = zendeskDemoSeed();
  const agentWords = zd.agent.name.split(/\s+/);
  const agent: ZohoAgent = {
    id: '483920000000070001',
    firstName: agentWords.slice(0, -1).join(' '),
    lastName: agentWords.at(-1) ?? zd.agent.name,
    emailId: zd.agent.email ?? 'agent@demo-support.example',
  };
  const accounts: ZohoAccount[] = zd.organizations.map((o, i) => ({
    id: `48392000000045${1001 + i}`,
    accountName: o.name,
    website: o.domain_names[0] ? `https://${o.domain_names[0]}` : null,
  }));
  const accountOf = new Map(zd.organizations.map((o, i) => [o.id, accounts[i]!.id]));

  const contacts: ZohoContact[] = [];
  const contactOf = new Map<number, string>();
  const tickets: ZohoTicket[] = [];
  for (const t of zd.tickets) {
    const user = zd.users.find((u) => u.id === t.requester_id);
    if (!user) throw new Error(`Zoho Desk sandbox: the Zendesk demo has no requester for ticket ${t.id}`);
    let contactId = contactOf.get(user.id);
    if (contactId === undefined) {
      contactId = `48392000000012${t.id}`;
      contactOf.set(user.id, contactId);
      const words = user.name.trim().split(/\s+/);
      contacts.push({
        id: contactId,
        firstName: words.length > 1 ? words.slice(0, -1).join(' ') : null,
        lastName: words.at(-1) ?? user.name,
        email: user.email,
        phone: user.phone,
        mobile: null,
        title: field(user, 'job_title'),
        city: field(user, 'location'),
        state: null,
        country: null,
        description: user.notes,
        accountId: user.organization_id === null ? null : (accountOf.get(user.organization_id) ?? null),
        createdTime: zohoTime(user.created_at),
        modifiedTime: zohoTime(user.updated_at),
      });
    }
    tickets.push({
      id: zohoTicketId(t.id),
      ticketNumber: String(t.id),
      subject: t.subject,
      status: STATUS[t.status],
      priority: PRIORITY[t.priority ?? 'normal'],
      channel: CHANNEL[t.channel],
      contactId,
      assigneeId: agent.id,
      threads: t.comments.map((c) => ({
        id: `48392000000090${c.id}`,
        direction: c.author_id === t.requester_id ? 'in' : 'out',
        content: c.body,
        createdTime: zohoTime(c.created_at),
      })),
      createdTime: zohoTime(t.created_at),
      modifiedTime: zohoTime(t.updated_at),
    });
  }

  return {
    organization: { id: 649_127_338, companyName: 'Demo Support', portalName: 'demo' },
    department: { id: '483920000000006907', name: 'Support', slug: 'support' },
    agent,
    accounts,
    contacts,
    tickets,
  };
}
