/**
 * `GET /crm/v8/{module}/search` as Zoho documents it
 * (https://www.zoho.com/crm/developer/docs/api/v8/search-records.html):
 *
 * - one of `criteria`, `email`, `phone`, `word` (when several are given, the first of that order
 *   wins); none → 400 REQUIRED_PARAM_MISSING;
 * - `criteria`: `(field:operator:value)` conditions combined with `and`/`or` in parentheses, at most
 *   10; operators equals, not_equal, starts_with, in. A value's parentheses and commas must be escaped
 *   with a backslash (`\(`, `\)`, `\,`, and `\\` for a backslash): an unescaped one is a malformed
 *   criteria → 400 INVALID_QUERY. In v8 `equals` on a text, email or phone field "behaves like
 *   contains" (case-insensitive); on other types it is exact;
 * - `email`: exact (case-insensitive) match on every email field of the module;
 * - `phone`: every phone field of the module. Zoho does not document how it compares spellings; the
 *   sandbox matches when the digits of one end with the digits of the other (at least 7 digits), so
 *   "+1 646 555 0142" and "(646) 555-0142" match "6465550142";
 * - `word`: a case-insensitive substring of any text, email or phone field;
 * - `fields` limits the fields returned; `page` / `per_page` (≤ 200, default 200) page the results;
 * - no match → 204 No Content.
 */
import { invalidQuery } from './errors.ts';
import { fieldsOf, type SandboxField, type SandboxModule } from './fields.ts';
import type { StoredRecord, ZohoStore } from './store.ts';

/** Zoho's limit of conditions in one criteria. */
export const MAX_CONDITIONS = 10;

/** Supported criteria operators. */
export const CRITERIA_OPERATORS = ['equals', 'not_equal', 'starts_with', 'in'] as const;
type Operator = (typeof CRITERIA_OPERATORS)[number];

/** A parsed criteria. */
export type Criteria =
  | { kind: 'condition'; field: string; operator: Operator; values: string[] }
  | { kind: 'group'; join: 'and' | 'or'; parts: Criteria[] };

/**
 * Parses a criteria string (already URL-decoded).
 * @throws ZohoApiError 400 INVALID_QUERY when it is malformed, has an unknown operator or field, or
 *   more than {@link MAX_CONDITIONS} conditions.
 */
export function parseCriteria(text: string, module: SandboxModule): Criteria {
  let pos = 0;
  let conditions = 0;
  const fieldNames = new Set(fieldsOf(module).map((field) => field.api_name));

  const fail = (reason: string): never => {
    throw invalidQuery(`${reason} at position ${pos}`);
  };
  const expect = (char: string) => {
    if (text[pos] !== char) fail(`expected "${char}"`);
    pos++;
  };

  const readUntilColon = (): string => {
    const start = pos;
    while (pos < text.length && text[pos] !== ':') {
      if ('(),\\'.includes(text[pos]!)) fail('unexpected character in the field or operator');
      pos++;
    }
    if (pos >= text.length) fail('unterminated condition');
    const token = text.slice(start, pos).trim();
    pos++; // the colon
    return token;
  };

  /** The value up to the condition's closing parenthesis; escapes resolved; split on unescaped commas. */
  const readValues = (): string[] => {
    const values: string[] = [];
    let current = '';
    while (pos < text.length) {
      const char = text[pos]!;
      if (char === '\\') {
        const next = text[pos + 1];
        if (next === undefined) fail('dangling backslash');
        current += next;
        pos += 2;
        continue;
      }
      if (char === ')') break;
      if (char === '(') fail('unescaped parenthesis in a value');
      if (char === ',') {
        values.push(current);
        current = '';
        pos++;
        continue;
      }
      current += char;
      pos++;
    }
    values.push(current);
    return values;
  };

  const parseCondition = (): Criteria => {
    expect('(');
    const field = readUntilColon();
    const operator = readUntilColon();
    if (!fieldNames.has(field)) fail(`unknown field ${JSON.stringify(field)}`);
    if (!(CRITERIA_OPERATORS as readonly string[]).includes(operator))
      fail(`unsupported operator ${JSON.stringify(operator)}`);
    const values = readValues();
    if (operator !== 'in' && values.length > 1) fail('unescaped comma in a value');
    expect(')');
    conditions++;
    if (conditions > MAX_CONDITIONS) throw invalidQuery(`the criteria has more than ${MAX_CONDITIONS} conditions`);
    return { kind: 'condition', field, operator: operator as Operator, values };
  };

  const parseExpression = (): Criteria => {
    if (text[pos] !== '(') fail('expected "("');
    if (text[pos + 1] !== '(') return parseCondition();
    pos++; // the group's "("
    const parts: Criteria[] = [parseExpression()];
    let join: 'and' | 'or' | null = null;
    const skipSpaces = () => {
      while (text[pos] === ' ') pos++;
    };
    skipSpaces();
    while (text[pos] !== ')') {
      if (pos >= text.length) fail('unterminated group');
      const rest = text.slice(pos).toLowerCase();
      const word = rest.startsWith('and') ? 'and' : rest.startsWith('or') ? 'or' : null;
      if (!word) fail('expected "and" or "or"');
      if (join && join !== word) fail('mixing "and" and "or" needs parentheses');
      join = word;
      pos += word!.length;
      skipSpaces();
      parts.push(parseExpression());
      skipSpaces();
    }
    expect(')');
    return parts.length === 1 ? parts[0]! : { kind: 'group', join: join ?? 'and', parts };
  };

  const criteria = parseExpression();
  if (pos !== text.length) fail('unexpected text after the criteria');
  return criteria;
}

const TEXTUAL = new Set(['text', 'textarea', 'email', 'phone', 'website']);

/** Whether `record` satisfies `criteria`. */
export function matchesCriteria(store: ZohoStore, record: StoredRecord, criteria: Criteria): boolean {
  if (criteria.kind === 'group') {
    return criteria.join === 'and'
      ? criteria.parts.every((part) => matchesCriteria(store, record, part))
      : criteria.parts.some((part) => matchesCriteria(store, record, part));
  }
  const field = fieldsOf(record.module).find((f) => f.api_name === criteria.field)!;
  const value = (store.text(record, field) ?? '').toLowerCase();
  const wanted = criteria.values.map((v) => v.trim().toLowerCase());
  const exact = (w: string) => value === w || (field.data_type === 'lookup' && record.values[field.api_name] === w);
  switch (criteria.operator) {
    case 'equals':
      return TEXTUAL.has(field.data_type) ? value !== '' && value.includes(wanted[0]!) : exact(wanted[0]!);
    case 'not_equal':
      return !exact(wanted[0]!);
    case 'starts_with':
      return value !== '' && value.startsWith(wanted[0]!);
    case 'in':
      return wanted.some(exact);
  }
}

/** The digits of a phone value. */
function digits(value: string): string {
  return value.replace(/\D+/g, '');
}

/** The `phone` parameter's match (see the module comment). */
function phoneMatches(stored: string, query: string): boolean {
  const a = digits(stored);
  const b = digits(query);
  if (a.length < 7 || b.length < 7) return false;
  return a.endsWith(b) || b.endsWith(a);
}

/** The search parameters, as read from the query string. */
export interface SearchParams {
  criteria?: string;
  email?: string;
  phone?: string;
  word?: string;
}

/**
 * The records of `module` matching the first given parameter (criteria, email, phone, word), except
 * `hidden` ones (not yet in the search index), by id ascending. Returns null when no parameter is given.
 */
export function searchRecords(
  store: ZohoStore,
  module: SandboxModule,
  params: SearchParams,
  hidden: ReadonlySet<string>,
): StoredRecord[] | null {
  const fields = fieldsOf(module);
  const ofType = (...types: SandboxField['data_type'][]) => fields.filter((field) => types.includes(field.data_type));
  let test: (record: StoredRecord) => boolean;
  if (params.criteria !== undefined) {
    const criteria = parseCriteria(params.criteria, module);
    test = (record) => matchesCriteria(store, record, criteria);
  } else if (params.email !== undefined) {
    const wanted = params.email.trim().toLowerCase();
    const emailFields = ofType('email');
    test = (record) => emailFields.some((field) => store.text(record, field)?.trim().toLowerCase() === wanted);
  } else if (params.phone !== undefined) {
    const phoneFields = ofType('phone');
    const query = params.phone;
    test = (record) => phoneFields.some((field) => phoneMatches(store.text(record, field) ?? '', query));
  } else if (params.word !== undefined) {
    const wanted = params.word.trim().toLowerCase();
    const textFields = ofType('text', 'textarea', 'email', 'phone', 'website');
    test = (record) =>
      wanted !== '' && textFields.some((field) => (store.text(record, field) ?? '').toLowerCase().includes(wanted));
  } else {
    return null;
  }
  return store.list(module).filter((record) => !hidden.has(record.id) && test(record));
}
