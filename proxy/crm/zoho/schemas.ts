/**
 * zod schemas of Zoho CRM's native JSON (API v8), as the provider reads it. Only what the provider
 * uses is required; unknown keys are ignored, so Zoho adding fields never breaks a read.
 *
 * Sources: records https://www.zoho.com/crm/developer/docs/api/v8/get-records.html, insert
 * https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html, update
 * https://www.zoho.com/crm/developer/docs/api/v8/update-records.html, search
 * https://www.zoho.com/crm/developer/docs/api/v8/search-records.html, fields metadata
 * https://www.zoho.com/crm/developer/docs/api/v8/field-meta.html, status codes
 * https://www.zoho.com/crm/developer/docs/api/v8/status-codes.html.
 */
import { z } from 'zod';

/**
 * One record: `{id, <Field_API_Name>: value, …}`. Values are strings, numbers, booleans, null,
 * lookups (`{name, id}`), owners (`{name, id, email}`) or arrays (multi-select picklists, tags).
 */
export const ZohoRecord = z.looseObject({ id: z.union([z.string().min(1), z.number()]).transform(String) });
export type ZohoRecord = z.infer<typeof ZohoRecord>;

/**
 * GET /{module}, GET /{module}/{id}, GET /{module}/search → `{data: [record…], info?: {per_page,
 * count, page, more_records}}`. (No match is HTTP 204 with no body, which the client turns into null.)
 */
export const ZohoRecordsResponse = z.object({
  data: z.array(ZohoRecord),
  info: z
    .object({
      per_page: z.number().optional(),
      count: z.number().optional(),
      page: z.number().optional(),
      more_records: z.boolean().optional(),
    })
    .optional(),
});
export type ZohoRecordsResponse = z.infer<typeof ZohoRecordsResponse>;

/**
 * One record's outcome in a write (insert/update) answer, or a request-level error body:
 * `{code: "SUCCESS" | "DUPLICATE_DATA" | "INVALID_DATA" | "MANDATORY_NOT_FOUND" | …, details: {…},
 * message, status: "success" | "error"}`. On success `details` holds `id`, `Modified_Time`,
 * `Created_Time`, …; on an error it names the field (`api_name`, `json_path`) and, for
 * DUPLICATE_DATA, the existing record (`duplicate_record.id` in v8; `id` in older versions).
 */
export const ZohoStatus = z.object({
  code: z.string(),
  details: z.record(z.string(), z.unknown()).nullish(),
  message: z.string().nullish(),
  status: z.string().nullish(),
});
export type ZohoStatus = z.infer<typeof ZohoStatus>;

/** Insert/update answer: `{data: [status per input record, in input order]}`. */
export const ZohoWriteResponse = z.object({ data: z.array(ZohoStatus) });
export type ZohoWriteResponse = z.infer<typeof ZohoWriteResponse>;

/** A picklist option of a field: `{display_value, actual_value}`. */
export const ZohoPicklistValue = z.object({
  display_value: z.string().nullish(),
  actual_value: z.string().nullish(),
});

/**
 * One field from GET /settings/fields?module=Contacts: `api_name`, `field_label` (or
 * `display_label`), `data_type` (text, textarea, email, phone, picklist, multiselectpicklist, lookup,
 * ownerlookup, userlookup, integer, bigint, double, currency, decimal, percent, date, datetime,
 * boolean, website, autonumber, formula, …), `read_only`/`field_read_only`, `pick_list_values`.
 */
export const ZohoField = z.object({
  api_name: z.string().min(1),
  field_label: z.string().nullish(),
  display_label: z.string().nullish(),
  data_type: z.string(),
  read_only: z.boolean().nullish(),
  field_read_only: z.boolean().nullish(),
  system_mandatory: z.boolean().nullish(),
  length: z.number().nullish(),
  pick_list_values: z.array(ZohoPicklistValue).nullish(),
});
export type ZohoField = z.infer<typeof ZohoField>;

/** GET /settings/fields?module=… → `{fields: [field…]}`. */
export const ZohoFieldsResponse = z.object({ fields: z.array(ZohoField) });
export type ZohoFieldsResponse = z.infer<typeof ZohoFieldsResponse>;
