/**
 * The sync planner: given the helpdesk customer, the matched CRM record (or none), the field
 * mapping, the CRM's field list and the remembered decisions, decide what to create, what to write
 * and what to queue as conflicts. Pure: no I/O, no clock, no randomness, inputs never mutated.
 *
 * The rules are DESIGN.md "The sync rules"; each is pinned by tests/unit/sync/planner.test.ts.
 */
import type {
  CrmFieldInfo,
  Customer,
  CustomerField,
  FieldMapping,
  FieldWrite,
  SyncWarning,
} from '../contracts/index.ts';
import { holdsContactPoint, timestampMs } from './keys.ts';
import { assertValidMapping, writesToCrm } from './mapping.ts';
import { joinName, splitName } from './names.ts';
import { foldCase, isBlank, normalizeEmail, normalizeText, parsePhone } from './normalize.ts';
import type {
  CrmValues,
  PlannedConflict,
  PlannerOptions,
  PlannerRecord,
  SettledDecision,
  SyncPlan,
  SyncPlanInput,
} from './types.ts';
import { displayValue, valuesEqual } from './values.ts';
import { fieldMissingWarning, fieldReadOnlyWarning, invalidKeyWarning, notAnOptionWarning } from './warnings.ts';

/** Planner options when the team has not chosen a region. */
export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = Object.freeze({ defaultRegion: 'US' });

/**
 * The value the planner would write for a chat field, or null when the chat value is blank or
 * unusable: email normalised (null unless plausible), phone E.164 (+ " ext. N"; null unless valid),
 * any other field normalised text (name unsplit).
 */
export function chatWriteValue(customer: Customer, field: CustomerField, options: PlannerOptions): string | null {
  const raw = customer[field];
  switch (field) {
    case 'email':
      return normalizeEmail(raw);
    case 'phone':
      return parsePhone(raw, options.defaultRegion)?.canonical ?? null;
    default: {
      const text = normalizeText(raw);
      return text === '' ? null : text;
    }
  }
}

/** What one mapped field asks for, before the CRM's field list is consulted. */
type FieldOutcome =
  { kind: 'skip' } | { kind: 'write'; properties: Record<string, string> } | { kind: 'conflict'; crmValue: string };

/** Context shared by the per-field decisions of one plan. */
interface FieldContext {
  customer: Customer;
  record: Pick<PlannerRecord, 'values' | 'updatedAt' | 'contactPoints'> | null;
  settled: readonly SettledDecision[];
  options: PlannerOptions;
}

/**
 * Applies the field's conflict policy to two different non-blank values.
 * `overwrite` is what `chat_wins` (or a newer chat under `last_write_wins`) sends.
 */
function applyPolicy(
  entry: FieldMapping,
  chatValue: string,
  crmValue: string,
  overwrite: Record<string, string>,
  ctx: FieldContext,
): FieldOutcome {
  let policy = entry.policy;
  if (policy === 'last_write_wins') {
    const chatAt = timestampMs(ctx.customer.updatedAt);
    const crmAt = timestampMs(ctx.record?.updatedAt);
    if (chatAt === null || crmAt === null || chatAt === crmAt) policy = 'queue';
    else policy = chatAt > crmAt ? 'chat_wins' : 'crm_wins';
  }
  switch (policy) {
    case 'chat_wins':
      return { kind: 'write', properties: overwrite };
    case 'crm_wins':
      return { kind: 'skip' };
    default: {
      const settled = ctx.settled.some(
        (decision) =>
          decision.field === entry.field &&
          valuesEqual(entry.field, decision.chatValue, chatValue, ctx.options) &&
          valuesEqual(entry.field, decision.crmValue, crmValue, ctx.options),
      );
      return settled ? { kind: 'skip' } : { kind: 'conflict', crmValue };
    }
  }
}

/** Decides a name mapped to two CRM fields (first, last). */
function planSplitName(entry: FieldMapping, chatName: string, values: CrmValues, ctx: FieldContext): FieldOutcome {
  const [firstField, lastField] = entry.crmFields as [string, string];
  const chat = splitName(chatName);
  const crmFirst = normalizeText(values[firstField]);
  const crmLast = normalizeText(values[lastField]);
  const crmName = joinName(crmFirst, crmLast);

  const filled = (onlyBlank: boolean): Record<string, string> => {
    const properties: Record<string, string> = {};
    if (chat.first !== '' && (!onlyBlank || crmFirst === '')) properties[firstField] = chat.first;
    if (chat.last !== '' && (!onlyBlank || crmLast === '')) properties[lastField] = chat.last;
    return properties;
  };

  if (crmName === '') return { kind: 'write', properties: filled(false) };
  if (foldCase(crmName) === foldCase(chatName)) return { kind: 'skip' };

  // Partly filled CRM name: when every part the CRM has agrees with the chat, fill only the blank part.
  if (crmFirst === '' || crmLast === '') {
    const firstAgrees = crmFirst === '' || foldCase(crmFirst) === foldCase(chat.first);
    const lastAgrees = crmLast === '' || foldCase(crmLast) === foldCase(chat.last);
    const properties = filled(true);
    if (firstAgrees && lastAgrees && Object.keys(properties).length > 0) return { kind: 'write', properties };
  }

  // A different name: overwriting sends both parts ("" clears a first name the chat does not have).
  return applyPolicy(entry, chatName, crmName, { [firstField]: chat.first, [lastField]: chat.last }, ctx);
}

/** Decides one field mapped toward the CRM whose chat value is `chatValue` (non-blank, usable). */
function planField(entry: FieldMapping, chatValue: string, ctx: FieldContext): FieldOutcome {
  const values: CrmValues = ctx.record?.values ?? {};
  if (entry.field === 'name' && entry.crmFields.length === 2) return planSplitName(entry, chatValue, values, ctx);

  const crmField = entry.crmFields[0]!;
  const crmValue = displayValue(entry.field, values[crmField], ctx.options);
  if (crmValue === '') return { kind: 'write', properties: { [crmField]: chatValue } };
  if (valuesEqual(entry.field, chatValue, crmValue, ctx.options)) return { kind: 'skip' };
  // The CRM already holds this address or number in another of the record's fields (a secondary
  // email, a mobile phone): nothing to write, nothing to ask.
  if (
    (entry.field === 'email' || entry.field === 'phone') &&
    holdsContactPoint(ctx.record?.contactPoints, entry.field, chatValue, ctx.options)
  ) {
    return { kind: 'skip' };
  }
  return applyPolicy(entry, chatValue, crmValue, { [crmField]: chatValue }, ctx);
}

/**
 * Finds an enumeration's option for a chat value: the exact option, else the one option equal to
 * it case-insensitively (the CRM's spelling is then written). Null when none or ambiguous.
 */
function matchOption(value: string, options: readonly string[]): string | null {
  if (options.includes(value)) return value;
  const folded = foldCase(value);
  const matches = options.filter((option) => foldCase(option) === folded);
  return matches.length === 1 ? matches[0]! : null;
}

/**
 * Checks the CRM fields a field's outcome would touch against the CRM's field list.
 * @returns the warning that stops the field, or null when it may go ahead.
 */
function schemaProblem(
  entry: FieldMapping,
  crmFields: readonly string[],
  schema: ReadonlyMap<string, CrmFieldInfo>,
  notAnOption: { value: string; info: CrmFieldInfo } | null,
  providerLabel: string,
): SyncWarning | null {
  for (const crmField of crmFields) {
    const info = schema.get(crmField);
    if (info === undefined) return fieldMissingWarning(entry.field, crmField, providerLabel);
    if (!info.writable) return fieldReadOnlyWarning(entry.field, info, providerLabel);
  }
  if (notAnOption) return notAnOptionWarning(entry.field, notAnOption.value, notAnOption.info, providerLabel);
  return null;
}

/**
 * Plans one sync.
 *
 * - No record and neither a usable email nor phone → `skip_no_key` (the proxy makes no CRM call).
 * - No record → `create` with every non-blank chat value of the fields mapped `to_crm`/`both`
 *   (name split into first/last when mapped to two fields; phone E.164; email lower-case).
 * - A record → `update`: per field, chat blank → skip; CRM blank → write; equal after normalisation
 *   → skip; different → the field's policy (`queue` → conflict unless a settled decision covers the
 *   same pair of values; `chat_wins` → write; `crm_wins` → skip; `last_write_wins` → newer side wins,
 *   either timestamp unknown or equal → queue). All writes go in ONE `properties` object. An email
 *   or phone the record already holds in another field (`record.contactPoints`: a secondary email,
 *   a mobile number) is not a conflict: skipped; a blank mapped field is still filled.
 * - With the CRM's field list, a field that would be written or queued but whose CRM field is
 *   missing, read-only, or an enumeration without the chat value is skipped with a warning, so the
 *   plan never contains a property the CRM would refuse.
 * - A non-blank chat email/phone that cannot be used gives an `invalid_value` warning.
 *
 * @throws MappingError when the mapping maps a field or CRM field twice (see `assertValidMapping`).
 */
export function planSync(input: SyncPlanInput): SyncPlan {
  const { customer, record, mapping, crmFields: schema, settled, providerLabel, options } = input;
  assertValidMapping(mapping);

  const warnings: SyncWarning[] = [];
  const email = normalizeEmail(customer.email);
  const phone = parsePhone(customer.phone, options.defaultRegion);
  if (email === null && !isBlank(customer.email)) {
    warnings.push(invalidKeyWarning('email', normalizeText(customer.email)));
  }
  if (phone === null && !isBlank(customer.phone)) {
    warnings.push(invalidKeyWarning('phone', normalizeText(customer.phone)));
  }

  if (record === null && email === null && phone === null) return { kind: 'skip_no_key', warnings };

  const ctx: FieldContext = { customer, record, settled, options };
  const properties: Record<string, string> = {};
  const writes: FieldWrite[] = [];
  const conflicts: PlannedConflict[] = [];

  for (const entry of mapping) {
    if (!writesToCrm(entry)) continue;
    let chatValue = chatWriteValue(customer, entry.field, options);
    if (chatValue === null) continue;

    // An enumeration takes only its options (matched case-insensitively, written in the CRM's spelling).
    let notAnOption: { value: string; info: CrmFieldInfo } | null = null;
    const single = entry.crmFields.length === 1 ? schema?.get(entry.crmFields[0]!) : undefined;
    if (single?.type === 'enumeration' && single.options !== undefined) {
      const option = matchOption(chatValue, single.options);
      if (option === null) notAnOption = { value: chatValue, info: single };
      else chatValue = option;
    }

    const outcome = planField(entry, chatValue, ctx);
    if (outcome.kind === 'skip') continue;

    if (schema) {
      const touched = outcome.kind === 'write' ? Object.keys(outcome.properties) : entry.crmFields;
      const problem = schemaProblem(entry, touched, schema, notAnOption, providerLabel);
      if (problem) {
        warnings.push(problem);
        continue;
      }
    }

    if (outcome.kind === 'write') {
      Object.assign(properties, outcome.properties);
      writes.push({ field: entry.field, crmFields: Object.keys(outcome.properties), value: chatValue });
    } else {
      conflicts.push({ field: entry.field, crmFields: [...entry.crmFields], crmValue: outcome.crmValue, chatValue });
    }
  }

  if (record === null) return { kind: 'create', properties, writes, warnings };
  return { kind: 'update', properties, writes, conflicts, warnings };
}
