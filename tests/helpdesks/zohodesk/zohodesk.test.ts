import { describe, expect, test } from 'vitest';
import { createZohoDeskAdapter, zohodesk } from '../../../lib/helpdesks/zohodesk.ts';
import { apiReader, fixturesIn, htmlResponse, jsonResponse, readTimingOut, type Route } from '../support.ts';

const { fixture, json, page } = fixturesIn(import.meta.dirname);

const PAGE_URL = new URL('https://desk.zoho.eu/agent/demo/support/tickets/details/483920000000501002');
const TICKET = { account: 'demo@desk.zoho.eu', ticketId: '483920000000501002' };
const API = '/supportapi/zd/demo/api/v1';
const ORG_ID = '649127338';
const JSON_TYPE = 'application/json;charset=UTF-8';

/**
 * Reads through a fetch answering by path; unknown paths answer Zoho Desk's 404. Like Zoho Desk, it
 * answers 422 to any call but `/organizations` without the right `orgId` header.
 */
const read = apiReader(
  // A fresh adapter per read: it remembers organization ids.
  () => createZohoDeskAdapter({ pageWaitMs: 0 }),
  { url: PAGE_URL, ticket: TICKET },
  {
    notFound: () => jsonResponse(json('not-found.json'), 404, JSON_TYPE),
    guard: (path, init) =>
      !path.endsWith('/organizations') && new Headers(init?.headers).get('orgId') !== ORG_ID
        ? jsonResponse({ errorCode: 'INVALID_DATA', message: 'orgId is missing' }, 422, JSON_TYPE)
        : null,
  },
);

const NORMAL: Record<string, Route> = {
  [`${API}/organizations`]: jsonResponse(json('organizations.json')),
  [`${API}/tickets/483920000000501002`]: jsonResponse(json('ticket-normal.json')),
  [`${API}/contacts/483920000000121002`]: jsonResponse(json('contact-normal.json')),
  [`${API}/myinfo`]: jsonResponse(json('myinfo.json')),
};

const PRIYA = {
  helpdesk: 'zohodesk',
  account: 'demo@desk.zoho.eu',
  id: '483920000000121002',
  name: 'Priya Patel',
  email: ' PRIYA.PATEL@Example.com',
  phone: '(415) 555-0134',
  company: 'Northwind Traders',
  jobTitle: 'Head of Operations',
  location: 'San Francisco, California, United States',
  timeZone: null,
  notes: 'VIP: renewal in March',
  updatedAt: '2026-10-02T08:15:00.000Z',
};
const AGENT = { name: 'Alex Rivera', email: 'alex.rivera@demo-support.example' };

describe('zohodesk.readCustomer through the API', () => {
  test("finds the portal's orgId, then reads the ticket's contact with the agent as actor", async () => {
    const { result, seen } = await read(NORMAL);
    expect(result).toEqual({ ok: true, customer: PRIYA, actor: AGENT });
    const base = `https://desk.zoho.eu${API}`;
    expect(seen.map((s) => s.url).sort()).toEqual(
      [
        `${base}/contacts/483920000000121002?include=accounts`,
        `${base}/myinfo`,
        `${base}/organizations`,
        `${base}/tickets/483920000000501002?include=contacts`,
      ].sort(),
    );
    for (const call of seen) {
      expect(call.init?.credentials).toBe('same-origin');
      expect(call.init?.method).toBe('GET');
      expect(new Headers(call.init?.headers).get('accept')).toBe('application/json');
    }
    // The organizations list is the one call without an orgId.
    expect(new Headers(seen[0]?.init?.headers).get('orgId')).toBeNull();
  });

  test('the orgId is looked up once per portal', async () => {
    const adapter = createZohoDeskAdapter({ pageWaitMs: 0 });
    await read(NORMAL, { with: adapter });
    const { result, seen } = await read(NORMAL, { with: adapter });
    expect(result.ok).toBe(true);
    expect(seen.some((s) => s.url.endsWith('/organizations'))).toBe(false);
  });

  test('the exported adapter runs on every data centre', () => {
    expect(zohodesk.id).toBe('zohodesk');
    expect(zohodesk.label).toBe('Zoho Desk');
    expect(zohodesk.matches).toContain('https://desk.zoho.eu/agent/*');
    expect(zohodesk.matches).toContain('https://desk.zoho.com.au/agent/*');
  });

  test('a contact without e-mail (phone only, no account)', async () => {
    const { result } = await read(
      {
        ...NORMAL,
        [`${API}/tickets/483920000000501004`]: jsonResponse(json('ticket-no-email.json')),
        [`${API}/contacts/483920000000121004`]: jsonResponse(json('contact-no-email.json')),
      },
      { ticket: { account: 'demo@desk.zoho.eu', ticketId: '483920000000501004' } },
    );
    expect(result.ok && result.customer).toMatchObject({
      id: '483920000000121004',
      name: 'Sam Lee',
      email: null,
      phone: '+1 646-555-0142',
      company: null,
      jobTitle: 'Support Lead',
      location: null,
    });
  });

  test('the mobile number stands in for a missing phone', async () => {
    const contact = { ...json('contact-normal.json'), phone: null };
    const { result } = await read({ ...NORMAL, [`${API}/contacts/483920000000121002`]: jsonResponse(contact) });
    expect(result.ok && result.customer.phone).toBe('+1 415 555 0177');
  });

  test("when the contact cannot be read, the ticket's copy is used", async () => {
    const { result } = await read({
      ...NORMAL,
      [`${API}/contacts/483920000000121002`]: jsonResponse({ errorCode: 'FORBIDDEN' }, 403),
    });
    expect(result).toEqual({
      ok: true,
      customer: { ...PRIYA, jobTitle: null, location: null, notes: null, updatedAt: null },
      actor: AGENT,
    });
  });

  const failures: [string, Record<string, Route>, string, string][] = [
    [
      'portal not among the organizations',
      { ...NORMAL, [`${API}/organizations`]: jsonResponse({ data: [{ id: 1, portalName: 'someoneelse' }] }) },
      'unreadable',
      `Can't read this Zoho Desk ticket: Zoho Desk does not list the portal "demo" among your organizations.`,
    ],
    [
      'organizations not readable',
      { ...NORMAL, [`${API}/organizations`]: jsonResponse({ organizations: [] }) },
      'unreadable',
      "Can't read this Zoho Desk ticket: Zoho Desk's list of organizations is not readable (data: Invalid input: expected array, received undefined).",
    ],
    [
      'contact neither embedded nor readable',
      { ...NORMAL, [`${API}/tickets/483920000000501002`]: jsonResponse(json('ticket-contact-missing.json')) },
      'unreadable',
      "Can't read this Zoho Desk ticket: Zoho Desk did not include the contact (483920000000121099) in its answer.",
    ],
    [
      'ticket without contact',
      {
        ...NORMAL,
        [`${API}/tickets/483920000000501002`]: jsonResponse({
          ...json('ticket-contact-missing.json'),
          contactId: null,
        }),
      },
      'unreadable',
      "Can't read this Zoho Desk ticket: the ticket has no contact.",
    ],
    [
      'malformed ticket (an id as a number, precision lost)',
      { ...NORMAL, [`${API}/tickets/483920000000501002`]: jsonResponse(json('ticket-malformed.json')) },
      'unreadable',
      "Can't read this Zoho Desk ticket: Zoho Desk's answer does not look like a ticket (contactId: Invalid input: expected string, received number).",
    ],
    [
      'HTML page with 200',
      { ...NORMAL, [`${API}/tickets/483920000000501002`]: htmlResponse(fixture('error.html')) },
      'unreadable',
      "Can't read this Zoho Desk ticket: Zoho Desk answered with a web page instead of ticket data.",
    ],
    [
      'truncated JSON',
      {
        ...NORMAL,
        [`${API}/tickets/483920000000501002`]: new Response('{"id": "4839', {
          headers: { 'content-type': 'application/json' },
        }),
      },
      'unreadable',
      "Can't read this Zoho Desk ticket: Zoho Desk's answer is not valid JSON.",
    ],
    [
      'HTTP 401',
      { [`${API}/organizations`]: jsonResponse(json('unauthorized.json'), 401) },
      'not_signed_in',
      "Can't read this Zoho Desk ticket: Zoho Desk refused the request (HTTP 401). Sign in to Zoho Desk as an agent and retry.",
    ],
    [
      'redirected to the sign-in page',
      {
        [`${API}/organizations`]: () => {
          const response = htmlResponse(fixture('signin.html'));
          Object.defineProperties(response, {
            redirected: { value: true },
            url: { value: 'https://accounts.zoho.eu/signin?servicename=ZohoSupport' },
          });
          return response;
        },
      },
      'not_signed_in',
      "Can't read this Zoho Desk ticket: Zoho Desk asked to sign in again. Sign in to Zoho Desk and retry.",
    ],
    [
      'HTTP 404',
      { [`${API}/organizations`]: jsonResponse(json('organizations.json')) },
      'not_found',
      "Can't read this Zoho Desk ticket: ticket 483920000000501002 does not exist or you can't see it.",
    ],
    [
      'HTTP 429',
      { ...NORMAL, [`${API}/tickets/483920000000501002`]: jsonResponse({ errorCode: 'TOO_MANY_REQUESTS' }, 429) },
      'network',
      "Can't read this Zoho Desk ticket: Zoho Desk is limiting requests (HTTP 429). Retry in a minute.",
    ],
    [
      'HTTP 500',
      { ...NORMAL, [`${API}/tickets/483920000000501002`]: htmlResponse(fixture('error.html'), 500) },
      'network',
      "Can't read this Zoho Desk ticket: Zoho Desk answered HTTP 500.",
    ],
    [
      'fetch failure',
      { [`${API}/organizations`]: () => Promise.reject(new TypeError('Failed to fetch')) },
      'network',
      "Can't read this Zoho Desk ticket: Zoho Desk could not be reached (Failed to fetch).",
    ],
  ];

  test.each(failures)('%s', async (_name, routes, code, message) => {
    const { result } = await read(routes);
    expect(result).toEqual({ ok: false, error: { code, message } });
  });

  test('after a refused ticket read, the orgId is looked up again', async () => {
    const adapter = createZohoDeskAdapter({ pageWaitMs: 0 });
    await read(
      { ...NORMAL, [`${API}/tickets/483920000000501002`]: jsonResponse({ errorCode: 'INVALID_DATA' }, 422) },
      { with: adapter },
    );
    const { result, seen } = await read(NORMAL, { with: adapter });
    expect(result.ok).toBe(true);
    expect(seen.filter((s) => s.url.endsWith('/organizations'))).toHaveLength(1);
  });

  test('a value longer than the contract allows is reported, not truncated', async () => {
    const contact = { ...json('contact-normal.json'), description: 'x'.repeat(10_001) };
    const { result } = await read({ ...NORMAL, [`${API}/contacts/483920000000121002`]: jsonResponse(contact) });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unreadable',
        message: "Can't read this Zoho Desk ticket: Notes is longer than 10000 characters.",
      },
    });
  });

  test('a timeout is reported as a network error', async () => {
    expect(await readTimingOut(createZohoDeskAdapter({ pageWaitMs: 0 }), PAGE_URL, TICKET)).toEqual({
      ok: false,
      error: { code: 'network', message: "Can't read this Zoho Desk ticket: Zoho Desk did not answer in time." },
    });
  });
});

describe('zohodesk.readCustomer from the page when the API gives no contact', () => {
  const REFUSED: Record<string, Route> = {
    [`${API}/organizations`]: () => jsonResponse(json('unauthorized.json'), 401),
  };
  const NOT_SIGNED_IN = {
    ok: false,
    error: {
      code: 'not_signed_in',
      message:
        "Can't read this Zoho Desk ticket: Zoho Desk refused the request (HTTP 401). Sign in to Zoho Desk as an agent and retry.",
    },
  };

  test('the contact card gives the contact (id from its contact link, not a cc link)', async () => {
    const { result } = await read(REFUSED, { document: page('page-ticket.html') });
    expect(result).toEqual({
      ok: true,
      customer: { ...PRIYA, email: 'PRIYA.PATEL@Example.com', notes: null, updatedAt: null },
    });
  });

  test('a generic contact card (aria-label, contact link, tel link) is read', async () => {
    const { result } = await read(REFUSED, {
      ticket: { account: 'demo@desk.zoho.eu', ticketId: '483920000000501004' },
      document: page('page-generic-card.html'),
    });
    expect(result.ok && result.customer).toMatchObject({
      id: '483920000000121004',
      name: 'Sam Lee',
      email: null,
      phone: '+1 646-555-0142',
    });
  });

  test.each([
    ['a card still loading', 'page-missing-contact.html'],
    ['a changed, unknown layout', 'page-unknown-layout.html'],
    ['the sign-in page', 'signin.html'],
    ['an error page', 'error.html'],
  ])("%s: the API's reason is shown", async (_name, file) => {
    const { result } = await read(REFUSED, { document: page(file) });
    expect(result).toEqual(NOT_SIGNED_IN);
  });

  test('a page that has moved on to another ticket is not read', async () => {
    const document = page('page-ticket.html');
    Object.defineProperty(document, 'URL', {
      value: 'https://desk.zoho.eu/agent/demo/support/tickets/details/483920000000501001',
    });
    const { result } = await read(REFUSED, { document });
    expect(result).toEqual(NOT_SIGNED_IN);
  });

  test('a ticket Zoho Desk does not have (404) is never read from the page', async () => {
    const { result } = await read(
      { [`${API}/organizations`]: jsonResponse(json('organizations.json')) },
      { document: page('page-ticket.html') },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
