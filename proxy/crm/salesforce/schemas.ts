/**
 * zod schemas of Salesforce's native JSON, as the provider reads it. Only what the provider uses is
 * required; unknown keys are ignored, so Salesforce adding properties never breaks a read.
 */
import { z } from 'zod';

/** The `attributes` of every sObject in a response: `{type: "Contact", url: "/services/data/…"}`. */
export const SalesforceAttributes = z.object({
  type: z.string(),
  url: z.string().optional(),
});

/**
 * One sObject as the REST API returns it (query rows, sObject Rows GET, sObject Collections GET):
 * `attributes`, `Id`, then one key per requested field. Values are strings, numbers, booleans,
 * null, or — for a relationship path such as `Account.Name` — a nested sObject (or null when the
 * lookup is empty) (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm).
 */
export const SalesforceRecord = z
  .object({
    attributes: SalesforceAttributes.optional(),
    Id: z.string().min(1),
  })
  .catchall(z.unknown());
export type SalesforceRecord = z.infer<typeof SalesforceRecord>;

/**
 * `GET /services/data/vXX.X/query?q=…` response: `{totalSize, done, records, nextRecordsUrl?}`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm).
 */
export const SalesforceQueryResponse = z.object({
  totalSize: z.number().int().nonnegative(),
  done: z.boolean(),
  records: z.array(SalesforceRecord),
  nextRecordsUrl: z.string().optional(),
});
export type SalesforceQueryResponse = z.infer<typeof SalesforceQueryResponse>;

/**
 * `duplicateResult` of a DUPLICATES_DETECTED error: the duplicate rule and, per matching rule, the
 * existing records (`matchResults[].matchRecords[].record.Id`)
 * (https://developer.salesforce.com/docs/platform/api/guide/sforce-api-objects-duplicateresult.html,
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_objects_matchresult.htm).
 */
export const SalesforceDuplicateResult = z.object({
  allowSave: z.boolean().optional(),
  duplicateRule: z.string().optional(),
  duplicateRuleEntityType: z.string().optional(),
  errorMessage: z.string().nullish(),
  matchResults: z
    .array(
      z.object({
        entityType: z.string().optional(),
        rule: z.string().optional(),
        size: z.number().optional(),
        success: z.boolean().optional(),
        matchRecords: z
          .array(
            z.object({
              matchConfidence: z.number().optional(),
              record: z.object({ Id: z.string().optional() }).catchall(z.unknown()).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});
export type SalesforceDuplicateResult = z.infer<typeof SalesforceDuplicateResult>;

/**
 * One error: REST resources answer `{message, errorCode, fields?}`; sObject Collections' SaveResults
 * spell the code `statusCode`. DUPLICATES_DETECTED adds `duplicateResult`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm,
 * https://developer.salesforce.com/docs/platform/api/guide/sforce-api-objects-duplicateerror.html).
 */
export const SalesforceErrorItem = z.object({
  message: z.string().optional(),
  errorCode: z.string().optional(),
  statusCode: z.string().optional(),
  fields: z.array(z.string()).nullish(),
  duplicateResult: SalesforceDuplicateResult.nullish(),
});
export type SalesforceErrorItem = z.infer<typeof SalesforceErrorItem>;

/** A REST error response body: an array of errors. */
export const SalesforceErrorBody = z.array(SalesforceErrorItem);

/**
 * `POST /sobjects/<Object>` response (201) and each entry of an sObject Collections create/update
 * response: `{id, success, errors}` (`id` null or absent when the save failed)
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-create.html).
 */
export const SalesforceSaveResult = z.object({
  id: z.string().nullish(),
  success: z.boolean(),
  errors: z.array(SalesforceErrorItem).default([]),
});
export type SalesforceSaveResult = z.infer<typeof SalesforceSaveResult>;

/** sObject Collections create/update response: one SaveResult per record, in request order. */
export const SalesforceSaveResults = z.array(SalesforceSaveResult);

/**
 * sObject Collections GET response: one entry per requested id, null where the id is unknown or
 * not accessible (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-retrieve.html).
 */
export const SalesforceRecordsOrNull = z.array(SalesforceRecord.nullable());

/** A picklist entry of a describe field. */
export const SalesforcePicklistValue = z.object({
  value: z.string(),
  label: z.string().nullish(),
  active: z.boolean().default(true),
  defaultValue: z.boolean().optional(),
});

/**
 * One field of `GET /sobjects/<Object>/describe`: `name`, `label`, `type` (id, string, textarea,
 * email, phone, url, picklist, multipicklist, boolean, double, int, currency, percent, date,
 * datetime, reference, address, …), `updateable`, `createable`, `calculated`, `nillable`,
 * `length`, `picklistValues`, and for lookups `referenceTo` and `relationshipName`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_describe.htm,
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm).
 */
export const SalesforceDescribeField = z.object({
  name: z.string().min(1),
  label: z.string(),
  type: z.string(),
  updateable: z.boolean(),
  createable: z.boolean(),
  calculated: z.boolean().default(false),
  /** Whether a SOQL WHERE may name the field (absent: assumed true). */
  filterable: z.boolean().optional(),
  nillable: z.boolean().optional(),
  length: z.number().optional(),
  custom: z.boolean().optional(),
  picklistValues: z.array(SalesforcePicklistValue).nullish(),
  referenceTo: z.array(z.string()).nullish(),
  relationshipName: z.string().nullish(),
});
export type SalesforceDescribeField = z.infer<typeof SalesforceDescribeField>;

/** `GET /sobjects/<Object>/describe` response (the parts the provider reads). */
export const SalesforceDescribe = z.object({
  name: z.string(),
  label: z.string().optional(),
  keyPrefix: z.string().nullish(),
  fields: z.array(SalesforceDescribeField),
});
export type SalesforceDescribe = z.infer<typeof SalesforceDescribe>;

/**
 * The OAuth token endpoint's answer to a refresh-token grant: `access_token`, `instance_url`,
 * `token_type`, `issued_at`, `signature`, `id`, and `refresh_token` when rotation is on
 * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm).
 */
export const SalesforceTokenResponse = z.object({
  access_token: z.string().min(1),
  instance_url: z.string().optional(),
  token_type: z.string().optional(),
  issued_at: z.string().optional(),
  id: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
});
export type SalesforceTokenResponse = z.infer<typeof SalesforceTokenResponse>;

/** The token endpoint's error body, e.g. `{error: "invalid_grant", error_description: "expired access/refresh token"}`. */
export const SalesforceOAuthError = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});
export type SalesforceOAuthError = z.infer<typeof SalesforceOAuthError>;
