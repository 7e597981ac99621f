/**
 * The one contract every CRM implements (proxy/crm/<vendor>/index.ts). Native vendor shapes are
 * parsed with zod inside each provider and mapped to these types; callers never see vendor JSON.
 */
import type { CrmFieldInfo, CrmObjectType, CrmProviderId, FieldMappingInput } from '../../lib/contracts/index.ts';

/**
 * A CRM record with its values keyed by the CRM's own field names, every value as a string
 * (numbers and booleans stringified; null/absent when blank). `updatedAt` is ISO 8601 or null.
 *
 * `contactPoints` (optional): EVERY email address and phone number the provider read for the
 * record, raw as the CRM stores them — the mapped fields and the others (HubSpot
 * `hs_additional_emails`/`mobilephone`, Salesforce email/phone-typed fields such as `MobilePhone`,
 * Dynamics `emailaddress1..3`/`telephone1..3`/`mobilephone`, Zoho `Secondary_Email`/`Mobile`/…,
 * Pipedrive's whole email and phone lists). The proxy re-checks a search candidate against all of
 * them, so a person found by a secondary email or a mobile-only number is not created twice.
 * Absent when the provider read none beyond `values`.
 */
export interface NativeRecord {
  id: string;
  objectType: CrmObjectType;
  values: Record<string, string | null>;
  updatedAt: string | null;
  contactPoints?: ContactPoints;
}

/** Every email and phone of one record, raw, blanks left out (see {@link NativeRecord.contactPoints}). */
export interface ContactPoints {
  emails: string[];
  phones: string[];
}

/**
 * The contact points in `values` under the given field names (blank values left out, duplicates
 * kept once, order kept). `split` breaks one value into several (HubSpot's `hs_additional_emails`
 * is a `;`-separated list).
 */
export function contactPointsFrom(
  values: Readonly<Record<string, unknown>>,
  fields: { emails: readonly string[]; phones: readonly string[] },
  split: (field: string, value: string) => string[] = (_field, value) => [value],
): ContactPoints {
  const collect = (names: readonly string[]) => {
    const out: string[] = [];
    for (const name of names) {
      const value = values[name];
      if (typeof value !== 'string') continue;
      for (const part of split(name, value)) {
        const text = part.trim();
        if (text !== '' && !out.includes(text)) out.push(text);
      }
    }
    return out;
  };
  return { emails: collect(fields.emails), phones: collect(fields.phones) };
}

/**
 * Typed CRM failure kinds:
 * - `not_found`: the record does not exist (or was merged away);
 * - `duplicate`: a create collided with an existing record; `existingId` when the vendor tells it
 *   (HubSpot 409 "Existing ID: N", Salesforce DUPLICATES_DETECTED duplicateResult);
 * - `invalid_field`: a field name the CRM does not know (`field`);
 * - `validation`: the CRM refused a value (`field` when known; vendor's reason in `message`);
 * - `rate_limited`: throttled (`retryAfterMs` when the vendor says);
 * - `auth_expired`: the CRM rejected our credentials (after any refresh was tried);
 * - `unavailable`: network failure, timeout or vendor 5xx;
 * - `unknown`: any other vendor error.
 */
export type CrmErrorKind =
  | 'not_found'
  | 'duplicate'
  | 'invalid_field'
  | 'validation'
  | 'rate_limited'
  | 'auth_expired'
  | 'unavailable'
  | 'unknown';

export interface CrmErrorInit {
  provider: CrmProviderId;
  status?: number;
  existingId?: string;
  field?: string;
  retryAfterMs?: number;
  /** Vendor's own error code (HubSpot category, Salesforce errorCode, ...). */
  vendorCode?: string;
  cause?: unknown;
}

/** A CRM call failed. `message` is the vendor's reason in words, fit to show an agent. */
export class CrmError extends Error {
  readonly kind: CrmErrorKind;
  readonly provider: CrmProviderId;
  readonly status: number | undefined;
  readonly existingId: string | undefined;
  readonly field: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly vendorCode: string | undefined;

  constructor(kind: CrmErrorKind, message: string, init: CrmErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CrmError';
    this.kind = kind;
    this.provider = init.provider;
    this.status = init.status;
    this.existingId = init.existingId;
    this.field = init.field;
    this.retryAfterMs = init.retryAfterMs;
    this.vendorCode = init.vendorCode;
  }
}

/** The fetch the providers use; injectable so the sandbox can be served in-process and tests can count calls. */
export type FetchLike = (input: Request) => Promise<Response>;

/** One record to create in a batch, or one update (`id` set) in a batch. */
export interface BatchCreateInput {
  properties: Readonly<Record<string, string>>;
}
export interface BatchUpdateInput {
  id: string;
  properties: Readonly<Record<string, string>>;
}

/**
 * One CRM. All methods throw `CrmError` on vendor failure; none returns vendor JSON.
 * `properties` arguments name the CRM fields to read back (the mapped fields).
 * `objectType` arguments default to the provider's primary object (`createsObjectType`'s
 * counterpart for updates: the object lookups return first).
 */
export interface CrmProvider {
  readonly id: CrmProviderId;
  /** "HubSpot", "Salesforce", ... */
  readonly label: string;
  /** What `create` makes: `contact` (HubSpot, Salesforce Contact mode, Zoho, Pipedrive) or `lead` (Dynamics, Salesforce Lead mode). */
  readonly createsObjectType: CrmObjectType;
  /**
   * True when a lookup may find a Lead that must not be updated or duplicated, only reported
   * (Dynamics 365: contacts are the customers; an existing lead is sales' business → outcome
   * `existing_lead`). False where leads are the configured object (Salesforce Lead mode) or absent.
   */
  readonly reportsExistingLeads: boolean;
  /** The default field mapping for this CRM (see DESIGN.md and the issue for each vendor). */
  defaultMapping(): FieldMappingInput[];
  /** The object's fields with labels, types and writability. Callers cache it. */
  describeFields(objectType?: CrmObjectType): Promise<CrmFieldInfo[]>;
  /** One record by id, or null when the CRM has no such record. */
  getById(id: string, properties: readonly string[], objectType?: CrmObjectType): Promise<NativeRecord | null>;
  /** Records whose email equals `email` (already trimmed and lower-cased), any order. */
  findByEmail(email: string, properties: readonly string[]): Promise<NativeRecord[]>;
  /**
   * Records whose phone is this number. `e164` is "+14155550100"; CRMs store phones in free
   * formats, so a provider may search several spellings — the caller re-checks every candidate.
   */
  findByPhone(e164: string, properties: readonly string[]): Promise<NativeRecord[]>;
  /** Create one record; throws `duplicate` (with `existingId` when known) if the CRM finds a duplicate. */
  create(properties: Readonly<Record<string, string>>, returnProperties: readonly string[]): Promise<NativeRecord>;
  /** Write `properties` to one record in ONE request; returns the record after the write. */
  update(
    id: string,
    properties: Readonly<Record<string, string>>,
    returnProperties: readonly string[],
    objectType?: CrmObjectType,
  ): Promise<NativeRecord>;
  /**
   * Batch read: the records that exist among `ids` (missing ids are simply absent), in as few
   * requests as the vendor's batch limit allows (HubSpot 100, Salesforce 200, ...).
   */
  getMany(ids: readonly string[], properties: readonly string[], objectType?: CrmObjectType): Promise<NativeRecord[]>;
  /**
   * Batch create / update in chunks of the vendor's limit. Each input gets its own result, in
   * input order: the record, or the CrmError for that input (one bad record never fails the rest).
   */
  createMany(inputs: readonly BatchCreateInput[], returnProperties: readonly string[]): Promise<BatchResult[]>;
  updateMany(
    inputs: readonly BatchUpdateInput[],
    returnProperties: readonly string[],
    objectType?: CrmObjectType,
  ): Promise<BatchResult[]>;
  /** The record's page in the CRM's web UI, or null when unknown. */
  recordUrl(record: Pick<NativeRecord, 'id' | 'objectType'>): string | null;
}

/** Per-input outcome of a batch call. */
export type BatchResult = { ok: true; record: NativeRecord } | { ok: false; error: CrmError };
