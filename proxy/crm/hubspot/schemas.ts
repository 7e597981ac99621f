/**
 * zod schemas of HubSpot's native JSON, as the provider reads it. Only what the provider uses is
 * required; unknown keys are ignored, so HubSpot adding fields never breaks a read.
 */
import { z } from 'zod';

/**
 * One CRM record (`SimplePublicObject`): `{id, properties: {name: string | null}, createdAt,
 * updatedAt, archived}`; every property value is a string or null
 * (https://developers.hubspot.com/docs/api/crm/contacts).
 */
export const HubSpotObject = z.object({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
});
export type HubSpotObject = z.infer<typeof HubSpotObject>;

/**
 * `POST /crm/v3/objects/contacts/search` response: `{total, results, paging?: {next?: {after}}}`
 * (https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm).
 */
export const HubSpotSearchResponse = z.object({
  total: z.number().int().nonnegative(),
  results: z.array(HubSpotObject),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
export type HubSpotSearchResponse = z.infer<typeof HubSpotSearchResponse>;

/**
 * A batch read/create/update response (`POST /crm/v3/objects/contacts/batch/{read,create,update}`):
 * `{status, results: [SimplePublicObject & {objectWriteTraceId?}], numErrors?, errors?}` — 200/201
 * when every input worked, 207 Multi-Status with `errors[]` (e.g. OBJECT_NOT_FOUND with
 * `context.ids`) when some did not (https://developers.hubspot.com/docs/api/crm/contacts,
 * https://developers.hubspot.com/docs/api-reference/2026-03/crm/objects/contacts/batch/create-contacts).
 */
export const HubSpotBatchResponse = z.object({
  status: z.string().optional(),
  results: z.array(HubSpotObject.extend({ objectWriteTraceId: z.string().optional() })),
  numErrors: z.number().optional(),
  errors: z
    .array(
      z.object({
        status: z.string().optional(),
        category: z.string().optional(),
        message: z.string().optional(),
        context: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
});
export type HubSpotBatchResponse = z.infer<typeof HubSpotBatchResponse>;

/** An option of an enumeration property. */
export const HubSpotPropertyOption = z.object({
  label: z.string(),
  value: z.string(),
  hidden: z.boolean().optional(),
  displayOrder: z.number().optional(),
});

/**
 * One property definition from `GET /crm/v3/properties/contacts`: `name`, `label`, `type`
 * (string, number, enumeration, date, datetime, bool, phone_number, …), `fieldType` (text, textarea,
 * phonenumber, select, radio, checkbox, booleancheckbox, number, date, calculation_*, …),
 * `calculated`, `modificationMetadata.readOnlyValue`, `options`
 * (https://developers.hubspot.com/docs/api/crm/properties).
 */
export const HubSpotProperty = z.object({
  name: z.string().min(1),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  calculated: z.boolean().optional(),
  hidden: z.boolean().optional(),
  options: z.array(HubSpotPropertyOption).optional(),
  modificationMetadata: z
    .object({
      readOnlyValue: z.boolean().optional(),
      readOnlyDefinition: z.boolean().optional(),
      archivable: z.boolean().optional(),
    })
    .optional(),
});
export type HubSpotProperty = z.infer<typeof HubSpotProperty>;

/** `GET /crm/v3/properties/contacts` response. */
export const HubSpotPropertiesResponse = z.object({ results: z.array(HubSpotProperty) });

/**
 * `GET /account-info/v3/details` response; the provider needs `portalId` and `uiDomain`
 * (https://developers.hubspot.com/docs/api-reference/latest/account/account-information/get-account-details).
 */
export const HubSpotAccountDetails = z.object({
  portalId: z.number().int().positive(),
  uiDomain: z.string().min(1).optional(),
  timeZone: z.string().optional(),
});
export type HubSpotAccountDetails = z.infer<typeof HubSpotAccountDetails>;

/**
 * HubSpot's error body. HubSpot says every field is optional and varies by API
 * (https://developers.hubspot.com/docs/faq/api-error-responses): `{status: "error", message,
 * correlationId, category, subCategory?, errors?: [{message, code?, in?, context?}]}`; 429s add
 * `errorType: "RATE_LIMIT"` and `policyName` (https://developers.hubspot.com/docs/api/usage-details).
 */
export const HubSpotErrorBody = z.object({
  status: z.string().optional(),
  message: z.string().optional(),
  correlationId: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.string().optional(),
  errorType: z.string().optional(),
  policyName: z.string().optional(),
  errors: z
    .array(
      z.object({
        message: z.string().optional(),
        code: z.string().optional(),
        in: z.string().optional(),
        context: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
});
export type HubSpotErrorBody = z.infer<typeof HubSpotErrorBody>;

/**
 * One search filter (`operator` as HubSpot spells it; CONTAINS_TOKEN matches a token of a
 * multi-value text such as `hs_additional_emails`, https://developers.hubspot.com/docs/api/crm/search).
 */
export interface HubSpotFilter {
  propertyName: string;
  operator: 'EQ' | 'IN' | 'CONTAINS_TOKEN';
  value?: string;
  values?: string[];
}

/** A search request body the provider sends. */
export interface HubSpotSearchRequest {
  filterGroups: { filters: HubSpotFilter[] }[];
  properties: string[];
  limit: number;
  after?: string;
}
