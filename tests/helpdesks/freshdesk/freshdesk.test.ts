import { describe, expect, test } from 'vitest';
import { createFreshdeskAdapter, freshdesk } from '../../../lib/helpdesks/freshdesk.ts';
import { apiReader, fixturesIn, htmlResponse, jsonResponse, readTimingOut, type Route } from '../support.ts';

const { fixture, json, page } = fixturesIn(import.meta.dirname);

const PAGE_URL = new URL('https://demo.freshdesk.com/a/tickets/1002');
const TICKET = { account: 'demo', ticketId: '1002' };
/** No waiting for the page in tests: the fixture documents are complete. */
const adapter = createFreshdeskAdapter({ pageWaitMs: 0 });

/** Reads through a fetch answering by path (`/api/v2/…`, `/api/_/…`); unknown paths answer Freshdesk's 404. */
const read = apiReader(
  adapter,
  { url: PAGE_URL, ticket: TICKET },
  { notFound: () => jsonResponse(json('not-found.json'), 404) },
);

/** The API of a normal ticket (1002, Priya Patel), under `/api/v2`. */
const NORMAL: Record<string, Route> = {
  '/api/v2/tickets/1002': jsonResponse(json('ticket-normal.json')),
  '/api/v2/contacts/48000123002': jsonResponse(json('contact-normal.json')),
  '/api/v2/agents/me': jsonResponse(json('agent-me.json')),
};

const PRIYA = {
  helpdesk: 'freshdesk',
  account: 'demo',
  id: '48000123002',
  name: 'Priya Patel',
  email: ' PRIYA.PATEL@Example.com',
  phone: '(415) 555-0134',
  company: 'Northwind Traders',
  jobTitle: 'Head of Operations',
  location: '500 Howard St, San Francisco, CA 94105',
  timeZone: 'Pacific Time (US & Canada)',
  notes: 'VIP: renewal in March',
  updatedAt: '2026-10-02T08:15:00Z',
};

describe('freshdesk.readCustomer through the API', () => {
  test('reads the requester of a normal ticket from the ticket and the contact, with the agent as actor', async () => {
    const { result, seen } = await read(NORMAL);
    expect(result).toEqual({
      ok: true,
      customer: PRIYA,
      actor: { name: 'Alex Rivera', email: 'alex.rivera@demo-support.example' },
    });
    const ticketCall = seen.find((s) => s.url.includes('/tickets/'));
    expect(ticketCall?.url).toBe('https://demo.freshdesk.com/api/v2/tickets/1002?include=requester,company');
    expect(ticketCall?.init?.credentials).toBe('same-origin');
    expect(ticketCall?.init?.method).toBe('GET');
    expect(new Headers(ticketCall?.init?.headers).get('accept')).toBe('application/json');
    expect(ticketCall?.init?.signal).toBeInstanceOf(AbortSignal);
    expect(seen.map((s) => new URL(s.url).pathname).sort()).toEqual([
      '/api/v2/agents/me',
      '/api/v2/contacts/48000123002',
      '/api/v2/tickets/1002',
    ]);
    // The ticket's embedded company is the requester's: no company request.
    expect(seen.every((s) => s.url.startsWith('https://demo.freshdesk.com/api/v2/'))).toBe(true);
  });

  test('the exported adapter is the same adapter', () => {
    expect(freshdesk.id).toBe('freshdesk');
    expect(freshdesk.label).toBe('Freshdesk');
    expect(freshdesk.matches).toEqual(['https://*.freshdesk.com/a/*', 'https://*.freshdesk.com/helpdesk/*']);
  });

  test('a requester without e-mail (phone only, no company)', async () => {
    const { result } = await read(
      {
        '/api/v2/tickets/1004': jsonResponse(json('ticket-requester-no-email.json')),
        '/api/v2/contacts/48000123004': jsonResponse(json('contact-no-email.json')),
      },
      { ticket: { account: 'demo', ticketId: '1004' } },
    );
    expect(result.ok && result.customer).toMatchObject({
      id: '48000123004',
      name: 'Sam Lee',
      email: null,
      phone: '+1 646-555-0142',
      company: null,
      jobTitle: 'Support Lead',
    });
    // The agent is optional.
    expect(result.ok && 'actor' in result).toBe(false);
  });

  test('the mobile number stands in for a missing phone', async () => {
    const contact = { ...json('contact-normal.json'), phone: null };
    const { result } = await read({ ...NORMAL, '/api/v2/contacts/48000123002': jsonResponse(contact) });
    expect(result.ok && result.customer.phone).toBe('+1 415 555 0177');
  });

  test("the requester's own company is read when it is not the ticket's", async () => {
    const contact = { ...json('contact-normal.json'), company_id: 48000456003 };
    const { result, seen } = await read({
      ...NORMAL,
      '/api/v2/contacts/48000123002': jsonResponse(contact),
      '/api/v2/companies/48000456003': jsonResponse(json('company.json')),
    });
    expect(result.ok && result.customer.company).toBe('Globex');
    expect(seen.some((s) => s.url.endsWith('/api/v2/companies/48000456003'))).toBe(true);
  });

  test('an unreadable company leaves the company blank', async () => {
    const contact = { ...json('contact-normal.json'), company_id: 48000456999 };
    const { result } = await read({ ...NORMAL, '/api/v2/contacts/48000123002': jsonResponse(contact) });
    expect(result).toMatchObject({ ok: true, customer: { company: null, name: 'Priya Patel' } });
  });

  test('when the contact cannot be read, the requester embedded in the ticket is used', async () => {
    const { result } = await read({
      '/api/v2/tickets/1002': jsonResponse(json('ticket-normal.json')),
      '/api/v2/contacts/48000123002': jsonResponse({ code: 'access_denied' }, 403),
    });
    expect(result).toEqual({
      ok: true,
      customer: {
        ...PRIYA,
        jobTitle: null,
        location: null,
        timeZone: null,
        notes: null,
        updatedAt: null,
      },
    });
  });

  test("when API v2 refuses the session, the agent app's /api/_ mount is read instead", async () => {
    const refused = () => jsonResponse(json('unauthorized.json'), 401);
    const { result, seen } = await read({
      '/api/v2/tickets/1002': refused,
      '/api/v2/contacts/48000123002': refused,
      '/api/v2/agents/me': refused,
      '/api/_/tickets/1002': jsonResponse(json('ticket-internal.json')),
      '/api/_/contacts/48000123002': jsonResponse(json('contact-normal.json')),
      '/api/_/agents/me': jsonResponse(json('agent-me.json')),
    });
    expect(result).toEqual({
      ok: true,
      customer: PRIYA,
      actor: { name: 'Alex Rivera', email: 'alex.rivera@demo-support.example' },
    });
    const paths = seen.map((s) => new URL(s.url).pathname);
    // Once /api/_ answered, the contact goes there directly.
    expect(paths.filter((p) => p.includes('/contacts/'))).toEqual(['/api/_/contacts/48000123002']);
  });

  test('rate limited on v2 (429): /api/_ is not counted against the API limit, so it is tried', async () => {
    const { result } = await read({
      '/api/v2/tickets/1002': jsonResponse({}, 429),
      '/api/_/tickets/1002': jsonResponse(json('ticket-normal.json')),
      '/api/_/contacts/48000123002': jsonResponse(json('contact-normal.json')),
    });
    expect(result.ok && result.customer).toEqual(PRIYA);
  });

  const failures: [string, Record<string, Route>, string, string][] = [
    [
      'requester neither embedded nor readable',
      { '/api/v2/tickets/1002': jsonResponse(json('ticket-requester-missing.json')) },
      'unreadable',
      "Can't read this Freshdesk ticket: Freshdesk did not include the requester (contact 48000123010) in its answer.",
    ],
    [
      'ticket without requester',
      { '/api/v2/tickets/1002': jsonResponse({ ...json('ticket-requester-missing.json'), requester_id: null }) },
      'unreadable',
      "Can't read this Freshdesk ticket: the ticket has no requester.",
    ],
    [
      'malformed ticket shape',
      { '/api/v2/tickets/1002': jsonResponse(json('ticket-malformed.json')) },
      'unreadable',
      "Can't read this Freshdesk ticket: Freshdesk's answer does not look like a ticket (requester_id: Invalid input: expected number, received string).",
    ],
    [
      'malformed embedded requester',
      {
        '/api/v2/tickets/1002': jsonResponse({
          ...json('ticket-normal.json'),
          requester: { id: 48000123002, email: 7 },
        }),
      },
      'unreadable',
      "Can't read this Freshdesk ticket: the requester's data is malformed (email: Invalid input: expected string, received number).",
    ],
    [
      'HTML sign-in page with 200',
      { '/api/v2/tickets/1002': htmlResponse(fixture('login.html')) },
      'unreadable',
      "Can't read this Freshdesk ticket: Freshdesk answered with a web page instead of ticket data.",
    ],
    [
      'truncated JSON',
      {
        '/api/v2/tickets/1002': new Response('{"id": 1002, "requester_id": 48', {
          headers: { 'content-type': 'application/json' },
        }),
      },
      'unreadable',
      "Can't read this Freshdesk ticket: Freshdesk's answer is not valid JSON.",
    ],
    [
      'HTTP 401 on both API mounts',
      {
        '/api/v2/tickets/1002': jsonResponse(json('unauthorized.json'), 401),
        '/api/_/tickets/1002': jsonResponse(json('unauthorized.json'), 401),
      },
      'not_signed_in',
      "Can't read this Freshdesk ticket: Freshdesk refused the request (HTTP 401). Sign in to Freshdesk as an agent and retry.",
    ],
    [
      'HTTP 403',
      { '/api/v2/tickets/1002': jsonResponse({ code: 'access_denied' }, 403) },
      'not_signed_in',
      "Can't read this Freshdesk ticket: Freshdesk refused the request (HTTP 403). Sign in to Freshdesk as an agent and retry.",
    ],
    ['HTTP 404', {}, 'not_found', "Can't read this Freshdesk ticket: ticket #1002 does not exist or you can't see it."],
    [
      'HTTP 429 everywhere',
      { '/api/v2/tickets/1002': jsonResponse({}, 429), '/api/_/tickets/1002': jsonResponse({}, 429) },
      'network',
      "Can't read this Freshdesk ticket: Freshdesk is limiting requests (HTTP 429). Retry in a minute.",
    ],
    [
      'HTTP 503',
      { '/api/v2/tickets/1002': htmlResponse(fixture('error.html'), 503) },
      'network',
      "Can't read this Freshdesk ticket: Freshdesk answered HTTP 503.",
    ],
    [
      'fetch failure',
      { '/api/v2/tickets/1002': () => Promise.reject(new TypeError('Failed to fetch')) },
      'network',
      "Can't read this Freshdesk ticket: Freshdesk could not be reached (Failed to fetch).",
    ],
  ];

  test.each(failures)('%s', async (_name, routes, code, message) => {
    const { result } = await read(routes);
    expect(result).toEqual({ ok: false, error: { code, message } });
  });

  test('a value longer than the contract allows is reported, not truncated', async () => {
    const contact = { ...json('contact-normal.json'), description: 'x'.repeat(10_001) };
    const { result } = await read({ ...NORMAL, '/api/v2/contacts/48000123002': jsonResponse(contact) });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unreadable',
        message: "Can't read this Freshdesk ticket: Notes is longer than 10000 characters.",
      },
    });
  });

  test('a timeout is reported as a network error', async () => {
    expect(await readTimingOut(adapter, PAGE_URL, TICKET)).toEqual({
      ok: false,
      error: { code: 'network', message: "Can't read this Freshdesk ticket: Freshdesk did not answer in time." },
    });
  });
});

describe('freshdesk.readCustomer from the page when the API gives no requester', () => {
  const REFUSED: Record<string, Route> = {
    '/api/v2/tickets/1002': () => jsonResponse(json('unauthorized.json'), 401),
    '/api/_/tickets/1002': () => jsonResponse(json('unauthorized.json'), 401),
  };
  const NOT_SIGNED_IN = {
    ok: false,
    error: {
      code: 'not_signed_in',
      message:
        "Can't read this Freshdesk ticket: Freshdesk refused the request (HTTP 401). Sign in to Freshdesk as an agent and retry.",
    },
  };

  test("the requester widget gives the contact (id from the contact link, not a cc'd contact's)", async () => {
    const { result } = await read(REFUSED, { document: page('page-ticket.html') });
    expect(result).toEqual({
      ok: true,
      customer: {
        ...PRIYA,
        // The page shows text trimmed and with whitespace runs collapsed.
        email: 'PRIYA.PATEL@Example.com',
        notes: null,
        updatedAt: null,
      },
    });
  });

  test('the classic widget (class names, mailto link) is read too, and markup in values stays text', async () => {
    const { result } = await read(
      {
        '/api/v2/tickets/1006': jsonResponse({ id: 1006, requester_id: null }),
      },
      { ticket: { account: 'demo', ticketId: '1006' }, document: page('page-classic-widget.html') },
    );
    expect(result.ok && result.customer).toMatchObject({
      id: '48000123006',
      name: '<img src=x onerror=alert(1)>',
      email: 'lin.chen@example.com',
      company: 'Acme <b>Bold</b>',
    });
  });

  test.each([
    ['a widget without the requester yet', 'page-missing-requester.html'],
    ['a changed, unknown layout', 'page-unknown-layout.html'],
    ['a sign-in page', 'login.html'],
    ['an error page', 'error.html'],
  ])("%s: the API's reason is shown", async (_name, file) => {
    const { result } = await read(REFUSED, { document: page(file) });
    expect(result).toEqual(NOT_SIGNED_IN);
  });

  test('a page that already shows another ticket ([#1001] in the title) is not read', async () => {
    const document = page('page-ticket.html');
    document.title = '[#1001] Invoice address for our London office : demo - Freshdesk';
    const { result } = await read(REFUSED, { document });
    expect(result).toEqual(NOT_SIGNED_IN);
  });

  test('a page whose URL has moved on to another ticket is not read', async () => {
    const document = page('page-ticket.html');
    Object.defineProperty(document, 'URL', { value: 'https://demo.freshdesk.com/a/tickets/1001' });
    const { result } = await read(REFUSED, { document });
    expect(result).toEqual(NOT_SIGNED_IN);
  });

  test('a malformed API answer falls back to the page as well', async () => {
    const { result } = await read(
      { '/api/v2/tickets/1002': jsonResponse(json('ticket-malformed.json')) },
      { document: page('page-ticket.html') },
    );
    expect(result.ok && result.customer.id).toBe('48000123002');
  });

  test('a ticket Freshdesk does not have (404) is never read from the page', async () => {
    const { result } = await read({}, { document: page('page-ticket.html') });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  test('the page is waited for while it is still loading', async () => {
    const document = page('page-missing-requester.html');
    const later = page('page-ticket.html');
    setTimeout(() => document.body.replaceWith(document.importNode(later.body, true)), 50);
    const { result } = await read(REFUSED, { document, with: createFreshdeskAdapter({ pageWaitMs: 2_000 }) });
    expect(result.ok && result.customer.name).toBe('Priya Patel');
  });
});
