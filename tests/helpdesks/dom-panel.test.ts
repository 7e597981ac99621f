/** The toolkit of the DOM-read adapters (lib/helpdesks/dom-panel.ts), on small hand-made pages. */
import { describe, expect, test } from 'vitest';
import {
  asEmail,
  asPhone,
  collectEmails,
  collectPhones,
  createDomReader,
  type DomPanelSpec,
  firstLinkText,
  idFromLinks,
  isHidden,
  type PanelCustomer,
  queryVisible,
  valueByLabel,
} from '../../lib/helpdesks/dom-panel.ts';

const html = (body: string) => new DOMParser().parseFromString(`<!doctype html><body>${body}</body>`, 'text/html');
const root = (body: string) => {
  const el = html(`<div id="root">${body}</div>`).getElementById('root');
  if (!el) throw new Error('no root');
  return el;
};

describe('values', () => {
  test('asEmail accepts addresses and mailto: links, and nothing else', () => {
    expect(asEmail(' Jo@Example.com ')).toBe('Jo@Example.com');
    expect(asEmail('mailto:jo%2Bsupport@example.com?subject=Hi')).toBe('jo+support@example.com');
    expect(asEmail('Jo <jo@example.com>')).toBeNull();
    expect(asEmail('not an email')).toBeNull();
    expect(asEmail('mailto:%E0%A4%A')).toBeNull();
    expect(asEmail('')).toBeNull();
  });

  test('asPhone accepts displayed numbers and tel: links, and rejects dates, words and short codes', () => {
    expect(asPhone('(415) 555-0134')).toBe('(415) 555-0134');
    expect(asPhone('tel:+14155550134')).toBe('+14155550134');
    expect(asPhone('+1 415 555 0134 ext. 12')).toBe('+1 415 555 0134 ext. 12');
    expect(asPhone('1234')).toBeNull();
    expect(asPhone('Call me maybe')).toBeNull();
    expect(asPhone('12345678901234567890123')).toBeNull();
  });
});

describe('valueByLabel', () => {
  test.each([
    ['a dt/dd pair', '<dl><dt>Company</dt><dd>Globex</dd></dl>'],
    ['a th/td pair', '<table><tr><th>Company:</th><td>Globex</td></tr></table>'],
    ['a label for a field', '<label for="c">Company</label><input id="c" value="Globex">'],
    ['aria-labelledby', '<span id="l">Company</span><p aria-labelledby="l">Globex</p>'],
    ['the next sibling', '<div><span>company</span><span>Globex</span></div>'],
    ['the parent’s next sibling', '<div><span>Company</span></div><div>Globex</div>'],
  ])('finds the value in %s', (_name, body) => {
    expect(valueByLabel(root(body), ['Company', 'Organization'])).toBe('Globex');
  });

  test('a label with no value, or no such label, gives null', () => {
    expect(valueByLabel(root('<span>Company</span>'), ['Company'])).toBeNull();
    expect(valueByLabel(root('<dl><dt>Phone</dt><dd>1</dd></dl>'), ['Company'])).toBeNull();
  });
});

describe('lists and links', () => {
  test('collectEmails: hooked elements first, then the labelled field, then any mailto link; deduplicated', () => {
    const panel = root(`
      <a href="mailto:other@example.com">other</a>
      <ul class="emails"><li><a href="mailto:primary@example.com">primary@example.com</a></li></ul>
      <dl><dt>Email</dt><dd>second@example.com, PRIMARY@example.com</dd></dl>`);
    expect(collectEmails(panel, { selectors: ['.emails'], labels: ['Email'], anyMailto: true })).toEqual([
      'primary@example.com',
      'second@example.com',
      'other@example.com',
    ]);
    expect(collectEmails(panel, { selectors: ['.emails'], labels: ['Email'], anyMailto: false })).toEqual([
      'primary@example.com',
      'second@example.com',
    ]);
  });

  test('collectPhones prefers the displayed text of tel: links and deduplicates by digits', () => {
    const panel = root(`
      <a href="tel:+14155550134">+1 (415) 555-0134</a>
      <a href="tel:14155550134">1 415 555 0134</a>
      <a href="tel:+442079460958"></a>`);
    expect(collectPhones(panel, { selectors: [], labels: [], anyTel: true })).toEqual([
      '+1 (415) 555-0134',
      '+442079460958',
    ]);
  });

  test('idFromLinks takes the first capture from absolute or relative links', () => {
    const panel = root('<a href="/x">x</a><a href="https://secure.helpscout.net/customers/42?tab=1">Jo</a>');
    expect(idFromLinks(panel, ['a'], /\/customers\/(\d+)/)).toBe('42');
    expect(idFromLinks(panel, ['a'], /\/users\/(\d+)/)).toBeNull();
  });

  test('firstLinkText skips action links such as "View full profile"', () => {
    const panel = root('<a href="/c/1">View full profile</a><a href="/c/1">Jo Smith</a>');
    expect(firstLinkText(panel, ['a'])).toBe('Jo Smith');
  });

  test('isHidden and queryVisible see the hidden attribute, aria-hidden and inline display:none', () => {
    const doc = html(`
      <section hidden><p class="a">a</p></section>
      <p class="b" aria-hidden="true">b</p>
      <p class="c" style="display:none">c</p>
      <p class="d">d</p>`);
    for (const cls of ['a', 'b', 'c']) expect(isHidden(doc.querySelector(`.${cls}`)!)).toBe(true);
    expect(queryVisible(doc, ['.a', '.b', '.c', '.d'])?.textContent).toBe('d');
  });
});

describe('createDomReader', () => {
  const blank: PanelCustomer = {
    id: null,
    name: null,
    emails: [],
    phones: [],
    company: null,
    jobTitle: null,
    location: null,
    timeZone: null,
    notes: null,
  };
  function specReading(raw: Partial<PanelCustomer> | (() => PanelCustomer)): DomPanelSpec {
    return {
      helpdesk: 'front',
      label: 'Front',
      words: { noun: 'conversation', hashIds: false },
      panelName: 'contact panel',
      findPanel: (doc) => doc.querySelector('aside'),
      isPanelClosed: () => false,
      showsConversation: () => 'unknown',
      hasConversationView: () => true,
      isSignInPage: () => false,
      readPanel: typeof raw === 'function' ? raw : () => ({ ...blank, ...raw }),
    };
  }
  const read = (spec: DomPanelSpec) =>
    createDomReader(spec, { timeoutMs: 300, pollMs: 10 })({
      url: new URL('https://app.frontapp.com/open/cnv_1'),
      ticket: { account: 'app.frontapp.com', ticketId: 'cnv_1' },
      fetch: () => Promise.reject(new Error('no fetch')),
      signal: new AbortController().signal,
      document: html('<aside>Jo</aside>'),
    });

  test('without a helpdesk id, the customer is keyed by the email (lower case), else by the phone digits', async () => {
    const byEmail = await read(specReading({ name: 'Jo', emails: ['Jo@Example.com'], phones: ['+1 415 555 0134'] }));
    expect(byEmail.ok && byEmail.customer.id).toBe('jo@example.com');
    const byPhone = await read(specReading({ name: 'Jo', phones: ['+1 (415) 555-0134'] }));
    expect(byPhone.ok && byPhone.customer.id).toBe('tel:14155550134');
  });

  test('a name alone cannot say who the person is', async () => {
    const result = await read(specReading({ name: 'Visitor 42' }));
    expect(result.ok ? null : result.error).toEqual({
      code: 'unreadable',
      message:
        "Can't read this Front conversation: can't tell who the customer is: the contact panel has no profile link, email or phone.",
    });
  });

  test('values over the contract’s limits are an error naming the field, never truncated', async () => {
    const result = await read(specReading({ id: 'crd_1', name: 'Jo', notes: 'x'.repeat(10_001) }));
    expect(result.ok ? null : result.error.message).toBe(
      "Can't read this Front conversation: Notes is longer than 10000 characters.",
    );
  });

  test('a spec that throws is reported, never thrown', async () => {
    const result = await read(
      specReading(() => {
        throw new Error('boom');
      }),
    );
    expect(result.ok ? null : result.error).toEqual({
      code: 'unreadable',
      message: "Can't read this Front conversation: the page could not be read (boom).",
    });
  });
});
