/**
 * The sandbox's person fields, as `GET /api/v2/personFields` describes them: `{field_code,
 * field_name, field_type, is_custom_field, is_optional_response_field, options, subfields}`
 * (https://pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide, "Field Object"). System fields
 * use the v2 person object's keys (`emails`, `phones`, …); `job_title`, `notes`, `postal_address`
 * and `birthday` exist only with contact sync; two custom fields show how custom values work.
 */

/** One person field. */
export interface SandboxPersonField {
  field_code: string;
  field_name: string;
  field_type: string;
  is_custom_field: boolean;
  options?: readonly { id: number; label: string }[];
  /** Present only when the company has contact sync enabled. */
  contactSync?: boolean;
}

/** Key of the custom varchar field "Time zone". */
export const TIME_ZONE_FIELD_KEY = 'a3f9c7e21b4d5e6f708192a3b4c5d6e7f8091a2b';
/** Key of the custom single-option field "Customer tier". */
export const TIER_FIELD_KEY = '5d1c0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d';

/** Options of "Customer tier". */
export const TIER_OPTIONS = [
  { id: 31, label: 'Free' },
  { id: 32, label: 'Pro' },
  { id: 33, label: 'Enterprise' },
] as const;

/** The person fields, in Pipedrive's order. */
export const PERSON_FIELDS: readonly SandboxPersonField[] = [
  { field_code: 'id', field_name: 'ID', field_type: 'int', is_custom_field: false },
  { field_code: 'name', field_name: 'Name', field_type: 'varchar', is_custom_field: false },
  { field_code: 'first_name', field_name: 'First name', field_type: 'varchar', is_custom_field: false },
  { field_code: 'last_name', field_name: 'Last name', field_type: 'varchar', is_custom_field: false },
  { field_code: 'label_ids', field_name: 'Labels', field_type: 'set', is_custom_field: false },
  { field_code: 'org_id', field_name: 'Organization', field_type: 'org', is_custom_field: false },
  { field_code: 'owner_id', field_name: 'Owner', field_type: 'user', is_custom_field: false },
  { field_code: 'phones', field_name: 'Phone', field_type: 'phone', is_custom_field: false },
  { field_code: 'emails', field_name: 'Email', field_type: 'varchar', is_custom_field: false },
  { field_code: 'visible_to', field_name: 'Visible to', field_type: 'visible_to', is_custom_field: false },
  { field_code: 'add_time', field_name: 'Person created', field_type: 'date', is_custom_field: false },
  { field_code: 'update_time', field_name: 'Update time', field_type: 'date', is_custom_field: false },
  { field_code: 'picture_id', field_name: 'Profile picture', field_type: 'picture', is_custom_field: false },
  {
    field_code: 'job_title',
    field_name: 'Job title',
    field_type: 'varchar',
    is_custom_field: false,
    contactSync: true,
  },
  { field_code: 'notes', field_name: 'Notes', field_type: 'text', is_custom_field: false, contactSync: true },
  {
    field_code: 'postal_address',
    field_name: 'Postal address',
    field_type: 'address',
    is_custom_field: false,
    contactSync: true,
  },
  { field_code: 'birthday', field_name: 'Birthday', field_type: 'date', is_custom_field: false, contactSync: true },
  { field_code: TIME_ZONE_FIELD_KEY, field_name: 'Time zone', field_type: 'varchar', is_custom_field: true },
  {
    field_code: TIER_FIELD_KEY,
    field_name: 'Customer tier',
    field_type: 'enum',
    is_custom_field: true,
    options: TIER_OPTIONS,
  },
];

/** The contact-sync-only fields. */
export const CONTACT_SYNC_FIELDS = PERSON_FIELDS.filter((field) => field.contactSync).map((field) => field.field_code);

/** The custom fields by key. */
export const CUSTOM_FIELDS = new Map(
  PERSON_FIELDS.filter((field) => field.is_custom_field).map((field) => [field.field_code, field] as const),
);

/** The fields a company with (or without) contact sync has. */
export function personFields(contactSync: boolean): SandboxPersonField[] {
  return PERSON_FIELDS.filter((field) => contactSync || !field.contactSync);
}

/** The JSON `GET /api/v2/personFields` gives for one field. */
export function fieldJson(field: SandboxPersonField): Record<string, unknown> {
  return {
    field_code: field.field_code,
    field_name: field.field_name,
    field_type: field.field_type,
    options: field.options ? field.options.map((option) => ({ ...option, color: null })) : null,
    subfields:
      field.field_type === 'address'
        ? ['value', 'locality', 'country', 'postal_code'].map((code) => ({
            field_code: code,
            field_name: `${code} of ${field.field_name}`,
            field_type: 'varchar',
          }))
        : null,
    is_custom_field: field.is_custom_field,
    is_optional_response_field: false,
  };
}
