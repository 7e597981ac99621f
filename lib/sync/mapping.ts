/**
 * Field mappings: which customer field goes to which CRM field(s), in which direction, with which
 * conflict policy.
 */
import { z } from 'zod';
import { FIELD_LABELS, FieldMapping, type FieldMappingInput } from '../contracts/index.ts';

/** A field mapping is unusable: invalid shape, a field mapped twice, or two CRM fields for a non-name field. */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/**
 * Checks the rules a list of mappings must keep so that one sync builds ONE unambiguous
 * `properties` object: each customer field mapped at most once, each CRM field used at most once,
 * and only `name` split over two CRM fields.
 *
 * @throws MappingError naming the offending fields.
 */
export function assertValidMapping(mapping: readonly FieldMapping[]): void {
  const byField = new Map<string, number>();
  const byCrmField = new Map<string, string>();
  mapping.forEach((entry, index) => {
    const label = FIELD_LABELS[entry.field];
    if (byField.has(entry.field)) {
      throw new MappingError(`${label} is mapped twice (entries ${byField.get(entry.field)! + 1} and ${index + 1}).`);
    }
    byField.set(entry.field, index);
    if (entry.crmFields.length > 1 && entry.field !== 'name') {
      throw new MappingError(
        `${label} is mapped to ${entry.crmFields.length} CRM fields (${entry.crmFields.map((f) => `"${f}"`).join(', ')}); only Name may be split over two.`,
      );
    }
    for (const crmField of entry.crmFields) {
      const previous = byCrmField.get(crmField);
      if (previous !== undefined) {
        throw new MappingError(
          previous === label
            ? `${label} maps CRM field "${crmField}" twice.`
            : `CRM field "${crmField}" is mapped twice (${previous} and ${label}).`,
        );
      }
      byCrmField.set(crmField, label);
    }
  });
}

/**
 * Turns hand-written mappings into complete ones: applies the zod defaults of `FieldMapping`
 * (direction `both`, policy `queue`) and checks them with `assertValidMapping`. Does not mutate input.
 *
 * @throws MappingError when an entry fails the schema (message lists the issues) or the list maps a
 *   customer field or a CRM field twice.
 */
export function resolveMapping(inputs: readonly FieldMappingInput[]): FieldMapping[] {
  const resolved = inputs.map((input, index) => {
    const parsed = FieldMapping.safeParse(input);
    if (!parsed.success) {
      throw new MappingError(`Field mapping entry ${index + 1} is invalid: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  });
  assertValidMapping(resolved);
  return resolved;
}

/** True when the mapping lets the planner write the field to the CRM (`to_crm` or `both`). */
export function writesToCrm(entry: Pick<FieldMapping, 'direction'>): boolean {
  return entry.direction === 'to_crm' || entry.direction === 'both';
}

/**
 * The CRM fields to read back for a record (every mapped CRM field, any direction), each once, in
 * mapping order. E.g. the default HubSpot mapping gives ["email", "firstname", "lastname", "phone", …].
 */
export function mappedCrmFields(mapping: readonly FieldMapping[]): string[] {
  return [...new Set(mapping.flatMap((entry) => entry.crmFields))];
}
