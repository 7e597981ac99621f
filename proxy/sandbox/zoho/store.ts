/**
 * The sandbox's record store: Zoho CRM's Contacts and Accounts, in memory, with Zoho's write rules
 * (https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html,
 * https://www.zoho.com/crm/developer/docs/api/v8/update-records.html):
 *
 * - values are validated by the field's data type — an unknown field, a read-only field, an email
 *   that is not one, a picklist value that is not an option, a date not `YYYY-MM-DD`, a non-boolean
 *   for a checkbox, a lookup that is not `{id}` of an existing record, or a value longer than the
 *   field → INVALID_DATA naming the field (`details.api_name`, `json_path`, `expected_data_type`);
 * - Last_Name (Contacts) and Account_Name (Accounts) are mandatory → MANDATORY_NOT_FOUND;
 * - the system duplicate check field (Contacts: Email, Accounts: Account_Name; case-insensitive) must
 *   be unique → DUPLICATE_DATA with `details.duplicate_record.id` (the v8 shape);
 * - `""` and `null` clear a value; `Modified_Time` moves only when a value actually changes.
 * An update of an id the module does not have → INVALID_DATA on `id` ("the related id given seems to
 * be invalid").
 */
import { ZohoRecordError, errorStatus } from './errors.ts';
import { DUPLICATE_CHECK_FIELD, fieldsOf, NAME_FIELD, type SandboxField, type SandboxModule } from './fields.ts';

/** A stored value: text as a string, a checkbox as a boolean, a lookup as the target record's id. */
export type StoredValue = string | boolean | null;

/** A record as the store keeps it. `values` holds only non-blank values (system fields derived on output). */
export interface StoredRecord {
  id: string;
  module: SandboxModule;
  values: Record<string, Exclude<StoredValue, null>>;
  /** ISO 8601 (UTC). */
  createdAt: string;
  /** ISO 8601 (UTC). */
  modifiedAt: string;
}

/** One seeded record: its id, times and the values a Zoho user typed (lookups by the target's id). */
export interface ZohoSeedRecord {
  id: string;
  module: SandboxModule;
  createdAt: string;
  modifiedAt: string;
  values: Readonly<Record<string, string | boolean>>;
}

/** The sandbox's only user: every record's owner, creator and modifier. */
export const SANDBOX_USER = {
  name: 'Sandbox Admin',
  id: '5725767000000300001',
  email: 'admin@sandbox.zoho.example',
} as const;

/** Ids of records created through the API continue from here (Zoho ids are 19-digit numbers). */
export const FIRST_CREATED_ID = 5725767000000500001n;

// Deliberately loose, like Zoho's check: something@something.tld, no spaces.
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-10-02T10:15:00+00:00`: Zoho's datetime format (ISO 8601 with an offset, no milliseconds). */
export function zohoTime(iso: string): string {
  return `${iso.slice(0, 19)}+00:00`;
}

function copy(record: StoredRecord): StoredRecord {
  return { ...record, values: { ...record.values } };
}

/** What a write does, per input record. */
export type WriteMode = 'create' | 'update';

/** In-memory Contacts and Accounts with Zoho's write rules. Returned records are copies. */
export class ZohoStore {
  readonly #records = new Map<string, StoredRecord>();
  readonly #clock: () => Date;
  #nextId = FIRST_CREATED_ID;

  constructor(clock: () => Date) {
    this.#clock = clock;
  }

  /** Drops every record and loads `seed`; new ids start again at {@link FIRST_CREATED_ID}. */
  load(seed: readonly ZohoSeedRecord[]): void {
    this.#records.clear();
    this.#nextId = FIRST_CREATED_ID;
    for (const s of seed) {
      const values: Record<string, string | boolean> = {};
      for (const [name, value] of Object.entries(s.values)) if (value !== '') values[name] = value;
      this.#records.set(s.id, { id: s.id, module: s.module, values, createdAt: s.createdAt, modifiedAt: s.modifiedAt });
      if (BigInt(s.id) >= this.#nextId) this.#nextId = BigInt(s.id) + 1n;
    }
  }

  /** One record of `module` by id, or undefined. */
  get(module: SandboxModule, id: string): StoredRecord | undefined {
    const record = this.#records.get(id);
    return record && record.module === module ? copy(record) : undefined;
  }

  /** Every record of `module`, by id ascending. */
  list(module: SandboxModule): StoredRecord[] {
    return [...this.#records.values()]
      .filter((record) => record.module === module)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map(copy);
  }

  /** The record of `module` whose duplicate check field equals `value` (case-insensitive), or undefined. */
  findDuplicate(module: SandboxModule, value: string): StoredRecord | undefined {
    const field = DUPLICATE_CHECK_FIELD[module];
    const wanted = value.trim().toLowerCase();
    for (const record of this.#records.values()) {
      const current = record.values[field];
      if (record.module === module && typeof current === 'string' && current.trim().toLowerCase() === wanted) {
        return copy(record);
      }
    }
    return undefined;
  }

  /** The Account named `name` (case-insensitive), created as a Zoho user would when missing; returns its id. */
  ensureAccount(name: string): string {
    const existing = this.findDuplicate('Accounts', name);
    if (existing) return existing.id;
    return this.write('Accounts', { Account_Name: name }, 0, 'create', null).id;
  }

  /**
   * Validates one record's input as Zoho does, without writing it.
   * @returns the values to store (`null` = clear).
   * @throws ZohoRecordError with the status Zoho would answer for this record.
   */
  validate(
    module: SandboxModule,
    input: unknown,
    index: number,
    mode: WriteMode,
    selfId: string | null,
  ): Record<string, StoredValue> {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw new ZohoRecordError(errorStatus('INVALID_DATA', 'invalid data', { json_path: `$.data[${index}]` }));
    }
    const fields = new Map(fieldsOf(module).map((field) => [field.api_name, field] as const));
    const values: Record<string, StoredValue> = {};
    for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
      if (name === 'id' || name.startsWith('$')) continue;
      const path = `$.data[${index}].${name}`;
      const field = fields.get(name);
      if (!field) {
        throw new ZohoRecordError(
          errorStatus('INVALID_DATA', 'invalid field name', { api_name: name, json_path: path }),
        );
      }
      if (field.read_only) {
        throw new ZohoRecordError(
          errorStatus('INVALID_DATA', 'the field is read only and cannot be written', {
            api_name: name,
            json_path: path,
          }),
        );
      }
      values[name] = this.#value(field, raw, path);
    }

    const mandatory = fieldsOf(module).filter((field) => field.system_mandatory);
    for (const field of mandatory) {
      const missingOnCreate = mode === 'create' && (values[field.api_name] ?? null) === null;
      const clearedOnUpdate = mode === 'update' && field.api_name in values && values[field.api_name] === null;
      if (missingOnCreate || clearedOnUpdate) {
        throw new ZohoRecordError(
          errorStatus('MANDATORY_NOT_FOUND', 'required field not found', {
            api_name: field.api_name,
            json_path: `$.data[${index}].${field.api_name}`,
          }),
        );
      }
    }

    const uniqueField = DUPLICATE_CHECK_FIELD[module];
    const unique = values[uniqueField];
    if (typeof unique === 'string') {
      const other = this.findDuplicate(module, unique);
      if (other && other.id !== selfId) {
        throw new ZohoRecordError(
          errorStatus('DUPLICATE_DATA', 'duplicate data', {
            api_name: uniqueField,
            json_path: `$.data[${index}].${uniqueField}`,
            more_records: false,
            duplicate_record: {
              Owner: { name: SANDBOX_USER.name, id: SANDBOX_USER.id, zuid: '800000001' },
              module: { api_name: module, id: '5725767000000002175' },
              id: other.id,
            },
          }),
        );
      }
    }
    return values;
  }

  /**
   * Creates (`selfId` null) or updates record `selfId` of `module` from one input record; returns it.
   * @throws ZohoRecordError as {@link validate}, or INVALID_DATA on `id` for an update of an unknown id.
   */
  write(module: SandboxModule, input: unknown, index: number, mode: WriteMode, selfId: string | null): StoredRecord {
    let existing: StoredRecord | undefined;
    if (mode === 'update') {
      existing = selfId === null ? undefined : this.#records.get(selfId);
      if (!existing || existing.module !== module) {
        throw new ZohoRecordError(
          errorStatus('INVALID_DATA', 'the related id given seems to be invalid', {
            api_name: 'id',
            json_path: `$.data[${index}].id`,
          }),
        );
      }
    }
    const values = this.validate(module, input, index, mode, selfId);
    const now = this.#clock().toISOString();
    if (!existing) {
      const id = String(this.#nextId++);
      const stored: Record<string, string | boolean> = {};
      for (const [name, value] of Object.entries(values)) if (value !== null) stored[name] = value;
      const record: StoredRecord = { id, module, values: stored, createdAt: now, modifiedAt: now };
      this.#records.set(id, record);
      return copy(record);
    }
    let changed = false;
    for (const [name, value] of Object.entries(values)) {
      const before = existing.values[name] ?? null;
      if (before === value) continue;
      changed = true;
      if (value === null) delete existing.values[name];
      else existing.values[name] = value;
    }
    if (changed) existing.modifiedAt = now;
    return copy(existing);
  }

  /** A record's value of `field` as text: a lookup by its target's name, a checkbox "true"/"false". */
  text(record: StoredRecord, field: SandboxField): string | null {
    switch (field.api_name) {
      case 'Full_Name': {
        const name = [record.values.First_Name, record.values.Last_Name].filter((v) => typeof v === 'string' && v);
        return name.length > 0 ? name.join(' ') : null;
      }
      case 'Owner':
      case 'Created_By':
      case 'Modified_By':
        return SANDBOX_USER.name;
      case 'Created_Time':
        return record.createdAt;
      case 'Modified_Time':
        return record.modifiedAt;
    }
    const value = record.values[field.api_name];
    if (value === undefined) return null;
    if (field.data_type === 'lookup' && field.lookupModule && typeof value === 'string') {
      const target = this.get(field.lookupModule, value);
      const name = target?.values[NAME_FIELD[field.lookupModule]];
      return typeof name === 'string' ? name : null;
    }
    return String(value);
  }

  /**
   * Zoho's JSON for a record: `id` and each field (all of the module's, or the `requested` ones it
   * has), blank ones as null, a lookup as `{name, id}`, owners as `{name, id, email}`, times in Zoho's
   * format.
   */
  toJson(record: StoredRecord, requested: readonly string[] | null): Record<string, unknown> {
    const all = fieldsOf(record.module);
    const fields = requested ? all.filter((field) => requested.includes(field.api_name)) : all;
    const json: Record<string, unknown> = { id: record.id };
    for (const field of fields) json[field.api_name] = this.#jsonValue(record, field);
    return json;
  }

  #jsonValue(record: StoredRecord, field: SandboxField): unknown {
    if (field.data_type === 'ownerlookup') return { ...SANDBOX_USER };
    if (field.api_name === 'Created_Time') return zohoTime(record.createdAt);
    if (field.api_name === 'Modified_Time') return zohoTime(record.modifiedAt);
    if (field.api_name === 'Full_Name') return this.text(record, field);
    const value = record.values[field.api_name];
    if (value === undefined) return null;
    if (field.data_type === 'lookup') return { name: this.text(record, field), id: value };
    return value;
  }

  /** Checks one value against its field's data type. */
  #value(field: SandboxField, raw: unknown, path: string): StoredValue {
    const invalid = (expected: string, extra: Record<string, unknown> = {}) =>
      new ZohoRecordError(
        errorStatus('INVALID_DATA', 'invalid data', {
          expected_data_type: expected,
          api_name: field.api_name,
          json_path: path,
          ...extra,
        }),
      );
    if (raw === null || raw === '') return null;

    switch (field.data_type) {
      case 'boolean':
        if (typeof raw !== 'boolean') throw invalid('boolean');
        return raw;
      case 'lookup':
      case 'ownerlookup': {
        if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid('jsonobject');
        const id = (raw as { id?: unknown }).id;
        const idText = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
        if (field.data_type === 'ownerlookup') {
          if (idText !== SANDBOX_USER.id) throw invalid('jsonobject');
          return null;
        }
        if (!idText || !field.lookupModule || !this.get(field.lookupModule, idText)) {
          throw new ZohoRecordError(
            errorStatus('INVALID_DATA', 'the related id given seems to be invalid', {
              api_name: field.api_name,
              json_path: `${path}.id`,
            }),
          );
        }
        return idText;
      }
      default:
        break;
    }

    if (typeof raw !== 'string' && typeof raw !== 'number')
      throw invalid(field.data_type === 'textarea' ? 'textarea' : 'text');
    const text = String(raw);
    if (text.trim() === '') return null;
    if (text.length > field.length) throw invalid(field.data_type, { maximum_length: field.length });
    if (field.data_type === 'email' && !EMAIL_RE.test(text.trim())) throw invalid('email');
    if (field.data_type === 'date' && !DATE_RE.test(text)) throw invalid('date');
    if (field.data_type === 'picklist' && field.options && !field.options.includes(text)) throw invalid('picklist');
    return text;
  }
}
