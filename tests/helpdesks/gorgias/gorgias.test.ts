import { describe, expect, test } from 'vitest';
import { createGorgiasAdapter, gorgias } from '../../../lib/helpdesks/gorgias.ts';
import { apiReader, fixturesIn, htmlResponse, jsonResponse, readTimingOut, type Route } from '../support.ts';

const { fixture, json, page } = fixturesIn(import.meta.dirname);

const PAGE_URL = new URL('https://demo.gorgias.com/app/views/238613/58431002');
const TICKET = { account: 'demo', ticketId: '58431002' };
const adapter = createGorgiasAdapter({ pageWaitMs: 0 });

/** Reads through a fetch answering by path; unknown paths answer Gorgias's 404. */
const read = apiReader(
  adapter,
  { url: PAGE_URL, ticket: TICKET },
  { notFound: () => jsonResponse(json('not-found.json'), 404, 'application/json') },
);

const NORMAL: Record<string, Route> = {
  '/api/tickets/58431002': jsonResponse(json('ticket-normal.json')),
  '/api/customers/412000002': jsonResponse(json('customer-normal.json')),
};

const PRIYA = {
  helpdesk: 'gorgias',
  account: 'demo',
  id: '412000002',
  name: 'Priya Patel',
  email: ' PRIYA.PATEL@Example.com',
  phone: '(415) 555-0134',
  company: 'Northwind Traders',
  jobTitle: 'Head of Operations',
  location: 'San Francisco',
  timeZone: 'America/Los_Angeles',
  notes: 'VIP: renewal in March',
  // Gorgias writes UTC without an offset.
  updatedAt: '2026-10-02T08:15:00.123456Z',
};

describe('gorgias.readCustomer through the API', () => {
  test("reads the ticket's customer from the ticket and the full customer (channels, data, note)", async () => {
    const { result, seen } = await read(NORMAL);
    expect(result).toEqual({ ok: true, customer: PRIYA });
    expect(seen.map((s) => s.url)).toEqual([
      'https://demo.gorgias.com/api/tickets/58431002',
      'https://demo.gorgias.com/api/customers/412000002',
    ]);
    for (const call of seen) {
      expect(call.init?.credentials).toBe('same-origin');
      expect(call.init?.method).toBe('GET');
      expect(new Headers(call.init?.headers).get('accept')).toBe('application/json');
    }
  });

  test('the exported adapter runs on every Gorgias app page', () => {
    expect(gorgias.id).toBe('gorgias');
    expect(gorgias.label).toBe('Gorgias');
    expect(gorgias.matches).toEqual(['https://*.gorgias.com/app/*']);
  });

  test('a customer without e-mail: the phone channel gives the phone', async () => {
    const { result } = await read(
      {
        '/api/tickets/58431004': jsonResponse(json('ticket-no-email.json')),
        '/api/customers/412000004': jsonResponse(json('customer-no-email.json')),
      },
      { ticket: { account: 'demo', ticketId: '58431004' } },
    );
    expect(result.ok && result.customer).toMatchObject({
      id: '412000004',
      name: 'Sam Lee',
      email: null,
      phone: '+1 646-555-0142',
      company: null,
      jobTitle: 'Support Lead',
    });
  });

  test('the preferred e-mail channel stands in for a missing primary e-mail; deleted channels are skipped', async () => {
    const customer = json('customer-normal.json') as { email: unknown; channels: Record<string, unknown>[] };
    customer.email = null;
    customer.channels = [
      { type: 'email', address: 'old@example.com', preferred: true, deleted_datetime: '2026-01-01T00:00:00' },
      { type: 'email', address: 'second@example.com', preferred: false },
      { type: 'email', address: 'priya.patel@example.com', preferred: true },
      { type: 'sms', address: '+1 415 555 0199', preferred: false },
      { type: 'twitter', address: '@priya' },
      { type: 'phone', address: 42 },
    ];
    const { result } = await read({ ...NORMAL, '/api/customers/412000002': jsonResponse(customer) });
    expect(result.ok && result.customer).toMatchObject({
      email: 'priya.patel@example.com',
      // No valid phone channel: the SMS number is the phone.
      phone: '+1 415 555 0199',
    });
  });

  test("without the account's data, Shopify's default address gives company and city", async () => {
    const { result } = await read({
      ...NORMAL,
      '/api/customers/412000002': jsonResponse(json('customer-shopify-only.json')),
    });
    expect(result.ok && result.customer).toMatchObject({
      company: 'Northwind (Shopify)',
      location: 'Oakland',
      jobTitle: null,
    });
  });

  test('a name is joined from first and last name when Gorgias has no full name', async () => {
    const customer = { ...json('customer-normal.json'), name: null, firstname: 'Priya', lastname: 'Patel' };
    const { result } = await read({ ...NORMAL, '/api/customers/412000002': jsonResponse(customer) });
    expect(result.ok && result.customer.name).toBe('Priya Patel');
  });

  test("when the full customer cannot be read, the ticket's copy is used", async () => {
    const { result } = await read({
      '/api/tickets/58431002': jsonResponse(json('ticket-normal.json')),
      '/api/customers/412000002': jsonResponse({ error: { msg: 'Internal error' } }, 500),
    });
    expect(result).toEqual({
      ok: true,
      customer: {
        ...PRIYA,
        phone: null,
        company: null,
        jobTitle: null,
        location: null,
        timeZone: null,
        notes: null,
        updatedAt: null,
      },
    });
  });

  const failures: [string, Record<string, Route>, string, string][] = [
    [
      'ticket without customer',
      { '/api/tickets/58431002': jsonResponse(json('ticket-customer-missing.json')) },
      'unreadable',
      "Can't read this Gorgias ticket: the ticket has no customer.",
    ],
    [
      'malformed customer',
      { '/api/tickets/58431002': jsonResponse(json('ticket-malformed.json')) },
      'unreadable',
      "Can't read this Gorgias ticket: the customer's data is malformed (id: Invalid input: expected number, received string).",
    ],
    [
      'not a ticket',
      { '/api/tickets/58431002': jsonResponse({ data: [], object: 'list' }) },
      'unreadable',
      "Can't read this Gorgias ticket: Gorgias's answer does not look like a ticket (id: Invalid input: expected number, received undefined).",
    ],
    [
      'HTML sign-in page with 200',
      { '/api/tickets/58431002': htmlResponse(fixture('login.html')) },
      'unreadable',
      "Can't read this Gorgias ticket: Gorgias answered with a web page instead of ticket data.",
    ],
    [
      'truncated JSON',
      { '/api/tickets/58431002': new Response('{"id": 584', { headers: { 'content-type': 'application/json' } }) },
      'unreadable',
      "Can't read this Gorgias ticket: Gorgias's answer is not valid JSON.",
    ],
    [
      'HTTP 401',
      { '/api/tickets/58431002': jsonResponse(json('unauthorized.json'), 401) },
      'not_signed_in',
      "Can't read this Gorgias ticket: Gorgias refused the request (HTTP 401). Sign in to Gorgias and retry.",
    ],
    [
      'HTTP 419, session expired',
      { '/api/tickets/58431002': jsonResponse(json('session-expired.json'), 419) },
      'not_signed_in',
      "Can't read this Gorgias ticket: Gorgias refused the request (HTTP 419). Sign in to Gorgias and retry.",
    ],
    [
      'HTTP 404',
      {},
      'not_found',
      "Can't read this Gorgias ticket: ticket #58431002 does not exist or you can't see it.",
    ],
    [
      'HTTP 429',
      { '/api/tickets/58431002': jsonResponse({ error: { msg: 'Too many requests' } }, 429) },
      'network',
      "Can't read this Gorgias ticket: Gorgias is limiting requests (HTTP 429). Retry in a minute.",
    ],
    [
      'HTTP 502',
      { '/api/tickets/58431002': htmlResponse(fixture('error.html'), 502) },
      'network',
      "Can't read this Gorgias ticket: Gorgias answered HTTP 502.",
    ],
    [
      'fetch failure',
      { '/api/tickets/58431002': () => Promise.reject(new TypeError('Failed to fetch')) },
      'network',
      "Can't read this Gorgias ticket: Gorgias could not be reached (Failed to fetch).",
    ],
  ];

  test.each(failures)('%s', async (_name, routes, code, message) => {
    const { result } = await read(routes);
    expect(result).toEqual({ ok: false, error: { code, message } });
  });

  test('a value longer than the contract allows is reported, not truncated', async () => {
    const customer = { ...json('customer-normal.json'), note: 'x'.repeat(10_001) };
    const { result } = await read({ ...NORMAL, '/api/customers/412000002': jsonResponse(customer) });
    expect(result).toEqual({
      ok: false,
      error: { code: 'unreadable', message: "Can't read this Gorgias ticket: Notes is longer than 10000 characters." },
    });
  });

  test('a timeout is reported as a network error', async () => {
    expect(await readTimingOut(adapter, PAGE_URL, TICKET)).toEqual({
      ok: false,
      error: { code: 'network', message: "Can't read this Gorgias ticket: Gorgias did not answer in time." },
    });
  });
});

describe('gorgias.readCustomer from the page when the API gives no customer', () => {
  const EXPIRED: Record<string, Route> = {
    '/api/tickets/58431002': () => jsonResponse(json('session-expired.json'), 419),
  };
  const NOT_SIGNED_IN = {
    ok: false,
    error: {
      code: 'not_signed_in',
      message: "Can't read this Gorgias ticket: Gorgias refused the request (HTTP 419). Sign in to Gorgias and retry.",
    },
  };

  test('the customer infobar gives the customer (id from its profile link, not a recipient link)', async () => {
    const { result } = await read(EXPIRED, { document: page('page-ticket.html') });
    expect(result).toEqual({
      ok: true,
      customer: {
        helpdesk: 'gorgias',
        account: 'demo',
        id: '412000002',
        name: 'Priya Patel',
        email: 'PRIYA.PATEL@Example.com',
        phone: '(415) 555-0134',
        company: 'Northwind Traders',
        jobTitle: null,
        location: 'San Francisco',
        timeZone: null,
        notes: null,
        updatedAt: null,
      },
    });
  });

  test('a generic customer panel (aria-label, mailto/tel links) is read, and markup in values stays text', async () => {
    const { result } = await read(EXPIRED, { document: page('page-generic-panel.html') });
    expect(result.ok && result.customer).toMatchObject({
      id: '412000006',
      name: '<img src=x onerror=alert(1)>',
      email: 'lin.chen@example.com',
      phone: '+1 415 555 0107',
    });
  });

  test.each([
    ['a panel without a customer', 'page-missing-customer.html'],
    ['a changed, unknown layout', 'page-unknown-layout.html'],
    ['a sign-in page', 'login.html'],
    ['an error page', 'error.html'],
  ])("%s: the API's reason is shown", async (_name, file) => {
    const { result } = await read(EXPIRED, { document: page(file) });
    expect(result).toEqual(NOT_SIGNED_IN);
  });

  test('a page that has moved on to another ticket is not read', async () => {
    const document = page('page-ticket.html');
    Object.defineProperty(document, 'URL', { value: 'https://demo.gorgias.com/app/views/238613/58431001' });
    const { result } = await read(EXPIRED, { document });
    expect(result).toEqual(NOT_SIGNED_IN);
  });

  test('the same ticket in another URL shape (/app/ticket/…) is still read', async () => {
    const document = page('page-ticket.html');
    Object.defineProperty(document, 'URL', { value: 'https://demo.gorgias.com/app/ticket/58431002' });
    const { result } = await read(EXPIRED, { document });
    expect(result.ok && result.customer.id).toBe('412000002');
  });

  test('a ticket Gorgias does not have (404) is never read from the page', async () => {
    const { result } = await read({}, { document: page('page-ticket.html') });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
