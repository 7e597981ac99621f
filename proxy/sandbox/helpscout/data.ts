/**
 * Seed data of the Help Scout emulator: one mailbox, the demo customers and their conversations
 * (the same people and values as every helpdesk emulator, see proxy/sandbox/dom-helpdesk.ts).
 *
 * Shapes follow what Help Scout shows an agent (https://docs.helpscout.com/article/73-customer-profiles):
 * a customer has a name, several emails and phones, company, job title, location (address),
 * websites, social profiles and Notes; conversations have an id (in links) and a number (shown as
 * "#31003"), a status (Active, Pending, Closed) and threads.
 */
import { type DemoConversation, demoConversations } from '../dom-helpdesk.ts';

/** A Help Scout customer profile. */
export interface HelpScoutCustomer {
  id: number;
  name: string;
  /** Primary first. */
  emails: string[];
  phones: string[];
  company: string | null;
  jobTitle: string | null;
  location: string | null;
  websites: string[];
  notes: string | null;
}

/** One thread (message) of a conversation. */
export interface HelpScoutThread {
  id: number;
  type: 'customer' | 'message';
  author: string;
  body: string;
  createdAt: string;
}

export interface HelpScoutConversation {
  id: number;
  number: number;
  /** The Zendesk demo ticket this conversation mirrors (1001–1009). */
  demoTicket: number;
  subject: string;
  status: 'active' | 'pending' | 'closed';
  customerId: number;
  folderId: number;
  threads: HelpScoutThread[];
  createdAt: string;
}

export interface HelpScoutSeed {
  agent: { name: string; email: string };
  mailbox: { id: number; slug: string; name: string };
  folders: { id: number; name: string }[];
  customers: HelpScoutCustomer[];
  conversations: HelpScoutConversation[];
}

/** The demo mailbox's hexadecimal slug, as in `/mailbox/{slug}/`. */
export const DEMO_MAILBOX_SLUG = '5e4b2c1a9d8f7e60';
/** The "Unassigned" folder of the demo mailbox. */
export const DEMO_FOLDER_ID = 7_654_321;

/** The conversation id of demo ticket `n` (1001 → 2466001001). */
export const helpScoutConversationId = (demoTicket: number) => 2_466_000_000 + demoTicket;
/** The conversation number of demo ticket `n` (1001 → 31001). */
export const helpScoutConversationNumber = (demoTicket: number) => 30_000 + demoTicket;
/** The customer id of demo ticket `n`'s customer (1001 → 583661001). */
export const helpScoutCustomerId = (demoTicket: number) => 583_660_000 + demoTicket;

function conversationOf(demo: DemoConversation): { customer: HelpScoutCustomer; conversation: HelpScoutConversation } {
  const id = helpScoutConversationId(demo.demoTicket);
  const c = demo.customer;
  const customer: HelpScoutCustomer = {
    id: helpScoutCustomerId(demo.demoTicket),
    name: c.name,
    emails: c.email ? [c.email] : [],
    phones: c.phone ? [c.phone] : [],
    company: c.company,
    jobTitle: c.jobTitle,
    location: c.location,
    websites: [],
    notes: c.notes,
  };
  return {
    customer,
    conversation: {
      id,
      number: helpScoutConversationNumber(demo.demoTicket),
      demoTicket: demo.demoTicket,
      subject: demo.subject,
      status: demo.status === 'open' ? 'active' : demo.status,
      customerId: customer.id,
      folderId: DEMO_FOLDER_ID,
      threads: demo.messages.map((m, i) => ({
        id: id * 10 + i + 1,
        type: m.from === 'customer' ? 'customer' : 'message',
        author: m.author,
        body: m.body,
        createdAt: m.at,
      })),
      createdAt: demo.createdAt,
    },
  };
}

/** A fresh copy of the demo mailbox (callers may mutate it). */
export function helpScoutSeed(): HelpScoutSeed {
  const { agent, conversations } = demoConversations();
  const parts = conversations.map(conversationOf);
  return {
    agent,
    mailbox: { id: 301_234, slug: DEMO_MAILBOX_SLUG, name: 'Support' },
    folders: [
      { id: DEMO_FOLDER_ID, name: 'Unassigned' },
      { id: DEMO_FOLDER_ID + 1, name: 'Mine' },
    ],
    customers: parts.map((p) => p.customer),
    conversations: parts.map((p) => p.conversation),
  };
}
