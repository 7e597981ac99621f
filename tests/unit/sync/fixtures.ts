/**
 * Shared builders for the planner tests: a customer, a CRM schema and the default HubSpot mapping
 * as the issue describes it (email↔email, name↔firstname+lastname, phone↔phone, company↔company,
 * jobTitle↔jobtitle, location→city, notes↔notes).
 */
import type { CrmFieldInfo, Customer, FieldMapping } from '../../../lib/contracts/index.ts';
import type { PlannerOptions, PlannerRecord, SyncPlanInput } from '../../../lib/sync/index.ts';
import { resolveMapping } from '../../../lib/sync/index.ts';

export const US: PlannerOptions = { defaultRegion: 'US' };
export const GB: PlannerOptions = { defaultRegion: 'GB' };

export const HUBSPOT_MAPPING: FieldMapping[] = resolveMapping([
  { field: 'email', crmFields: ['email'] },
  { field: 'name', crmFields: ['firstname', 'lastname'] },
  { field: 'phone', crmFields: ['phone'] },
  { field: 'company', crmFields: ['company'] },
  { field: 'jobTitle', crmFields: ['jobtitle'] },
  { field: 'location', crmFields: ['city'], direction: 'to_crm' },
  { field: 'notes', crmFields: ['notes'] },
]);

export function customer(fields: Partial<Customer> = {}): Customer {
  return { helpdesk: 'zendesk', account: 'demo', id: '381', ...fields };
}

export function record(values: PlannerRecord['values'], updatedAt: string | null = null, id = '101'): PlannerRecord {
  return { id, values, updatedAt };
}

export function field(name: string, extra: Partial<CrmFieldInfo> = {}): CrmFieldInfo {
  return { name, label: name, type: 'string', writable: true, ...extra };
}

/** The sandbox portal's contact properties: everything mapped except `notes`. */
export const HUBSPOT_SCHEMA: ReadonlyMap<string, CrmFieldInfo> = new Map(
  [
    field('email', { label: 'Email', type: 'email' }),
    field('firstname', { label: 'First name' }),
    field('lastname', { label: 'Last name' }),
    field('phone', { label: 'Phone number', type: 'phone' }),
    field('company', { label: 'Company name' }),
    field('jobtitle', { label: 'Job title' }),
    field('city', { label: 'City' }),
  ].map((info) => [info.name, info]),
);

export function input(overrides: Partial<SyncPlanInput> = {}): SyncPlanInput {
  return {
    customer: customer(),
    record: null,
    mapping: HUBSPOT_MAPPING,
    crmFields: null,
    settled: [],
    providerLabel: 'HubSpot',
    options: US,
    ...overrides,
  };
}

/** Deep-freezes a value so any attempt of the code under test to mutate it throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) {
      for (const [k, v] of value) {
        deepFreeze(k);
        deepFreeze(v);
      }
    } else {
      for (const v of Object.values(value)) deepFreeze(v);
    }
  }
  return value;
}
