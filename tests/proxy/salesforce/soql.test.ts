/**
 * SOQL on both sides: the provider's escaping (proxy/crm/salesforce/soql.ts) and the sandbox's
 * parser and query engine (proxy/sandbox/salesforce/soql.ts), including that every string the
 * provider escapes reads back as itself.
 */
import { describe, expect, it } from 'vitest';
import { isSoqlField, selectQuery, soqlField, soqlList, soqlString } from '../../../proxy/crm/salesforce/soql.ts';
import { CrmError } from '../../../proxy/crm/types.ts';
import {
  createSalesforceSandbox,
  parseSoql,
  runQuery,
  SEED_ACCOUNTS,
  SEED_CONTACTS,
  SoqlError,
  tokenize,
} from '../../../proxy/sandbox/salesforce/index.ts';
import { decodeString } from '../../../proxy/sandbox/salesforce/soql.ts';
import { RecordStore } from '../../../proxy/sandbox/salesforce/store.ts';
import { SALESFORCE_SEED } from '../../../proxy/sandbox/salesforce/seed.ts';
import { SalesforceApiError } from '../../../proxy/sandbox/salesforce/errors.ts';
import { tickingClock } from './support.ts';

function seededStore(): RecordStore {
  const store = new RecordStore(tickingClock());
  store.load(SALESFORCE_SEED);
  return store;
}

/** Runs `soql` on a seeded store and returns the rows. */
function rows(soql: string, store = seededStore()) {
  return runQuery(soql, store, 'v62.0').records;
}

/** Expects `soql` to be refused; returns the error's code and message. */
function refused(soql: string): { errorCode: string; message: string } {
  try {
    runQuery(soql, seededStore(), 'v62.0');
  } catch (error) {
    expect(error).toBeInstanceOf(SalesforceApiError);
    const e = error as SalesforceApiError;
    expect(e.status).toBe(400);
    return e.errors[0]!;
  }
  throw new Error(`expected ${soql} to be refused`);
}

describe('soqlString (provider escaping)', () => {
  it.each([
    ['plain@example.com', "'plain@example.com'"],
    ["o'brien@example.com", "'o\\'brien@example.com'"],
    ['back\\slash', "'back\\\\slash'"],
    ["x\\' OR Name != '", "'x\\\\\\' OR Name != \\''"],
    ['say "hi"', '\'say \\"hi\\"\''],
    ['a\nb\rc\td', "'a\\nb\\rc\\td'"],
    ['\u0000\u001f\u007f', "'\\u0000\\u001f\\u007f'"],
    ['100% _sure_', "'100% _sure_'"],
    ['Zoë 日本', "'Zoë 日本'"],
  ])('%j → %s', (value, literal) => {
    expect(soqlString(value)).toBe(literal);
  });

  it('round-trips through the sandbox parser for every character class', () => {
    const samples = [
      "o'brien@example.com",
      "x\\' OR Name != '",
      "\\'\\'\\\\''",
      'tab\there\nnewline\r\f\b',
      '"quoted"',
      String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i)),
      'emoji 😀 and ünïcödé',
    ];
    for (const value of samples) {
      const literal = soqlString(value);
      const [token] = tokenize(literal);
      expect(token?.kind).toBe('string');
      expect(decodeString((token as { raw: string }).raw)).toBe(value);
      // One token, nothing after it: the value cannot end the literal early.
      expect(tokenize(literal)).toHaveLength(2);
    }
  });

  it('builds IN lists and SELECT statements from checked field names', () => {
    expect(soqlList(['a', "b'c"])).toBe("('a', 'b\\'c')");
    expect(
      selectQuery({
        fields: ['Id', 'Account.Name'],
        from: 'Contact',
        where: "Email = 'x'",
        orderBy: 'LastModifiedDate DESC',
        limit: 5,
      }),
    ).toBe("SELECT Id, Account.Name FROM Contact WHERE Email = 'x' ORDER BY LastModifiedDate DESC LIMIT 5");
    expect(isSoqlField('TimeZone__c')).toBe(true);
    expect(isSoqlField('ns__Field__c')).toBe(true);
    expect(isSoqlField('Mailing City')).toBe(false);
    expect(isSoqlField("Email' OR")).toBe(false);
    expect(isSoqlField('')).toBe(false);
    expect(() => soqlField('Email, (SELECT Id FROM Cases)')).toThrow(CrmError);
    try {
      soqlField('Bad Field');
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid_field', field: 'Bad Field' });
    }
  });
});

describe('sandbox SOQL parser', () => {
  it('parses fields, object, conditions, order, limit and offset', () => {
    const q = parseSoql(
      "select Id, account.name FROM contact WHERE (Email = 'a@b.c' OR Phone IN ('1', '2')) AND NOT Title LIKE 'C%' ORDER BY LastModifiedDate DESC NULLS LAST, Id LIMIT 10 OFFSET 5",
    );
    expect(q.fields.map((f) => f.path)).toEqual(['Id', 'account.name']);
    expect(q.object.name).toBe('contact');
    expect(q.where).toMatchObject({
      kind: 'and',
      items: [
        {
          kind: 'or',
          items: [
            { kind: 'compare', field: 'Email', op: '=' },
            { kind: 'in', field: 'Phone', negated: false },
          ],
        },
        { kind: 'not', item: { kind: 'like', field: 'Title' } },
      ],
    });
    expect(q.orderBy).toEqual([
      { field: 'LastModifiedDate', col: expect.any(Number), descending: true, nullsLast: true },
      { field: 'Id', col: expect.any(Number), descending: false, nullsLast: false },
    ]);
    expect([q.limit, q.offset]).toEqual([10, 5]);
  });

  it.each([
    ["SELECT Id FROM Contact WHERE Email = 'a' OR Phone = 'b' AND Title = 'c'", "unexpected token: 'AND'"],
    ["SELECT Id FROM Contact WHERE Email = 'unterminated", 'Unterminated string literal'],
    ["SELECT Id FROM Contact WHERE Email = 'bad \\q escape'", "Illegal character sequence '\\q' in string literal"],
    ["SELECT Id FROM Contact WHERE Email = '100\\%'", "Illegal character sequence '\\%' in string literal"],
    ['SELECT FROM Contact', "unexpected token: 'FROM'"],
    ['SELECT Id Contact', "unexpected token: 'Contact'"],
    ["SELECT Id FROM Contact WHERE Email = 'a' extra", "unexpected token: 'extra'"],
    ['SELECT Id FROM Contact WHERE (Email = null', "unexpected token: '<EOF>'"],
    ['SELECT Id FROM Contact WHERE Email ~ 1', "unexpected token: '~'"],
    ['SELECT Id FROM Contact LIMIT many', "unexpected token: 'many'"],
    ['SELECT Id, Id FROM Contact', 'duplicate field selected: Id'],
    [
      'SELECT Id FROM Contact WHERE Email = 5',
      "value of filter criterion for field 'Email' must be of type string and should be enclosed in quotes",
    ],
    [
      "SELECT Id FROM Contact WHERE LastModifiedDate > '2026-10-01'",
      'must be of type dateTime and should not be enclosed in quotes',
    ],
  ])('refuses %j: MALFORMED_QUERY', (soql, reason) => {
    const error = refused(soql);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toContain(reason);
    expect(error.message).toMatch(/ERROR at Row:1:Column:\d+/);
  });

  it('refuses an unknown column with INVALID_FIELD "No such column"', () => {
    const error = refused('SELECT Id, TimeZone__c FROM Contact');
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.message).toContain("No such column 'TimeZone__c' on entity 'Contact'.");
    expect(error.message).toContain('ERROR at Row:1:Column:12');
    expect(refused("SELECT Id FROM Contact WHERE Nope__c = 'x'").errorCode).toBe('INVALID_FIELD');
    expect(refused('SELECT Owner.Name FROM Contact').message).toContain("Didn't understand relationship 'Owner'");
    expect(refused('SELECT Account.Nope FROM Contact').message).toContain("No such column 'Nope' on entity 'Account'");
  });

  it('refuses an unknown object with INVALID_TYPE and a malformed id with INVALID_QUERY_FILTER_OPERATOR', () => {
    expect(refused('SELECT Id FROM Opportunity')).toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(refused('SELECT Id FROM Opportunity').message).toContain("sObject type 'Opportunity' is not supported.");
    expect(refused("SELECT Id FROM Contact WHERE Id = 'nope'")).toMatchObject({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
    });
  });

  it('compares text case-insensitively and returns relationship fields nested', () => {
    const [jonas, ...rest] = rows(
      "SELECT Id, FirstName, Account.Name FROM Contact WHERE email = 'JONAS.BERG@EXAMPLE.COM'",
    );
    expect(rest).toEqual([]);
    expect(jonas).toEqual({
      attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${SEED_CONTACTS.jonas}` },
      Id: SEED_CONTACTS.jonas,
      FirstName: 'Jonas',
      Account: {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${SEED_ACCOUNTS.globex}` },
        Name: 'Globex Corporation',
      },
    });
    const [priya] = rows("SELECT Account.Name FROM Contact WHERE Email = 'priya.patel@example.com'");
    expect(priya).toMatchObject({ Account: null });
  });

  it('filters on a relationship field, IN lists, LIKE patterns and null', () => {
    expect(rows("SELECT Id FROM Contact WHERE Account.Name = 'stone & co'").map((r) => r.Id)).toEqual([
      SEED_CONTACTS.olivia,
    ]);
    expect(
      rows("SELECT Id FROM Contact WHERE Phone IN ('(646) 555-0142', '+1 212 555 0199')").map((r) => r.Id),
    ).toEqual([SEED_CONTACTS.jonas, SEED_CONTACTS.sam]);
    expect(
      rows("SELECT Id FROM Contact WHERE Phone NOT IN ('+1 303 555 0177') AND Phone != null").map((r) => r.Id),
    ).toEqual([SEED_CONTACTS.jonas, SEED_CONTACTS.sam, SEED_CONTACTS.olivia]);
    expect(rows("SELECT Id FROM Contact WHERE LastName LIKE 'c_u%'").map((r) => r.Id)).toEqual([
      SEED_CONTACTS.danaOlder,
      SEED_CONTACTS.danaNewer,
    ]);
    expect(rows("SELECT Id FROM Contact WHERE Email LIKE '%@EXAMPLE.com' AND Title = null").map((r) => r.Id)).toEqual([
      SEED_CONTACTS.priya,
      SEED_CONTACTS.lin,
    ]);
  });

  it('treats % and _ literally when escaped in LIKE', () => {
    const store = seededStore();
    store.create('Account', { Name: '100% Cotton_Co' }, { version: 'v62.0' });
    store.create('Account', { Name: '100X CottonXCo' }, { version: 'v62.0' });
    expect(rows("SELECT Name FROM Account WHERE Name LIKE '100\\% Cotton\\_Co'", store).map((r) => r.Name)).toEqual([
      '100% Cotton_Co',
    ]);
    expect(
      rows("SELECT Name FROM Account WHERE Name LIKE '100_ Cotton_Co'", store)
        .map((r) => r.Name)
        .sort(),
    ).toEqual(['100% Cotton_Co', '100X CottonXCo']);
  });

  it('compares ids in 15- or 18-character form and datetimes unquoted', () => {
    expect(rows(`SELECT Id FROM Contact WHERE Id = '${SEED_CONTACTS.sam.slice(0, 15)}'`).map((r) => r.Id)).toEqual([
      SEED_CONTACTS.sam,
    ]);
    expect(
      rows('SELECT Id FROM Contact WHERE LastModifiedDate > 2026-10-06T00:00:00Z ORDER BY LastModifiedDate').map(
        (r) => r.Id,
      ),
    ).toEqual([SEED_CONTACTS.lin, SEED_CONTACTS.danaNewer, SEED_CONTACTS.olivia]);
    expect(
      rows('SELECT Id FROM Contact WHERE LastModifiedDate <= 2026-10-02T10:15:00.000+00:00').map((r) => r.Id),
    ).toEqual([SEED_CONTACTS.priya]);
  });

  it('orders (nulls first ascending unless told), limits and offsets', () => {
    const titles = rows('SELECT Title FROM Contact ORDER BY Title').map((r) => r.Title);
    expect(titles.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(titles.slice(5)).toEqual(['CTO', 'Founder']);
    expect(rows('SELECT Title FROM Contact ORDER BY Title DESC NULLS LAST LIMIT 2').map((r) => r.Title)).toEqual([
      'Founder',
      'CTO',
    ]);
    expect(
      rows('SELECT Title FROM Contact ORDER BY Title ASC NULLS LAST LIMIT 1 OFFSET 1').map((r) => r.Title),
    ).toEqual(['Founder']);
    const result = runQuery('SELECT Id FROM Contact LIMIT 3', seededStore(), 'v62.0');
    expect(result).toMatchObject({ totalSize: 3, done: true });
  });

  it('leaves hidden records out unless the query asks for an Id', () => {
    const sandbox = createSalesforceSandbox();
    sandbox.testing.hideFromSearch(SEED_CONTACTS.priya);
    const store = (soql: string) =>
      sandbox
        .fetch(
          new Request(`http://x/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, {
            headers: { Authorization: `Bearer ${sandbox.credentials.accessToken}` },
          }),
        )
        .then((r) => r.json() as Promise<{ records: Array<{ Id: string }> }>);
    return Promise.all([
      store("SELECT Id FROM Contact WHERE Email = 'priya.patel@example.com'"),
      store(`SELECT Id FROM Contact WHERE Id = '${SEED_CONTACTS.priya}'`),
      store(`SELECT Id FROM Contact WHERE Id IN ('${SEED_CONTACTS.priya}')`),
    ]).then(([byEmail, byId, byIds]) => {
      expect(byEmail.records).toEqual([]);
      expect(byId.records.map((r) => r.Id)).toEqual([SEED_CONTACTS.priya]);
      expect(byIds.records.map((r) => r.Id)).toEqual([SEED_CONTACTS.priya]);
    });
  });

  it('reports errors at the right column', () => {
    try {
      parseSoql("SELECT Id FROM Contact WHERE Email = 'a' OR Phone = 'b' AND X = 'c'");
      throw new Error('expected a SoqlError');
    } catch (error) {
      expect(error).toBeInstanceOf(SoqlError);
      expect((error as SoqlError).column).toBe(57);
    }
  });
});
