/**
 * The sentences of the planner's warnings. They are shown to agents under the sync outcome, as text.
 */
import { type CrmFieldInfo, type CustomerField, FIELD_LABELS, type SyncWarning } from '../contracts/index.ts';

/** Quotes an untrusted value for a message, shortened to 60 characters. */
function quote(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 59)}…` : value;
  return `"${short}"`;
}

/** `field_missing`: e.g. `HubSpot has no field "notes", so Notes was not synced.` */
export function fieldMissingWarning(field: CustomerField, crmField: string, providerLabel: string): SyncWarning {
  return {
    code: 'field_missing',
    field,
    message: `${providerLabel} has no field "${crmField}", so ${FIELD_LABELS[field]} was not synced.`,
    details: { crmField },
  };
}

/** `field_read_only`: e.g. `HubSpot's field "Create date" (createdate) is read-only, so Notes was not synced.` */
export function fieldReadOnlyWarning(field: CustomerField, info: CrmFieldInfo, providerLabel: string): SyncWarning {
  const name = info.label && info.label !== info.name ? `"${info.label}" (${info.name})` : `"${info.name}"`;
  return {
    code: 'field_read_only',
    field,
    message: `${providerLabel}'s field ${name} is read-only, so ${FIELD_LABELS[field]} was not synced.`,
    details: { crmField: info.name },
  };
}

/** `invalid_value` for an enumeration: the chat value is not one of the CRM field's options. */
export function notAnOptionWarning(
  field: CustomerField,
  value: string,
  info: CrmFieldInfo,
  providerLabel: string,
): SyncWarning {
  return {
    code: 'invalid_value',
    field,
    message: `${quote(value)} is not one of ${providerLabel}'s options for "${info.label || info.name}", so ${FIELD_LABELS[field]} was not synced.`,
    details: { crmField: info.name, value, options: info.options ?? [] },
  };
}

/** `invalid_value` for a chat email or phone that cannot be used (neither a lookup key nor written). */
export function invalidKeyWarning(field: 'email' | 'phone', value: string): SyncWarning {
  const what = field === 'email' ? 'a valid email address' : 'a valid phone number';
  return {
    code: 'invalid_value',
    field,
    message: `${FIELD_LABELS[field]} ${quote(value)} is not ${what}, so it was not used or synced.`,
    details: { value },
  };
}
