/**
 * The Dynamics 365 sandbox's OData `$filter` parser and evaluator (proxy/sandbox/dynamics/filter.ts):
 * grammar, precedence, literals and escapes, string functions, null semantics, and errors.
 */
import { describe, expect, it } from 'vitest';
import {
  evaluateFilter,
  type FilterNode,
  FilterSyntaxError,
  filterPaths,
  parseFilter,
  type StoredValue,
} from '../../../proxy/sandbox/dynamics/filter.ts';

/** Evaluates `filter` against a flat row (paths joined with "/"). */
function matches(filter: string, row: Record<string, StoredValue>): boolean {
  return evaluateFilter(parseFilter(filter), (path) => {
    const key = path.join('/');
    return key in row ? row[key] : undefined;
  });
}

const jonas = {
  firstname: 'Jonas',
  lastname: 'Berg',
  emailaddress1: 'jonas.berg@example.com',
  telephone1: '+1 212 555 0199',
  mobilephone: null,
  statecode: 0,
  contactid: 'bfa95168-330d-47c2-a4eb-4d01c5718a91',
  'parentcustomerid_account/name': 'Globex Corporation',
  modifiedon: '2026-10-03T11:20:00Z',
};

describe('parseFilter', () => {
  it('parses a comparison into path, operator and literal', () => {
    expect(parseFilter("emailaddress1 eq 'a@b.com'")).toEqual<FilterNode>({
      kind: 'compare',
      op: 'eq',
      path: ['emailaddress1'],
      literal: { kind: 'string', value: 'a@b.com' },
    });
  });

  it("reads '' inside a string literal as one quote", () => {
    const node = parseFilter("emailaddress1 eq 'o''brien@example.com'");
    expect(node).toMatchObject({ literal: { kind: 'string', value: "o'brien@example.com" } });
  });

  it('gives and precedence over or, and honours parentheses', () => {
    // a or b and c  ==  a or (b and c)
    const node = parseFilter("firstname eq 'A' or firstname eq 'B' and lastname eq 'C'");
    expect(node).toMatchObject({ kind: 'or', right: { kind: 'and' } });
    const grouped = parseFilter("(firstname eq 'A' or firstname eq 'B') and lastname eq 'C'");
    expect(grouped).toMatchObject({ kind: 'and', left: { kind: 'or' } });
  });

  it('parses not, null, booleans, numbers, negative numbers and unquoted GUIDs', () => {
    expect(parseFilter('not statecode eq 1')).toMatchObject({ kind: 'not', operand: { kind: 'compare' } });
    expect(parseFilter('mobilephone eq null')).toMatchObject({ literal: { kind: 'null' } });
    expect(parseFilter('donotemail eq true')).toMatchObject({ literal: { kind: 'boolean', value: true } });
    expect(parseFilter('revenue ge -1.5')).toMatchObject({ op: 'ge', literal: { kind: 'number', value: -1.5 } });
    expect(parseFilter('contactid eq BFA95168-330D-47C2-A4EB-4D01C5718A91')).toMatchObject({
      literal: { kind: 'guid', value: 'bfa95168-330d-47c2-a4eb-4d01c5718a91' },
    });
  });

  it('parses contains, startswith and endswith, and navigation paths', () => {
    expect(parseFilter("contains(fullname,'ber')")).toMatchObject({
      kind: 'function',
      name: 'contains',
      path: ['fullname'],
    });
    expect(parseFilter("parentcustomerid_account/name eq 'Globex'")).toMatchObject({
      path: ['parentcustomerid_account', 'name'],
    });
  });

  it('lists every property path it names', () => {
    const node = parseFilter("(telephone1 eq 'x' or mobilephone eq 'x') and not startswith(lastname,'B')");
    expect(filterPaths(node)).toEqual([['telephone1'], ['mobilephone'], ['lastname']]);
  });

  it.each([
    ["emailaddress1 eq 'unterminated", /Unterminated string literal/],
    ['emailaddress1 equals 1', /comparison operator/],
    ["(firstname eq 'A'", /'\)' expected/],
    ["firstname eq 'A' lastname eq 'B'", /unexpected token/],
    ["foo('x')", /unknown function with name 'foo'/],
    ['contains(fullname, 5)', /takes a string literal/],
    ['firstname eq', /literal value was expected/],
    ["firstname eq 'a' ; drop", /character ';' is not valid/],
    ['   ', /empty/],
  ])('rejects %j with a syntax error', (filter, message) => {
    expect(() => parseFilter(filter)).toThrow(FilterSyntaxError);
    expect(() => parseFilter(filter)).toThrow(message);
  });

  it('does not let a quote in a value break out of the literal', () => {
    // What an unescaped email with a quote would look like: the rest is not a valid filter.
    expect(() => parseFilter("emailaddress1 eq 'x' or '1' eq '1'")).toThrow(FilterSyntaxError);
    // Escaped, the whole thing is one literal.
    const node = parseFilter("emailaddress1 eq 'x'' or ''1'' eq ''1'");
    expect(node).toMatchObject({ kind: 'compare', literal: { value: "x' or '1' eq '1" } });
  });
});

describe('evaluateFilter', () => {
  it('compares strings ignoring case, as Dataverse does', () => {
    expect(matches("emailaddress1 eq 'JONAS.BERG@example.com'", jonas)).toBe(true);
    expect(matches("emailaddress1 ne 'jonas.berg@example.com'", jonas)).toBe(false);
    expect(matches("emailaddress1 eq 'jonas@example.com'", jonas)).toBe(false);
  });

  it('combines and, or, not', () => {
    expect(matches("firstname eq 'Jonas' and lastname eq 'Berg'", jonas)).toBe(true);
    expect(matches("firstname eq 'Jonas' and lastname eq 'Lee'", jonas)).toBe(false);
    expect(matches("firstname eq 'Sam' or lastname eq 'Berg'", jonas)).toBe(true);
    expect(matches("not (firstname eq 'Sam')", jonas)).toBe(true);
  });

  it('treats null and blank alike: eq null matches blank, ne null matches a value', () => {
    expect(matches('mobilephone eq null', jonas)).toBe(true);
    expect(matches('telephone1 eq null', jonas)).toBe(false);
    expect(matches('telephone1 ne null', jonas)).toBe(true);
    expect(matches("mobilephone eq ''", { mobilephone: null })).toBe(false);
  });

  it('orders numbers and ISO dates', () => {
    expect(matches('statecode lt 1', jonas)).toBe(true);
    expect(matches('statecode gt 0', jonas)).toBe(false);
    expect(matches("modifiedon ge '2026-10-01T00:00:00Z'", jonas)).toBe(true);
    expect(matches("modifiedon lt '2026-10-01T00:00:00Z'", jonas)).toBe(false);
    expect(matches('mobilephone gt 0', jonas)).toBe(false);
  });

  it('runs the string functions ignoring case', () => {
    expect(matches("contains(emailaddress1,'BERG@')", jonas)).toBe(true);
    expect(matches("startswith(telephone1,'+1 212')", jonas)).toBe(true);
    expect(matches("endswith(emailaddress1,'.org')", jonas)).toBe(false);
    expect(matches("contains(mobilephone,'5')", jonas)).toBe(false);
  });

  it('matches GUIDs whatever their case, and follows navigation paths', () => {
    expect(matches('contactid eq BFA95168-330D-47C2-A4EB-4D01C5718A91', jonas)).toBe(true);
    expect(matches("parentcustomerid_account/name eq 'globex corporation'", jonas)).toBe(true);
  });
});
