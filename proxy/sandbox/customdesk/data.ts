/**
 * Seed of the "Acme Help" in-house helpdesk emulator: the eight demo customers of every helpdesk
 * emulator, as tickets 1001–1008 (taken from the Zendesk emulator's seed, proxy/sandbox/zendesk/data.ts,
 * so the same people with the same values show every sync outcome: 1001 created, 1002 updated, 1003
 * conflicts, 1004 found by phone, 1005 several matches, 1006 hostile markup, 1007 no lookup key, 1008
 * no changes).
 */
import { demoSeed } from '../zendesk/data.ts';

/** A customer as the in-house helpdesk shows it; null = not on the page. */
export interface AcmeRequester {
  name: string;
  email: string | null;
  phone: string | null;
  organisation: string | null;
}

/** One message of a ticket. */
export interface AcmeMessage {
  author: string;
  fromCustomer: boolean;
  body: string;
  at: string;
}

/** A ticket of the in-house helpdesk. */
export interface AcmeTicket {
  id: number;
  subject: string;
  status: 'open' | 'pending' | 'solved';
  requester: AcmeRequester;
  messages: AcmeMessage[];
}

/** The in-house helpdesk's data: the signed-in agent and the tickets. */
export interface AcmeSeed {
  agent: { name: string; email: string };
  tickets: AcmeTicket[];
}

/** A fresh copy of the demo data (callers may mutate it). */
export function acmeSeed(): AcmeSeed {
  const seed = demoSeed();
  const users = new Map(seed.users.map((u) => [u.id, u]));
  const orgs = new Map(seed.organizations.map((o) => [o.id, o.name]));
  const tickets = [...seed.tickets]
    .sort((a, b) => a.id - b.id)
    .map((t): AcmeTicket => {
      const user = users.get(t.requester_id);
      if (!user) throw new Error(`Demo data: ticket ${t.id} has no requester`);
      const orgId = user.organization_id ?? t.organization_id;
      return {
        id: t.id,
        subject: t.subject,
        status: t.status === 'solved' || t.status === 'closed' ? 'solved' : t.status === 'pending' ? 'pending' : 'open',
        requester: {
          name: user.name,
          email: user.email?.trim() ? user.email.trim() : null,
          phone: user.phone,
          organisation: orgId == null ? null : (orgs.get(orgId) ?? null),
        },
        messages: t.comments.map((c) => ({
          author: users.get(c.author_id)?.name ?? 'Unknown',
          fromCustomer: c.author_id === t.requester_id,
          body: c.body,
          at: c.created_at,
        })),
      };
    });
  return { agent: { name: seed.agent.name, email: seed.agent.email ?? 'agent@acme-help.test' }, tickets };
}
