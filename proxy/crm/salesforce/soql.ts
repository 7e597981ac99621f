/**
 * Building SOQL safely. Every value from a helpdesk (an email, a phone number, an id) goes into a
 * query only through {@link soqlString}, which escapes it per Salesforce's rules, and every field
 * name through {@link soqlField}, which accepts API names only — so a quote or a backslash in an
 * email can neither break a query nor change what it asks.
 *
 * SOQL string literals are single-quoted; the escape character is the backslash: `\'`, `\"`, `\\`,
 * `\n`, `\r`, `\t`, `\b`, `\f` and `\uXXXX`; a backslash before anything else is an error
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_reservedcharacters.htm).
 */
import { CrmError } from '../types.ts';

/** An API name (`Email`, `TimeZone__c`, `ns__Field__c`) or a relationship path of them (`Account.Name`). */
const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*){0,4}$/;

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * A SOQL string literal for `value`, quotes included: `o'brien@example.com` → `'o\'brien@example.com'`.
 * Backslashes, quotes and control characters are escaped; other control characters (U+0000–U+001F,
 * U+007F) become `\uXXXX`.
 */
export function soqlString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const escaped = ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else {
      const code = ch.codePointAt(0)!;
      out += code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
    }
  }
  return `${out}'`;
}

/** True when `name` is usable as a field (or relationship path) in SOQL and in REST bodies. */
export function isSoqlField(name: string): boolean {
  return FIELD_PATH.test(name);
}

/**
 * `name` when it is a Salesforce API name or relationship path (letters, digits, underscores, dots);
 * otherwise throws, so a mapping typo like `"Mailing City"` never reaches a query.
 * @throws CrmError `invalid_field` naming the field.
 */
export function soqlField(name: string): string {
  if (!isSoqlField(name)) {
    throw new CrmError('invalid_field', `"${name}" is not a Salesforce field API name`, {
      provider: 'salesforce',
      field: name,
      vendorCode: 'INVALID_FIELD',
    });
  }
  return name;
}

/** `(value1, value2, …)` for an IN clause, each value a string literal. */
export function soqlList(values: readonly string[]): string {
  return `(${values.map(soqlString).join(', ')})`;
}

export interface SelectQuery {
  fields: readonly string[];
  from: string;
  /** A condition built with {@link soqlString}/{@link soqlField}; omitted for none. */
  where?: string;
  orderBy?: string;
  limit?: number;
}

/**
 * `SELECT f1, f2 FROM Object [WHERE …] [ORDER BY …] [LIMIT n]`; every field checked with {@link soqlField}.
 * @throws CrmError `invalid_field` for a field that is not an API name.
 */
export function selectQuery(query: SelectQuery): string {
  const parts = [`SELECT ${query.fields.map(soqlField).join(', ')} FROM ${soqlField(query.from)}`];
  if (query.where) parts.push(`WHERE ${query.where}`);
  if (query.orderBy) parts.push(`ORDER BY ${query.orderBy}`);
  if (query.limit !== undefined) parts.push(`LIMIT ${Math.max(1, Math.trunc(query.limit))}`);
  return parts.join(' ');
}
