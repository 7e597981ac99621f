/**
 * `POST /crm/v3/objects/contacts/search` as HubSpot documents it
 * (https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm):
 *
 * - body `{filterGroups?: [{filters: [{propertyName, operator, value?, values?, highValue?}]}],
 *   sorts?, query?, properties?, limit?, after?}`; filter groups are OR-ed, the filters inside a
 *   group AND-ed;
 * - operators EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY,
 *   CONTAINS_TOKEN, NOT_CONTAINS_TOKEN (string comparisons are case-insensitive, so EQ on `email`
 *   matches whatever case the caller sends; CONTAINS_TOKEN takes `*` wildcards);
 * - at most {@link SEARCH_LIMITS}: 5 filter groups, 6 filters per group, 18 filters in all. HubSpot's
 *   search guide states these limits; its 2024 changelog
 *   (https://developers.hubspot.com/changelog/breaking-change-expanded-filtering-capabilities-and-error-messaging-in-hubspots-search-api)
 *   raised them for some accounts (10 per group, 25 in all). The sandbox enforces the stricter set so
 *   code tested against it works on every portal;
 * - `limit` 1–200 (default 10), `after` is the paging cursor from `paging.next.after`, one sort at
 *   most; archived records are never returned;
 * - response `{total, results: [{id, properties, createdAt, updatedAt, archived}], paging?}`.
 */
import { z } from 'zod';
import { validationError } from './errors.ts';
import type { SandboxProperty } from './properties.ts';
import type { ContactJson, ContactStore, SandboxContact } from './store.ts';

/** HubSpot's search limits as the sandbox enforces them. */
export const SEARCH_LIMITS = {
  filterGroups: 5,
  filtersPerGroup: 6,
  filtersTotal: 18,
  maxLimit: 200,
  defaultLimit: 10,
  /** Paging stops at 10,000 results. */
  maxResults: 10_000,
} as const;

export const SEARCH_OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const Filter = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(SEARCH_OPERATORS),
  value: Scalar.optional(),
  highValue: Scalar.optional(),
  values: z.array(Scalar).optional(),
});
type Filter = z.infer<typeof Filter>;

const Sort = z.union([
  z.string().min(1),
  z.object({
    propertyName: z.string().min(1),
    direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING'),
  }),
]);

/** The search request body. */
export const SearchRequest = z.object({
  filterGroups: z.array(z.object({ filters: z.array(Filter) })).default([]),
  sorts: z.array(Sort).default([]),
  query: z.string().optional(),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().optional(),
  after: z.union([z.string(), z.number()]).transform(String).optional(),
});
export type SearchRequest = z.infer<typeof SearchRequest>;

/** The search response body. */
export interface SearchResponse {
  total: number;
  results: ContactJson[];
  paging?: { next: { after: string } };
}

/** Checks HubSpot's structural limits and each filter's operands; throws 400 VALIDATION_ERROR. */
function checkRequest(req: SearchRequest, properties: ReadonlyMap<string, SandboxProperty>): void {
  const groups = req.filterGroups;
  if (groups.length > SEARCH_LIMITS.filterGroups) {
    throw validationError(
      `Too many filter groups: ${groups.length}. The maximum number of filter groups is ${SEARCH_LIMITS.filterGroups}.`,
    );
  }
  let total = 0;
  for (const [i, group] of groups.entries()) {
    if (group.filters.length === 0) throw validationError(`filterGroups[${i}] must contain at least one filter.`);
    if (group.filters.length > SEARCH_LIMITS.filtersPerGroup) {
      throw validationError(
        `Too many filters in filterGroups[${i}]: ${group.filters.length}. The maximum number of filters per group is ${SEARCH_LIMITS.filtersPerGroup}.`,
      );
    }
    total += group.filters.length;
    for (const f of group.filters) checkFilter(f, properties);
  }
  if (total > SEARCH_LIMITS.filtersTotal) {
    throw validationError(
      `Too many filters: ${total}. The maximum number of filters across all groups is ${SEARCH_LIMITS.filtersTotal}.`,
    );
  }
  if (req.sorts.length > 1) throw validationError('Only one sort is allowed per search request.');
  const limit = req.limit ?? SEARCH_LIMITS.defaultLimit;
  if (limit < 1 || limit > SEARCH_LIMITS.maxLimit) {
    throw validationError(`limit must be between 1 and ${SEARCH_LIMITS.maxLimit}; got ${limit}.`);
  }
  if (req.after !== undefined && !/^\d+$/.test(req.after)) {
    throw validationError(`after must be a paging cursor from a previous response; got ${JSON.stringify(req.after)}.`);
  }
}

function checkFilter(f: Filter, properties: ReadonlyMap<string, SandboxProperty>): void {
  if (!properties.has(f.propertyName)) {
    throw validationError(`Unable to filter on property "${f.propertyName}": it does not exist.`, [
      {
        message: `Property "${f.propertyName}" does not exist`,
        code: 'PROPERTY_DOESNT_EXIST',
        context: { propertyName: [f.propertyName] },
      },
    ]);
  }
  const needs = (what: string) =>
    validationError(`Operator ${f.operator} on "${f.propertyName}" requires ${what}.`, [
      { message: `Operator ${f.operator} requires ${what}`, code: 'INVALID_FILTER', in: 'filterGroups' },
    ]);
  switch (f.operator) {
    case 'IN':
    case 'NOT_IN':
      if (!f.values || f.values.length === 0) throw needs('a non-empty "values" array');
      break;
    case 'BETWEEN':
      if (f.value === undefined || f.highValue === undefined) throw needs('"value" and "highValue"');
      break;
    case 'HAS_PROPERTY':
    case 'NOT_HAS_PROPERTY':
      break;
    default:
      if (f.value === undefined) throw needs('a "value"');
  }
}

/** A comparable form of a value: numbers and datetimes as numbers, strings lower-cased. */
function comparable(value: string, def: SandboxProperty | undefined): number | string {
  if (def?.type === 'number') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value.toLowerCase();
  }
  if (def?.type === 'datetime') {
    if (/^\d+$/.test(value)) return Number(value);
    const t = Date.parse(value);
    return Number.isNaN(t) ? value.toLowerCase() : t;
  }
  return value.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

const TOKEN_SPLIT = /[^\p{L}\p{N}]+/u;

function tokens(value: string): string[] {
  return value.toLowerCase().split(TOKEN_SPLIT).filter(Boolean);
}

/** CONTAINS_TOKEN: every token of `needle` is a token of `value`; `*` is a wildcard against tokens and the whole value. */
function containsToken(value: string, needle: string): boolean {
  if (needle.includes('*')) {
    const source = needle
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    const re = new RegExp(`^${source}$`, 'u');
    const lower = value.toLowerCase();
    return re.test(lower) || lower.split(/\s+/).some((t) => re.test(t)) || tokens(value).some((t) => re.test(t));
  }
  const have = new Set(tokens(value));
  const want = tokens(needle);
  return want.length > 0 && want.every((t) => have.has(t));
}

function matchesFilter(contact: SandboxContact, f: Filter, def: SandboxProperty | undefined): boolean {
  const raw = contact.properties[f.propertyName];
  const has = raw !== undefined && raw !== '';
  const eq = (v: string) => has && compare(comparable(raw, def), comparable(v, def)) === 0;
  switch (f.operator) {
    case 'EQ':
      return eq(f.value ?? '');
    case 'NEQ':
      return !eq(f.value ?? '');
    case 'LT':
      return has && compare(comparable(raw, def), comparable(f.value ?? '', def)) < 0;
    case 'LTE':
      return has && compare(comparable(raw, def), comparable(f.value ?? '', def)) <= 0;
    case 'GT':
      return has && compare(comparable(raw, def), comparable(f.value ?? '', def)) > 0;
    case 'GTE':
      return has && compare(comparable(raw, def), comparable(f.value ?? '', def)) >= 0;
    case 'BETWEEN':
      return (
        has &&
        compare(comparable(raw, def), comparable(f.value ?? '', def)) >= 0 &&
        compare(comparable(raw, def), comparable(f.highValue ?? '', def)) <= 0
      );
    case 'IN':
      return (f.values ?? []).some(eq);
    case 'NOT_IN':
      return !(f.values ?? []).some(eq);
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'CONTAINS_TOKEN':
      return has && containsToken(raw, f.value ?? '');
    case 'NOT_CONTAINS_TOKEN':
      return !(has && containsToken(raw, f.value ?? ''));
  }
}

/** Properties the free-text `query` looks in (HubSpot searches a contact's default text properties). */
const QUERY_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'phone',
  'company',
  'hs_searchable_calculated_phone_number',
];

function matchesQuery(contact: SandboxContact, query: string): boolean {
  const words = tokens(query);
  if (words.length === 0) return true;
  const have = QUERY_PROPERTIES.flatMap((name) => tokens(contact.properties[name] ?? ''));
  return words.every((w) => have.some((t) => t.startsWith(w)));
}

/**
 * Runs a search request (already parsed with {@link SearchRequest}) against the store. Contacts in
 * `hidden` are left out, as HubSpot's search index leaves out a contact created moments ago.
 * Throws HubSpotApiError 400 for requests HubSpot would refuse.
 */
export function searchContacts(
  store: ContactStore,
  req: SearchRequest,
  hidden: ReadonlySet<string> = new Set(),
): SearchResponse {
  const defs = store.properties;
  checkRequest(req, defs);
  let matches = store
    .list()
    .filter((c) => !hidden.has(c.id))
    .filter(
      (c) =>
        (req.filterGroups.length === 0 ||
          req.filterGroups.some((g) => g.filters.every((f) => matchesFilter(c, f, defs.get(f.propertyName))))) &&
        (req.query === undefined || matchesQuery(c, req.query)),
    );

  const sort = req.sorts[0];
  if (sort !== undefined) {
    const { propertyName, direction } =
      typeof sort === 'string'
        ? sort.startsWith('-')
          ? { propertyName: sort.slice(1), direction: 'DESCENDING' as const }
          : { propertyName: sort, direction: 'ASCENDING' as const }
        : sort;
    const def = defs.get(propertyName);
    const sign = direction === 'DESCENDING' ? -1 : 1;
    matches = [...matches].sort((a, b) => {
      const va = a.properties[propertyName];
      const vb = b.properties[propertyName];
      if (va === undefined || vb === undefined) {
        // Blank values sort last whichever the direction; ties keep id order.
        return va === vb ? Number(a.id) - Number(b.id) : va === undefined ? 1 : -1;
      }
      return sign * compare(comparable(va, def), comparable(vb, def)) || Number(a.id) - Number(b.id);
    });
  }

  const total = matches.length;
  const limit = req.limit ?? SEARCH_LIMITS.defaultLimit;
  const offset = req.after === undefined ? 0 : Number(req.after);
  if (offset >= SEARCH_LIMITS.maxResults) {
    throw validationError(`Search results are limited to ${SEARCH_LIMITS.maxResults} records; narrow the filters.`);
  }
  const page = matches.slice(offset, offset + limit);
  const next = offset + limit;
  return {
    total,
    results: page.map((c) => store.toJson(c, req.properties ?? null)),
    ...(next < total && next < SEARCH_LIMITS.maxResults ? { paging: { next: { after: String(next) } } } : {}),
  };
}
