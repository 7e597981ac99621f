/**
 * CRM-side shapes shared by proxy and extension: which CRMs exist, a CRM record as the sidebar
 * shows it, the CRM's field list, and field mappings.
 *
 * Imports nothing but zod.
 */
import { z } from 'zod';
import { CustomerField } from './customer.ts';

export const CRM_PROVIDERS = ['hubspot', 'salesforce', 'dynamics', 'zoho', 'pipedrive'] as const;
export const CrmProviderId = z.enum(CRM_PROVIDERS);
export type CrmProviderId = z.infer<typeof CrmProviderId>;

/** Product names, used in the sidebar ("In HubSpot") and in error messages. */
export const CRM_LABELS: Record<CrmProviderId, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  dynamics: 'Dynamics 365',
  zoho: 'Zoho CRM',
  pipedrive: 'Pipedrive',
};

/** Kind of CRM record. Pipedrive's Person is reported as `contact`. */
export const CrmObjectType = z.enum(['contact', 'lead']);
export type CrmObjectType = z.infer<typeof CrmObjectType>;

/** Points at one CRM record. `id` is the vendor's own id (HubSpot "5101", Salesforce "003...", a GUID...). */
export const RecordRef = z.object({
  provider: CrmProviderId,
  objectType: CrmObjectType,
  id: z.string().min(1).max(128),
});
export type RecordRef = z.infer<typeof RecordRef>;

/**
 * A CRM record as the sidebar shows it.
 * - `values`: the CRM's values mapped back to canonical customer fields (name = first + last
 *   joined); only non-blank values are present.
 * - `url`: opens the record in the CRM's web UI, or null when the proxy cannot build one.
 * - `updatedAt`: ISO 8601, the CRM's last-modified time, or null when unknown.
 */
export const CrmRecord = RecordRef.extend({
  url: z.string().url().nullable(),
  values: z.partialRecord(CustomerField, z.string()),
  updatedAt: z.string().nullable(),
});
export type CrmRecord = z.infer<typeof CrmRecord>;

/** Data type of a CRM field, simplified across vendors. */
export const CrmFieldType = z.enum([
  'string',
  'text',
  'email',
  'phone',
  'number',
  'enumeration',
  'date',
  'datetime',
  'boolean',
  'other',
]);
export type CrmFieldType = z.infer<typeof CrmFieldType>;

/**
 * One field of the CRM object, as read from the vendor's schema endpoint (HubSpot
 * `GET /crm/v3/properties/contacts`, Salesforce `describe`, ...).
 * `writable` is false for calculated and read-only fields; `options` lists an enumeration's values.
 */
export const CrmFieldInfo = z.object({
  name: z.string(),
  label: z.string(),
  type: CrmFieldType,
  writable: z.boolean(),
  options: z.array(z.string()).optional(),
});
export type CrmFieldInfo = z.infer<typeof CrmFieldInfo>;

/** Which way a mapped field flows. `from_crm` fields are shown, never written. */
export const MappingDirection = z.enum(['to_crm', 'from_crm', 'both']);
export type MappingDirection = z.infer<typeof MappingDirection>;

/**
 * What happens when chat and CRM hold different non-empty values:
 * - `queue` (default): a conflict for the agent to settle;
 * - `chat_wins`: write the chat value; `crm_wins`: keep the CRM value silently;
 * - `last_write_wins`: the side with the newer timestamp wins (customer.updatedAt vs record.updatedAt);
 *   when either timestamp is unknown it falls back to `queue`.
 */
export const ConflictPolicy = z.enum(['queue', 'chat_wins', 'crm_wins', 'last_write_wins']);
export type ConflictPolicy = z.infer<typeof ConflictPolicy>;

/**
 * Maps one customer field to one CRM field, or to two for a split name
 * (`crmFields: ["firstname", "lastname"]`: the last word goes to the second, the rest to the first).
 */
export const FieldMapping = z.object({
  field: CustomerField,
  crmFields: z.array(z.string().min(1).max(200)).min(1).max(2),
  direction: MappingDirection.default('both'),
  policy: ConflictPolicy.default('queue'),
});
export type FieldMapping = z.infer<typeof FieldMapping>;
/** A FieldMapping as written by hand, with defaults not yet applied. */
export type FieldMappingInput = z.input<typeof FieldMapping>;
