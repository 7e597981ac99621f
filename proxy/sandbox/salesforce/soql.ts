/**
 * A small but real SOQL engine for the sandbox: it parses what a client sends to
 * `GET /services/data/vNN.0/query?q=` and answers from the record store, with Salesforce's errors
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm).
 *
 * Supported: `SELECT <field paths> FROM Contact|Lead|Account [WHERE …] [ORDER BY …] [LIMIT n]
 * [OFFSET n]`; field paths incl. relationships (`Account.Name`); conditions `=`, `!=`, `<>`, `<`,
 * `<=`, `>`, `>=`, `[NOT] IN (…)`, `LIKE` (`%`, `_`), `NOT`, `AND`/`OR` with parentheses (mixing AND
 * and OR without parentheses is refused, as Salesforce refuses it); literals: strings with
 * Salesforce's escape sequences (`\'`, `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, `\uXXXX`; `\%` and
 * `\_` in LIKE only — https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm),
 * numbers, `true`/`false`/`null`, and unquoted dates/datetimes (`2026-10-01T00:00:00Z`).
 * Keywords, object and field names are case-insensitive; text comparisons too (as in Salesforce);
 * Id comparisons accept 15- or 18-character ids.
 *
 * Errors (HTTP 400): MALFORMED_QUERY (syntax, bad escape, wrong literal type), INVALID_FIELD ("No
 * such column 'X' on entity 'Contact'…"), INVALID_TYPE (unknown object), INVALID_QUERY_FILTER_OPERATOR
 * (a malformed id literal).
 *
 * Records hidden with `hideFromSearch` are left out unless the query's condition names `Id` — a
 * lookup by id still finds them, as a record read after a duplicate error must.
 */
import { isSalesforceId, toId18 } from '../../crm/salesforce/ids.ts';
import { SalesforceApiError, soqlErrorText } from './errors.ts';
import { fieldNamed, objectNamed, SANDBOX_OBJECTS, type SandboxField, type SandboxObjectDef } from './objects.ts';
import { dateTimeMs, type FieldValue, type RecordStore, type SandboxRecord } from './store.ts';

// ---------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { kind: 'ident'; text: string; col: number }
  | { kind: 'string'; raw: string; col: number }
  | { kind: 'number'; text: string; col: number }
  | { kind: 'datetime'; text: string; col: number }
  | { kind: 'op'; text: string; col: number }
  | { kind: 'punct'; text: ',' | '(' | ')'; col: number }
  | { kind: 'eof'; col: number };

/** A SOQL problem at a column (1-based); turned into Salesforce's 400 by {@link runQuery}. */
export class SoqlError extends Error {
  constructor(
    readonly code: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR',
    readonly column: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'SoqlError';
  }
}

const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
  'LIMIT',
  'OFFSET',
  'TRUE',
  'FALSE',
  'NULL',
]);

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))?/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;

/** Splits a query into tokens. @throws SoqlError for an unterminated string or a stray character. */
export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const ch = soql[i]!;
    const col = i + 1;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      while (j < soql.length && soql[j] !== "'") j += soql[j] === '\\' ? 2 : 1;
      if (j >= soql.length) throw new SoqlError('MALFORMED_QUERY', col, 'Unterminated string literal');
      tokens.push({ kind: 'string', raw: soql.slice(i + 1, j), col });
      i = j + 1;
      continue;
    }
    if (ch === ',' || ch === '(' || ch === ')') {
      tokens.push({ kind: 'punct', text: ch, col });
      i++;
      continue;
    }
    const op = /^(?:!=|<>|<=|>=|=|<|>)/.exec(soql.slice(i))?.[0];
    if (op) {
      tokens.push({ kind: 'op', text: op, col });
      i += op.length;
      continue;
    }
    const rest = soql.slice(i);
    const datetime = DATETIME_RE.exec(rest)?.[0];
    if (datetime) {
      tokens.push({ kind: 'datetime', text: datetime, col });
      i += datetime.length;
      continue;
    }
    const number = NUMBER_RE.exec(rest)?.[0];
    if (number) {
      tokens.push({ kind: 'number', text: number, col });
      i += number.length;
      continue;
    }
    const ident = IDENT_RE.exec(rest)?.[0];
    if (ident) {
      tokens.push({ kind: 'ident', text: ident, col });
      i += ident.length;
      continue;
    }
    throw new SoqlError('MALFORMED_QUERY', col, `unexpected token: '${ch}'`);
  }
  tokens.push({ kind: 'eof', col: soql.length + 1 });
  return tokens;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/** One decoded piece of a string literal: a character, or (LIKE only) a wildcard. */
type Piece = { literal: string } | { wildcard: '%' | '_' };

/**
 * Decodes a string literal's content. In a LIKE pattern `%`/`_` are wildcards and `\%`/`\_` their
 * literal characters; elsewhere `\%`/`\_` are errors, as any unknown escape is.
 */
function decode(raw: string, col: number, like: boolean): Piece[] {
  const pieces: Piece[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== '\\') {
      pieces.push(like && (ch === '%' || ch === '_') ? { wildcard: ch } : { literal: ch });
      continue;
    }
    const next = raw[i + 1] ?? '';
    i++;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) pieces.push({ literal: simple });
    else if (like && (next === '%' || next === '_')) pieces.push({ literal: next });
    else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 1, i + 5))) {
      pieces.push({ literal: String.fromCharCode(parseInt(raw.slice(i + 1, i + 5), 16)) });
      i += 4;
    } else {
      throw new SoqlError(
        'MALFORMED_QUERY',
        col,
        `Invalid string literal '${raw}'. Illegal character sequence '\\${next}' in string literal.`,
      );
    }
  }
  return pieces;
}

/** A string literal's value. @throws SoqlError for an invalid escape. */
export function decodeString(raw: string, col = 1): string {
  return decode(raw, col, false)
    .map((p) => ('literal' in p ? p.literal : p.wildcard))
    .join('');
}

/** A LIKE pattern as a case-insensitive, anchored RegExp. */
function likeRegExp(raw: string, col: number): RegExp {
  const source = decode(raw, col, true)
    .map((p) => {
      if ('wildcard' in p) return p.wildcard === '%' ? '[\\s\\S]*' : '[\\s\\S]';
      return p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, 'i');
}

// ---------------------------------------------------------------------------------------------
// Syntax tree

export type Literal =
  | { kind: 'string'; raw: string; col: number }
  | { kind: 'number'; value: number; col: number }
  | { kind: 'boolean'; value: boolean; col: number }
  | { kind: 'null'; col: number }
  | { kind: 'datetime'; text: string; col: number };

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; field: string; col: number; op: string; value: Literal }
  | { kind: 'in'; field: string; col: number; negated: boolean; values: Literal[] }
  | { kind: 'like'; field: string; col: number; pattern: { raw: string; col: number } };

export interface OrderItem {
  field: string;
  col: number;
  descending: boolean;
  nullsLast: boolean;
}

/** A parsed query. */
export interface SoqlQuery {
  fields: Array<{ path: string; col: number }>;
  object: { name: string; col: number };
  where: Condition | null;
  orderBy: OrderItem[];
  limit: number | null;
  offset: number | null;
}

class Parser {
  #i = 0;
  constructor(readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.#i]!;
  }
  next(): Token {
    const t = this.tokens[this.#i]!;
    if (t.kind !== 'eof') this.#i++;
    return t;
  }
  isKeyword(word: string, t: Token = this.peek()): boolean {
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }
  unexpected(t: Token = this.peek()): SoqlError {
    const text =
      t.kind === 'eof'
        ? '<EOF>'
        : t.kind === 'string'
          ? `'${t.raw}'`
          : t.kind === 'ident' || t.kind === 'number' || t.kind === 'datetime' || t.kind === 'op' || t.kind === 'punct'
            ? t.text
            : '?';
    return new SoqlError('MALFORMED_QUERY', t.col, `unexpected token: ${t.kind === 'string' ? text : `'${text}'`}`);
  }
  expectKeyword(word: string): Token {
    const t = this.next();
    if (!this.isKeyword(word, t)) throw this.unexpected(t);
    return t;
  }
  expectPunct(text: ',' | '(' | ')'): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) throw this.unexpected(t);
  }
  /** A field path or object name: an identifier that is not a reserved word. */
  name(): { text: string; col: number } {
    const t = this.next();
    if (t.kind !== 'ident' || KEYWORDS.has(t.text.toUpperCase())) throw this.unexpected(t);
    return { text: t.text, col: t.col };
  }

  query(): SoqlQuery {
    this.expectKeyword('SELECT');
    const fields = [this.name()];
    while (this.peek().kind === 'punct' && (this.peek() as { text: string }).text === ',') {
      this.next();
      fields.push(this.name());
    }
    this.expectKeyword('FROM');
    const object = this.name();
    let where: Condition | null = null;
    if (this.isKeyword('WHERE')) {
      this.next();
      where = this.condition();
    }
    const orderBy: OrderItem[] = [];
    if (this.isKeyword('ORDER')) {
      this.next();
      this.expectKeyword('BY');
      do {
        if (orderBy.length > 0) this.next();
        const field = this.name();
        let descending = false;
        if (this.isKeyword('ASC')) this.next();
        else if (this.isKeyword('DESC')) {
          this.next();
          descending = true;
        }
        let nullsLast = descending;
        if (this.isKeyword('NULLS')) {
          this.next();
          if (this.isKeyword('FIRST')) nullsLast = false;
          else if (this.isKeyword('LAST')) nullsLast = true;
          else throw this.unexpected();
          this.next();
        }
        orderBy.push({ field: field.text, col: field.col, descending, nullsLast });
      } while (this.peek().kind === 'punct' && (this.peek() as { text: string }).text === ',');
    }
    let limit: number | null = null;
    let offset: number | null = null;
    if (this.isKeyword('LIMIT')) {
      this.next();
      limit = this.integer();
    }
    if (this.isKeyword('OFFSET')) {
      this.next();
      offset = this.integer();
      if (offset > 2000) throw new SoqlError('MALFORMED_QUERY', this.peek().col, 'Maximum SOQL offset allowed is 2000');
    }
    if (this.peek().kind !== 'eof') throw this.unexpected();
    return {
      fields: fields.map((f) => ({ path: f.text, col: f.col })),
      object: { name: object.text, col: object.col },
      where,
      orderBy,
      limit,
      offset,
    };
  }

  integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw this.unexpected(t);
    return Number(t.text);
  }

  /** Conditions joined by AND or by OR (not both without parentheses). */
  condition(): Condition {
    const items = [this.unary()];
    let joiner: 'AND' | 'OR' | null = null;
    while (this.isKeyword('AND') || this.isKeyword('OR')) {
      const t = this.next() as { text: string; col: number };
      const word = t.text.toUpperCase() as 'AND' | 'OR';
      if (joiner !== null && joiner !== word) {
        throw new SoqlError('MALFORMED_QUERY', t.col, `unexpected token: '${t.text}'`);
      }
      joiner = word;
      items.push(this.unary());
    }
    if (joiner === null) return items[0]!;
    return { kind: joiner === 'AND' ? 'and' : 'or', items };
  }

  unary(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', item: this.unary() };
    }
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    return this.comparison();
  }

  comparison(): Condition {
    const field = this.name();
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return { kind: 'compare', field: field.text, col: field.col, op: t.text, value: this.literal() };
    }
    let negated = false;
    if (this.isKeyword('NOT')) {
      this.next();
      negated = true;
      if (!this.isKeyword('IN')) throw this.unexpected();
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expectPunct('(');
      const values = [this.literal()];
      while (this.peek().kind === 'punct' && (this.peek() as { text: string }).text === ',') {
        this.next();
        values.push(this.literal());
      }
      this.expectPunct(')');
      return { kind: 'in', field: field.text, col: field.col, negated, values };
    }
    if (this.isKeyword('LIKE')) {
      this.next();
      const p = this.next();
      if (p.kind !== 'string') throw this.unexpected(p);
      return { kind: 'like', field: field.text, col: field.col, pattern: { raw: p.raw, col: p.col } };
    }
    throw this.unexpected();
  }

  literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        decode(t.raw, t.col, false); // a bad escape is a syntax error wherever the literal is used
        return { kind: 'string', raw: t.raw, col: t.col };
      case 'number':
        return { kind: 'number', value: Number(t.text), col: t.col };
      case 'datetime':
        return { kind: 'datetime', text: t.text, col: t.col };
      case 'ident': {
        const word = t.text.toUpperCase();
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', col: t.col };
        if (word === 'NULL') return { kind: 'null', col: t.col };
        throw this.unexpected(t);
      }
      default:
        throw this.unexpected(t);
    }
  }
}

/** Parses one SOQL query. @throws SoqlError (MALFORMED_QUERY) with the column of the problem. */
export function parseSoql(soql: string): SoqlQuery {
  return new Parser(tokenize(soql)).query();
}

// ---------------------------------------------------------------------------------------------
// Running a query

/** A field path resolved against the schema: canonical segment names and the final field. */
interface ResolvedPath {
  segments: string[];
  field: SandboxField;
}

function resolvePath(object: SandboxObjectDef, path: string, col: number): ResolvedPath {
  const parts = path.split('.');
  const segments: string[] = [];
  let current = object;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const lookup = current.fields.find((f) => f.relationshipName?.toLowerCase() === part.toLowerCase());
    const target = lookup?.referenceTo?.[0] ? objectNamed(lookup.referenceTo[0]) : undefined;
    if (!lookup || !target) {
      throw new SoqlError(
        'INVALID_FIELD',
        col,
        `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    segments.push(lookup.relationshipName!);
    current = target;
  }
  const last = parts[parts.length - 1]!;
  const field = fieldNamed(current, last);
  if (!field) {
    throw new SoqlError(
      'INVALID_FIELD',
      col,
      `No such column '${last}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  segments.push(field.name);
  return { segments, field };
}

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);

/** A literal as the value compared against `field`, or throws the type error Salesforce gives. */
function literalFor(field: SandboxField, literal: Literal): FieldValue | number {
  if (literal.kind === 'null') return null;
  const typeError = (expected: string, quoted: boolean) =>
    new SoqlError(
      'MALFORMED_QUERY',
      literal.col,
      `value of filter criterion for field '${field.name}' must be of type ${expected} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
    );
  if (field.type === 'id' || field.type === 'reference') {
    if (literal.kind !== 'string') throw typeError('id', true);
    const value = decodeString(literal.raw, literal.col);
    if (!isSalesforceId(value) && !/^[a-zA-Z0-9]{15}$/.test(value)) {
      throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', literal.col, `invalid ID field: ${value}`);
    }
    return toId18(value.slice(0, 15));
  }
  if (field.type === 'boolean') {
    if (literal.kind !== 'boolean') throw typeError('boolean', false);
    return literal.value;
  }
  if (field.type === 'datetime') {
    if (literal.kind !== 'datetime') throw typeError('dateTime', false);
    return dateTimeMs(literal.text.length === 10 ? `${literal.text}T00:00:00Z` : literal.text);
  }
  if (literal.kind !== 'string') throw typeError('string', true);
  return decodeString(literal.raw, literal.col);
}

/** A stored value in the comparable form of its field type. */
function comparable(field: SandboxField, value: FieldValue): FieldValue | number {
  if (value === null) return null;
  if (field.type === 'datetime' && typeof value === 'string') return dateTimeMs(value);
  if ((field.type === 'id' || field.type === 'reference') && typeof value === 'string')
    return toId18(value.slice(0, 15));
  return value;
}

/** -1/0/1 for two non-null comparable values (text case-insensitive). */
function compareValues(a: FieldValue | number, b: FieldValue | number): number {
  const x = typeof a === 'string' ? a.toLowerCase() : a;
  const y = typeof b === 'string' ? b.toLowerCase() : b;
  if (x === y) return 0;
  return (x as string | number | boolean) < (y as string | number | boolean) ? -1 : 1;
}

interface Compiled {
  test: (record: SandboxRecord) => boolean;
  namesId: boolean;
}

function compile(condition: Condition, object: SandboxObjectDef, store: RecordStore): Compiled {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      const items = condition.items.map((c) => compile(c, object, store));
      const every = condition.kind === 'and';
      return {
        test: (r) => (every ? items.every((c) => c.test(r)) : items.some((c) => c.test(r))),
        namesId: items.some((c) => c.namesId),
      };
    }
    case 'not': {
      const inner = compile(condition.item, object, store);
      return { test: (r) => !inner.test(r), namesId: inner.namesId };
    }
    case 'like': {
      const path = resolvePath(object, condition.field, condition.col);
      if (!TEXT_TYPES.has(path.field.type) && path.field.type !== 'id') {
        throw new SoqlError('MALFORMED_QUERY', condition.col, `invalid operator on field ${path.field.name}: LIKE`);
      }
      const re = likeRegExp(condition.pattern.raw, condition.pattern.col);
      return {
        test: (r) => {
          const v = store.valueAt(r, path.segments);
          return typeof v === 'string' && re.test(v);
        },
        namesId: false,
      };
    }
    case 'in': {
      const path = resolvePath(object, condition.field, condition.col);
      const wanted = condition.values.map((v) => literalFor(path.field, v));
      return {
        test: (r) => {
          const v = comparable(path.field, store.valueAt(r, path.segments));
          const hit = wanted.some((w) => (w === null ? v === null : v !== null && compareValues(v, w) === 0));
          return condition.negated ? !hit : hit;
        },
        namesId: path.segments.length === 1 && path.segments[0] === 'Id' && !condition.negated,
      };
    }
    case 'compare': {
      const path = resolvePath(object, condition.field, condition.col);
      const wanted = literalFor(path.field, condition.value);
      const op = condition.op === '<>' ? '!=' : condition.op;
      if (wanted === null && op !== '=' && op !== '!=') {
        throw new SoqlError('MALFORMED_QUERY', condition.col, `invalid operator on null: ${condition.op}`);
      }
      return {
        test: (r) => {
          const v = comparable(path.field, store.valueAt(r, path.segments));
          if (wanted === null) return op === '=' ? v === null : v !== null;
          if (v === null) return op === '!=';
          const c = compareValues(v, wanted);
          switch (op) {
            case '=':
              return c === 0;
            case '!=':
              return c !== 0;
            case '<':
              return c < 0;
            case '<=':
              return c <= 0;
            case '>':
              return c > 0;
            default:
              return c >= 0;
          }
        },
        namesId: path.segments.length === 1 && path.segments[0] === 'Id' && op === '=',
      };
    }
  }
}

/** The JSON of one result row: `attributes`, then each selected path (relationships nested). */
function rowJson(
  record: SandboxRecord,
  paths: readonly ResolvedPath[],
  store: RecordStore,
  version: string,
): Record<string, unknown> {
  const attributes = (type: string, id: string) => ({ type, url: `/services/data/${version}/sobjects/${type}/${id}` });
  const row: Record<string, unknown> = { attributes: attributes(record.object, record.id) };
  for (const path of paths) {
    let target: Record<string, unknown> = row;
    let current: SandboxRecord | undefined = record;
    for (let i = 0; i < path.segments.length - 1 && current; i++) {
      const rel = path.segments[i]!;
      const def: SandboxObjectDef = SANDBOX_OBJECTS[current.object];
      const lookup = def.fields.find((f) => f.relationshipName === rel)!;
      const id: FieldValue = current.values[lookup.name] ?? null;
      const next: SandboxRecord | undefined = typeof id === 'string' ? store.get(id) : undefined;
      if (!next) {
        target[rel] = target[rel] ?? null;
        current = undefined;
        break;
      }
      const nested = (target[rel] as Record<string, unknown> | null | undefined) ?? {
        attributes: attributes(next.object, next.id),
      };
      target[rel] = nested;
      target = nested;
      current = next;
    }
    if (current) target[path.segments[path.segments.length - 1]!] = current.values[path.field.name] ?? null;
  }
  return row;
}

/** What the query resource answers. */
export interface QueryResult {
  totalSize: number;
  done: boolean;
  records: Record<string, unknown>[];
}

/**
 * Runs `soql` against `store`. `version` ("v62.0") goes into the rows' attribute URLs.
 * @throws SalesforceApiError 400 with Salesforce's error for a query it cannot run.
 */
export function runQuery(soql: string, store: RecordStore, version: string): QueryResult {
  try {
    const query = parseSoql(soql);
    const object = objectNamed(query.object.name);
    if (!object) {
      throw new SoqlError('INVALID_TYPE', query.object.col, `sObject type '${query.object.name}' is not supported.`);
    }
    const paths = query.fields.map((f) => resolvePath(object, f.path, f.col));
    const seen = new Set<string>();
    for (const [i, p] of paths.entries()) {
      const key = p.segments.join('.').toLowerCase();
      if (seen.has(key)) {
        throw new SoqlError(
          'MALFORMED_QUERY',
          query.fields[i]!.col,
          `duplicate field selected: ${p.segments.join('.')}`,
        );
      }
      seen.add(key);
    }
    const where = query.where ? compile(query.where, object, store) : null;
    const order = query.orderBy.map((o) => ({ ...o, path: resolvePath(object, o.field, o.col) }));
    let rows = store.list(object.name, where?.namesId ?? false).filter((r) => (where ? where.test(r) : true));
    if (order.length > 0) {
      rows = rows.sort((a, b) => {
        for (const o of order) {
          const x = comparable(o.path.field, store.valueAt(a, o.path.segments));
          const y = comparable(o.path.field, store.valueAt(b, o.path.segments));
          if (x === null || y === null) {
            if (x === y) continue;
            return (x === null ? -1 : 1) * (o.nullsLast ? -1 : 1);
          }
          const c = compareValues(x, y);
          if (c !== 0) return o.descending ? -c : c;
        }
        return 0;
      });
    }
    rows = rows.slice(query.offset ?? 0, query.limit === null ? undefined : (query.offset ?? 0) + query.limit);
    const records = rows.map((r) => rowJson(r, paths, store, version));
    return { totalSize: records.length, done: true, records };
  } catch (error) {
    if (error instanceof SoqlError) {
      throw new SalesforceApiError(400, [
        { message: soqlErrorText(soql, error.column, error.reason), errorCode: error.code },
      ]);
    }
    throw error;
  }
}
