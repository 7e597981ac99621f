/**
 * Shared test data for the extension's background tests: a ticket and its customer (demo ticket
 * 1003, Jonas Berg), proxy answers that fit lib/contracts, and a fake proxy `fetch` that records
 * every request.
 */
import type {
  Conflict,
  CrmRecord,
  Customer,
  DiscardResult,
  Health,
  LookupResult,
  ResolveResult,
  SyncResult,
  TicketRef,
} from '../../../lib/contracts/index.ts';

export const PROXY_URL = 'http://127.0.0.1:1234';
export const API_KEY = 'test-api-key';

export const ticket: TicketRef = {
  helpdesk: 'zendesk',
  account: 'demo',
  ticketId: '1003',
  url: 'https://demo.zendesk.com/agent/tickets/1003',
};
export const TICKET_KEY = 'zendesk:demo:1003';

export const customer: Customer = {
  helpdesk: 'zendesk',
  account: 'demo',
  id: '9003',
  name: 'Jonas Berg',
  email: 'jonas.berg@example.com',
  phone: '(212) 555-0199',
  company: 'Globex',
  jobTitle: 'Chief Technology Officer',
};
export const CUSTOMER_KEY = 'zendesk:demo:9003';

export const record: CrmRecord = {
  provider: 'hubspot',
  objectType: 'contact',
  id: '102',
  url: 'http://127.0.0.1:1234/sandbox/hubspot/app/contacts/24681357/record/0-1/102',
  values: {
    name: 'Jonas Berg',
    email: 'jonas.berg@example.com',
    phone: '+12125550199',
    company: 'Globex Corporation',
    jobTitle: 'CTO',
    location: 'New York',
  },
  updatedAt: '2026-10-02T09:00:00.000Z',
};

export const COMPANY_CONFLICT_ID = '0b7c6a56-2a1e-4d8e-9b6e-1f3c1d2a4b01';
export const TITLE_CONFLICT_ID = '0b7c6a56-2a1e-4d8e-9b6e-1f3c1d2a4b02';

export function conflict(overrides: Partial<Conflict> = {}): Conflict {
  return {
    id: COMPANY_CONFLICT_ID,
    record: { provider: 'hubspot', objectType: 'contact', id: '102' },
    customerKey: CUSTOMER_KEY,
    field: 'company',
    label: 'Company',
    crmFields: ['company'],
    crmValue: 'Globex Corporation',
    chatValue: 'Globex',
    status: 'pending',
    resolution: null,
    createdAt: '2026-10-05T10:00:00.000Z',
    updatedAt: '2026-10-05T10:00:00.000Z',
    resolvedAt: null,
    resolvedBy: null,
    ...overrides,
  };
}

export const companyConflict = conflict();
export const titleConflict = conflict({
  id: TITLE_CONFLICT_ID,
  field: 'jobTitle',
  label: 'Job title',
  crmFields: ['jobtitle'],
  crmValue: 'CTO',
  chatValue: 'Chief Technology Officer',
});

export const lookupResult: LookupResult = {
  provider: 'hubspot',
  record,
  matchedBy: 'email',
  noKey: false,
  conflicts: [companyConflict, titleConflict],
  warnings: [],
};

export const syncResult: SyncResult = {
  outcome: 'conflicts',
  provider: 'hubspot',
  record,
  matchedBy: 'email',
  written: [],
  queued: 2,
  conflicts: [companyConflict, titleConflict],
  warnings: [
    { code: 'field_missing', message: 'HubSpot has no property notes; Notes was not sent.', field: 'notes' },
    { code: 'multiple_matches', message: 'Several contacts matched; chose 102.', details: { others: ['99'] } },
  ],
  historyId: 'h-1',
  at: '2026-10-05T10:00:00.000Z',
};

export const resolveResult: ResolveResult = {
  status: 'resolved',
  conflict: { ...companyConflict, status: 'resolved', resolution: 'chat', resolvedAt: '2026-10-05T10:01:00.000Z' },
  written: [{ field: 'company', crmFields: ['company'], value: 'Globex' }],
  record: { ...record, values: { ...record.values, company: 'Globex' } },
};

export const discardResult: DiscardResult = {
  discarded: [
    { ...companyConflict, status: 'discarded', resolution: 'crm' },
    { ...titleConflict, status: 'discarded', resolution: 'crm' },
  ],
};

export const health: Health = {
  status: 'ok',
  version: '0.1.0',
  crm: { provider: 'hubspot', label: 'HubSpot', sandbox: true },
  database: 'pglite',
};

/** One request the fake proxy received. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The proxy's error envelope. */
export function envelope(status: number, code: string, message: string, details?: Record<string, unknown>): Response {
  return json({ error: { code, message, ...(details ? { details } : {}) } }, status);
}

/** The error Chrome's fetch throws when nothing listens at the address. */
export function networkError(): TypeError {
  return new TypeError('Failed to fetch');
}

/**
 * A fake `fetch` for the proxy. `respond` gets each request (already recorded in `requests`) and
 * answers a Response, or throws to simulate a network failure.
 */
export function fakeProxy(respond: (request: RecordedRequest, index: number) => Response | Promise<Response>) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    const recorded: RecordedRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    return respond(recorded, requests.length - 1);
  };
  return { fetch, requests };
}
