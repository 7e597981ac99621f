/** Builders of realistic contract values for component tests. */
import type {
  Conflict,
  CrmRecord,
  Customer,
  CustomerField,
  LookupResult,
  SyncOutcome,
  SyncResult,
  TicketRef,
} from '../../lib/contracts/index.ts';
import { FIELD_LABELS } from '../../lib/contracts/index.ts';
import type { ReadResult } from '../../lib/helpdesks/types.ts';

export const TICKET: TicketRef = {
  helpdesk: 'zendesk',
  account: 'demo',
  ticketId: '1003',
  url: 'https://demo.zendesk.com/agent/tickets/1003',
};

export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    helpdesk: 'zendesk',
    account: 'demo',
    id: '9003',
    name: 'Jonas Berg',
    email: 'jonas.berg@example.com',
    phone: '(212) 555-0199',
    company: 'Globex',
    jobTitle: 'Chief Technology Officer',
    location: null,
    timeZone: 'America/New_York',
    notes: null,
    updatedAt: '2026-10-02T10:00:00Z',
    ...overrides,
  };
}

export const readOk = (c: Customer = customer()): ReadResult => ({
  ok: true,
  customer: c,
  actor: { name: 'Alex Agent', email: 'alex@demo.example' },
});

export function record(values: CrmRecord['values'] = {}, overrides: Partial<CrmRecord> = {}): CrmRecord {
  return {
    provider: 'hubspot',
    objectType: 'contact',
    id: '102',
    url: 'http://127.0.0.1:8787/sandbox/hubspot/app/contacts/24681357/record/0-1/102',
    values: {
      name: 'Jonas Berg',
      email: 'jonas.berg@example.com',
      phone: '+1 212 555 0199',
      company: 'Globex Corporation',
      jobTitle: 'CTO',
      location: 'New York',
      ...values,
    },
    updatedAt: '2026-10-02T09:00:00Z',
    ...overrides,
  };
}

let uuidCounter = 0;
export function uuid(): string {
  uuidCounter += 1;
  return `00000000-0000-4000-8000-${String(uuidCounter).padStart(12, '0')}`;
}

export function conflict(field: CustomerField, crmValue: string, chatValue: string, overrides: Partial<Conflict> = {}) {
  const c: Conflict = {
    id: uuid(),
    record: { provider: 'hubspot', objectType: 'contact', id: '102' },
    customerKey: 'zendesk:demo:9003',
    field,
    label: FIELD_LABELS[field],
    crmFields: [field === 'jobTitle' ? 'jobtitle' : field],
    crmValue,
    chatValue,
    status: 'pending',
    resolution: null,
    createdAt: '2026-10-02T10:00:00Z',
    updatedAt: '2026-10-02T10:00:00Z',
    resolvedAt: null,
    resolvedBy: null,
    ...overrides,
  };
  return c;
}

export function lookup(overrides: Partial<LookupResult> = {}): LookupResult {
  return {
    provider: 'hubspot',
    record: record(),
    matchedBy: 'email',
    noKey: false,
    conflicts: [],
    warnings: [],
    ...overrides,
  };
}

export function syncResult(outcome: SyncOutcome, overrides: Partial<SyncResult> = {}): SyncResult {
  return {
    outcome,
    provider: 'hubspot',
    record: outcome === 'skipped_no_key' ? null : record(),
    matchedBy: outcome === 'created' ? 'created' : outcome === 'skipped_no_key' ? null : 'email',
    written: [],
    queued: 0,
    conflicts: [],
    warnings: [],
    historyId: 'h-1',
    at: '2026-10-02T10:05:00Z',
    ...overrides,
  };
}
