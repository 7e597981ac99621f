/**
 * Resolving a queued conflict, compare-and-set: the proxy re-reads the CRM record just before
 * acting, and the planner decides from what the CRM holds NOW, so an agent never overwrites a value
 * they have not seen. Pure.
 */
import { FIELD_LABELS } from '../contracts/index.ts';
import { writesToCrm } from './mapping.ts';
import { splitName } from './names.ts';
import { isBlank } from './normalize.ts';
import type { ResolutionInput, ResolutionPlan } from './types.ts';
import { crmDisplayValue, displayValue, valuesEqual } from './values.ts';

/**
 * Plans the resolution of one conflict against the CRM's current values:
 * 1. the CRM now holds the chat value → `obsolete` (nothing to write; close the conflict);
 * 2. the CRM value is now blank → choice `chat`: `write` (filling a blank is always safe);
 *    choice `crm`: `stale` with crmValue "" (the agent kept a value that is gone; ask again);
 * 3. the CRM value differs from the one the agent saw (`conflict.crmValue`) → `stale` with the
 *    current display value; nothing is written;
 * 4. otherwise choice `chat` → `write` (`properties` for the mapped CRM field(s), a name split into
 *    first/last with "" clearing a first name the chat lacks); choice `crm` → `keep`.
 * Comparisons follow `valuesEqual` (email case, phone E.164, name case-insensitive).
 *
 * @throws Error when `mapping` is for another field than the conflict, or does not write to the CRM
 *   (`from_crm`) while the choice is `chat` — the proxy must not ask for such a write.
 */
export function planResolution(input: ResolutionInput): ResolutionPlan {
  const { conflict, choice, current, mapping, options } = input;
  if (mapping.field !== conflict.field) {
    throw new Error(
      `Cannot resolve a ${FIELD_LABELS[conflict.field]} conflict with the mapping of ${FIELD_LABELS[mapping.field]}.`,
    );
  }
  const field = conflict.field;
  const now = crmDisplayValue(current, mapping, options);

  if (valuesEqual(field, now, conflict.chatValue, options)) return { kind: 'obsolete' };
  if (choice === 'crm') {
    if (isBlank(now) || !valuesEqual(field, now, conflict.crmValue, options)) return { kind: 'stale', crmValue: now };
    return { kind: 'keep' };
  }
  if (!isBlank(now) && !valuesEqual(field, now, conflict.crmValue, options)) return { kind: 'stale', crmValue: now };

  if (!writesToCrm(mapping)) {
    throw new Error(`${FIELD_LABELS[field]} is mapped from the CRM only, so the chat value cannot be written.`);
  }
  const value = displayValue(field, conflict.chatValue, options);
  const properties: Record<string, string> = {};
  if (field === 'name' && mapping.crmFields.length === 2) {
    const { first, last } = splitName(value);
    properties[mapping.crmFields[0]!] = first;
    properties[mapping.crmFields[1]!] = last;
  } else {
    properties[mapping.crmFields[0]!] = value;
  }
  return { kind: 'write', properties, write: { field, crmFields: [...mapping.crmFields], value } };
}
