/**
 * zod schemas of the Dataverse Web API's JSON, as the provider reads it. Only what the provider
 * uses is required; unknown keys are ignored, so Dataverse adding fields never breaks a read.
 */
import { z } from 'zod';

/**
 * A row as the Web API returns it: `@odata.etag`, the selected columns (strings, numbers, booleans
 * or null), lookups as `_<name>_value`, and expanded navigation properties as nested objects
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/retrieve-entity-using-web-api).
 */
export const DataverseRow = z.record(z.string(), z.unknown());
export type DataverseRow = z.infer<typeof DataverseRow>;

/**
 * A collection answer: `{"@odata.context", value: [rows], "@odata.nextLink"?}`
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/overview).
 */
export const DataverseCollection = z.object({
  value: z.array(DataverseRow),
  '@odata.nextLink': z.string().optional(),
});
export type DataverseCollection = z.infer<typeof DataverseCollection>;

/**
 * The Web API's error body: `{error: {code, message}}`, `code` a hexadecimal Dataverse error code
 * such as "0x80040333" (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors,
 * https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/web-service-error-codes).
 */
export const DataverseErrorBody = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
  }),
});
export type DataverseErrorBody = z.infer<typeof DataverseErrorBody>;

/** One localized label of a `Label` complex type. */
const LocalizedLabel = z.object({ Label: z.string(), LanguageCode: z.number().optional() });

/** A `Label`: the user's language's label and every localized one. */
export const DataverseLabel = z.object({
  UserLocalizedLabel: LocalizedLabel.nullable().optional(),
  LocalizedLabels: z.array(LocalizedLabel).optional(),
});
export type DataverseLabel = z.infer<typeof DataverseLabel>;

/**
 * One column definition from `EntityDefinitions(LogicalName='…')/Attributes`
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/attributemetadata):
 * `AttributeType` (String, Memo, Integer, Picklist, Lookup, Customer, DateTime, …), `AttributeOf`
 * (set for columns that only shadow another, e.g. a lookup's name), and whether the column is
 * valid for create, update and read.
 */
export const AttributeMetadata = z.object({
  LogicalName: z.string().min(1),
  AttributeType: z.string().nullable().optional(),
  AttributeTypeName: z.object({ Value: z.string() }).nullable().optional(),
  AttributeOf: z.string().nullable().optional(),
  DisplayName: DataverseLabel.nullable().optional(),
  IsValidForCreate: z.boolean().nullable().optional(),
  IsValidForUpdate: z.boolean().nullable().optional(),
  IsValidForRead: z.boolean().nullable().optional(),
});
export type AttributeMetadata = z.infer<typeof AttributeMetadata>;

export const AttributesResponse = z.object({ value: z.array(AttributeMetadata) });

/**
 * `…/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,FormatName`:
 * the format of each text column (Email, Phone, Text, TextArea, Url, …)
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/stringattributemetadata).
 */
export const StringAttributesResponse = z.object({
  value: z.array(
    z.object({
      LogicalName: z.string(),
      FormatName: z.object({ Value: z.string() }).nullable().optional(),
    }),
  ),
});

/**
 * `…/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options)`:
 * the options of each choice column (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query-metadata-web-api).
 */
export const PicklistAttributesResponse = z.object({
  value: z.array(
    z.object({
      LogicalName: z.string(),
      OptionSet: z
        .object({
          Options: z.array(z.object({ Value: z.number().int(), Label: DataverseLabel.nullable().optional() })),
        })
        .nullable()
        .optional(),
    }),
  ),
});
