/**
 * The sandbox's records: Salesforce's save semantics for Contacts, Leads and Accounts, in memory.
 *
 * A save is checked the way Salesforce checks it, and refused with Salesforce's error codes
 * (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#i1421192):
 * - a field the object lacks → INVALID_FIELD "No such column 'X' on sobject of type Contact";
 * - a system or read-only field → INVALID_FIELD_FOR_INSERT_UPDATE;
 * - a text longer than the field → STRING_TOO_LONG "Title: data value too large: … (max length=128)";
 * - a malformed email → INVALID_EMAIL_ADDRESS "Email: invalid email address: …";
 * - a value outside a restricted picklist → INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST;
 * - an AccountId that is not an Account → FIELD_INTEGRITY_EXCEPTION / INVALID_CROSS_REFERENCE_KEY;
 * - a required field left blank (LastName; a Lead's Company) → REQUIRED_FIELD_MISSING;
 * - the org's validation rule "Phone_Digits_Only" (a Phone or MobilePhone with letters) →
 *   FIELD_CUSTOM_VALIDATION_EXCEPTION on that field;
 * - the duplicate rules "Standard_Contact_Duplicate_Rule" / "Standard_Lead_Duplicate_Rule" (same
 *   email, case-insensitive, blocking) → DUPLICATES_DETECTED with the matching records in
 *   `duplicateResult`;
 * - the unique External ID `Support_Id__c` → DUPLICATE_VALUE "duplicate value found: Support_Id__c
 *   duplicates value on record with id: 003…".
 * Id, Name (first + last), CreatedDate, LastModifiedDate, SystemModstamp and IsDeleted are kept by
 * the store; every successful update moves LastModifiedDate and SystemModstamp, as Salesforce does.
 */
import { toId18 } from '../../crm/salesforce/ids.ts';
import { SaveError, type SalesforceErrorJson } from './errors.ts';
import { newRecordId } from './ids.ts';
import { fieldNamed, objectNamed, SANDBOX_OBJECTS, type SandboxField, type SandboxObjectDef } from './objects.ts';

/** A stored value: text (including datetimes and ids), a boolean, or null (blank). */
export type FieldValue = string | boolean | null;

/** One record. `values` holds every field of its object (null when blank). */
export interface SandboxRecord {
  id: string;
  object: SandboxObjectDef['name'];
  values: Record<string, FieldValue>;
  /** Left out of queries that do not ask for an Id (see SandboxTesting.hideFromSearch). */
  hidden: boolean;
  deleted: boolean;
}

/** A record to load: its object, 15-character id base, timestamps and the values a user typed. */
export interface SeedRecord {
  object: SandboxObjectDef['name'];
  id: string;
  createdAt: string;
  updatedAt: string;
  values: Readonly<Record<string, string>>;
}

export interface WriteOptions {
  /** The API version the request came in on ("v62.0"), for URLs inside error bodies. */
  version: string;
  /** Apply the blocking duplicate rules (default true; off for an admin's import/edit). */
  duplicateRule?: boolean;
}

// Deliberately loose, like Salesforce's own check: something@something.tld, no spaces.
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_RULE = /[A-Za-z]/;

/** "2026-10-03T11:20:00.000+0000" — Salesforce's datetime format. */
export function salesforceDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** A Salesforce or ISO datetime as epoch ms (NaN when unreadable). */
export function dateTimeMs(value: string): number {
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

function copy(record: SandboxRecord): SandboxRecord {
  return { ...record, values: { ...record.values } };
}

/** Describes a JSON value's kind for a parser error, as Jackson names tokens. */
function tokenName(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (typeof value === 'object') return 'START_OBJECT';
  return 'VALUE';
}

/** In-memory records with Salesforce's save rules. Returned records are copies. */
export class RecordStore {
  readonly #records = new Map<string, SandboxRecord>();
  readonly #clock: () => Date;
  readonly #counters = new Map<string, number>();

  constructor(clock: () => Date) {
    this.#clock = clock;
  }

  /** Drops every record and loads `seed`; new ids continue after the seeded ones. */
  load(seed: readonly SeedRecord[]): void {
    this.#records.clear();
    this.#counters.clear();
    for (const s of seed) {
      const def = SANDBOX_OBJECTS[s.object];
      const values = this.#blank(def);
      for (const [name, value] of Object.entries(s.values)) values[name] = value === '' ? null : value;
      const id = toId18(s.id);
      values.Id = id;
      values.IsDeleted = false;
      values.CreatedDate = s.createdAt;
      values.LastModifiedDate = s.updatedAt;
      values.SystemModstamp = s.updatedAt;
      if (def.name === 'Lead') values.IsConverted = false;
      this.#derive(def, values);
      this.#records.set(id, { id, object: s.object, values, hidden: false, deleted: false });
    }
  }

  /** The 18-character key of a well-formed 15/18-character id, or undefined. */
  #key(id: string): string | undefined {
    if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id)) return undefined;
    const key = toId18(id.slice(0, 15));
    return this.#records.has(key) ? key : undefined;
  }

  /** A record by 15- or 18-character id (deleted ones excluded), or undefined. */
  get(id: string): SandboxRecord | undefined {
    const key = this.#key(id);
    const record = key ? this.#records.get(key) : undefined;
    return record && !record.deleted ? copy(record) : undefined;
  }

  /** The live records of `object`, oldest first (hidden ones only when `includeHidden`). */
  list(object: SandboxObjectDef['name'], includeHidden = true): SandboxRecord[] {
    return [...this.#records.values()]
      .filter((r) => r.object === object && !r.deleted && (includeHidden || !r.hidden))
      .sort(
        (a, b) => String(a.values.CreatedDate).localeCompare(String(b.values.CreatedDate)) || a.id.localeCompare(b.id),
      )
      .map(copy);
  }

  /** Marks a record as hidden from queries that do not select it by Id. */
  hide(id: string): void {
    const key = this.#key(id);
    const record = key ? this.#records.get(key) : undefined;
    if (!record) throw new Error(`The Salesforce sandbox has no record ${id}`);
    record.hidden = true;
  }

  /** A function that puts every record back as it is now (for allOrNone rollbacks). */
  snapshot(): () => void {
    const saved = [...this.#records.values()].map(copy);
    const counters = new Map(this.#counters);
    return () => {
      this.#records.clear();
      for (const record of saved) this.#records.set(record.id, record);
      this.#counters.clear();
      for (const [k, v] of counters) this.#counters.set(k, v);
    };
  }

  /** The Account named `name` (case-insensitive), created when missing; null for a blank name. */
  accountNamed(name: string | null): string | null {
    const wanted = name?.trim() ?? '';
    if (wanted === '') return null;
    const existing = this.list('Account').find((a) => String(a.values.Name).toLowerCase() === wanted.toLowerCase());
    if (existing) return existing.id;
    return this.create('Account', { Name: wanted }, { version: 'v62.0', duplicateRule: false }).id;
  }

  /**
   * The value at a field path of `record`: its own field, or through a lookup (`Account.Name`:
   * the Name of the Account its AccountId points at; null when the lookup is empty).
   */
  valueAt(record: SandboxRecord, path: readonly string[]): FieldValue {
    if (path.length === 1) return record.values[path[0]!] ?? null;
    const def = SANDBOX_OBJECTS[record.object];
    const lookup = def.fields.find((f) => f.relationshipName === path[0]);
    const targetId = lookup ? record.values[lookup.name] : null;
    const target = typeof targetId === 'string' ? this.get(targetId) : undefined;
    return target ? this.valueAt(target, path.slice(1)) : null;
  }

  /**
   * Creates a record of `object` from a request body's fields (validated as Salesforce validates an
   * insert); returns it. @throws SaveError with Salesforce's errors.
   */
  create(
    object: SandboxObjectDef['name'],
    input: Readonly<Record<string, unknown>>,
    options: WriteOptions,
  ): SandboxRecord {
    const def = SANDBOX_OBJECTS[object];
    const values = this.#blank(def);
    for (const f of def.fields) if (f.picklist?.defaultValue !== undefined) values[f.name] = f.picklist.defaultValue;
    const changes = this.#check(def, input, 'create');
    Object.assign(values, changes);
    this.#checkRecord(def, values, null, options, true);
    const now = salesforceDateTime(this.#clock());
    const id = newRecordId(def.keyPrefix, this.#next(def.keyPrefix));
    Object.assign(values, { Id: id, IsDeleted: false, CreatedDate: now, LastModifiedDate: now, SystemModstamp: now });
    if (def.name === 'Lead') values.IsConverted = false;
    this.#derive(def, values);
    const record: SandboxRecord = { id, object, values, hidden: false, deleted: false };
    this.#records.set(id, record);
    return copy(record);
  }

  /**
   * Writes a request body's fields to record `id` (validated as Salesforce validates an update).
   * @throws SaveError (ENTITY_IS_DELETED / NOT_FOUND when the record is gone, or the save errors).
   */
  update(id: string, input: Readonly<Record<string, unknown>>, options: WriteOptions): SandboxRecord {
    const key = this.#key(id);
    const record = key ? this.#records.get(key) : undefined;
    if (!record) throw new SaveError([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    if (record.deleted) throw new SaveError([{ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }]);
    const def = SANDBOX_OBJECTS[record.object];
    const changes = this.#check(def, input, 'update');
    const values = { ...record.values, ...changes };
    this.#checkRecord(def, values, record, options, 'Email' in changes);
    const now = salesforceDateTime(this.#clock());
    values.LastModifiedDate = now;
    values.SystemModstamp = now;
    this.#derive(def, values);
    record.values = values;
    return copy(record);
  }

  /** Deletes record `id` (moves it to the recycle bin: gone from queries and reads). */
  delete(id: string): void {
    const key = this.#key(id);
    const record = key ? this.#records.get(key) : undefined;
    if (!record || record.deleted)
      throw new SaveError([{ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }]);
    record.deleted = true;
    record.values.IsDeleted = true;
    record.values.SystemModstamp = salesforceDateTime(this.#clock());
  }

  #next(prefix: string): number {
    const n = (this.#counters.get(prefix) ?? 100) + 1;
    this.#counters.set(prefix, n);
    return n;
  }

  #blank(def: SandboxObjectDef): Record<string, FieldValue> {
    const values: Record<string, FieldValue> = {};
    for (const f of def.fields) values[f.name] = null;
    return values;
  }

  /** Name = FirstName + LastName for people; nothing else is derived. */
  #derive(def: SandboxObjectDef, values: Record<string, FieldValue>): void {
    if (def.name === 'Contact' || def.name === 'Lead') {
      values.Name =
        [values.FirstName, values.LastName].filter((v) => typeof v === 'string' && v !== '').join(' ') || null;
    }
  }

  /**
   * Parses and checks the fields of one write; returns the changes by canonical field name.
   * @throws SaveError: INVALID_FIELD at once for an unknown field; otherwise every field problem found.
   */
  #check(
    def: SandboxObjectDef,
    input: Readonly<Record<string, unknown>>,
    mode: 'create' | 'update',
  ): Record<string, FieldValue> {
    const changes: Record<string, FieldValue> = {};
    const readOnly: string[] = [];
    const errors: SalesforceErrorJson[] = [];
    for (const [key, raw] of Object.entries(input)) {
      if (key === 'attributes') continue;
      if (key.toLowerCase() === 'id') {
        if (mode === 'create') {
          throw new SaveError([
            { errorCode: 'INVALID_FIELD', message: 'cannot specify Id in an insert call', fields: ['Id'] },
          ]);
        }
        continue;
      }
      const field = fieldNamed(def, key);
      if (!field) {
        throw new SaveError([
          { errorCode: 'INVALID_FIELD', message: `No such column '${key}' on sobject of type ${def.name}` },
        ]);
      }
      if (!(mode === 'create' ? field.createable : field.updateable)) {
        readOnly.push(field.name);
        continue;
      }
      const value = this.#coerce(def, field, raw, errors);
      if (value !== undefined) changes[field.name] = value;
    }
    if (readOnly.length > 0) {
      errors.unshift({
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        fields: readOnly,
      });
    }
    if (errors.length > 0) throw new SaveError(errors);
    return changes;
  }

  /** One field's value, or undefined after pushing its error. */
  #coerce(
    def: SandboxObjectDef,
    field: SandboxField,
    raw: unknown,
    errors: SalesforceErrorJson[],
  ): FieldValue | undefined {
    if (raw === null || raw === undefined) return null;
    if (typeof raw === 'object') {
      errors.push({
        errorCode: 'JSON_PARSER_ERROR',
        message: `Cannot deserialize instance of ${field.type === 'boolean' ? 'boolean' : 'string'} from ${tokenName(raw)} value for field ${field.name}`,
      });
      return undefined;
    }
    if (field.type === 'boolean') {
      if (typeof raw === 'boolean') return raw;
      errors.push({
        errorCode: 'JSON_PARSER_ERROR',
        message: `Cannot deserialize instance of boolean from VALUE_STRING value ${String(raw)}`,
      });
      return undefined;
    }
    const value = String(raw);
    if (value === '') return null;
    if (field.length !== undefined && value.length > field.length) {
      errors.push({
        errorCode: 'STRING_TOO_LONG',
        message: `${field.label}: data value too large: ${value.slice(0, 200)} (max length=${field.length})`,
        fields: [field.name],
      });
      return undefined;
    }
    if (field.type === 'email' && !EMAIL_RE.test(value)) {
      errors.push({
        errorCode: 'INVALID_EMAIL_ADDRESS',
        message: `${field.label}: invalid email address: ${value}`,
        fields: [field.name],
      });
      return undefined;
    }
    if (field.picklist?.restricted && !field.picklist.values.includes(value)) {
      errors.push({
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        message: `${field.label}: bad value for restricted picklist field: ${value}`,
        fields: [field.name],
      });
      return undefined;
    }
    if (field.type === 'reference') {
      const target = objectNamed(field.referenceTo?.[0] ?? '');
      if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value) || (target && !value.startsWith(target.keyPrefix))) {
        errors.push({
          errorCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: `${field.label}: id value of incorrect type: ${value}`,
          fields: [field.name],
        });
        return undefined;
      }
      if (!this.get(value)) {
        errors.push({
          errorCode: 'INVALID_CROSS_REFERENCE_KEY',
          message: 'invalid cross reference id',
          fields: [field.name],
        });
        return undefined;
      }
      return toId18(value.slice(0, 15));
    }
    return value;
  }

  /**
   * Record-level rules after the field checks: required fields, the phone validation rule, the
   * unique External ID, then the duplicate rule. @throws SaveError.
   */
  #checkRecord(
    def: SandboxObjectDef,
    values: Record<string, FieldValue>,
    self: SandboxRecord | null,
    options: WriteOptions,
    emailWritten: boolean,
  ): void {
    const missing = def.required.filter((name) => values[name] === null || values[name] === '');
    if (missing.length > 0) {
      throw new SaveError([
        {
          errorCode: 'REQUIRED_FIELD_MISSING',
          message: `Required fields are missing: [${missing.join(', ')}]`,
          fields: missing,
        },
      ]);
    }
    const badPhones = ['Phone', 'MobilePhone'].filter((name) => {
      const value = values[name];
      return fieldNamed(def, name) && typeof value === 'string' && PHONE_RULE.test(value);
    });
    if (badPhones.length > 0) {
      throw new SaveError(
        badPhones.map((name) => ({
          errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          message: 'Use only digits, spaces and + ( ) - . in phone numbers.',
          fields: [name],
        })),
      );
    }
    const supportId = values.Support_Id__c;
    if (typeof supportId === 'string' && fieldNamed(def, 'Support_Id__c')) {
      const other = this.list(def.name).find((r) => r.id !== self?.id && r.values.Support_Id__c === supportId);
      if (other) {
        throw new SaveError([
          {
            errorCode: 'DUPLICATE_VALUE',
            message: `duplicate value found: Support_Id__c duplicates value on record with id: ${other.id}`,
            fields: [],
          },
        ]);
      }
    }
    const email = values.Email;
    if (
      (options.duplicateRule ?? true) &&
      emailWritten &&
      typeof email === 'string' &&
      (def.name === 'Contact' || def.name === 'Lead')
    ) {
      const matches = this.list(def.name)
        .filter(
          (r) =>
            r.id !== self?.id &&
            typeof r.values.Email === 'string' &&
            r.values.Email.toLowerCase() === email.toLowerCase(),
        )
        .sort((a, b) => dateTimeMs(String(b.values.LastModifiedDate)) - dateTimeMs(String(a.values.LastModifiedDate)));
      if (matches.length > 0) throw new SaveError([duplicatesDetected(def.name, matches, options.version)]);
    }
  }
}

/** The DUPLICATES_DETECTED error of the standard duplicate rule, listing `matches`. */
function duplicatesDetected(
  object: 'Contact' | 'Lead',
  matches: readonly SandboxRecord[],
  version: string,
): SalesforceErrorJson {
  return {
    errorCode: 'DUPLICATES_DETECTED',
    message: 'Use one of these records?',
    fields: [],
    duplicateResult: {
      allowSave: false,
      duplicateRule: `Standard_${object}_Duplicate_Rule`,
      duplicateRuleEntityType: object,
      errorMessage: "You're creating a duplicate record. We recommend you use an existing record instead.",
      matchResults: [
        {
          entityType: object,
          errors: [],
          matchEngine: 'ExactMatchEngine',
          matchRecords: matches.map((r) => ({
            additionalInformation: [],
            fieldDiffs: [],
            matchConfidence: 100,
            record: {
              attributes: { type: object, url: `/services/data/${version}/sobjects/${object}/${r.id}` },
              Id: r.id,
            },
          })),
          rule: object === 'Contact' ? 'Standard_Contact_Match_Rule_v1_1' : 'Standard_Lead_Match_Rule_v1_0',
          size: matches.length,
          success: true,
        },
      ],
    },
  };
}
