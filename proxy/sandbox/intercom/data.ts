/**
 * Seed data of the Intercom emulator: one workspace (app), the demo contacts and their Inbox
 * conversations (the same people and values as every helpdesk emulator, see
 * proxy/sandbox/dom-helpdesk.ts).
 *
 * Shapes follow Intercom's contact model (https://developers.intercom.com/docs/references/rest-api/api.intercom.io/contacts/):
 * a contact is a `user` (has signed up, usually has an email) or a `lead` (a visitor), with a
 * 24-hex-digit id, name, email, phone, companies, location and custom attributes (here "Job title").
 * Conversation ids are large integers, as in Inbox URLs.
 */
import { type DemoConversation, demoConversations } from '../dom-helpdesk.ts';

export interface IntercomContact {
  /** 24 hexadecimal digits. */
  id: string;
  role: 'user' | 'lead';
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  /** The custom attribute "Job title". */
  jobTitle: string | null;
  /** City as Intercom shows it (from the last seen IP, or set by the workspace). */
  location: string | null;
  /** "2h ago" — shown, not synced. */
  lastSeen: string;
}

export interface IntercomPart {
  id: string;
  fromCustomer: boolean;
  author: string;
  body: string;
  createdAt: string;
}

export interface IntercomConversation {
  id: string;
  demoTicket: number;
  title: string;
  state: 'open' | 'snoozed' | 'closed';
  contactId: string;
  parts: IntercomPart[];
  createdAt: string;
}

export interface IntercomSeed {
  appId: string;
  agent: { name: string; email: string };
  contacts: IntercomContact[];
  conversations: IntercomConversation[];
}

/** The demo workspace's app id, as in `/a/inbox/{appId}/…`. */
export const DEMO_INTERCOM_APP = 'demoapp1';

/** The conversation id of demo ticket `n` (1001 → "215468000001001"). */
export const intercomConversationId = (demoTicket: number) => String(215_468_000_000_000 + demoTicket);
/** The contact id of demo ticket `n`'s customer (24 hex digits). */
export const intercomContactId = (demoTicket: number) => `6650a1b2c3d4e5f6a7b8${String(demoTicket).padStart(4, '0')}`;

const LAST_SEEN = ['2h ago', '5m ago', '1d ago', '3d ago', '12m ago', '1h ago', 'now', '6d ago', '20m ago'];

function partsOf(
  demo: DemoConversation,
  index: number,
): { contact: IntercomContact; conversation: IntercomConversation } {
  const c = demo.customer;
  const id = intercomConversationId(demo.demoTicket);
  const contact: IntercomContact = {
    id: intercomContactId(demo.demoTicket),
    role: c.email ? 'user' : 'lead',
    name: c.name,
    email: c.email,
    phone: c.phone,
    company: c.company,
    jobTitle: c.jobTitle,
    location: c.location,
    lastSeen: LAST_SEEN[index % LAST_SEEN.length] ?? 'now',
  };
  return {
    contact,
    conversation: {
      id,
      demoTicket: demo.demoTicket,
      title: demo.subject,
      state: demo.status === 'closed' ? 'closed' : 'open',
      contactId: contact.id,
      parts: demo.messages.map((m, i) => ({
        id: `${id}-${i + 1}`,
        fromCustomer: m.from === 'customer',
        author: m.author,
        body: m.body,
        createdAt: m.at,
      })),
      createdAt: demo.createdAt,
    },
  };
}

/** A fresh copy of the demo workspace (callers may mutate it). */
export function intercomSeed(): IntercomSeed {
  const { agent, conversations } = demoConversations();
  const parts = conversations.map(partsOf);
  return {
    appId: DEMO_INTERCOM_APP,
    agent,
    contacts: parts.map((p) => p.contact),
    conversations: parts.map((p) => p.conversation),
  };
}
