/**
 * The sandbox's store: Pipedrive persons and organizations, in memory, with API v2's write rules
 * (https://pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide, "POST /api/v2/persons" and
 * "PATCH /api/v2/persons/:id"):
 *
 * - v2 validates strictly: an unknown parameter, a wrong type (numbers are not coerced from strings),
 *   an `emails`/`phones` entry without a `value` or with more than one `primary`, an `org_id` that is
 *   not an organization, an unknown custom field key or option id → 400 "Validation failed: <path>:
 *   <problem>"; `job_title`, `notes`, `postal_address` and `birthday` without contact sync → 403;
 * - a create needs `name`, or both `first_name` and `last_name`; `name` is split into first/last name
 *   (first word / the rest) and first + last are joined into `name`;
 * - `emails`/`phones` replace the whole list; entries default to label "work"; when none is marked
 *   primary, the first one is;
 * - Pipedrive allows duplicate persons: nothing is unique, a create never collides;
 * - `update_time` moves only when a value actually changes; a deleted person is soft-deleted
 *   (`is_deleted`) and then answers 404.
 */
import { contactSyncRequired, notFound, validationFailed } from './errors.ts';
import { CONTACT_SYNC_FIELDS, CUSTOM_FIELDS, TIER_FIELD_KEY } from './fields.ts';

/** One entry of a person's `emails` or `phones`. */
export interface ListEntry {
  value: string;
  primary: boolean;
  label: string;
}

/** A postal address (contact sync): `value` is the full text; the other parts are optional. */
export type PostalAddress = { value: string } & Partial<Record<string, string | null>>;

/** A person as the store keeps it. Times are ISO 8601 (UTC). */
export interface StoredPerson {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  emails: ListEntry[];
  phones: ListEntry[];
  org_id: number | null;
  owner_id: number;
  visible_to: number;
  label_ids: number[];
  add_time: string;
  update_time: string;
  is_deleted: boolean;
  job_title: string | null;
  notes: string | null;
  postal_address: PostalAddress | null;
  birthday: string | null;
  custom_fields: Record<string, unknown>;
}

/** An organization as the store keeps it. */
export interface StoredOrganization {
  id: number;
  name: string;
  owner_id: number;
  visible_to: number;
  add_time: string;
  update_time: string;
  is_deleted: boolean;
}

/** The sandbox's only user (owner of everything). */
export const SANDBOX_USER_ID = 13_579_246;

/** One seeded person: what a Pipedrive user typed (emails/phones as single primary values). */
export interface PipedriveSeedPerson {
  id: number;
  name: string;
  email?: string;
  phone?: string;
  orgId?: number;
  jobTitle?: string;
  city?: string;
  addTime: string;
  updateTime: string;
}

/** One seeded organization. */
export interface PipedriveSeedOrganization {
  id: number;
  name: string;
}

/** Parameters a v2 person write accepts. */
const PERSON_PARAMETERS = new Set([
  'name',
  'first_name',
  'last_name',
  'owner_id',
  'org_id',
  'add_time',
  'update_time',
  'emails',
  'phones',
  'visible_to',
  'label_ids',
  'marketing_status',
  'custom_fields',
  'im',
  'job_title',
  'notes',
  'postal_address',
  'birthday',
]);

const VISIBLE_TO = new Set([1, 3, 5, 7]);
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** `2024-07-01T05:46:33Z`: v2's RFC 3339 times (no milliseconds). */
export function pipedriveTime(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

/** Pipedrive's split of a full name: the first word, and the rest. */
export function splitPersonName(name: string): { first_name: string; last_name: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return { first_name: words[0] ?? '', last_name: words.slice(1).join(' ') };
}

function copyPerson(person: StoredPerson): StoredPerson {
  return structuredClone(person);
}

/** Whether `value` is a plain object. */
function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** In-memory persons and organizations with Pipedrive v2's rules. Returned records are copies. */
export class PipedriveStore {
  readonly #persons = new Map<number, StoredPerson>();
  readonly #orgs = new Map<number, StoredOrganization>();
  readonly #clock: () => Date;
  readonly contactSync: boolean;
  #nextPersonId = 1;
  #nextOrgId = 1;

  constructor(clock: () => Date, contactSync: boolean) {
    this.#clock = clock;
    this.contactSync = contactSync;
  }

  /** Drops everything and loads the seed; new ids continue after the seeded ones. */
  load(orgs: readonly PipedriveSeedOrganization[], persons: readonly PipedriveSeedPerson[]): void {
    this.#persons.clear();
    this.#orgs.clear();
    this.#nextPersonId = 1;
    this.#nextOrgId = 1;
    for (const org of orgs) {
      this.#orgs.set(org.id, {
        id: org.id,
        name: org.name,
        owner_id: SANDBOX_USER_ID,
        visible_to: 3,
        add_time: persons[0]?.addTime ?? '2026-10-01T09:00:00.000Z',
        update_time: persons[0]?.addTime ?? '2026-10-01T09:00:00.000Z',
        is_deleted: false,
      });
      this.#nextOrgId = Math.max(this.#nextOrgId, org.id + 1);
    }
    for (const seed of persons) {
      const entry = (value: string | undefined): ListEntry[] =>
        value ? [{ value, primary: true, label: 'work' }] : [];
      this.#persons.set(seed.id, {
        id: seed.id,
        name: seed.name,
        ...splitPersonName(seed.name),
        emails: entry(seed.email),
        phones: entry(seed.phone),
        org_id: seed.orgId ?? null,
        owner_id: SANDBOX_USER_ID,
        visible_to: 3,
        label_ids: [],
        add_time: seed.addTime,
        update_time: seed.updateTime,
        is_deleted: false,
        job_title: seed.jobTitle ?? null,
        notes: null,
        postal_address: seed.city ? { value: seed.city, locality: seed.city } : null,
        birthday: null,
        custom_fields: {},
      });
      this.#nextPersonId = Math.max(this.#nextPersonId, seed.id + 1);
    }
  }

  /** A person by id (deleted ones only with `includeDeleted`), or undefined. */
  person(id: number, includeDeleted = false): StoredPerson | undefined {
    const person = this.#persons.get(id);
    return person && (includeDeleted || !person.is_deleted) ? copyPerson(person) : undefined;
  }

  /** Every person that is not deleted, by id ascending. */
  persons(): StoredPerson[] {
    return [...this.#persons.values()]
      .filter((person) => !person.is_deleted)
      .sort((a, b) => a.id - b.id)
      .map(copyPerson);
  }

  /** An organization by id (not deleted), or undefined. */
  organization(id: number): StoredOrganization | undefined {
    const org = this.#orgs.get(id);
    return org && !org.is_deleted ? { ...org } : undefined;
  }

  /** Every organization, by id ascending. */
  organizations(): StoredOrganization[] {
    return [...this.#orgs.values()]
      .filter((org) => !org.is_deleted)
      .sort((a, b) => a.id - b.id)
      .map((org) => ({ ...org }));
  }

  /** Creates an organization named `name` (v2 `POST /api/v2/organizations`). */
  createOrganization(name: string): StoredOrganization {
    const now = this.#clock().toISOString();
    const org: StoredOrganization = {
      id: this.#nextOrgId++,
      name,
      owner_id: SANDBOX_USER_ID,
      visible_to: 3,
      add_time: now,
      update_time: now,
      is_deleted: false,
    };
    this.#orgs.set(org.id, org);
    return { ...org };
  }

  /** The organization named `name` (case-insensitive), created when missing; returns its id. */
  ensureOrganization(name: string): number {
    const wanted = name.trim().toLowerCase();
    const existing = [...this.#orgs.values()].find(
      (org) => !org.is_deleted && org.name.trim().toLowerCase() === wanted,
    );
    return existing ? existing.id : this.createOrganization(name.trim()).id;
  }

  /**
   * Creates a person from a v2 request body.
   * @throws PipedriveApiError 400/403 as Pipedrive answers invalid input.
   */
  createPerson(body: unknown): StoredPerson {
    const values = this.#validate(body, 'create');
    const now = this.#clock().toISOString();
    const person: StoredPerson = {
      id: this.#nextPersonId++,
      name: '',
      first_name: '',
      last_name: '',
      emails: [],
      phones: [],
      org_id: null,
      owner_id: SANDBOX_USER_ID,
      visible_to: 3,
      label_ids: [],
      add_time: now,
      update_time: now,
      is_deleted: false,
      job_title: null,
      notes: null,
      postal_address: null,
      birthday: null,
      custom_fields: {},
    };
    this.#apply(person, values);
    this.#persons.set(person.id, person);
    return copyPerson(person);
  }

  /**
   * Updates person `id` from a v2 request body; `update_time` moves only when a value changes.
   * @throws PipedriveApiError 404 for an unknown or deleted person, 400/403 for invalid input.
   */
  updatePerson(id: number, body: unknown): StoredPerson {
    const person = this.#persons.get(id);
    if (!person || person.is_deleted) throw notFound('Person');
    const values = this.#validate(body, 'update');
    const before = JSON.stringify(person);
    this.#apply(person, values);
    if (JSON.stringify(person) !== before) person.update_time = this.#clock().toISOString();
    return copyPerson(person);
  }

  /** Soft-deletes person `id` (404 when unknown or already deleted). */
  deletePerson(id: number): void {
    const person = this.#persons.get(id);
    if (!person || person.is_deleted) throw notFound('Person');
    person.is_deleted = true;
    person.update_time = this.#clock().toISOString();
  }

  /**
   * Applies changes as a Pipedrive user would in the web app (the sandbox's testing hooks): no API
   * validation, `update_time` moves when something changed.
   */
  edit(id: number, change: (person: StoredPerson) => void): StoredPerson {
    const person = this.#persons.get(id);
    if (!person || person.is_deleted) throw new Error(`The Pipedrive sandbox has no person ${id}`);
    const before = JSON.stringify(person);
    change(person);
    if (JSON.stringify(person) !== before) person.update_time = this.#clock().toISOString();
    return copyPerson(person);
  }

  /** Adds a person as a Pipedrive user would (the sandbox's testing hooks); returns it. */
  insert(fill: (person: StoredPerson) => void): StoredPerson {
    const now = this.#clock().toISOString();
    const person: StoredPerson = {
      id: this.#nextPersonId++,
      name: '',
      first_name: '',
      last_name: '',
      emails: [],
      phones: [],
      org_id: null,
      owner_id: SANDBOX_USER_ID,
      visible_to: 3,
      label_ids: [],
      add_time: now,
      update_time: now,
      is_deleted: false,
      job_title: null,
      notes: null,
      postal_address: null,
      birthday: null,
      custom_fields: {},
    };
    fill(person);
    this.#persons.set(person.id, person);
    return copyPerson(person);
  }

  /** The v2 JSON of a person (contact-sync fields only when contact sync is on). */
  personJson(person: StoredPerson): Record<string, unknown> {
    const custom: Record<string, unknown> = {};
    for (const key of CUSTOM_FIELDS.keys()) custom[key] = person.custom_fields[key] ?? null;
    return {
      id: person.id,
      name: person.name,
      first_name: person.first_name,
      last_name: person.last_name,
      owner_id: person.owner_id,
      org_id: person.org_id,
      add_time: pipedriveTime(person.add_time),
      update_time: pipedriveTime(person.update_time),
      emails: person.emails.map((entry) => ({ ...entry })),
      phones: person.phones.map((entry) => ({ ...entry })),
      is_deleted: person.is_deleted,
      visible_to: person.visible_to,
      label_ids: [...person.label_ids],
      picture_id: null,
      custom_fields: custom,
      ...(this.contactSync
        ? {
            job_title: person.job_title,
            notes: person.notes,
            postal_address: person.postal_address ? { ...person.postal_address } : null,
            birthday: person.birthday,
            im: [],
          }
        : {}),
    };
  }

  /** The v2 JSON of an organization. */
  organizationJson(org: StoredOrganization): Record<string, unknown> {
    return {
      id: org.id,
      name: org.name,
      owner_id: org.owner_id,
      add_time: pipedriveTime(org.add_time),
      update_time: pipedriveTime(org.update_time),
      is_deleted: org.is_deleted,
      visible_to: org.visible_to,
      label_ids: [],
      address: null,
      custom_fields: {},
    };
  }

  /** Checks a v2 person body; returns the values to apply. */
  #validate(body: unknown, mode: 'create' | 'update'): Record<string, unknown> {
    if (!isObject(body)) throw validationFailed('body', 'must be an object');
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      if (!PERSON_PARAMETERS.has(key)) throw validationFailed(key, `parameter "${key}" is not allowed`);
      if (CONTACT_SYNC_FIELDS.includes(key) && !this.contactSync) throw contactSyncRequired(key);
      values[key] = this.#checkValue(key, value);
    }
    const hasName = typeof values.name === 'string';
    const hasFirst = 'first_name' in values;
    const hasLast = 'last_name' in values;
    if (hasFirst !== hasLast)
      throw validationFailed(hasFirst ? 'last_name' : 'first_name', 'first_name and last_name must be given together');
    if (hasFirst && hasLast && values.first_name === '' && values.last_name === '') {
      throw validationFailed('first_name', 'first_name and last_name can not both be empty');
    }
    if (mode === 'create' && !hasName && !hasFirst) {
      throw validationFailed('name', 'either name or first_name and last_name must be provided');
    }
    return values;
  }

  /** Checks one parameter's value. */
  #checkValue(key: string, value: unknown): unknown {
    const integer = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
    switch (key) {
      case 'name':
        if (typeof value !== 'string' || value.trim() === '') throw validationFailed(key, 'must be a non-empty string');
        return value.trim();
      case 'first_name':
      case 'last_name':
        if (typeof value !== 'string') throw validationFailed(key, 'must be string');
        return value.trim();
      case 'org_id':
        if (value === null) return null;
        if (!integer(value)) throw validationFailed(key, 'must be integer');
        if (!this.organization(value as number))
          throw validationFailed(key, 'must be the id of an existing organization');
        return value;
      case 'owner_id':
        if (!integer(value)) throw validationFailed(key, 'must be integer');
        if (value !== SANDBOX_USER_ID) throw validationFailed(key, 'must be the id of an active user');
        return value;
      case 'visible_to':
        if (!integer(value) || !VISIBLE_TO.has(value as number))
          throw validationFailed(key, 'must be one of 1, 3, 5, 7');
        return value;
      case 'label_ids':
        if (!Array.isArray(value) || !value.every(integer)) throw validationFailed(key, 'must be an array of integers');
        return value;
      case 'emails':
      case 'phones':
        return this.#checkList(key, value);
      case 'job_title':
      case 'notes':
        if (value !== null && typeof value !== 'string') throw validationFailed(key, 'must be string');
        if (key === 'notes' && typeof value === 'string' && value.length > 10_000) {
          throw validationFailed(key, 'must be at most 10000 characters');
        }
        return value === '' ? null : value;
      case 'birthday':
        if (value !== null && (typeof value !== 'string' || !DATE_RE.test(value)))
          throw validationFailed(key, 'must be a date (YYYY-MM-DD)');
        return value;
      case 'postal_address':
        if (value === null) return null;
        if (!isObject(value) || typeof value.value !== 'string')
          throw validationFailed(`${key}.value`, 'must be string');
        for (const [part, text] of Object.entries(value)) {
          if (text !== null && typeof text !== 'string') throw validationFailed(`${key}.${part}`, 'must be string');
        }
        return value;
      case 'custom_fields':
        return this.#checkCustomFields(value);
      case 'add_time':
      case 'update_time':
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
          throw validationFailed(key, 'must be an RFC 3339 date-time');
        return value;
      default:
        return value;
    }
  }

  #checkList(key: 'emails' | 'phones', value: unknown): ListEntry[] {
    if (!Array.isArray(value)) throw validationFailed(key, 'must be array');
    const entries = value.map((entry, i): ListEntry => {
      if (!isObject(entry)) throw validationFailed(`${key}/${i}`, 'must be object');
      for (const part of Object.keys(entry)) {
        if (!['value', 'primary', 'label'].includes(part))
          throw validationFailed(`${key}/${i}/${part}`, 'is not allowed');
      }
      if (typeof entry.value !== 'string' || entry.value.trim() === '')
        throw validationFailed(`${key}/${i}/value`, 'must be a non-empty string');
      if (entry.primary !== undefined && typeof entry.primary !== 'boolean')
        throw validationFailed(`${key}/${i}/primary`, 'must be boolean');
      if (entry.label !== undefined && typeof entry.label !== 'string')
        throw validationFailed(`${key}/${i}/label`, 'must be string');
      return {
        value: entry.value.trim(),
        primary: entry.primary === true,
        label: (entry.label as string | undefined) || 'work',
      };
    });
    if (entries.filter((entry) => entry.primary).length > 1)
      throw validationFailed(key, 'only one entry can be primary');
    if (entries.length > 0 && !entries.some((entry) => entry.primary)) entries[0]!.primary = true;
    return entries;
  }

  #checkCustomFields(value: unknown): Record<string, unknown> {
    if (!isObject(value)) throw validationFailed('custom_fields', 'must be object');
    for (const [key, fieldValue] of Object.entries(value)) {
      const field = CUSTOM_FIELDS.get(key);
      if (!field) throw validationFailed(`custom_fields.${key}`, 'unknown custom field');
      if (fieldValue === null) continue;
      if (field.field_type === 'enum') {
        if (!field.options?.some((option) => option.id === fieldValue)) {
          throw validationFailed(`custom_fields.${key}`, "must be the id of one of the field's options");
        }
      } else if (typeof fieldValue !== 'string') {
        throw validationFailed(`custom_fields.${key}`, 'must be string');
      }
    }
    return value;
  }

  /** Applies validated values to `person`. */
  #apply(person: StoredPerson, values: Record<string, unknown>): void {
    if (typeof values.name === 'string') {
      person.name = values.name;
      Object.assign(person, splitPersonName(values.name));
    } else if ('first_name' in values) {
      person.first_name = values.first_name as string;
      person.last_name = values.last_name as string;
      person.name = [person.first_name, person.last_name].filter(Boolean).join(' ');
    }
    if ('emails' in values) person.emails = values.emails as ListEntry[];
    if ('phones' in values) person.phones = values.phones as ListEntry[];
    for (const key of ['org_id', 'owner_id', 'visible_to', 'label_ids', 'job_title', 'notes', 'birthday'] as const) {
      if (key in values) (person as unknown as Record<string, unknown>)[key] = values[key];
    }
    if ('postal_address' in values) {
      const address = values.postal_address as PostalAddress | null;
      person.postal_address = address && address.value.trim() !== '' ? { ...address } : null;
    }
    if ('custom_fields' in values) {
      for (const [key, value] of Object.entries(values.custom_fields as Record<string, unknown>)) {
        if (value === null || value === '') delete person.custom_fields[key];
        else person.custom_fields[key] = value;
      }
    }
  }
}

/** The label of "Customer tier" option `id`, for pages and testing reads. */
export function tierLabel(id: unknown): string | null {
  const field = CUSTOM_FIELDS.get(TIER_FIELD_KEY);
  return field?.options?.find((option) => option.id === id)?.label ?? null;
}
