/**
 * Seed data of the Front emulator: one team inbox, the demo contacts and their conversations (the
 * same people and values as every helpdesk emulator, see proxy/sandbox/dom-helpdesk.ts).
 *
 * Shapes follow Front's contact model (https://help.frontapp.com/t/35h8j2t/understanding-front-contacts,
 * Core API contacts: https://dev.frontapp.com/reference/contacts): a name, handles by source
 * (email, phone, …), an account (the company), custom contact fields and a description. Ids are
 * Front's: the decimal number in app URLs, and in API form the same number in base 36 with a
 * prefix (`cnv_`, `crd_`, `inb_`), see lib/helpdesks/front.ts.
 */
import { type DemoConversation, demoConversations } from '../dom-helpdesk.ts';

export interface FrontHandle {
  source: 'email' | 'phone';
  handle: string;
}

export interface FrontContact {
  /** API id, `crd_…`. */
  id: string;
  name: string;
  /** Primary first within each source. */
  handles: FrontHandle[];
  /** The contact's account (company) name. */
  account: string | null;
  /** Custom contact fields shown in the panel, by label ("Job title", "Location"). */
  customFields: Record<string, string>;
  description: string | null;
}

export interface FrontMessage {
  id: string;
  inbound: boolean;
  author: string;
  body: string;
  createdAt: string;
}

export interface FrontConversation {
  /** The decimal id in app URLs. */
  number: number;
  /** API id, `cnv_` + the number in base 36. */
  id: string;
  demoTicket: number;
  subject: string;
  status: 'unassigned' | 'assigned' | 'archived';
  contactId: string;
  messages: FrontMessage[];
  createdAt: string;
}

export interface FrontSeed {
  agent: { name: string; email: string };
  inbox: { number: number; name: string };
  contacts: FrontContact[];
  conversations: FrontConversation[];
}

/** The demo team inbox's decimal id (`inb_2uyhd` in API form). */
export const DEMO_INBOX = 4_808_209;

/** The decimal (URL) id of demo ticket `n`'s conversation (1001 → 9876541001). */
export const frontConversationNumber = (demoTicket: number) => 9_876_540_000 + demoTicket;
/** API id from a decimal id: `cnv_` + base 36. */
export const frontApiId = (prefix: 'cnv' | 'crd' | 'inb' | 'msg', n: number) => `${prefix}_${n.toString(36)}`;
/** The contact id of demo ticket `n`'s customer. */
export const frontContactId = (demoTicket: number) => frontApiId('crd', 52_000_000 + demoTicket);

function partsOf(demo: DemoConversation): { contact: FrontContact; conversation: FrontConversation } {
  const c = demo.customer;
  const number = frontConversationNumber(demo.demoTicket);
  const customFields: Record<string, string> = {};
  if (c.jobTitle) customFields['Job title'] = c.jobTitle;
  if (c.location) customFields.Location = c.location;
  const contact: FrontContact = {
    id: frontContactId(demo.demoTicket),
    name: c.name,
    handles: [
      ...(c.email ? [{ source: 'email' as const, handle: c.email }] : []),
      ...(c.phone ? [{ source: 'phone' as const, handle: c.phone }] : []),
    ],
    account: c.company,
    customFields,
    description: c.notes,
  };
  return {
    contact,
    conversation: {
      number,
      id: frontApiId('cnv', number),
      demoTicket: demo.demoTicket,
      subject: demo.subject,
      status: demo.status === 'closed' ? 'archived' : 'unassigned',
      contactId: contact.id,
      messages: demo.messages.map((m, i) => ({
        id: frontApiId('msg', number * 10 + i),
        inbound: m.from === 'customer',
        author: m.author,
        body: m.body,
        createdAt: m.at,
      })),
      createdAt: demo.createdAt,
    },
  };
}

/** A fresh copy of the demo inbox (callers may mutate it). */
export function frontSeed(): FrontSeed {
  const { agent, conversations } = demoConversations();
  const parts = conversations.map(partsOf);
  return {
    agent,
    inbox: { number: DEMO_INBOX, name: 'Support' },
    contacts: parts.map((p) => p.contact),
    conversations: parts.map((p) => p.conversation),
  };
}
