/**
 * A small OData v4 `$filter` parser and evaluator: the subset of the Dataverse Web API's filter
 * language the sandbox serves (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/filter-rows):
 *
 * - comparison operators `eq`, `ne`, `gt`, `ge`, `lt`, `le`;
 * - logical `and`, `or`, `not`, and parentheses (`not` binds tighter than `and`, `and` tighter
 *   than `or`, as OData defines);
 * - string functions `contains(prop,'x')`, `startswith(prop,'x')`, `endswith(prop,'x')`;
 * - literals: strings in single quotes with `''` for a quote, `null`, `true`, `false`, numbers,
 *   and GUIDs (unquoted, as OData writes them: `contactid eq 6f3c…`);
 * - property paths: `emailaddress1`, `_parentcustomerid_value`, and one navigation hop such as
 *   `parentcustomerid_account/name`.
 *
 * Like Dataverse (which runs on SQL Server with a case-insensitive collation), string comparison
 * and the string functions ignore case. Property names are case-sensitive and checked against the
 * entity's attributes by the caller (`resolve`), which answers Dataverse's "Could not find a
 * property named …" error for an unknown one.
 */

/** A literal value in a filter. */
export type FilterLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'guid'; value: string }
  | { kind: 'null' };

/** A parsed `$filter` expression. */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: CompareOp; path: string[]; literal: FilterLiteral }
  | { kind: 'function'; name: StringFunction; path: string[]; literal: FilterLiteral };

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFunction = 'contains' | 'startswith' | 'endswith';

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const STRING_FUNCTIONS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith']);
const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A syntax error in a `$filter`; `position` is the 0-based index in the filter text. */
export class FilterSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'FilterSyntaxError';
    this.position = position;
  }
}

type Token =
  | { type: 'ident'; text: string; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'guid'; value: string; at: number }
  | { type: 'lparen' | 'rparen' | 'comma' | 'slash'; at: number }
  | { type: 'end'; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === '(' || ch === ')' || ch === ',' || ch === '/') {
      tokens.push({ type: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : ch === ',' ? 'comma' : 'slash', at });
      i++;
      continue;
    }
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError(`Unterminated string literal at position ${at}`, at);
        const c = text[i]!;
        if (c === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
      tokens.push({ type: 'string', value, at });
      continue;
    }
    // A GUID literal starts like a number or an identifier; try it first.
    const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/.exec(text.slice(i));
    if (guid && !/[\w-]/.test(text[i + guid[0].length] ?? '')) {
      tokens.push({ type: 'guid', value: guid[0].toLowerCase(), at });
      i += guid[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (number && (ch !== '-' || /\d/.test(text[i + 1] ?? ''))) {
      tokens.push({ type: 'number', value: Number(number[0]), at });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][\w.]*/.exec(text.slice(i));
    if (ident) {
      tokens.push({ type: 'ident', text: ident[0], at });
      i += ident[0].length;
      continue;
    }
    throw new FilterSyntaxError(`Syntax error: character '${ch}' is not valid at position ${at}`, at);
  }
  tokens.push({ type: 'end', at: text.length });
  return tokens;
}

class Parser {
  #i = 0;
  constructor(
    readonly tokens: Token[],
    readonly text: string,
  ) {}

  #peek(): Token {
    return this.tokens[this.#i]!;
  }
  #next(): Token {
    return this.tokens[this.#i++]!;
  }
  #isKeyword(word: string): boolean {
    const t = this.#peek();
    return t.type === 'ident' && t.text === word;
  }
  #fail(message: string, at = this.#peek().at): never {
    throw new FilterSyntaxError(`${message} at position ${at} in '${this.text}'.`, at);
  }

  parse(): FilterNode {
    const node = this.#or();
    if (this.#peek().type !== 'end') this.#fail('Syntax error: unexpected token');
    return node;
  }

  #or(): FilterNode {
    let left = this.#and();
    while (this.#isKeyword('or')) {
      this.#next();
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): FilterNode {
    let left = this.#unary();
    while (this.#isKeyword('and')) {
      this.#next();
      left = { kind: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): FilterNode {
    if (this.#isKeyword('not')) {
      this.#next();
      return { kind: 'not', operand: this.#unary() };
    }
    return this.#primary();
  }

  #primary(): FilterNode {
    const t = this.#peek();
    if (t.type === 'lparen') {
      this.#next();
      const inner = this.#or();
      if (this.#next().type !== 'rparen') this.#fail("Syntax error: ')' expected", t.at);
      return inner;
    }
    if (t.type !== 'ident') this.#fail('Syntax error: a property or function was expected');
    const after = this.tokens[this.#i + 1];
    if (after?.type === 'lparen') return this.#function();
    const path = this.#path();
    const op = this.#next();
    if (op.type !== 'ident' || !COMPARE_OPS.has(op.text)) {
      this.#fail('Syntax error: a comparison operator (eq, ne, gt, ge, lt, le) was expected', op.at);
    }
    return { kind: 'compare', op: op.text as CompareOp, path, literal: this.#literal() };
  }

  #function(): FilterNode {
    const name = this.#next() as Extract<Token, { type: 'ident' }>;
    if (!STRING_FUNCTIONS.has(name.text)) {
      throw new FilterSyntaxError(
        `An unknown function with name '${name.text}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
        name.at,
      );
    }
    this.#next(); // (
    const path = this.#path();
    if (this.#next().type !== 'comma') this.#fail("Syntax error: ',' expected", name.at);
    const literal = this.#literal();
    if (literal.kind !== 'string') this.#fail(`The function '${name.text}' takes a string literal`, name.at);
    if (this.#next().type !== 'rparen') this.#fail("Syntax error: ')' expected", name.at);
    return { kind: 'function', name: name.text as StringFunction, path, literal };
  }

  #path(): string[] {
    const first = this.#next();
    if (first.type !== 'ident') this.#fail('Syntax error: a property name was expected', first.at);
    const path = [first.text];
    while (this.#peek().type === 'slash') {
      this.#next();
      const part = this.#next();
      if (part.type !== 'ident') this.#fail('Syntax error: a property name was expected', part.at);
      path.push(part.text);
    }
    return path;
  }

  #literal(): FilterLiteral {
    const t = this.#next();
    switch (t.type) {
      case 'string':
        return { kind: 'string', value: t.value };
      case 'number':
        return { kind: 'number', value: t.value };
      case 'guid':
        return { kind: 'guid', value: t.value };
      case 'ident':
        if (t.text === 'null') return { kind: 'null' };
        if (t.text === 'true' || t.text === 'false') return { kind: 'boolean', value: t.text === 'true' };
        return this.#fail('Syntax error: a literal value was expected', t.at);
      default:
        return this.#fail('Syntax error: a literal value was expected', t.at);
    }
  }
}

/**
 * Parses a `$filter` value.
 * @throws FilterSyntaxError with OData's wording and the position of the problem.
 */
export function parseFilter(text: string): FilterNode {
  if (text.trim() === '') throw new FilterSyntaxError(`Syntax error: the $filter is empty.`, 0);
  return new Parser(tokenize(text), text).parse();
}

/** Every property path the filter names, in order of appearance (for checking them up front). */
export function filterPaths(node: FilterNode): string[][] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...filterPaths(node.left), ...filterPaths(node.right)];
    case 'not':
      return filterPaths(node.operand);
    default:
      return [node.path];
  }
}

/** A value as the sandbox stores it: strings, numbers, booleans, or null for blank. */
export type StoredValue = string | number | boolean | null;

/** Reads the value a property path names on one row (undefined only when the path is unknown). */
export type PathResolver = (path: readonly string[]) => StoredValue | undefined;

function literalValue(literal: FilterLiteral): StoredValue {
  switch (literal.kind) {
    case 'null':
      return null;
    case 'string':
    case 'guid':
      return literal.value;
    default:
      return literal.value;
  }
}

/** -1/0/1 comparing a stored value with a literal; strings fold case. null when incomparable. */
function compare(value: StoredValue, literal: FilterLiteral): number | null {
  const other = literalValue(literal);
  if (value === null || value === '' || other === null) {
    const blankA = value === null || value === '';
    const blankB = other === null;
    return blankA && blankB ? 0 : null;
  }
  if (typeof value === 'number' && typeof other === 'number') return Math.sign(value - other);
  if (typeof value === 'boolean' && typeof other === 'boolean') return value === other ? 0 : null;
  const a = String(value).toLowerCase();
  const b = String(other).toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Evaluates `node` against one row, reading values through `resolve`. A comparison with null is
 * true only for `eq null` on a blank value (and `ne null` on a non-blank one), as in SQL-backed
 * OData services.
 */
export function evaluateFilter(node: FilterNode, resolve: PathResolver): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, resolve) && evaluateFilter(node.right, resolve);
    case 'or':
      return evaluateFilter(node.left, resolve) || evaluateFilter(node.right, resolve);
    case 'not':
      return !evaluateFilter(node.operand, resolve);
    case 'function': {
      const value = resolve(node.path);
      if (value === null || value === undefined) return false;
      const haystack = String(value).toLowerCase();
      const needle = String(literalValue(node.literal) ?? '').toLowerCase();
      if (node.name === 'contains') return haystack.includes(needle);
      if (node.name === 'startswith') return haystack.startsWith(needle);
      return haystack.endsWith(needle);
    }
    case 'compare': {
      const value = resolve(node.path) ?? null;
      const order = compare(value, node.literal);
      switch (node.op) {
        case 'eq':
          return order === 0;
        case 'ne':
          return order !== 0;
        case 'gt':
          return order !== null && order > 0 && node.literal.kind !== 'null';
        case 'ge':
          return order !== null && order >= 0 && node.literal.kind !== 'null';
        case 'lt':
          return order !== null && order < 0 && node.literal.kind !== 'null';
        case 'le':
          return order !== null && order <= 0 && node.literal.kind !== 'null';
      }
    }
  }
}

/** Whether `value` is a GUID in the 8-4-4-4-12 form. */
export function isGuid(value: string): boolean {
  return GUID_RE.test(value);
}
