import { describe, expect, it } from 'vitest';
import {
  emailText,
  isBlank,
  isPlausibleEmail,
  joinName,
  normalizeEmail,
  normalizePhone,
  normalizeText,
  parsePhone,
  phoneText,
  splitName,
  valuesEqual,
} from '../../../lib/sync/index.ts';
import { GB, US } from './fixtures.ts';

const NBSP = '\u00a0';

describe('isBlank', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty string', ''],
    ['spaces', '   '],
    ['tabs and newlines', '\t\n\r '],
    ['NBSP', NBSP],
    ['NBSP mixed with spaces', ` ${NBSP} ${NBSP} `],
    ['ideographic space', '\u3000'],
    ['em space + thin space', '\u2003\u2009'],
    ['narrow NBSP', '\u202f'],
    ['line separator', '\u2028'],
    ['zero-width space', '\u200b'],
    ['byte-order mark', '\ufeff'],
  ])('%s is blank', (_label, value) => {
    expect(isBlank(value)).toBe(true);
  });

  it.each([['a'], ['0'], [' x '], [`${NBSP}.${NBSP}`], ['-']])('%j is not blank', (value) => {
    expect(isBlank(value)).toBe(false);
  });
});

describe('normalizeText', () => {
  it.each([
    ['  Acme  Corp  ', 'Acme Corp'],
    [`Acme${NBSP}${NBSP}Corp`, 'Acme Corp'],
    ['Acme\n\tCorp', 'Acme Corp'],
    ['Acme\u2003Corp\u3000', 'Acme Corp'],
    ['Glo\u200bbex', 'Globex'],
    [null, ''],
    [undefined, ''],
    [`${NBSP}`, ''],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  it('composes to NFC so decomposed and composed accents compare equal', () => {
    const decomposed = 'Jose\u0301 N\u0303u\u0301n\u0303ez'; // "José Ñúñez" with combining marks
    expect(decomposed).not.toBe('José Ñúñez');
    expect(normalizeText(decomposed)).toBe('José Ñúñez');
    expect(normalizeText(decomposed).length).toBe('José Ñúñez'.length);
  });

  it('keeps zero-width joiners, which change how some scripts render', () => {
    expect(normalizeText('क्\u200dष')).toBe('क्\u200dष');
  });
});

describe('email', () => {
  it.each([
    [' PRIYA.PATEL@Example.com ', 'priya.patel@example.com'],
    ['Jonas.Berg@EXAMPLE.COM', 'jonas.berg@example.com'],
    [`${NBSP}mj.watson@example.com\n`, 'mj.watson@example.com'],
    ['mailto:Lin.Chen@Example.com', 'lin.chen@example.com'],
    ['first+tag@sub.example.co.uk', 'first+tag@sub.example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['zoë@exämple.de', 'zoë@exämple.de'],
  ])('normalizeEmail(%j) → %j', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['   '],
    [NBSP],
    ['not-an-email'],
    ['@example.com'],
    ['jane@'],
    ['jane@localhost'],
    ['jane@example.c'],
    ['jane doe@example.com'],
    ['jane@@example.com'],
    ['jane@exa mple.com'],
    ['jane@example..com'],
    ['Jane Doe <jane@example.com>'],
    ['a@b.com, c@d.com'],
    ['jane@.example.com'],
    ['jane@example.com.'],
  ])('normalizeEmail(%j) is null (not a key, not written)', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });

  it('emailText lower-cases and trims without judging the shape (for CRM values and display)', () => {
    expect(emailText('  Not An Email ')).toBe('not an email');
    expect(emailText(null)).toBe('');
  });

  it('isPlausibleEmail checks the already-normalised address', () => {
    expect(isPlausibleEmail('a@b.co')).toBe(true);
    expect(isPlausibleEmail('a@b')).toBe(false);
  });
});

describe('phone', () => {
  const sameNumber = [
    '(415) 555-0100',
    '415.555.0100',
    '415-555-0100',
    '4155550100',
    '1-415-555-0100',
    '+1 415 555 0100',
    '+14155550100',
    '+1 (415) 555-0100',
    'tel:+1-415-555-0100',
    `${NBSP}(415)${NBSP}555-0100 `,
  ];
  it.each(sameNumber)('%j with region US → +14155550100', (raw) => {
    expect(normalizePhone(raw, 'US')).toBe('+14155550100');
  });

  it.each([
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['+44 20 7946 0958', 'GB', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+49 30 123456', 'US', '+4930123456'],
    ['001 415 555 0100', 'GB', '+14155550100'],
    ['(415) 555-0100', 'us', '+14155550100'],
  ])('%j (region %s) → %j', (raw, region, expected) => {
    expect(normalizePhone(raw, region)).toBe(expected);
  });

  it('a national number is read in the default region, so the region matters', () => {
    expect(normalizePhone('020 7946 0958', 'US')).toBeNull();
    expect(normalizePhone('(415) 555-0100', 'GB')).toBeNull();
  });

  it('an unsupported region only parses numbers with an explicit country code', () => {
    expect(normalizePhone('(415) 555-0100', 'XX')).toBeNull();
    expect(normalizePhone('+1 415 555 0100', 'XX')).toBe('+14155550100');
  });

  it.each([
    [''],
    ['   '],
    [null],
    ['12'],
    ['abc'],
    ['555-0100'],
    ['+1 000 000 0000'],
    ['123-456-7890'],
    ['+1 415 555 01001'],
    ['415 555 0100 415 555 0101'],
    ['call me maybe'],
  ])('%j is not a usable number', (raw) => {
    expect(normalizePhone(raw, 'US')).toBeNull();
    expect(parsePhone(raw, 'US')).toBeNull();
  });

  describe('extensions', () => {
    it.each([
      ['(415) 555-0100 x123'],
      ['415-555-0100 ext. 123'],
      ['+1 415 555 0100;ext=123'],
      ['tel:+14155550100;ext=123'],
      ['+1 (415) 555-0100 #123'],
    ])('%j keeps extension 123 apart from the E.164 number', (raw) => {
      expect(parsePhone(raw, 'US')).toEqual({ e164: '+14155550100', ext: '123', canonical: '+14155550100 ext. 123' });
    });

    it('the lookup key (normalizePhone) is the E.164 number without the extension', () => {
      expect(normalizePhone('(415) 555-0100 x123', 'US')).toBe('+14155550100');
    });

    it('values compare with the extension: a different or missing extension is a different value', () => {
      expect(valuesEqual('phone', '(415) 555-0100 x123', '+1 415 555 0100 ext. 123', US)).toBe(true);
      expect(valuesEqual('phone', '(415) 555-0100 x123', '(415) 555-0100 x124', US)).toBe(false);
      expect(valuesEqual('phone', '(415) 555-0100 x123', '(415) 555-0100', US)).toBe(false);
    });
  });

  it('phoneText: E.164 when the number parses, else the normalised text', () => {
    expect(phoneText(' (212) 555-0199 ', 'US')).toBe('+12125550199');
    expect(phoneText('  ask  reception ', 'US')).toBe('ask reception');
    expect(phoneText(null, 'US')).toBe('');
  });
});

describe('names', () => {
  it.each([
    ['Mary Jane Watson', 'Mary Jane', 'Watson'],
    ['Jonas Berg', 'Jonas', 'Berg'],
    ['Cher', '', 'Cher'],
    ['  Mary   Jane\u00a0 Watson ', 'Mary Jane', 'Watson'],
    ['José Ñúñez', 'José', 'Ñúñez'],
    ['Nguyễn Văn An', 'Nguyễn Văn', 'An'],
    ['Zoë', '', 'Zoë'],
    ['<img src=x onerror=alert(1)>', '<img src=x', 'onerror=alert(1)>'],
    ['', '', ''],
    [null, '', ''],
    [NBSP, '', ''],
  ])('splitName(%j) → %j + %j', (full, first, last) => {
    expect(splitName(full)).toEqual({ first, last });
  });

  it('splitName composes decomposed Unicode (NFC)', () => {
    expect(splitName('Nguye\u0302\u0303n Va\u0306n An')).toEqual({ first: 'Nguyễn Văn', last: 'An' });
  });

  it.each([
    ['Mary Jane', 'Watson', 'Mary Jane Watson'],
    [' Mary ', null, 'Mary'],
    [null, 'Cher', 'Cher'],
    ['', '  ', ''],
    [`Priya${NBSP}`, ' Patel', 'Priya Patel'],
  ])('joinName(%j, %j) → %j', (first, last, expected) => {
    expect(joinName(first, last)).toBe(expected);
  });

  it('split then join gives the normalised name back', () => {
    for (const name of ['Mary Jane Watson', 'Cher', 'Nguyễn Văn An', 'A B C D E']) {
      const { first, last } = splitName(name);
      expect(joinName(first, last)).toBe(name);
    }
  });
});

describe('valuesEqual', () => {
  it.each([
    // [field, a, b, equal]
    ['email', ' PRIYA.PATEL@Example.com ', 'priya.patel@example.com', true],
    ['email', 'a@example.com', 'b@example.com', false],
    ['phone', '(212) 555-0199', '+1 212 555 0199', true],
    ['phone', '(212) 555-0199', '+1 212 555 0198', false],
    ['phone', 'ask reception', 'Ask  reception', false],
    ['phone', 'ask reception', ' ask reception ', true],
    ['phone', 'not a number', '+1 212 555 0199', false],
    ['name', 'jonas berg', 'Jonas  Berg', true],
    ['name', 'JOSÉ ÑÚÑEZ', 'josé ñúñez', true],
    ['name', 'Jose Nunez', 'José Ñúñez', false],
    ['company', 'Globex', 'Globex Corporation', false],
    ['company', 'globex', 'Globex', false],
    ['company', ` Globex${NBSP} Corporation`, 'Globex Corporation', true],
    ['jobTitle', 'CTO', 'cto', false],
    ['notes', null, '   ', true],
    ['notes', null, 'x', false],
  ] as const)('%s: %j vs %j → %s', (field, a, b, equal) => {
    expect(valuesEqual(field, a, b, US)).toBe(equal);
    expect(valuesEqual(field, b, a, US)).toBe(equal);
  });

  it('phones compare in the team region', () => {
    expect(valuesEqual('phone', '020 7946 0958', '+44 20 7946 0958', GB)).toBe(true);
    expect(valuesEqual('phone', '020 7946 0958', '+44 20 7946 0958', US)).toBe(false);
  });
});
