/**
 * OData query options on the sandbox's entity sets, as the Dataverse Web API reads them
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/overview):
 * `$select` (columns; the primary key and `@odata.etag` always come back), `$filter` (./filter.ts),
 * `$expand` of a single-valued navigation property with a nested `$select`
 * (`parentcustomerid_account($select=name)`), `$orderby` (`modifiedon desc,fullname`) and `$top`.
 * Every property name is checked: an unknown one answers Dataverse's
 * "Could not find a property named '…' on type 'Microsoft.Dynamics.CRM.…'." (HTTP 400).
 */
import { propertyNotFound, querySyntaxError } from './errors.ts';
import { evaluateFilter, type FilterNode, FilterSyntaxError, filterPaths, parseFilter } from './filter.ts';
import { ENTITIES, type EntityDefinition } from './metadata.ts';
import { type DataverseStore, type Row, webProperties } from './store.ts';

/** One `$expand` item: the navigation property and its nested `$select` (null: every column). */
export interface ExpandItem {
  navigation: string;
  select: string[] | null;
}

/** The parsed query options of one request. */
export interface QueryOptions {
  select: string[] | null;
  expand: ExpandItem[];
  filter: FilterNode | null;
  orderby: { property: string; descending: boolean }[];
  top: number | null;
}

/** Splits on commas that are not inside parentheses or quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Checks `$select` names against the table; returns them (null when absent). */
export function parseSelect(entity: EntityDefinition, text: string | undefined): string[] | null {
  if (text === undefined || text.trim() === '') return null;
  const known = new Set(webProperties(entity));
  const names = splitTopLevel(text);
  for (const name of names) if (!known.has(name)) throw propertyNotFound(name, entity.logicalName);
  return names;
}

/** Parses `$expand` (single-valued navigation properties, nested `$select` only). */
export function parseExpand(entity: EntityDefinition, text: string | undefined): ExpandItem[] {
  if (text === undefined || text.trim() === '') return [];
  return splitTopLevel(text).map((item) => {
    const match = /^([A-Za-z_]\w*)(?:\((.*)\))?$/s.exec(item);
    if (!match) throw querySyntaxError(`Syntax error in $expand: '${item}'.`);
    const navigation = match[1]!;
    const nav = entity.navigation.find((n) => n.name === navigation);
    if (!nav) throw propertyNotFound(navigation, entity.logicalName);
    let select: string[] | null = null;
    for (const option of (match[2] ?? '')
      .split(';')
      .map((o) => o.trim())
      .filter(Boolean)) {
      const [key, value] = [option.slice(0, option.indexOf('=')), option.slice(option.indexOf('=') + 1)];
      if (key !== '$select' || !option.includes('=')) {
        throw querySyntaxError(`The query option '${key || option}' is not supported inside $expand by this sandbox.`);
      }
      select = parseSelect(ENTITIES[nav.target], value);
    }
    return { navigation, select };
  });
}

/** Parses `$filter` and checks every property path against the table (and the expanded table). */
export function parseFilterOption(entity: EntityDefinition, text: string | undefined): FilterNode | null {
  if (text === undefined) return null;
  let node: FilterNode;
  try {
    node = parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw querySyntaxError(error.message);
    throw error;
  }
  const known = new Set(webProperties(entity));
  for (const path of filterPaths(node)) {
    const [head, ...rest] = path;
    if (rest.length === 0) {
      if (!known.has(head!)) throw propertyNotFound(head!, entity.logicalName);
      continue;
    }
    const nav = entity.navigation.find((n) => n.name === head);
    if (!nav) throw propertyNotFound(head!, entity.logicalName);
    const target = ENTITIES[nav.target];
    if (rest.length > 1 || !new Set(webProperties(target)).has(rest[0]!)) {
      throw propertyNotFound(rest.join('/'), target.logicalName);
    }
  }
  return node;
}

/** Parses `$orderby` (`prop [asc|desc]`, comma-separated). */
export function parseOrderby(entity: EntityDefinition, text: string | undefined): QueryOptions['orderby'] {
  if (text === undefined || text.trim() === '') return [];
  const known = new Set(webProperties(entity));
  return splitTopLevel(text).map((part) => {
    const [property, direction, ...extra] = part.split(/\s+/);
    if (!property || extra.length > 0 || (direction && direction !== 'asc' && direction !== 'desc')) {
      throw querySyntaxError(`Syntax error in $orderby: '${part}'.`);
    }
    if (!known.has(property)) throw propertyNotFound(property, entity.logicalName);
    return { property, descending: direction === 'desc' };
  });
}

/** Parses `$top` (a non-negative integer). */
export function parseTop(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text.trim()))
    throw querySyntaxError(`Invalid value '${text}' for $top: a non-negative integer is expected.`);
  return Number(text.trim());
}

/** All query options of a request, validated against `entity`. */
export function parseQueryOptions(entity: EntityDefinition, params: URLSearchParams): QueryOptions {
  const one = (name: string) => params.get(name) ?? undefined;
  return {
    select: parseSelect(entity, one('$select')),
    expand: parseExpand(entity, one('$expand')),
    filter: parseFilterOption(entity, one('$filter')),
    orderby: parseOrderby(entity, one('$orderby')),
    top: parseTop(one('$top')),
  };
}

/** Runs a query over the visible rows of `entity`. */
export function runQuery(store: DataverseStore, entity: EntityDefinition, options: QueryOptions): Row[] {
  let rows = store.list(entity.logicalName);
  const filter = options.filter;
  if (filter) {
    rows = rows.filter((row) =>
      evaluateFilter(filter, (path) => {
        if (path.length === 1) return store.property(row, path[0]!);
        const target = store.navigate(row, path[0]!);
        if (target === undefined) return undefined;
        return target === null ? null : store.property(target, path[1]!);
      }),
    );
  }
  if (options.orderby.length > 0) {
    rows.sort((a, b) => {
      for (const { property, descending } of options.orderby) {
        const x = store.property(a, property) ?? null;
        const y = store.property(b, property) ?? null;
        if (x === y) continue;
        if (x === null) return descending ? 1 : -1;
        if (y === null) return descending ? -1 : 1;
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        if (order !== 0) return descending ? -order : order;
      }
      return 0;
    });
  }
  return options.top === null ? rows : rows.slice(0, options.top);
}

/**
 * One row as the Web API returns it: `@odata.etag`, the selected properties (every property when
 * no `$select`), expanded navigation properties (an object, or null when the lookup is empty), and
 * the primary key.
 */
export function rowJson(
  store: DataverseStore,
  row: Row,
  select: readonly string[] | null,
  expand: readonly ExpandItem[] = [],
): Record<string, unknown> {
  const entity = ENTITIES[row.entity];
  const json: Record<string, unknown> = { '@odata.etag': `W/"${row.version}"` };
  for (const name of select ?? webProperties(entity)) json[name] = store.property(row, name) ?? null;
  for (const item of expand) {
    const target = store.navigate(row, item.navigation);
    json[item.navigation] = target ? rowJson(store, target, item.select) : null;
  }
  json[entity.primaryIdAttribute] = row.id;
  return json;
}

/** The `@odata.context` of a collection answer, e.g. `<base>$metadata#contacts(firstname,lastname)`. */
export function collectionContext(
  serviceRoot: string,
  entity: EntityDefinition,
  select: readonly string[] | null,
): string {
  return `${serviceRoot}$metadata#${entity.entitySetName}${select ? `(${select.join(',')})` : ''}`;
}
