/**
 * Seed data of the Zendesk emulator: the demo account's agent, end users, organizations and tickets.
 *
 * The shapes follow Zendesk's documented JSON (only the properties a client may rely on are kept):
 * - users: https://developer.zendesk.com/api-reference/ticketing/users/users/#json-format
 * - organizations: https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#json-format
 * - tickets: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format
 * - comments: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#json-format
 *
 * The customers mirror the HubSpot sandbox's demo contacts (see the demo data) so every sync
 * outcome can be shown: 1001 created, 1002 updated, 1003 conflicts, 1004 found by phone, 1005 several
 * matches, 1006 hostile markup, 1007 no lookup key, 1008 no changes, 1009 Noah Kim — a Lead in the
 * Dynamics 365 sandbox ("Lead already exists"), on every other CRM simply created.
 *
 * Job title and location have no built-in Zendesk user property; accounts keep them in custom user
 * fields, which the API returns in `user_fields` keyed by the field's key
 * (https://developer.zendesk.com/api-reference/ticketing/users/user_fields/). The demo account's keys
 * are {@link JOB_TITLE_FIELD} and {@link LOCATION_FIELD}.
 */

/** Custom user field key holding the person's job title. */
export const JOB_TITLE_FIELD = 'job_title';
/** Custom user field key holding the person's location (city). */
export const LOCATION_FIELD = 'location';

/** A Zendesk user (agent or end user). Times are ISO 8601 UTC. */
export interface ZendeskUser {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  role: 'end-user' | 'agent' | 'admin';
  organization_id: number | null;
  /** Zendesk's own time zone name, e.g. "Pacific Time (US & Canada)". */
  time_zone: string;
  /** The same zone as an IANA name, e.g. "America/Los_Angeles". */
  iana_time_zone: string;
  locale: string;
  notes: string | null;
  details: string | null;
  user_fields: Record<string, string | null>;
  tags: string[];
  active: boolean;
  verified: boolean;
  created_at: string;
  updated_at: string;
}

/** A Zendesk organization (the customer's company). */
export interface ZendeskOrganization {
  id: number;
  name: string;
  domain_names: string[];
  details: string | null;
  notes: string | null;
  tags: string[];
  created_at: string;
  updated_at: string;
}

/** One comment of a ticket's conversation; `body` is plain text. */
export interface ZendeskComment {
  id: number;
  author_id: number;
  body: string;
  public: boolean;
  created_at: string;
}

/** A Zendesk ticket with its conversation. */
export interface ZendeskTicket {
  id: number;
  subject: string;
  status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
  priority: 'low' | 'normal' | 'high' | 'urgent' | null;
  type: 'problem' | 'incident' | 'question' | 'task' | null;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  tags: string[];
  channel: 'email' | 'web' | 'chat' | 'api';
  comments: ZendeskComment[];
  created_at: string;
  updated_at: string;
}

/** Everything the emulator serves for one account. */
export interface ZendeskSeed {
  agent: ZendeskUser;
  users: ZendeskUser[];
  organizations: ZendeskOrganization[];
  tickets: ZendeskTicket[];
}

/** The agent signed in to the demo account (`GET /api/v2/users/me.json`). */
export const DEMO_AGENT_ID = 360_000_001;
const GROUP_SUPPORT = 360_100_001;

type UserInit = Partial<ZendeskUser> & Pick<ZendeskUser, 'id' | 'name'>;
function user(init: UserInit): ZendeskUser {
  return {
    email: null,
    phone: null,
    role: 'end-user',
    organization_id: null,
    time_zone: 'Eastern Time (US & Canada)',
    iana_time_zone: 'America/New_York',
    locale: 'en-US',
    notes: null,
    details: null,
    user_fields: { [JOB_TITLE_FIELD]: null, [LOCATION_FIELD]: null },
    tags: [],
    active: true,
    verified: true,
    created_at: '2026-09-14T08:00:00Z',
    updated_at: '2026-10-12T08:00:00Z',
    ...init,
  };
}

function org(id: number, name: string, domain: string | null): ZendeskOrganization {
  return {
    id,
    name,
    domain_names: domain ? [domain] : [],
    details: null,
    notes: null,
    tags: [],
    created_at: '2026-09-01T08:00:00Z',
    updated_at: '2026-09-01T08:00:00Z',
  };
}

interface TicketInit {
  id: number;
  subject: string;
  requester: ZendeskUser;
  message: string;
  reply?: string;
  channel?: ZendeskTicket['channel'];
  priority?: ZendeskTicket['priority'];
  status?: ZendeskTicket['status'];
  at: string;
}
function ticket(init: TicketInit): ZendeskTicket {
  const comments: ZendeskComment[] = [
    { id: init.id * 10 + 1, author_id: init.requester.id, body: init.message, public: true, created_at: init.at },
  ];
  if (init.reply) {
    comments.push({
      id: init.id * 10 + 2,
      author_id: DEMO_AGENT_ID,
      body: init.reply,
      public: true,
      created_at: new Date(Date.parse(init.at) + 12 * 60_000).toISOString().replace('.000Z', 'Z'),
    });
  }
  return {
    id: init.id,
    subject: init.subject,
    status: init.status ?? 'open',
    priority: init.priority ?? 'normal',
    type: 'question',
    requester_id: init.requester.id,
    submitter_id: init.requester.id,
    assignee_id: DEMO_AGENT_ID,
    organization_id: init.requester.organization_id,
    group_id: GROUP_SUPPORT,
    tags: [],
    channel: init.channel ?? 'email',
    comments,
    created_at: init.at,
    updated_at: comments.at(-1)!.created_at,
  };
}

/**
 * A fresh copy of the demo account's data (callers may mutate it). Ticket ids 1001–1009 match the
 * CRM sandboxes' demo records; see the module comment for which outcome each one shows.
 */
export function demoSeed(): ZendeskSeed {
  const orgs = {
    bugle: org(361_200_001, 'Daily Bugle', 'dailybugle.example'),
    northwind: org(361_200_002, 'Northwind Traders', 'northwind.example'),
    globex: org(361_200_003, 'Globex', 'globex.example'),
    acme: org(361_200_006, 'Acme <b>Bold</b>', null),
    stone: org(361_200_008, 'Stone & Co', 'stone.example'),
  };

  const agent = user({
    id: DEMO_AGENT_ID,
    name: 'Alex Rivera',
    email: 'alex.rivera@demo-support.example',
    role: 'agent',
    created_at: '2026-01-05T09:00:00Z',
  });

  const mary = user({
    id: 361_000_001,
    name: 'Mary Jane Watson',
    email: 'mj.watson@example.com',
    phone: '+44 20 7946 0958',
    organization_id: orgs.bugle.id,
    time_zone: 'London',
    iana_time_zone: 'Europe/London',
    locale: 'en-GB',
  });
  const priya = user({
    id: 361_000_002,
    name: 'Priya Patel',
    email: ' PRIYA.PATEL@Example.com',
    phone: '(415) 555-0134',
    organization_id: orgs.northwind.id,
    time_zone: 'Pacific Time (US & Canada)',
    iana_time_zone: 'America/Los_Angeles',
    notes: 'VIP: renewal in March',
    user_fields: { [JOB_TITLE_FIELD]: 'Head of Operations', [LOCATION_FIELD]: 'San Francisco' },
  });
  const jonas = user({
    id: 361_000_003,
    name: 'Jonas Berg',
    email: 'jonas.berg@example.com',
    phone: '(212) 555-0199',
    organization_id: orgs.globex.id,
    user_fields: { [JOB_TITLE_FIELD]: 'Chief Technology Officer', [LOCATION_FIELD]: null },
  });
  const sam = user({
    id: 361_000_004,
    name: 'Sam Lee',
    phone: '+1 646-555-0142',
    verified: false,
    user_fields: { [JOB_TITLE_FIELD]: 'Support Lead', [LOCATION_FIELD]: null },
  });
  const dana = user({
    id: 361_000_005,
    name: 'Dana Cruz',
    phone: '303.555.0177',
    verified: false,
    time_zone: 'Mountain Time (US & Canada)',
    iana_time_zone: 'America/Denver',
  });
  const lin = user({
    id: 361_000_006,
    name: '<img src=x onerror=alert(1)>',
    email: 'lin.chen@example.com',
    organization_id: orgs.acme.id,
  });
  const anonymous = user({
    id: 361_000_007,
    name: 'Anonymous visitor',
    verified: false,
    time_zone: 'UTC',
    iana_time_zone: 'Etc/UTC',
  });
  const olivia = user({
    id: 361_000_008,
    name: 'Olivia Stone',
    email: 'olivia.stone@example.com',
    phone: '+1 415 555 0107',
    organization_id: orgs.stone.id,
    time_zone: 'Pacific Time (US & Canada)',
    iana_time_zone: 'America/Los_Angeles',
    user_fields: { [JOB_TITLE_FIELD]: 'Founder', [LOCATION_FIELD]: null },
  });
  const noah = user({
    id: 361_000_009,
    name: 'Noah Kim',
    email: 'noah.kim@example.com',
    phone: '+1 617 555 0123',
    time_zone: 'Eastern Time (US & Canada)',
    iana_time_zone: 'America/New_York',
  });

  const tickets = [
    ticket({
      id: 1001,
      subject: 'Invoice address for our London office',
      requester: mary,
      at: '2026-10-14T08:12:00Z',
      message:
        'Hi, we opened a London office and need future invoices addressed there. Can you update our account? Thanks, Mary Jane',
    }),
    ticket({
      id: 1002,
      subject: 'Renewal questions before March',
      requester: priya,
      at: '2026-10-14T09:03:00Z',
      priority: 'high',
      message: 'Hello! Our renewal is coming up in March. Could someone walk me through the new seat pricing?',
      reply: 'Hi Priya, happy to help. I will send the pricing sheet and set up a call this week.',
    }),
    ticket({
      id: 1003,
      subject: 'SSO login fails for new engineers',
      requester: jonas,
      at: '2026-10-14T09:40:00Z',
      priority: 'urgent',
      message: 'Engineers who joined this week get "invalid assertion" when they sign in with SSO. Can you check?',
    }),
    ticket({
      id: 1004,
      subject: 'Missed call about the support plan',
      requester: sam,
      at: '2026-10-14T10:15:00Z',
      channel: 'api',
      message: 'Voicemail: this is Sam Lee from the support team, please call me back about upgrading our plan.',
    }),
    ticket({
      id: 1005,
      subject: 'Order status by phone',
      requester: dana,
      at: '2026-10-14T10:52:00Z',
      channel: 'api',
      message: 'Voicemail: Dana here, checking on the status of my order from last week.',
    }),
    ticket({
      id: 1006,
      subject: 'Strange characters in my profile',
      requester: lin,
      at: '2026-10-14T11:20:00Z',
      channel: 'web',
      message: 'My profile name shows up as <img src=x onerror=alert(1)> — is that a problem?',
    }),
    ticket({
      id: 1007,
      subject: 'Question from the website chat',
      requester: anonymous,
      at: '2026-10-14T11:45:00Z',
      channel: 'chat',
      priority: 'low',
      message: 'Do you ship to Canada?',
    }),
    ticket({
      id: 1008,
      subject: 'Thanks for the quick fix',
      requester: olivia,
      at: '2026-10-14T12:30:00Z',
      status: 'solved',
      priority: 'low',
      message: 'Just confirming the export works again. Thanks!',
    }),
    ticket({
      id: 1009,
      subject: 'Pricing for a team of 40',
      requester: noah,
      at: '2026-10-14T13:05:00Z',
      channel: 'web',
      message: 'Hi, we are evaluating tools for our support team of 40. What would an annual plan cost?',
    }),
  ];

  return {
    agent,
    users: [agent, mary, priya, jonas, sam, dana, lin, anonymous, olivia, noah],
    organizations: Object.values(orgs),
    tickets,
  };
}
