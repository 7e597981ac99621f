/**
 * zod schemas of Pipedrive's native JSON (API v2), as the provider reads it. Only what the provider
 * uses is required; unknown keys are ignored, so Pipedrive adding fields never breaks a read.
 *
 * Sources: persons https://developers.pipedrive.com/docs/api/v1/Persons (the v2 endpoints are listed
 * there too), the v1→v2 migration guide https://pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide
 * (person object, custom_fields, cursor pagination), person fields
 * https://developers.pipedrive.com/docs/api/v1/PersonFields, responses
 * https://pipedrive.readme.io/docs/core-api-concepts-responses.
 */
import { z } from 'zod';

/** One entry of a person's `emails` or `phones` list: `{value, primary, label}`. */
export const PipedriveListEntry = z.object({
  value: z.string(),
  primary: z.boolean().nullish(),
  label: z.string().nullish(),
});
export type PipedriveListEntry = z.infer<typeof PipedriveListEntry>;

/**
 * A v2 person: `{id, name, first_name, last_name, owner_id, org_id, add_time, update_time, emails,
 * phones, is_deleted, visible_to, label_ids, custom_fields, …}`; with contact sync enabled also
 * `job_title`, `notes`, `postal_address`, `birthday`, `im`. Times are RFC 3339.
 */
export const PipedrivePerson = z.looseObject({
  id: z.number().int(),
  name: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  owner_id: z.number().nullish(),
  org_id: z.number().nullish(),
  add_time: z.string().nullish(),
  update_time: z.string().nullish(),
  emails: z.array(PipedriveListEntry).nullish(),
  phones: z.array(PipedriveListEntry).nullish(),
  is_deleted: z.boolean().nullish(),
  visible_to: z.number().nullish(),
  label_ids: z.array(z.number()).nullish(),
  job_title: z.string().nullish(),
  notes: z.string().nullish(),
  postal_address: z.looseObject({ value: z.string().nullish() }).nullish(),
  custom_fields: z.record(z.string(), z.unknown()).nullish(),
});
export type PipedrivePerson = z.infer<typeof PipedrivePerson>;

/** `GET|PATCH /api/v2/persons/{id}`, `POST /api/v2/persons` → `{success: true, data: person}`. */
export const PipedrivePersonResponse = z.object({ success: z.literal(true), data: PipedrivePerson });

/** Cursor pagination: `additional_data.next_cursor` (null on the last page). */
const AdditionalData = z.object({ next_cursor: z.string().nullish() }).nullish();

/** `GET /api/v2/persons` → `{success: true, data: [person…], additional_data: {next_cursor}}`. */
export const PipedrivePersonsResponse = z.object({
  success: z.literal(true),
  data: z.array(PipedrivePerson).nullish(),
  additional_data: AdditionalData,
});
export type PipedrivePersonsResponse = z.infer<typeof PipedrivePersonsResponse>;

/**
 * `GET /api/v2/persons/search` → `{success: true, data: {items: [{result_score, item: {id, type, name,
 * phones: [string], emails: [string], organization: {id, name} | null, …}}]}, additional_data}`.
 */
export const PipedriveSearchResponse = z.object({
  success: z.literal(true),
  data: z
    .object({
      items: z.array(
        z.object({
          result_score: z.number().nullish(),
          item: z.looseObject({ id: z.number().int() }),
        }),
      ),
    })
    .nullish(),
  additional_data: AdditionalData,
});

/** An organization: the provider needs its `id` and `name`. */
export const PipedriveOrganization = z.looseObject({
  id: z.number().int(),
  name: z.string().nullish(),
  is_deleted: z.boolean().nullish(),
});

/** `GET /api/v2/organizations?ids=…` → `{success: true, data: [organization…]}`. */
export const PipedriveOrganizationsResponse = z.object({
  success: z.literal(true),
  data: z.array(PipedriveOrganization).nullish(),
  additional_data: AdditionalData,
});

/**
 * One field from `GET /api/v2/personFields`: `{field_code, field_name, field_type, is_custom_field,
 * is_optional_response_field, options: [{id, label}] | null, subfields}`.
 */
export const PipedriveField = z.object({
  field_code: z.string().min(1),
  field_name: z.string(),
  field_type: z.string(),
  is_custom_field: z.boolean().nullish(),
  is_optional_response_field: z.boolean().nullish(),
  options: z
    .array(z.object({ id: z.union([z.number(), z.string(), z.boolean()]), label: z.string().nullish() }))
    .nullish(),
});
export type PipedriveField = z.infer<typeof PipedriveField>;

/** `GET /api/v2/personFields` → `{success: true, data: [field…], additional_data: {next_cursor}}`. */
export const PipedriveFieldsResponse = z.object({
  success: z.literal(true),
  data: z.array(PipedriveField),
  additional_data: AdditionalData,
});

/**
 * Pipedrive's error body: `{success: false, error, error_info, data: null, additional_data: null}`,
 * sometimes with `code` (v2, e.g. ERR_SCHEMA_VALIDATION_FAILED) or `errorCode` (the HTTP status).
 */
export const PipedriveErrorBody = z.object({
  success: z.literal(false).optional(),
  error: z.string().nullish(),
  error_info: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  errorCode: z.union([z.string(), z.number()]).nullish(),
});
export type PipedriveErrorBody = z.infer<typeof PipedriveErrorBody>;
