/**
 * The sandbox's rows: Dataverse's semantics for the `contact`, `lead` and `account` tables, in memory.
 *
 * - Values are strings (String/Memo), integers (Picklist/State) or null; an empty string is stored
 *   as null, as Dataverse stores it. `fullname` is derived from first and last name.
 * - `createdon`, `modifiedon` and the row version (the `@odata.etag`) are maintained by the store;
 *   every update moves `modifiedon`, as in Dataverse.
 * - Writes are validated as the Web API validates them: an unknown property → 0x80060888, a value of
 *   the wrong type → 0x80048d19, a string over the column's MaxLength → 0x80044331, a column not
 *   valid for create/update or an unknown option value → 0x80040203.
 * - Contacts point at their company through the `parentcustomerid` lookup (set with
 *   `parentcustomerid_account@odata.bind`), read as `_parentcustomerid_value` or by expanding
 *   `parentcustomerid_account`
 *   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api).
 * - Duplicate detection: {@link DUPLICATE_RULES} apply when a write asks for it
 *   (`MSCRM.SuppressDuplicateDetection: false`), and to `RetrieveDuplicates`.
 * - A row may be hidden from queries (`hideFromSearch`, as a lagging index would) while duplicate
 *   detection and reads by id still see it.
 */
import { randomUUID } from 'node:crypto';
import {
  duplicateDetected,
  invalidArgument,
  lengthExceeded,
  payloadError,
  recordNotFound,
  undeclaredProperty,
} from './errors.ts';
import { type StoredValue } from './filter.ts';
import {
  ACCOUNT,
  type AttributeDefinition,
  attributeOf,
  ENTITIES,
  type EntityDefinition,
  lookupValueProperty,
} from './metadata.ts';
import type { DynamicsSeedRow } from './seed.ts';

export type EntityName = EntityDefinition['logicalName'];

/** A lookup's value: the table and id it points at. */
export interface LookupValue {
  entity: EntityName;
  id: string;
}

/** One row as the store keeps it. `values` holds column values by logical name (no lookups, no system columns). */
export interface Row {
  entity: EntityName;
  id: string;
  values: Record<string, StoredValue>;
  lookups: Record<string, LookupValue | null>;
  createdon: string;
  modifiedon: string;
  version: number;
  hidden: boolean;
}

/**
 * One published duplicate detection rule: a base-table row is a duplicate of a matching-table row
 * when their `attribute` values are equal, ignoring case (blank never matches). These mirror
 * Dataverse's default rules "Contacts with the same e-mail address", "Leads with the same e-mail
 * address" and the cross-table lead/contact e-mail rules
 * (https://learn.microsoft.com/en-us/power-platform/admin/set-up-duplicate-detection-rules-keep-data-clean).
 */
export interface DuplicateRule {
  base: EntityName;
  matching: EntityName;
  attribute: string;
}

export const DUPLICATE_RULES: readonly DuplicateRule[] = [
  { base: 'contact', matching: 'contact', attribute: 'emailaddress1' },
  { base: 'lead', matching: 'lead', attribute: 'emailaddress1' },
  { base: 'lead', matching: 'contact', attribute: 'emailaddress1' },
  { base: 'contact', matching: 'lead', attribute: 'emailaddress1' },
];

/** Dataverse's timestamp format: ISO 8601 UTC without milliseconds. */
export function dataverseTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function copy(row: Row): Row {
  return { ...row, values: { ...row.values }, lookups: { ...row.lookups } };
}

const SYSTEM_COLUMNS = new Set(['createdon', 'modifiedon']);

/** The Web API properties of a table: columns (lookups as `_x_value`), without the navigation properties. */
export function webProperties(entity: EntityDefinition): string[] {
  return entity.attributes.map((a) =>
    a.type === 'Customer' || a.type === 'Lookup' ? lookupValueProperty(a.logicalName) : a.logicalName,
  );
}

/** How a write should be checked. */
export interface WriteOptions {
  /** Run the duplicate detection rules (`MSCRM.SuppressDuplicateDetection: false`). */
  detectDuplicates: boolean;
}

/** In-memory rows with Dataverse's write rules. All returned rows are copies. */
export class DataverseStore {
  readonly #rows = new Map<string, Row>();
  readonly #clock: () => Date;
  readonly #newId: () => string;
  #version = 1_000_000;

  constructor(clock: () => Date, newId: () => string = randomUUID) {
    this.#clock = clock;
    this.#newId = newId;
  }

  /** Drops every row and loads `seed`. */
  load(seed: readonly DynamicsSeedRow[]): void {
    this.#rows.clear();
    for (const s of seed) {
      const entity = ENTITIES[s.entity];
      const values: Record<string, StoredValue> = {};
      for (const [name, value] of Object.entries(s.values)) values[name] = value === '' ? null : value;
      const row: Row = {
        entity: s.entity,
        id: s.id,
        values,
        lookups: {},
        createdon: s.createdon,
        modifiedon: s.modifiedon,
        version: ++this.#version,
        hidden: false,
      };
      if (s.parentAccountId) row.lookups.parentcustomerid = { entity: 'account', id: s.parentAccountId };
      this.#derive(entity, row);
      this.#rows.set(s.id, row);
    }
  }

  /** One row of `entity` by id (any case), or undefined. */
  get(entity: EntityName, id: string): Row | undefined {
    const row = this.#rows.get(id.toLowerCase());
    return row && row.entity === entity ? copy(row) : undefined;
  }

  /** A row of any table by id, or undefined. */
  find(id: string): Row | undefined {
    const row = this.#rows.get(id.toLowerCase());
    return row ? copy(row) : undefined;
  }

  /** Every row of `entity` (hidden ones only with `includeHidden`), oldest first. */
  list(entity: EntityName, includeHidden = false): Row[] {
    return [...this.#rows.values()]
      .filter((r) => r.entity === entity && (includeHidden || !r.hidden))
      .sort((a, b) => (a.createdon < b.createdon ? -1 : a.createdon > b.createdon ? 1 : a.id < b.id ? -1 : 1))
      .map(copy);
  }

  /** A copy of every row, for {@link restore} (a change set that fails is rolled back). */
  snapshot(): ReadonlyMap<string, Row> {
    return new Map([...this.#rows].map(([id, row]) => [id, copy(row)]));
  }

  /** Puts back the rows of a {@link snapshot}. */
  restore(snapshot: ReadonlyMap<string, Row>): void {
    this.#rows.clear();
    for (const [id, row] of snapshot) this.#rows.set(id, copy(row));
  }

  /** Hides a row from queries (not from reads by id nor from duplicate detection). */
  hide(id: string): void {
    const row = this.#rows.get(id.toLowerCase());
    if (!row) throw new Error(`The Dynamics 365 sandbox has no row ${id}.`);
    row.hidden = true;
  }

  /**
   * The value a Web API property has on a row: a column value, a lookup id for `_x_value`, or
   * `createdon`/`modifiedon`. Undefined when the table has no such property.
   */
  property(row: Row, name: string): StoredValue | undefined {
    const entity = ENTITIES[row.entity];
    if (name === entity.primaryIdAttribute) return row.id;
    if (name === 'createdon') return row.createdon;
    if (name === 'modifiedon') return row.modifiedon;
    const lookup = /^_(.+)_value$/.exec(name)?.[1];
    if (lookup !== undefined) {
      const def = attributeOf(entity, lookup);
      if (!def || (def.type !== 'Customer' && def.type !== 'Lookup')) return undefined;
      return row.lookups[lookup]?.id ?? null;
    }
    const def = attributeOf(entity, name);
    if (!def || def.type === 'Customer' || def.type === 'Lookup') return undefined;
    return row.values[name] ?? null;
  }

  /** The row a single-valued navigation property of `row` points at, null when unset, undefined when unknown. */
  navigate(row: Row, navigation: string): Row | null | undefined {
    const nav = ENTITIES[row.entity].navigation.find((n) => n.name === navigation);
    if (!nav) return undefined;
    const target = row.lookups[nav.lookup];
    if (!target || target.entity !== nav.target) return null;
    return this.get(target.entity, target.id) ?? null;
  }

  /**
   * Creates a row from a Web API body (validated; duplicate rules when asked). `id` may be given
   * in the body as the primary key. Throws DataverseApiError.
   */
  create(entityName: EntityName, body: Readonly<Record<string, unknown>>, options: WriteOptions): Row {
    const entity = ENTITIES[entityName];
    const write = this.#parseWrite(entity, body, 'create');
    const idValue = write.values[entity.primaryIdAttribute];
    delete write.values[entity.primaryIdAttribute];
    const id = typeof idValue === 'string' ? idValue.toLowerCase() : this.#newId();
    if (this.#rows.has(id)) {
      throw invalidArgument(`A record with the same primary key already exists: ${entity.logicalName} ${id}.`);
    }
    const now = dataverseTime(this.#clock());
    const row: Row = {
      entity: entityName,
      id,
      values: {},
      lookups: {},
      createdon: now,
      modifiedon: now,
      version: ++this.#version,
      hidden: false,
    };
    this.#apply(row, write);
    this.#derive(entity, row);
    if (options.detectDuplicates && this.duplicatesOf(row).length > 0) throw duplicateDetected();
    this.#rows.set(id, row);
    return copy(row);
  }

  /** Updates a row from a Web API body (validated). 404 when it does not exist. Throws DataverseApiError. */
  update(entityName: EntityName, id: string, body: Readonly<Record<string, unknown>>, options: WriteOptions): Row {
    const entity = ENTITIES[entityName];
    const stored = this.#rows.get(id.toLowerCase());
    if (!stored || stored.entity !== entityName) throw recordNotFound(entityName, id);
    const write = this.#parseWrite(entity, body, 'update');
    delete write.values[entity.primaryIdAttribute];
    const next = copy(stored);
    this.#apply(next, write);
    this.#derive(entity, next);
    if (options.detectDuplicates && this.duplicatesOf(next).length > 0) throw duplicateDetected();
    next.modifiedon = dataverseTime(this.#clock());
    next.version = ++this.#version;
    this.#rows.set(next.id, next);
    return copy(next);
  }

  /** Deletes a row; 404 when it does not exist. */
  delete(entityName: EntityName, id: string): void {
    const stored = this.#rows.get(id.toLowerCase());
    if (!stored || stored.entity !== entityName) throw recordNotFound(entityName, id);
    this.#rows.delete(stored.id);
    for (const row of this.#rows.values()) {
      for (const [name, target] of Object.entries(row.lookups)) if (target?.id === stored.id) row.lookups[name] = null;
    }
  }

  /**
   * Rows (hidden ones included) that the published duplicate rules say duplicate `candidate`,
   * optionally only those of `matching`. `candidate` itself is never its own duplicate.
   */
  duplicatesOf(candidate: Pick<Row, 'entity' | 'id' | 'values'>, matching?: EntityName): Row[] {
    const found = new Map<string, Row>();
    for (const rule of DUPLICATE_RULES) {
      if (rule.base !== candidate.entity || (matching && rule.matching !== matching)) continue;
      const value = candidate.values[rule.attribute];
      if (typeof value !== 'string' || value.trim() === '') continue;
      const wanted = value.trim().toLowerCase();
      for (const row of this.#rows.values()) {
        if (row.entity !== rule.matching || row.id === candidate.id) continue;
        const other = row.values[rule.attribute];
        if (typeof other === 'string' && other.trim().toLowerCase() === wanted) found.set(row.id, copy(row));
      }
    }
    return [...found.values()];
  }

  /**
   * Changes a row as a Dynamics 365 user would in the app: column values by logical name (null or
   * "" clears), and for a contact `companyname` — the parent account's name, linked to the account
   * of that name (created when there is none; null unlinks). `modifiedon` moves.
   * @throws Error naming an unknown row or column.
   */
  userEdit(id: string, values: Readonly<Record<string, string | null>>): Row {
    const stored = this.#rows.get(id.toLowerCase());
    if (!stored) throw new Error(`The Dynamics 365 sandbox has no row ${id}.`);
    const entity = ENTITIES[stored.entity];
    const next = copy(stored);
    for (const [name, raw] of Object.entries(values)) {
      const value = raw === null || raw.trim() === '' ? null : raw;
      if (name === 'companyname' && stored.entity === 'contact') {
        next.lookups.parentcustomerid = value === null ? null : { entity: 'account', id: this.accountNamed(value) };
        continue;
      }
      const def = attributeOf(entity, name);
      if (
        !def ||
        name === entity.primaryIdAttribute ||
        !(def.validForCreate || def.validForUpdate) ||
        def.type === 'Customer' ||
        def.type === 'Lookup'
      ) {
        throw new Error(`The ${entity.displayName} table has no editable column "${name}".`);
      }
      next.values[name] = value === null ? null : this.#coerce(entity, def, value);
    }
    this.#derive(entity, next);
    next.modifiedon = dataverseTime(this.#clock());
    next.version = ++this.#version;
    this.#rows.set(next.id, next);
    return copy(next);
  }

  /** Creates a row as a Dynamics 365 user would (no duplicate detection); see {@link userEdit} for `values`. */
  userCreate(entityName: EntityName, values: Readonly<Record<string, string | null>>): Row {
    const id = this.#newId();
    const now = dataverseTime(this.#clock());
    this.#rows.set(id, {
      entity: entityName,
      id,
      values: {},
      lookups: {},
      createdon: now,
      modifiedon: now,
      version: ++this.#version,
      hidden: false,
    });
    try {
      return this.userEdit(id, values);
    } catch (error) {
      this.#rows.delete(id);
      throw error;
    }
  }

  /** The id of the account named `name` (case-insensitive), created when there is none. */
  accountNamed(name: string): string {
    const wanted = name.trim().toLowerCase();
    const existing = [...this.#rows.values()].find(
      (r) => r.entity === 'account' && typeof r.values.name === 'string' && r.values.name.toLowerCase() === wanted,
    );
    if (existing) return existing.id;
    return this.create('account', { name: name.trim() }, { detectDuplicates: false }).id;
  }

  /**
   * A row's values as a CRM user sees them, by column logical name, as strings (null = blank):
   * every column, `modifiedon`/`createdon`, and for contacts `companyname` (the parent account's name).
   */
  userView(id: string): Record<string, string | null> | undefined {
    const row = this.#rows.get(id.toLowerCase());
    if (!row) return undefined;
    const entity = ENTITIES[row.entity];
    const view: Record<string, string | null> = {};
    for (const def of entity.attributes) {
      if (def.type === 'Customer' || def.type === 'Lookup') continue;
      const value = this.property(row, def.logicalName);
      view[def.logicalName] = value === null || value === undefined ? null : String(value);
    }
    if (row.entity === 'contact') {
      const account = this.navigate(row, 'parentcustomerid_account');
      const name = account?.values.name;
      view.companyname = typeof name === 'string' ? name : null;
    }
    return view;
  }

  /** Parses a write body into column values and lookup changes; throws the Web API's error. */
  #parseWrite(
    entity: EntityDefinition,
    body: Readonly<Record<string, unknown>>,
    operation: 'create' | 'update',
  ): { values: Record<string, StoredValue>; lookups: Record<string, LookupValue | null> } {
    const values: Record<string, StoredValue> = {};
    const lookups: Record<string, LookupValue | null> = {};
    for (const [key, raw] of Object.entries(body)) {
      if (key.startsWith('@')) continue; // @odata.type and other instance annotations
      const bind = /^(.+)@odata\.bind$/.exec(key)?.[1];
      if (bind !== undefined) {
        const nav = entity.navigation.find((n) => n.name === bind);
        if (!nav) throw undeclaredProperty(bind, entity.logicalName);
        if (raw === null) {
          lookups[nav.lookup] = null;
          continue;
        }
        const target = ENTITIES[nav.target];
        const match =
          typeof raw === 'string' ? new RegExp(`${target.entitySetName}\\(([0-9a-fA-F-]{36})\\)$`).exec(raw) : null;
        if (!match) {
          throw payloadError(
            entity.entitySetName,
            `The value of '${key}' must be a URI such as '/${target.entitySetName}(00000000-0000-0000-0000-000000000000)'.`,
          );
        }
        const targetId = match[1]!.toLowerCase();
        if (!this.get(nav.target, targetId)) throw recordNotFound(nav.target, targetId);
        lookups[nav.lookup] = { entity: nav.target, id: targetId };
        continue;
      }
      if (key.includes('@')) continue; // property annotations such as x@OData.Community.Display.V1.FormattedValue
      const def = attributeOf(entity, key);
      if (!def || def.type === 'Customer' || def.type === 'Lookup' || SYSTEM_COLUMNS.has(key)) {
        if (def && (def.type === 'Customer' || def.type === 'Lookup')) {
          throw invalidArgument(
            `The lookup '${key}' is set with '${key}_<table>@odata.bind', for example '${entity.navigation[0]?.name ?? key}@odata.bind'.`,
          );
        }
        if (def && SYSTEM_COLUMNS.has(key)) {
          throw invalidArgument(`The '${key}' attribute is not valid for ${operation}.`);
        }
        throw undeclaredProperty(key, entity.logicalName);
      }
      const isPrimaryKey = key === entity.primaryIdAttribute;
      if (!isPrimaryKey && !(operation === 'create' ? def.validForCreate : def.validForUpdate)) {
        throw invalidArgument(`The '${key}' attribute is not valid for ${operation}.`);
      }
      values[key] = this.#checkValue(entity, def, raw);
    }
    return { values, lookups };
  }

  /** Checks one value against its column; returns the value to store. */
  #checkValue(entity: EntityDefinition, def: AttributeDefinition, raw: unknown): StoredValue {
    if (raw === null) return null;
    switch (def.type) {
      case 'String':
      case 'Memo': {
        if (typeof raw !== 'string') {
          throw payloadError(
            entity.entitySetName,
            `Cannot convert the literal '${String(JSON.stringify(raw))}' to the expected type 'Edm.String'.`,
          );
        }
        if (def.maxLength !== undefined && raw.length > def.maxLength) {
          throw lengthExceeded(def.logicalName, entity.logicalName, def.maxLength);
        }
        return raw === '' ? null : raw;
      }
      case 'Uniqueidentifier': {
        if (typeof raw !== 'string' || !/^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$/.test(raw)) {
          throw payloadError(
            entity.entitySetName,
            `Cannot convert the literal '${String(JSON.stringify(raw))}' to the expected type 'Edm.Guid'.`,
          );
        }
        return raw.toLowerCase();
      }
      case 'Picklist':
      case 'State':
      case 'Status': {
        if (typeof raw !== 'number' || !Number.isInteger(raw)) {
          throw payloadError(
            entity.entitySetName,
            `Cannot convert the literal '${String(JSON.stringify(raw))}' to the expected type 'Edm.Int32'.`,
          );
        }
        if (!def.options?.some((o) => o.value === raw)) {
          throw invalidArgument(`${raw} is not a valid value for the '${def.logicalName}' attribute.`);
        }
        return raw;
      }
      default:
        throw invalidArgument(`The '${def.logicalName}' attribute is not valid for this operation.`);
    }
  }

  /** A user-typed string as the column stores it (option sets take the value or the label). */
  #coerce(entity: EntityDefinition, def: AttributeDefinition, value: string): StoredValue {
    if (def.type === 'Picklist' || def.type === 'State' || def.type === 'Status') {
      const option = def.options?.find(
        (o) => String(o.value) === value || o.label.toLowerCase() === value.toLowerCase(),
      );
      if (!option) throw new Error(`"${value}" is not an option of ${entity.displayName} ${def.logicalName}.`);
      return option.value;
    }
    return this.#checkValue(entity, def, value);
  }

  #apply(row: Row, write: { values: Record<string, StoredValue>; lookups: Record<string, LookupValue | null> }): void {
    Object.assign(row.values, write.values);
    Object.assign(row.lookups, write.lookups);
  }

  /** Recomputes derived columns: `fullname`, `statecode` default, the composite address. */
  #derive(entity: EntityDefinition, row: Row): void {
    if (entity === ACCOUNT) return;
    const first = typeof row.values.firstname === 'string' ? row.values.firstname.trim() : '';
    const last = typeof row.values.lastname === 'string' ? row.values.lastname.trim() : '';
    const full = [first, last].filter(Boolean).join(' ');
    row.values.fullname = full === '' ? null : full;
    row.values.statecode ??= 0;
    if (attributeOf(entity, 'address1_composite')) {
      row.values.address1_composite = typeof row.values.address1_city === 'string' ? row.values.address1_city : null;
    }
  }
}
