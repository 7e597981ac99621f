/**
 * Validation of the custom helpdesk's configuration: match patterns (Chrome's rules for http(s)
 * pages), the ticket-id expression, selectors, and the form's problems, each naming its field.
 */
import { describe, expect, it } from 'vitest';
import {
  builtInOverlap,
  CustomHelpdeskConfig,
  type CustomHelpdeskForm,
  EMPTY_FORM,
  formFromConfig,
  matchPatternProblem,
  originPattern,
  selectorLines,
  ticketIdPatternProblem,
  validateCustomHelpdeskForm,
} from '../../../lib/helpdesks/custom/config.ts';
import { HELPDESK_ADAPTERS } from '../../../lib/helpdesks/index.ts';
import { ACME_HELP_CONFIG } from '../../../proxy/sandbox/customdesk/index.ts';

/** A selector check without a DOM (the options page uses the DOM's): refuses `..` and a trailing `[`. */
const bracketCheck = (selector: string) => !selector.includes('..') && !selector.endsWith('[');

function form(overrides: Partial<CustomHelpdeskForm> = {}): CustomHelpdeskForm {
  return { ...formFromConfig(ACME_HELP_CONFIG), ...overrides };
}

describe('match patterns', () => {
  it.each([
    'https://support.example.com/tickets/*',
    'http://helpdesk.local/*',
    '*://support.example.com/*',
    'https://*.example.com/tickets/*',
    'HTTPS://Support.Example.com/Tickets/*',
    'https://support.example.com/tickets/*/view',
  ])('accepts %s', (pattern) => expect(matchPatternProblem(pattern)).toBeNull());

  it.each([
    ['', 'enter the address of your ticket pages, for example https://support.example.com/tickets/*.'],
    ['<all_urls>', '<all_urls> matches every website; name your helpdesk’s address instead.'],
    [
      'support.example.com/tickets/*',
      '“support.example.com/tickets/*” is not a match pattern; write it like https://support.example.com/tickets/*.',
    ],
    ['ftp://files.example.com/*', 'a match pattern for web pages starts with https://, http:// or *:// (not ftp://).'],
    ['file:///home/*', 'a match pattern for web pages starts with https://, http:// or *:// (not file://).'],
    ['https:///tickets/*', 'the pattern names no host; write it like https://support.example.com/tickets/*.'],
    ['https://*/*', 'a host of * matches every website; name your helpdesk’s host (*.example.com for its subdomains).'],
    ['https://support.example.com:8443/*', 'leave out the port: the pattern already matches every port of the host.'],
    ['https://support.*.com/*', 'a * in the host may only come first, followed by a dot, as in *.example.com.'],
    ['https://*support.example.com/*', 'a * in the host may only come first, followed by a dot, as in *.example.com.'],
    ['https://support_desk!.example.com/*', '“support_desk!.example.com” is not a host name.'],
    ['https://support.example.com', 'add a path after the host, for example /tickets/* (or /* for every page).'],
    ['https://support.example.com/ tickets', 'a match pattern cannot contain spaces.'],
  ])('refuses %j: %s', (pattern, problem) => expect(matchPatternProblem(pattern)).toBe(problem));

  it('the permission for a pattern is its scheme and host with the path /*', () => {
    expect(originPattern('https://Support.Example.com/tickets/*')).toBe('https://support.example.com/*');
    expect(originPattern('*://*.example.com/x/*')).toBe('*://*.example.com/*');
  });
});

describe('ticket id expression', () => {
  it('blank is the default rule; one capture group is required', () => {
    expect(ticketIdPatternProblem('')).toBeNull();
    expect(ticketIdPatternProblem('/tickets/(\\d+)')).toBeNull();
    expect(ticketIdPatternProblem('[?&]id=(?<id>\\w+)')).toBeNull();
    expect(ticketIdPatternProblem('/tickets/(?:new|old)/(\\d+)')).toBeNull();
    expect(ticketIdPatternProblem('/tickets/\\d+')).toBe(
      'the expression needs exactly one capture group — the part in ( ) that is the ticket id — and “/tickets/\\d+” has 0.',
    );
    expect(ticketIdPatternProblem('(\\w+)/(\\d+)')).toMatch(/has 2\.$/);
    expect(ticketIdPatternProblem('/tickets/(\\d+')).toMatch(
      /^“\/tickets\/\(\\d\+” is not a valid regular expression \(.+\)\.$/,
    );
  });
});

describe('the configuration schema', () => {
  it('accepts the Acme Help configuration and normalises the pattern’s scheme and host', () => {
    const parsed = CustomHelpdeskConfig.parse({
      ...ACME_HELP_CONFIG,
      urlPattern: ' HTTPS://Support.Acme-Help.test/tickets/* ',
    });
    expect(parsed.urlPattern).toBe('https://support.acme-help.test/tickets/*');
  });

  it('refuses a configuration that cannot identify anyone', () => {
    const result = CustomHelpdeskConfig.safeParse({
      ...ACME_HELP_CONFIG,
      selectors: { name: [], email: [], phone: [], company: ['.org'] },
      useLinks: false,
    });
    expect(result.success).toBe(false);
  });
});

describe('validateCustomHelpdeskForm', () => {
  it('turns the form into a configuration: selectors one per line, blank lines dropped', () => {
    const result = validateCustomHelpdeskForm(
      form({ selectors: { name: ' .a \n\n.b\n', email: '', phone: '', company: '.c' } }),
      { checkSelector: bracketCheck, builtIn: HELPDESK_ADAPTERS },
    );
    expect(result).toEqual({
      ok: true,
      config: { ...ACME_HELP_CONFIG, selectors: { name: ['.a', '.b'], email: [], phone: [], company: ['.c'] } },
    });
  });

  it('names the field of every problem, in the form’s order', () => {
    const result = validateCustomHelpdeskForm(
      form({
        name: ' ',
        urlPattern: 'support.example.com',
        ticketIdPattern: '\\d+',
        customerArea: 'aside[',
        selectors: { name: '.ok', email: '.ok\n..email', phone: '', company: '' },
      }),
      { checkSelector: bracketCheck },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { field: 'name', message: 'Helpdesk name: enter a name, for example Acme Support.' },
      {
        field: 'urlPattern',
        message:
          'URL pattern: “support.example.com” is not a match pattern; write it like https://support.example.com/tickets/*.',
      },
      {
        field: 'ticketIdPattern',
        message:
          'Ticket id from the URL: the expression needs exactly one capture group — the part in ( ) that is the ticket id — and “\\d+” has 0.',
      },
      { field: 'customerArea', message: 'Customer area: “aside[” is not a valid CSS selector.' },
      { field: 'selectors.email', message: 'Email: “..email” is not a valid CSS selector.' },
    ]);
  });

  it('needs a way to identify the customer', () => {
    const result = validateCustomHelpdeskForm(
      form({ selectors: { name: '', email: '', phone: '', company: '.org' }, useLinks: false }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          field: null,
          message:
            'Give at least one selector for Name, Email or Phone, or use mailto: and tel: links — without them the sidebar cannot tell who the customer is.',
        },
      ],
    });
  });

  it('mailto:/tel: links alone are enough', () => {
    const result = validateCustomHelpdeskForm(
      form({ customerArea: '', selectors: { name: '', email: '', phone: '', company: '' }, useLinks: true }),
    );
    expect(result.ok).toBe(true);
  });

  it('refuses the pages of a helpdesk the sidebar supports out of the box', () => {
    const result = validateCustomHelpdeskForm(form({ urlPattern: 'https://*.zendesk.com/*' }), {
      builtIn: HELPDESK_ADAPTERS,
    });
    expect(result.ok ? [] : result.problems).toEqual([
      {
        field: 'urlPattern',
        message: 'URL pattern: these are Zendesk pages, where the sidebar already works without a custom helpdesk.',
      },
    ]);
    expect(builtInOverlap('https://acme.zendesk.com/agent/*', HELPDESK_ADAPTERS)).toBe('Zendesk');
    expect(builtInOverlap('https://support.acme-help.test/*', HELPDESK_ADAPTERS)).toBeNull();
    expect(builtInOverlap('https://zendesk.com.evil.example/*', HELPDESK_ADAPTERS)).toBeNull();
  });

  it('limits the size of each field', () => {
    const many = Array.from({ length: 11 }, (_, i) => `.s${i}`).join('\n');
    const result = validateCustomHelpdeskForm(
      form({ name: 'x'.repeat(61), selectors: { name: many, email: '', phone: '', company: '' } }),
    );
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      'Helpdesk name: keep it under 60 characters.',
      'Name: at most 10 selectors, one per line.',
    ]);
  });

  it('the empty form of a fresh install uses mailto:/tel: links and a default name', () => {
    expect(EMPTY_FORM).toMatchObject({ name: 'Custom helpdesk', useLinks: true, urlPattern: '' });
    expect(selectorLines('a\r\n\r\n  b  ')).toEqual(['a', 'b']);
  });
});
