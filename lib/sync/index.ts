/**
 * lib/sync: the pure sync planner and its normalisers. No I/O; depends only on zod,
 * libphonenumber-js and lib/contracts, so the proxy and the extension can both import it.
 *
 * Entry points: `lookupKeys` → (proxy searches the CRM) → `recordMatchesKey` / `chooseMatch` →
 * `planSync` → (proxy writes, queues conflicts) → later `planResolution` per agent decision.
 */
export { chooseMatch, holdsContactPoint, lookupKeys, recordMatchesKey, timestampMs } from './keys.ts';
export { assertValidMapping, MappingError, mappedCrmFields, resolveMapping, writesToCrm } from './mapping.ts';
export { joinName, type NameParts, splitName } from './names.ts';
export {
  emailText,
  foldCase,
  isBlank,
  isPlausibleEmail,
  normalizeEmail,
  normalizePhone,
  normalizeText,
  type ParsedPhone,
  parsePhone,
  phoneText,
} from './normalize.ts';
export { chatWriteValue, DEFAULT_PLANNER_OPTIONS, planSync } from './planner.ts';
export { planResolution } from './resolution.ts';
export type * from './types.ts';
export { chatDisplayValue, crmDisplayValue, crmDisplayValues, displayValue, valuesEqual } from './values.ts';
