/**
 * The custom helpdesk adapter against saved pages: the "Acme Help" emulator's ticket pages
 * (fixtures/acme-ticket-*.html, saved from proxy/sandbox/customdesk) and hand-written pages of an
 * older and a redesigned in-house helpdesk (legacy-markup, no-customer, odd-values).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createCustomAdapter,
  customerFromReading,
  customerIdFrom,
  patternIncludes,
  ticketIdFrom,
} from '../../../lib/helpdesks/custom.ts';
import type { CustomHelpdeskConfig } from '../../../lib/helpdesks/custom/config.ts';
import { probePage, ProbeResult } from '../../../lib/helpdesks/custom/probe.ts';
import { emailIn, mailtoAddress, phoneIn, readPage, telNumber } from '../../../lib/helpdesks/custom/read.ts';
import { customHelpdeskItem, pageAdapters } from '../../../lib/helpdesks/custom/storage.ts';
import { HELPDESK_ADAPTERS } from '../../../lib/helpdesks/index.ts';
import type { ReadResult } from '../../../lib/helpdesks/types.ts';
import { ACME_HELP_CONFIG } from '../../../proxy/sandbox/customdesk/index.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const page = (name: string) => new DOMParser().parseFromString(fixture(name), 'text/html');

function config(overrides: Partial<CustomHelpdeskConfig> = {}): CustomHelpdeskConfig {
  return { ...ACME_HELP_CONFIG, ...overrides };
}

/** Reads `doc` at `href` the way the content script does. */
async function read(cfg: CustomHelpdeskConfig, doc: Document, href: string, signal = new AbortController().signal) {
  const adapter = createCustomAdapter(cfg, { timeoutMs: 200, quietMs: 20 });
  const url = new URL(href);
  const ticket = adapter.detect(url);
  expect(ticket, `detect(${href})`).not.toBeNull();
  return adapter.readCustomer({ url, ticket: ticket!, fetch: globalThis.fetch, signal, document: doc });
}

function customerOf(result: ReadResult) {
  if (!result.ok) throw new Error(`expected a customer, got: ${result.error.message}`);
  return result.customer;
}

describe('detect', () => {
  const acme = createCustomAdapter(ACME_HELP_CONFIG);

  test.each([
    ['https://support.acme-help.test/tickets/1003', { account: 'support.acme-help.test', ticketId: '1003' }],
    ['https://support.acme-help.test/tickets/1003/', { account: 'support.acme-help.test', ticketId: '1003' }],
    [
      'https://support.acme-help.test/tickets/1003?tab=notes#c2',
      { account: 'support.acme-help.test', ticketId: '1003' },
    ],
    ['https://support.acme-help.test/tickets/ABC%20123', { account: 'support.acme-help.test', ticketId: 'ABC 123' }],
    ['https://support.acme-help.test/tickets/', null],
    ['https://support.acme-help.test/tickets', null],
    ['https://support.acme-help.test/reports/1003', null],
    ['http://support.acme-help.test/tickets/1003', null],
    ['https://other.acme-help.test/tickets/1003', null],
    ['https://support.acme-help.test.evil.example/tickets/1003', null],
  ])('acme: detect(%s)', (href, expected) => {
    expect(acme.detect(new URL(href))).toEqual(expected);
  });

  test('the default rule skips path segments the pattern spells out', () => {
    const cfg = config({ urlPattern: 'https://desk.example.com/t/*/view' });
    expect(ticketIdFrom(cfg, new URL('https://desk.example.com/t/55/view'))).toBe('55');
    expect(ticketIdFrom(cfg, new URL('https://desk.example.com/t/view'))).toBeNull();
  });

  test('a configured expression reads its capture group from the whole address', () => {
    const cfg = config({ urlPattern: 'https://desk.example.com/*', ticketIdPattern: '[?&]ticket=(\\d+)' });
    const adapter = createCustomAdapter(cfg);
    expect(adapter.detect(new URL('https://desk.example.com/index.php?page=view&ticket=4711'))).toEqual({
      account: 'desk.example.com',
      ticketId: '4711',
    });
    expect(adapter.detect(new URL('https://desk.example.com/index.php?page=list'))).toBeNull();
    const hash = config({ urlPattern: 'https://app.example.com/*', ticketIdPattern: '#/cases/([A-Z]+-\\d+)' });
    expect(ticketIdFrom(hash, new URL('https://app.example.com/#/cases/CS-12'))).toBe('CS-12');
  });

  test('subdomain patterns keep the tenant in the account; ports are part of the host', () => {
    const adapter = createCustomAdapter(config({ urlPattern: 'https://*.helpdesk.example/tickets/*' }));
    expect(adapter.detect(new URL('https://acme.helpdesk.example/tickets/9'))).toEqual({
      account: 'acme.helpdesk.example',
      ticketId: '9',
    });
    const local = createCustomAdapter(config({ urlPattern: 'http://helpdesk.local/tickets/*' }));
    expect(local.detect(new URL('http://helpdesk.local:8080/tickets/9'))).toEqual({
      account: 'helpdesk.local:8080',
      ticketId: '9',
    });
  });

  test('an over-long id is no id', () => {
    expect(
      ticketIdFrom(ACME_HELP_CONFIG, new URL(`https://support.acme-help.test/tickets/${'9'.repeat(129)}`)),
    ).toBeNull();
  });

  test('patternIncludes tells matching pages from others, ticket or not', () => {
    expect(patternIncludes(ACME_HELP_CONFIG, new URL('https://support.acme-help.test/tickets/'))).toBe(true);
    expect(patternIncludes(ACME_HELP_CONFIG, new URL('https://support.acme-help.test/reports'))).toBe(false);
    expect(patternIncludes(ACME_HELP_CONFIG, new URL('chrome://extensions/'))).toBe(false);
  });
});

describe('readCustomer on the Acme Help emulator pages', () => {
  test('1003: name and company by selector, email and phone from the box’s mailto:/tel: links', async () => {
    const result = await read(
      ACME_HELP_CONFIG,
      page('acme-ticket-1003.html'),
      'https://support.acme-help.test/tickets/1003',
    );
    expect(customerOf(result)).toEqual({
      helpdesk: 'custom',
      account: 'support.acme-help.test',
      id: 'email:jonas.berg@example.com',
      name: 'Jonas Berg',
      email: 'jonas.berg@example.com',
      phone: '+12125550199',
      company: 'Globex',
    });
  });

  test('1003: the footer’s mailto:/tel: links (the help team’s) are outside the customer area and never read', async () => {
    const doc = page('acme-ticket-1003.html');
    doc.querySelector('.rq-contact')?.remove();
    const customer = customerOf(await read(ACME_HELP_CONFIG, doc, 'https://support.acme-help.test/tickets/1003'));
    expect(customer.email).toBeNull();
    expect(customer.phone).toBeNull();
    expect(customer.id).toBe('name:jonas berg');
  });

  test('1006: markup in names and companies is read as text, never parsed', async () => {
    const customer = customerOf(
      await read(ACME_HELP_CONFIG, page('acme-ticket-1006.html'), 'https://support.acme-help.test/tickets/1006'),
    );
    expect(customer.name).toBe('<img src=x onerror=alert(1)>');
    expect(customer.company).toBe('Acme <b>Bold</b>');
    expect(customer.email).toBe('lin.chen@example.com');
  });

  test('1007: a customer with only a name is still a customer (the sync says "No lookup key")', async () => {
    const customer = customerOf(
      await read(ACME_HELP_CONFIG, page('acme-ticket-1007.html'), 'https://support.acme-help.test/tickets/1007'),
    );
    expect(customer).toMatchObject({
      id: 'name:anonymous visitor',
      name: 'Anonymous visitor',
      email: null,
      phone: null,
    });
  });
});

describe('readCustomer: fallbacks, text and unreadable pages', () => {
  const legacy = config({
    urlPattern: 'https://old.example.com/ticket/*',
    customerArea: '',
    selectors: {
      name: ['.rq-fullname', '.customer-name'],
      email: ['.rq-email', '.contact-line'],
      phone: ['.contact-line'],
      company: ['[data-field="org"]', '.org'],
    },
    useLinks: false,
  });

  test('falls back to older selectors and reads labelled text ("Email: …", "Tel. …")', async () => {
    const result = await read(legacy, page('legacy-markup.html'), 'https://old.example.com/ticket/2001');
    expect(customerOf(result)).toEqual({
      helpdesk: 'custom',
      account: 'old.example.com',
      id: 'email:jane.doe@example.com',
      name: 'Jane Doe',
      email: 'jane.doe@example.com',
      phone: '(415) 555-0100',
      company: 'Initrode Ltd.',
    });
  });

  test('reports which selector found each value and what the others found', () => {
    const reading = readPage(page('legacy-markup.html'), legacy);
    expect(reading.fields.name).toMatchObject({
      value: 'Jane Doe',
      matchedBy: '.customer-name',
      attempts: [
        { source: '.rq-fullname', outcome: 'no_match' },
        { source: '.customer-name', outcome: 'matched' },
      ],
    });
    // The first .contact-line holds the email; the phone is found in the second one.
    expect(reading.fields.phone).toMatchObject({ value: '(415) 555-0100', matchedBy: '.contact-line' });
  });

  test('a redesigned page: the customer area is missing, and the message says so', async () => {
    const result = await read(
      ACME_HELP_CONFIG,
      page('no-customer.html'),
      'https://support.acme-help.test/tickets/1001',
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unreadable',
        message:
          "Can't read this Acme Help ticket: the customer area (“.requester-box”) is not on this page. Check the Customer area selector in the CRM sidebar options.",
      },
    });
  });

  test('a redesigned page: the message names every selector that found nothing', async () => {
    const cfg = config({
      customerArea: '',
      selectors: { name: ['.rq-fullname', '.customer-name'], email: ['.rq-email'], phone: [], company: ['.org'] },
      useLinks: false,
    });
    const result = await read(cfg, page('no-customer.html'), 'https://support.acme-help.test/tickets/1001');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('unreadable');
    expect(result.error.message).toBe(
      "Can't read this Acme Help ticket: nothing usable on the page matched Name (.rq-fullname, .customer-name), Email (.rq-email) or Company (.org). Check the selectors in the CRM sidebar options.",
    );
  });

  test('only a company is not a customer: the message says which identifying selectors found nothing', async () => {
    const cfg = config({
      customerArea: '',
      selectors: { name: ['.nope'], email: [], phone: [], company: ['h1'] },
      useLinks: true,
    });
    const doc = page('no-customer.html');
    doc.querySelector('footer')?.remove();
    const result = await read(cfg, doc, 'https://support.acme-help.test/tickets/1001');
    expect(result.ok ? null : result.error.message).toBe(
      "Can't read this Acme Help ticket: only the company was found; nothing usable matched Name (.nope), Email (mailto: links) or Phone (tel: links). Check the selectors in the CRM sidebar options.",
    );
  });

  test('blank text, text that is not an email or a single phone number, and form fields', async () => {
    const cfg = config({
      urlPattern: 'https://odd.example.com/*',
      customerArea: '.requester',
      selectors: {
        name: ['.name'],
        email: ['.email', '.email-field'],
        phone: ['.phone'],
        company: ['.company'],
      },
      useLinks: false,
    });
    const doc = page('odd-values.html');
    const reading = readPage(doc, cfg);
    expect(reading.fields.name.attempts).toEqual([{ source: '.name', outcome: 'blank' }]);
    expect(reading.fields.email).toMatchObject({
      value: 'sam.lee@example.com',
      matchedBy: '.email-field',
      attempts: [
        { source: '.email', outcome: 'not_email', sample: 'n/a' },
        { source: '.email-field', outcome: 'matched' },
      ],
    });
    expect(reading.fields.phone.attempts).toEqual([
      { source: '.phone', outcome: 'not_phone', sample: '+1 212 555 0199 or +1 212 555 0100' },
    ]);
    const customer = customerOf(await read(cfg, doc, 'https://odd.example.com/t/3003'));
    expect(customer).toMatchObject({ id: 'email:sam.lee@example.com', name: null, phone: null, company: null });
  });

  test('a selector that matches a whole container is too long for a name; the fallback is used', () => {
    const doc = new DOMParser().parseFromString(
      `<main class="all">${'Lorem ipsum '.repeat(40)}</main><b class="who">Priya Patel</b>`,
      'text/html',
    );
    const reading = readPage(
      doc,
      config({ customerArea: '', selectors: { name: ['.all', '.who'], email: [], phone: [], company: [] } }),
    );
    expect(reading.fields.name).toMatchObject({
      value: 'Priya Patel',
      attempts: [
        { source: '.all', outcome: 'too_long' },
        { source: '.who', outcome: 'matched' },
      ],
    });
  });

  test('an invalid selector saved by an older version is skipped, not a crash', () => {
    const doc = page('acme-ticket-1003.html');
    const reading = readPage(
      doc,
      config({ selectors: { ...ACME_HELP_CONFIG.selectors, name: ['a[', '.rq-fullname'] } }),
    );
    expect(reading.fields.name.attempts[0]).toEqual({ source: 'a[', outcome: 'invalid_selector' });
    expect(reading.fields.name.value).toBe('Jonas Berg');
  });
});

describe('readCustomer on pages that render the customer late', () => {
  const HREF = 'https://support.acme-help.test/tickets/1003';
  const box = (inner: string) => `<aside class="requester-box">${inner}</aside>`;

  function emptyPage() {
    return new DOMParser().parseFromString('<main id="app">Loading…</main>', 'text/html');
  }

  test('waits for the customer box to appear', async () => {
    const doc = emptyPage();
    setTimeout(() => {
      doc.getElementById('app')!.innerHTML = box(
        '<strong class="rq-fullname">Olivia Stone</strong><a href="mailto:olivia.stone@example.com">mail</a><a href="tel:+14155550107">call</a><span data-field="org">Stone &amp; Co</span>',
      );
    }, 30);
    const customer = customerOf(await read(ACME_HELP_CONFIG, doc, HREF));
    expect(customer).toMatchObject({ name: 'Olivia Stone', email: 'olivia.stone@example.com', company: 'Stone & Co' });
  });

  test('settles on what is there once the page is quiet (a missing phone is not waited for)', async () => {
    const doc = emptyPage();
    setTimeout(() => {
      doc.getElementById('app')!.innerHTML = box('<strong class="rq-fullname">Priya Patel</strong>');
    }, 10);
    setTimeout(() => {
      doc
        .querySelector('.requester-box')!
        .insertAdjacentHTML('beforeend', '<a href="mailto:priya.patel@example.com">m</a>');
    }, 15);
    const started = Date.now();
    const customer = customerOf(await read(ACME_HELP_CONFIG, doc, HREF));
    expect(customer).toMatchObject({ name: 'Priya Patel', email: 'priya.patel@example.com', phone: null });
    expect(Date.now() - started).toBeLessThan(190); // settled by quiet time, not by the 200 ms timeout
  });

  test('gives up after the timeout with the specific message', async () => {
    const result = await read(ACME_HELP_CONFIG, emptyPage(), HREF);
    expect(result.ok ? null : result.error.message).toMatch(/^Can't read this Acme Help ticket: the customer area/);
  });

  test('an aborted read before anything appeared is a network-type error (retryable)', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const result = await read(ACME_HELP_CONFIG, emptyPage(), HREF, controller.signal);
    expect(result.ok ? null : result.error.code).toBe('network');
  });
});

describe('values and keys', () => {
  test.each([
    ['jane@example.com', 'jane@example.com'],
    ['Email: jane@example.com', 'jane@example.com'],
    ['<jane@example.com>', 'jane@example.com'],
    ['n/a', null],
    ['a@example.com, b@example.com', null],
    ['jane@localhost', null],
  ])('emailIn(%j)', (text, expected) => expect(emailIn(text)).toBe(expected));

  test.each([
    ['+1 212 555 0199', '+1 212 555 0199'],
    ['(646) 555-0142', '(646) 555-0142'],
    ['303.555.0177 ext. 12', '303.555.0177 ext. 12'],
    ['Phone: +44 20 7946 0958', '+44 20 7946 0958'],
    ['1234', null],
    ['call me', null],
    ['+1 212 555 0199 or +1 212 555 0100', null],
  ])('phoneIn(%j)', (text, expected) => expect(phoneIn(text)).toBe(expected));

  test.each([
    ['mailto:jane@example.com', 'jane@example.com'],
    ['MAILTO:jane%40example.com?subject=Hi', 'jane@example.com'],
    ['mailto:a@example.com,b@example.com', 'a@example.com'],
    ['mailto:?subject=x', null],
    ['https://example.com', null],
  ])('mailtoAddress(%j)', (href, expected) => expect(mailtoAddress(href)).toBe(expected));

  test.each([
    ['tel:+12125550199', '+12125550199'],
    ['tel:+1-212-555-0199;ext=12', '+1-212-555-0199 ext. 12'],
    ['tel:%2B44%2020%207946%200958', '+44 20 7946 0958'],
    ['tel:abc', null],
  ])('telNumber(%j)', (href, expected) => expect(telNumber(href)).toBe(expected));

  test('customer ids: email (lower case), else phone digits, else name', () => {
    expect(customerIdFrom({ name: 'Jane', email: ' Jane@Example.com ', phone: '+1 212' })).toBe(
      'email:jane@example.com',
    );
    expect(customerIdFrom({ name: 'Jane', email: null, phone: '+1 (212) 555-0199' })).toBe('phone:+12125550199');
    expect(customerIdFrom({ name: '  Jane   Doe ', email: null, phone: null })).toBe('name:jane doe');
    expect(customerIdFrom({ name: null, email: null, phone: null })).toBeNull();
  });

  test('an over-long key is hashed to a stable id within the contract’s 128 characters', () => {
    const email = `${'x'.repeat(200)}@example.com`;
    const id = customerIdFrom({ name: null, email, phone: null });
    expect(id).toMatch(/^email#[0-9a-f]{16}$/);
    expect(customerIdFrom({ name: null, email: email.toUpperCase(), phone: null })).toBe(id);
    expect(customerIdFrom({ name: null, email: `y${email}`, phone: null })).not.toBe(id);
  });

  test('customerFromReading rejects a value the contract refuses with a clear message', () => {
    const doc = new DOMParser().parseFromString('<b class="n">Jo</b>', 'text/html');
    const cfg = config({ customerArea: '', selectors: { name: ['.n'], email: [], phone: [], company: [] } });
    const result = customerFromReading(cfg, { account: '', ticketId: '1' }, readPage(doc, cfg));
    expect(result).toEqual({
      ok: false,
      error: { code: 'unreadable', message: "Can't read this Acme Help ticket: account is required." },
    });
  });
});

describe('pageAdapters (the content script’s adapter list)', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.restoreAllMocks());

  test('no custom helpdesk: the registry’s adapters only', async () => {
    expect(await pageAdapters()).toEqual(HELPDESK_ADAPTERS);
  });

  test('a saved custom helpdesk is added after the built-in adapters', async () => {
    await customHelpdeskItem.setValue(ACME_HELP_CONFIG);
    const adapters = await pageAdapters();
    expect(adapters.slice(0, -1)).toEqual(HELPDESK_ADAPTERS);
    const custom = adapters.at(-1)!;
    expect(custom).toMatchObject({ id: 'custom', label: 'Acme Help', matches: [ACME_HELP_CONFIG.urlPattern] });
  });

  test('a stored value that does not validate is ignored with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await customHelpdeskItem.setValue({ ...ACME_HELP_CONFIG, urlPattern: '<all_urls>' });
    expect(await pageAdapters()).toEqual(HELPDESK_ADAPTERS);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('The saved custom helpdesk is invalid (URL pattern:'));
  });
});

describe('probe ("Test on this page")', () => {
  test('reports every field, the ticket id and what the sidebar will make of it; the answer fits its schema', () => {
    const result = probePage(
      { ok: true, config: ACME_HELP_CONFIG },
      page('acme-ticket-1003.html'),
      new URL('https://support.acme-help.test/tickets/1003'),
    );
    expect(ProbeResult.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
    expect(result).toMatchObject({
      status: 'read',
      helpdesk: 'Acme Help',
      matchesPattern: true,
      ticketId: '1003',
      outcome: { ok: true, customerId: 'email:jonas.berg@example.com' },
      reading: {
        area: { selector: '.requester-box', found: true },
        fields: {
          name: { value: 'Jonas Berg', matchedBy: '.rq-fullname' },
          email: { value: 'jonas.berg@example.com', matchedBy: 'mailto: links' },
          phone: { value: '+12125550199', matchedBy: 'tel: links' },
          company: { value: 'Globex', matchedBy: '[data-field="org"]' },
        },
      },
    });
  });

  test('on a page outside the pattern it still shows what the selectors read', () => {
    const result = probePage(
      { ok: true, config: ACME_HELP_CONFIG },
      page('acme-ticket-1003.html'),
      new URL('https://support.acme-help.test/reports/weekly'),
    );
    expect(result).toMatchObject({ status: 'read', matchesPattern: false, ticketId: null });
  });

  test('without a configuration, or with an invalid one', () => {
    const doc = page('no-customer.html');
    const url = new URL('https://support.acme-help.test/tickets/1');
    expect(probePage({ ok: true, config: null }, doc, url)).toEqual({ status: 'not_configured' });
    expect(probePage({ ok: false, problem: 'URL pattern: bad', raw: {} }, doc, url)).toEqual({
      status: 'invalid_config',
      problem: 'URL pattern: bad',
    });
  });
});
