import { describe, expect, test } from 'vitest';
import { zendesk } from '../../../lib/helpdesks/zendesk.ts';
import { apiReader, fixturesIn, jsonResponse, readTimingOut, type Route, type Routes } from '../support.ts';

const { fixture, json } = fixturesIn(import.meta.dirname);

const PAGE = new URL('https://demo.zendesk.com/agent/tickets/1002');
const TICKET = { account: 'demo', ticketId: '1002' };

/** Reads through a fetch answering by path; unknown paths answer 404 like Zendesk. Records every request. */
const readWith = apiReader(
  zendesk,
  { url: PAGE, ticket: TICKET },
  { notFound: () => jsonResponse(json('not-found.json'), 404) },
);
const read = (routes: Routes, ticket = TICKET) => readWith(routes, { ticket });

const ME = { '/api/v2/users/me.json': jsonResponse(json('me.json')) };

describe('zendesk.readCustomer', () => {
  test('reads the requester of a normal ticket, with the agent as actor', async () => {
    const { result, seen } = await read({
      '/api/v2/tickets/1002.json': jsonResponse(json('ticket-normal.json')),
      ...ME,
    });
    expect(result).toEqual({
      ok: true,
      customer: {
        helpdesk: 'zendesk',
        account: 'demo',
        id: '381000001002',
        name: 'Priya Patel',
        email: ' PRIYA.PATEL@Example.com',
        phone: '(415) 555-0134',
        company: 'Northwind Traders',
        jobTitle: 'Head of Operations',
        location: 'San Francisco',
        timeZone: 'America/Los_Angeles',
        notes: 'VIP: renewal in March',
        updatedAt: '2026-10-02T08:15:00Z',
      },
      actor: { name: 'Alex Agent', email: 'alex@demo.example' },
    });
    const ticketCall = seen.find((s) => s.url.includes('/tickets/'));
    expect(ticketCall?.url).toBe('https://demo.zendesk.com/api/v2/tickets/1002.json?include=users,organizations');
    expect(ticketCall?.init?.credentials).toBe('same-origin');
    expect(ticketCall?.init?.method).toBe('GET');
    expect(new Headers(ticketCall?.init?.headers).get('accept')).toBe('application/json');
    expect(ticketCall?.init?.signal).toBeInstanceOf(AbortSignal);
    expect(seen.every((s) => s.url.startsWith('https://demo.zendesk.com/'))).toBe(true);
  });

  test('a requester without email (time zone falls back to the Zendesk name)', async () => {
    const { result } = await read(
      { '/api/v2/tickets/1004.json': jsonResponse(json('ticket-requester-no-email.json')), ...ME },
      { account: 'demo', ticketId: '1004' },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.customer).toMatchObject({
      id: '381000001004',
      name: 'Sam Lee',
      email: null,
      phone: '+1 646-555-0142',
      company: null,
      jobTitle: 'Support Lead',
      timeZone: 'Eastern Time (US & Canada)',
      notes: null,
    });
  });

  test("an organization missing from the side-load leaves the company blank; location from the 'city' field", async () => {
    const { result } = await read(
      { '/api/v2/tickets/1009.json': jsonResponse(json('ticket-org-missing.json')), ...ME },
      { account: 'demo', ticketId: '1009' },
    );
    expect(result.ok && result.customer).toMatchObject({ company: null, location: 'Amman', name: 'Noor Haddad' });
  });

  test("company falls back to the ticket's organization when the requester has none", async () => {
    const body = json('ticket-normal.json') as { users: { id: number; organization_id: number | null }[] };
    for (const u of body.users) u.organization_id = null;
    const { result } = await read({ '/api/v2/tickets/1002.json': jsonResponse(body), ...ME });
    expect(result.ok && result.customer.company).toBe('Northwind Traders');
  });

  test('the agent is optional: an anonymous or failing /users/me is fine', async () => {
    const ticket = { '/api/v2/tickets/1002.json': jsonResponse(json('ticket-normal.json')) };
    const anonymous = await read({ ...ticket, '/api/v2/users/me.json': jsonResponse(json('me-anonymous.json')) });
    expect(anonymous.result).toMatchObject({ ok: true });
    expect(anonymous.result.ok && 'actor' in anonymous.result).toBe(false);
    const failing = await read({ ...ticket, '/api/v2/users/me.json': () => Promise.reject(new TypeError('boom')) });
    expect(failing.result.ok).toBe(true);
  });

  const failures: [string, Record<string, Route>, string, string][] = [
    [
      'requester missing from users[]',
      { '/api/v2/tickets/1002.json': jsonResponse(json('ticket-requester-missing.json')) },
      'unreadable',
      "Can't read this Zendesk ticket: Zendesk did not include the requester (user 381000001010) in its answer.",
    ],
    [
      'ticket without requester',
      {
        '/api/v2/tickets/1002.json': jsonResponse({
          ...json('ticket-requester-missing.json'),
          ticket: { ...(json('ticket-requester-missing.json').ticket as object), requester_id: null },
        }),
      },
      'unreadable',
      "Can't read this Zendesk ticket: the ticket has no requester.",
    ],
    [
      'malformed ticket shape',
      { '/api/v2/tickets/1002.json': jsonResponse(json('ticket-malformed.json')) },
      'unreadable',
      "Can't read this Zendesk ticket: Zendesk's answer does not look like a ticket (ticket.requester_id: Invalid input: expected number, received string).",
    ],
    [
      'malformed requester',
      {
        '/api/v2/tickets/1002.json': jsonResponse({
          ...json('ticket-normal.json'),
          users: [{ id: 381000001002, name: 'Priya Patel', email: 42 }],
        }),
      },
      'unreadable',
      "Can't read this Zendesk ticket: the requester's data is malformed (email: Invalid input: expected string, received number).",
    ],
    [
      'HTML sign-in page with 200',
      {
        '/api/v2/tickets/1002.json': new Response(fixture('error-page.html'), {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        }),
      },
      'unreadable',
      "Can't read this Zendesk ticket: Zendesk answered with a web page instead of ticket data.",
    ],
    [
      'truncated JSON',
      {
        '/api/v2/tickets/1002.json': new Response('{"ticket": {"id": 10', {
          headers: { 'content-type': 'application/json' },
        }),
      },
      'unreadable',
      "Can't read this Zendesk ticket: Zendesk's answer is not valid JSON.",
    ],
    [
      'HTTP 401',
      { '/api/v2/tickets/1002.json': jsonResponse(json('unauthorized.json'), 401) },
      'not_signed_in',
      "Can't read this Zendesk ticket: Zendesk refused the request (HTTP 401). Sign in to Zendesk as an agent and retry.",
    ],
    [
      'HTTP 403',
      { '/api/v2/tickets/1002.json': jsonResponse({ error: 'Forbidden' }, 403) },
      'not_signed_in',
      "Can't read this Zendesk ticket: Zendesk refused the request (HTTP 403). Sign in to Zendesk as an agent and retry.",
    ],
    ['HTTP 404', {}, 'not_found', "Can't read this Zendesk ticket: ticket #1002 does not exist or you can't see it."],
    [
      'HTTP 429',
      { '/api/v2/tickets/1002.json': jsonResponse({ error: 'TooManyRequests' }, 429) },
      'network',
      "Can't read this Zendesk ticket: Zendesk is limiting requests (HTTP 429). Retry in a minute.",
    ],
    [
      'HTTP 503',
      { '/api/v2/tickets/1002.json': new Response('Service Unavailable', { status: 503 }) },
      'network',
      "Can't read this Zendesk ticket: Zendesk answered HTTP 503.",
    ],
    [
      'fetch failure',
      { '/api/v2/tickets/1002.json': () => Promise.reject(new TypeError('Failed to fetch')) },
      'network',
      "Can't read this Zendesk ticket: Zendesk could not be reached (Failed to fetch).",
    ],
  ];

  test.each(failures)('%s', async (_name, routes, code, message) => {
    const { result } = await read({ ...routes, ...ME });
    expect(result).toEqual({ ok: false, error: { code, message } });
  });

  test('a value longer than the contract allows is reported, not truncated', async () => {
    const body = json('ticket-normal.json') as { users: { notes: string }[] };
    for (const u of body.users) u.notes = 'x'.repeat(10_001);
    const { result } = await read({ '/api/v2/tickets/1002.json': jsonResponse(body), ...ME });
    expect(result).toEqual({
      ok: false,
      error: { code: 'unreadable', message: "Can't read this Zendesk ticket: Notes is longer than 10000 characters." },
    });
  });

  test('a timeout is reported as a network error', async () => {
    expect(await readTimingOut(zendesk, PAGE, TICKET)).toEqual({
      ok: false,
      error: { code: 'network', message: "Can't read this Zendesk ticket: Zendesk did not answer in time." },
    });
  });
});
