/**
 * Types of the pure sync planner (lib/sync). No I/O anywhere in lib/sync: the proxy reads the CRM,
 * hands the planner plain data, and carries out the plan it gets back.
 */
import type {
  CrmFieldInfo,
  Customer,
  CustomerField,
  FieldMapping,
  FieldWrite,
  SyncWarning,
} from '../contracts/index.ts';

/** Planner settings. `defaultRegion`: ISO 3166-1 alpha-2 region for phone numbers written without
 * a country code ("(415) 555-0100"); the team's setting, `US` when unset. */
export interface PlannerOptions {
  defaultRegion: string;
}

/** A CRM record's values keyed by the CRM's own field names (HubSpot "firstname", Salesforce "Email"). */
export type CrmValues = Readonly<Record<string, string | null | undefined>>;

/**
 * Every email address and phone number a CRM record holds, raw as the CRM stores them — the mapped
 * fields and the others (HubSpot `hs_additional_emails`/`mobilephone`, Salesforce `MobilePhone`,
 * Dynamics `emailaddress2`/`mobilephone`, Zoho `Secondary_Email`/`Mobile`, Pipedrive's non-primary
 * list entries). Blank entries may appear; readers normalise.
 */
export interface ContactPoints {
  emails: readonly string[];
  phones: readonly string[];
}

/**
 * A CRM record as the planner sees it. `updatedAt` is ISO 8601 or null when unknown.
 * `contactPoints` (optional): every email and phone the record holds; when given, a chat email or
 * phone the CRM already holds in another field is neither a conflict nor a failed re-check.
 */
export interface PlannerRecord {
  id: string;
  values: CrmValues;
  updatedAt: string | null;
  contactPoints?: ContactPoints | undefined;
}

/**
 * A decision an agent already made (Keep CRM value / Discard all): for this field, this chat value
 * against this CRM value, keep the CRM. Values as shown in the conflict; compared after normalisation.
 */
export interface SettledDecision {
  field: CustomerField;
  chatValue: string;
  crmValue: string;
}

/** A conflict the planner wants queued. Values are display values (name joined). */
export interface PlannedConflict {
  field: CustomerField;
  crmFields: string[];
  crmValue: string;
  chatValue: string;
}

export interface SyncPlanInput {
  customer: Customer;
  /** The matched record, or null when nothing matched (the plan is then a create). */
  record: PlannerRecord | null;
  mapping: readonly FieldMapping[];
  /** The CRM object's field list by name; null when unknown (then no field is skipped as missing). */
  crmFields: ReadonlyMap<string, CrmFieldInfo> | null;
  /** Remembered decisions for this record; a conflict matching one is not queued again. */
  settled: readonly SettledDecision[];
  /** "HubSpot", "Salesforce"…, for warning messages. */
  providerLabel: string;
  options: PlannerOptions;
}

/**
 * What the proxy must do:
 * - `skip_no_key`: the customer has neither a usable email nor phone; make no CRM call at all.
 * - `create`: create one record with `properties` (CRM field → value).
 * - `update`: send `properties` in ONE write (may be empty: nothing to write), queue `conflicts`.
 * `writes` describes the same writes per customer field, for the response and history.
 */
export type SyncPlan =
  | { kind: 'skip_no_key'; warnings: SyncWarning[] }
  | { kind: 'create'; properties: Record<string, string>; writes: FieldWrite[]; warnings: SyncWarning[] }
  | {
      kind: 'update';
      properties: Record<string, string>;
      writes: FieldWrite[];
      conflicts: PlannedConflict[];
      warnings: SyncWarning[];
    };

/** The lookup keys of a customer: trimmed lower-case email and E.164 phone, each null when absent/unusable. */
export interface LookupKeys {
  email: string | null;
  phone: string | null;
}

export interface ResolutionInput {
  conflict: PlannedConflict;
  choice: 'chat' | 'crm';
  /** The record's values as re-read from the CRM just now. */
  current: CrmValues;
  mapping: FieldMapping;
  options: PlannerOptions;
}

/**
 * Compare-and-set outcome of resolving one conflict:
 * - `stale`: the CRM no longer holds `conflict.crmValue`; `crmValue` is what it holds now. Write nothing.
 * - `obsolete`: the CRM now holds the chat value itself. Write nothing; close the conflict.
 * - `write`: (choice chat) send `properties` in one write.
 * - `keep`: (choice crm) nothing to write; remember the decision.
 */
export type ResolutionPlan =
  | { kind: 'stale'; crmValue: string }
  | { kind: 'obsolete' }
  | { kind: 'write'; properties: Record<string, string>; write: FieldWrite }
  | { kind: 'keep' };
