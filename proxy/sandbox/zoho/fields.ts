/**
 * The sandbox's field metadata for the Contacts and Accounts modules: the standard fields of a new
 * Zoho CRM organisation (API names as Zoho spells them), as `GET /crm/v8/settings/fields?module=…`
 * describes them (https://www.zoho.com/crm/developer/docs/api/v8/field-meta.html).
 */

/** The modules the sandbox serves. */
export const SANDBOX_MODULES = ['Contacts', 'Accounts'] as const;
export type SandboxModule = (typeof SANDBOX_MODULES)[number];

/** One field definition. `system` fields are maintained by the sandbox and cannot be written. */
export interface SandboxField {
  api_name: string;
  field_label: string;
  data_type:
    | 'text'
    | 'textarea'
    | 'email'
    | 'phone'
    | 'picklist'
    | 'lookup'
    | 'ownerlookup'
    | 'boolean'
    | 'date'
    | 'datetime'
    | 'website';
  /** Longest value, in characters. */
  length: number;
  read_only?: boolean;
  system_mandatory?: boolean;
  /** Allowed values of a picklist (restricted). */
  options?: readonly string[];
  /** The module a lookup points at. */
  lookupModule?: SandboxModule;
}

const SALUTATIONS = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.'];
const LEAD_SOURCES = [
  'Advertisement',
  'Cold Call',
  'Employee Referral',
  'External Referral',
  'Online Store',
  'Partner',
  'Public Relations',
  'Sales Email Alias',
  'Seminar Partner',
  'Internal Seminar',
  'Trade Show',
  'Web Download',
  'Web Research',
  'Chat',
];

/** Contacts fields, in layout order. */
export const CONTACT_FIELDS: readonly SandboxField[] = [
  { api_name: 'Owner', field_label: 'Contact Owner', data_type: 'ownerlookup', length: 120 },
  { api_name: 'Salutation', field_label: 'Salutation', data_type: 'picklist', length: 120, options: SALUTATIONS },
  { api_name: 'First_Name', field_label: 'First Name', data_type: 'text', length: 40 },
  { api_name: 'Last_Name', field_label: 'Last Name', data_type: 'text', length: 80, system_mandatory: true },
  { api_name: 'Full_Name', field_label: 'Full Name', data_type: 'text', length: 120, read_only: true },
  {
    api_name: 'Account_Name',
    field_label: 'Account Name',
    data_type: 'lookup',
    length: 120,
    lookupModule: 'Accounts',
  },
  { api_name: 'Email', field_label: 'Email', data_type: 'email', length: 100 },
  { api_name: 'Secondary_Email', field_label: 'Secondary Email', data_type: 'email', length: 100 },
  { api_name: 'Title', field_label: 'Title', data_type: 'text', length: 100 },
  { api_name: 'Department', field_label: 'Department', data_type: 'text', length: 30 },
  { api_name: 'Phone', field_label: 'Phone', data_type: 'phone', length: 30 },
  { api_name: 'Mobile', field_label: 'Mobile', data_type: 'phone', length: 30 },
  { api_name: 'Home_Phone', field_label: 'Home Phone', data_type: 'phone', length: 30 },
  { api_name: 'Lead_Source', field_label: 'Lead Source', data_type: 'picklist', length: 120, options: LEAD_SOURCES },
  { api_name: 'Date_of_Birth', field_label: 'Date of Birth', data_type: 'date', length: 20 },
  { api_name: 'Email_Opt_Out', field_label: 'Email Opt Out', data_type: 'boolean', length: 5 },
  { api_name: 'Mailing_Street', field_label: 'Mailing Street', data_type: 'text', length: 250 },
  { api_name: 'Mailing_City', field_label: 'Mailing City', data_type: 'text', length: 100 },
  { api_name: 'Mailing_State', field_label: 'Mailing State', data_type: 'text', length: 100 },
  { api_name: 'Mailing_Zip', field_label: 'Mailing Zip', data_type: 'text', length: 30 },
  { api_name: 'Mailing_Country', field_label: 'Mailing Country', data_type: 'text', length: 100 },
  { api_name: 'Description', field_label: 'Description', data_type: 'textarea', length: 32_000 },
  { api_name: 'Created_By', field_label: 'Created By', data_type: 'ownerlookup', length: 120, read_only: true },
  { api_name: 'Modified_By', field_label: 'Modified By', data_type: 'ownerlookup', length: 120, read_only: true },
  { api_name: 'Created_Time', field_label: 'Created Time', data_type: 'datetime', length: 120, read_only: true },
  { api_name: 'Modified_Time', field_label: 'Modified Time', data_type: 'datetime', length: 120, read_only: true },
];

/** Accounts fields, in layout order. */
export const ACCOUNT_FIELDS: readonly SandboxField[] = [
  { api_name: 'Owner', field_label: 'Account Owner', data_type: 'ownerlookup', length: 120 },
  { api_name: 'Account_Name', field_label: 'Account Name', data_type: 'text', length: 200, system_mandatory: true },
  { api_name: 'Website', field_label: 'Website', data_type: 'website', length: 255 },
  { api_name: 'Phone', field_label: 'Phone', data_type: 'phone', length: 30 },
  { api_name: 'Industry', field_label: 'Industry', data_type: 'text', length: 120 },
  { api_name: 'Billing_City', field_label: 'Billing City', data_type: 'text', length: 100 },
  { api_name: 'Description', field_label: 'Description', data_type: 'textarea', length: 32_000 },
  { api_name: 'Created_By', field_label: 'Created By', data_type: 'ownerlookup', length: 120, read_only: true },
  { api_name: 'Modified_By', field_label: 'Modified By', data_type: 'ownerlookup', length: 120, read_only: true },
  { api_name: 'Created_Time', field_label: 'Created Time', data_type: 'datetime', length: 120, read_only: true },
  { api_name: 'Modified_Time', field_label: 'Modified Time', data_type: 'datetime', length: 120, read_only: true },
];

/** The fields of `module`. */
export function fieldsOf(module: SandboxModule): readonly SandboxField[] {
  return module === 'Contacts' ? CONTACT_FIELDS : ACCOUNT_FIELDS;
}

/** The module's name field (shown as a record's name, and its duplicate check for Accounts). */
export const NAME_FIELD: Readonly<Record<SandboxModule, string>> = {
  Contacts: 'Full_Name',
  Accounts: 'Account_Name',
};

/**
 * The field whose value must be unique in the module (Zoho's system duplicate check fields:
 * Contacts → Email, Accounts → Account_Name).
 */
export const DUPLICATE_CHECK_FIELD: Readonly<Record<SandboxModule, string>> = {
  Contacts: 'Email',
  Accounts: 'Account_Name',
};

/** Field ids are stable numbers, like Zoho's. */
const FIELD_ID_BASE = 5725767000000002000n;

/** The JSON Zoho's fields metadata gives for one field. */
export function fieldJson(field: SandboxField, index: number, module: SandboxModule): Record<string, unknown> {
  return {
    api_name: field.api_name,
    field_label: field.field_label,
    display_label: field.field_label,
    data_type: field.data_type,
    json_type:
      field.data_type === 'boolean'
        ? 'boolean'
        : field.data_type === 'lookup' || field.data_type === 'ownerlookup'
          ? 'jsonobject'
          : 'string',
    id: String(FIELD_ID_BASE + BigInt((module === 'Contacts' ? 0 : 500) + index)),
    length: field.length,
    read_only: field.read_only ?? false,
    field_read_only: field.read_only ?? false,
    system_mandatory: field.system_mandatory ?? false,
    custom_field: false,
    visible: true,
    pick_list_values: (field.options ?? []).map((value, i) => ({
      display_value: value,
      actual_value: value,
      sequence_number: i + 1,
    })),
    lookup: field.lookupModule ? { module: { api_name: field.lookupModule } } : {},
  };
}
