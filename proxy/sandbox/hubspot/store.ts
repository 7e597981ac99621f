/**
 * The sandbox's contact store: HubSpot's contact semantics, in memory.
 *
 * - Property values are strings; writing `""` (or `null`) clears a value. Emails are stored trimmed
 *   and lower-cased, as HubSpot stores them.
 * - `createdate`, `lastmodifieddate`, `hs_object_id` and `hs_searchable_calculated_phone_number` are
 *   maintained by the store and cannot be written.
 * - Writes are validated like HubSpot validates them: unknown property → PROPERTY_DOESNT_EXIST,
 *   read-only or calculated → READ_ONLY_VALUE, enumeration value not an option → INVALID_OPTION,
 *   malformed email → INVALID_EMAIL (all problems reported at once, nothing written); an email
 *   another contact has → 409 "Contact already exists. Existing ID: <id>".
 *   (https://developers.hubspot.com/docs/api/crm/contacts)
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { duplicateContactError, notFoundError, type PropertyProblem, propertyValidationError } from './errors.ts';
import {
  ALWAYS_RETURNED_PROPERTIES,
  DEFAULT_RETURNED_PROPERTIES,
  SANDBOX_CONTACT_PROPERTIES,
  type SandboxProperty,
} from './properties.ts';
import { FIRST_CREATED_CONTACT_ID, type HubSpotSeedContact } from './seed.ts';

/** A contact as the store keeps it. `properties` holds only non-blank values, system ones included. */
export interface SandboxContact {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** Property values as a client sends them (HubSpot stringifies numbers and booleans). */
export type PropertyInput = Readonly<Record<string, string | number | boolean | null>>;

/** HubSpot's JSON for one record (`SimplePublicObject`). */
export interface ContactJson {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

const SYSTEM_PROPERTIES = new Set(['createdate', 'lastmodifieddate', 'hs_object_id']);
// Deliberately loose (like HubSpot's check): something@something.tld, no spaces.
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `hs_searchable_calculated_phone_number` for a phone value: the national number's digits without
 * the country code (parsed with US as the region for numbers written without one); for a value
 * libphonenumber cannot parse, its digits. Empty when the value has no digits.
 */
export function searchablePhoneNumber(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone, 'US');
  if (parsed) return parsed.nationalNumber;
  return phone.replace(/\D+/g, '');
}

function copy(contact: SandboxContact): SandboxContact {
  return { ...contact, properties: { ...contact.properties } };
}

/** In-memory contacts with HubSpot's write rules. All returned contacts are copies. */
export class ContactStore {
  readonly #contacts = new Map<string, SandboxContact>();
  readonly #properties: ReadonlyMap<string, SandboxProperty>;
  readonly #clock: () => Date;
  #nextId = FIRST_CREATED_CONTACT_ID;

  constructor(clock: () => Date, properties: readonly SandboxProperty[] = SANDBOX_CONTACT_PROPERTIES) {
    this.#clock = clock;
    this.#properties = new Map(properties.map((p) => [p.name, p]));
  }

  /** The property definitions by name. */
  get properties(): ReadonlyMap<string, SandboxProperty> {
    return this.#properties;
  }

  /** Drops every contact and loads `seed`; new ids start again at 201. */
  load(seed: readonly HubSpotSeedContact[]): void {
    this.#contacts.clear();
    this.#nextId = FIRST_CREATED_CONTACT_ID;
    for (const s of seed) {
      const properties: Record<string, string> = {};
      for (const [name, value] of Object.entries(s.properties)) {
        const v = this.#normalize(name, value);
        if (v !== '') properties[name] = v;
      }
      const contact: SandboxContact = {
        id: s.id,
        properties,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        archived: false,
      };
      this.#derive(contact);
      this.#contacts.set(s.id, contact);
      this.#nextId = Math.max(this.#nextId, Number(s.id) + 1);
    }
  }

  /** One contact by id (archived ones only when `includeArchived`), or undefined. */
  get(id: string, includeArchived = false): SandboxContact | undefined {
    const c = this.#contacts.get(id);
    return c && (includeArchived || !c.archived) ? copy(c) : undefined;
  }

  /** The active contact with this email (case-insensitive), or undefined. */
  getByEmail(email: string): SandboxContact | undefined {
    const wanted = email.trim().toLowerCase();
    for (const c of this.#contacts.values()) {
      if (!c.archived && c.properties.email === wanted) return copy(c);
    }
    return undefined;
  }

  /** Every active contact, by numeric id ascending. */
  list(): SandboxContact[] {
    return [...this.#contacts.values()]
      .filter((c) => !c.archived)
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map(copy);
  }

  /**
   * Validates a write without applying it; throws the HubSpotApiError HubSpot would answer
   * (400 with every problem, or 409 for an email in use by another contact).
   */
  validate(input: PropertyInput, selfId: string | null): Record<string, string> {
    const problems: PropertyProblem[] = [];
    const values: Record<string, string> = {};
    for (const [name, raw] of Object.entries(input)) {
      const def = this.#properties.get(name);
      if (!def) {
        problems.push({ name, code: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
        continue;
      }
      if (def.readOnly || def.calculated) {
        problems.push({
          name,
          code: 'READ_ONLY_VALUE',
          message: `"${name}" is a read only property; its value cannot be set.`,
        });
        continue;
      }
      const value = this.#normalize(name, raw);
      if (value !== '' && def.type === 'enumeration' && !def.options?.some((o) => o.value === value)) {
        const allowed = (def.options ?? []).map((o) => o.value).join(', ');
        problems.push({
          name,
          code: 'INVALID_OPTION',
          message: `${JSON.stringify(value)} was not one of the allowed options: [${allowed}]`,
        });
        continue;
      }
      if (value !== '' && name === 'email' && !EMAIL_RE.test(value)) {
        problems.push({ name, code: 'INVALID_EMAIL', message: `Email address ${value} is invalid` });
        continue;
      }
      values[name] = value;
    }
    if (problems.length > 0) throw propertyValidationError(problems);
    const email = values.email;
    if (email) {
      const other = this.getByEmail(email);
      if (other && other.id !== selfId) throw duplicateContactError(other.id);
    }
    return values;
  }

  /** Creates a contact (validated as HubSpot validates a create); returns it. */
  create(input: PropertyInput): SandboxContact {
    const values = this.validate(input, null);
    const now = this.#clock().toISOString();
    const id = String(this.#nextId++);
    const properties: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) if (value !== '') properties[name] = value;
    const contact: SandboxContact = { id, properties, createdAt: now, updatedAt: now, archived: false };
    this.#derive(contact);
    this.#contacts.set(id, contact);
    return copy(contact);
  }

  /**
   * Writes `input` to contact `id` (validated first; 404 when missing or archived). `updatedAt` and
   * `lastmodifieddate` move to the clock's time only when a value actually changed. Returns the
   * contact and the names of the properties whose value changed.
   */
  update(id: string, input: PropertyInput): { contact: SandboxContact; changed: string[] } {
    const contact = this.#contacts.get(id);
    if (!contact || contact.archived) throw notFoundError();
    const values = this.validate(input, id);
    const changed: string[] = [];
    for (const [name, value] of Object.entries(values)) {
      const before = contact.properties[name] ?? '';
      if (before === value) continue;
      changed.push(name);
      if (value === '') delete contact.properties[name];
      else contact.properties[name] = value;
    }
    if (changed.length > 0) {
      contact.updatedAt = this.#clock().toISOString();
      this.#derive(contact);
    }
    return { contact: copy(contact), changed };
  }

  /** Archives contact `id` (HubSpot's DELETE); 404 when missing or already archived. */
  archive(id: string): void {
    const contact = this.#contacts.get(id);
    if (!contact || contact.archived) throw notFoundError();
    contact.archived = true;
    contact.updatedAt = this.#clock().toISOString();
    this.#derive(contact);
  }

  /**
   * HubSpot's JSON for a contact. `requested`: property names to return (unknown names are ignored,
   * as HubSpot ignores them; requested-but-blank ones come back as null); null → HubSpot's defaults.
   * `createdate`, `hs_object_id` and `lastmodifieddate` are always included.
   */
  toJson(contact: SandboxContact, requested: readonly string[] | null): ContactJson {
    const names = new Set<string>(ALWAYS_RETURNED_PROPERTIES);
    for (const name of requested && requested.length > 0 ? requested : DEFAULT_RETURNED_PROPERTIES) {
      if (this.#properties.has(name)) names.add(name);
    }
    const properties: Record<string, string | null> = {};
    for (const name of [...names].sort()) properties[name] = contact.properties[name] ?? null;
    return {
      id: contact.id,
      properties,
      createdAt: contact.createdAt,
      updatedAt: contact.updatedAt,
      archived: contact.archived,
    };
  }

  /**
   * HubSpot's JSON as an update answers it: only the named (written) properties, plus `createdate`,
   * `hs_object_id` and `lastmodifieddate` — not the record's other values.
   */
  toPartialJson(contact: SandboxContact, names: readonly string[]): ContactJson {
    const properties: Record<string, string | null> = {};
    for (const name of [...new Set([...names, ...ALWAYS_RETURNED_PROPERTIES])].sort()) {
      if (this.#properties.has(name)) properties[name] = contact.properties[name] ?? null;
    }
    return {
      id: contact.id,
      properties,
      createdAt: contact.createdAt,
      updatedAt: contact.updatedAt,
      archived: contact.archived,
    };
  }

  /** HubSpot's JSON with every non-blank property (what a create answers). */
  toFullJson(contact: SandboxContact): ContactJson {
    const properties: Record<string, string | null> = {};
    for (const name of Object.keys(contact.properties).sort()) properties[name] = contact.properties[name] ?? null;
    return {
      id: contact.id,
      properties,
      createdAt: contact.createdAt,
      updatedAt: contact.updatedAt,
      archived: contact.archived,
    };
  }

  #normalize(name: string, raw: string | number | boolean | null): string {
    const value = raw === null ? '' : String(raw);
    if (name === 'email') return value.trim().toLowerCase();
    return value.trim() === '' ? '' : value;
  }

  /** Recomputes the system and calculated properties of `contact`. */
  #derive(contact: SandboxContact): void {
    const p = contact.properties;
    for (const name of SYSTEM_PROPERTIES) delete p[name];
    p.createdate = contact.createdAt;
    p.lastmodifieddate = contact.updatedAt;
    p.hs_object_id = contact.id;
    const searchable = p.phone ? searchablePhoneNumber(p.phone) : '';
    if (searchable) p.hs_searchable_calculated_phone_number = searchable;
    else delete p.hs_searchable_calculated_phone_number;
  }
}
