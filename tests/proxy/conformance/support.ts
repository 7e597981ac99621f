/**
 * The provider conformance suite's harness and per-CRM parameters.
 *
 * Every CRM module (proxy/crm/index.ts `CRM_MODULES`) is driven through the proxy's HTTP API with
 * its own sandbox, exactly as `startProxy` wires it in sandbox mode: `module.createSandbox()`,
 * `module.sandboxProvider(sandbox, {publicUrl})`, `createApp` over the file's database (PGlite
 * loaded from the migrated template, or a fresh PostgreSQL database with TEST_DATABASE_URL — see
 * ../support/db.ts; emptied before each test). Scenarios use only what every CRM
 * shares — the module's default mapping (which names the vendor's fields), the sandbox's
 * vendor-neutral `testing` hooks and its request log — so the same scenario runs for all five.
 *
 * Where CRMs rightly differ (Dynamics 365 creates a Lead; a CRM with an OAuth refresh flow survives
 * an expired token), the difference is a parameter of the CRM's {@link ConformanceEntry}, not an
 * `if` in a scenario.
 */
import { beforeEach } from 'vitest';
import type { z } from 'zod';
import {
  type CrmObjectType,
  type CrmProviderId,
  type CustomerField,
  type FieldMapping,
  type FieldMappingInput,
  FieldMapping as FieldMappingSchema,
} from '../../../lib/contracts/index.ts';
import { createApp, type ProxyApp } from '../../../proxy/app.ts';
import { upsertEnvApiKey } from '../../../proxy/auth.ts';
import { type AnyCrmModule, CRM_MODULES } from '../../../proxy/crm/index.ts';
import type { CrmSandbox, SandboxRequestLogEntry } from '../../../proxy/crm/module.ts';
import type { CrmProvider } from '../../../proxy/crm/types.ts';
import type { DynamicsSandbox } from '../../../proxy/sandbox/dynamics/index.ts';
import { useTestDatabase } from '../support/db.ts';
import { readAs, TEST_API_KEY, TEST_PUBLIC_URL } from '../support/harness.ts';

export { readAs };

/** What the suite expects of one CRM where CRMs rightly differ. */
export interface ConformanceEntry {
  /** What a sync creates when nothing matches (Dynamics 365: a Lead). */
  createsObjectType: CrmObjectType;
  /** Demo ticket 1009 (Noah Kim): `existing_lead` where the sandbox seeds him as a lead, else `created`. */
  noahKim: 'existing_lead' | 'created';
  /**
   * After `testing.expireTokens()`: `refresh` — the provider gets a new token and the sync works;
   * `fail` — 502 `crm_auth_failed` with the vendor's reason.
   */
  expiredToken: 'refresh' | 'fail';
  /**
   * True when the name goes to two CRM fields (first + last: "Mary Jane" + "Watson"); false where the
   * CRM has one writable name field (Pipedrive persons' `name`).
   */
  splitName: boolean;
  /** How many forced rate-limit answers in a row the provider waits out by itself (at least 1). */
  rateLimitRetries: number;
  /**
   * True for a vendor call that only reads (or authenticates): not counted as a write. Default: GET
   * and HEAD, and POSTs to token endpoints.
   */
  isRead(request: SandboxRequestLogEntry): boolean;
  /**
   * The `testing.insert` field that holds a person's SECOND email address, beside the mapped one:
   * a real CRM field, or (Pipedrive) the sandbox's name for a non-primary list entry.
   */
  secondaryEmailField: string;
  /**
   * The `testing.insert` field that holds a mobile number, apart from the mapped phone field (where
   * the CRM has one list of phones — Pipedrive — a `mobile`-labelled entry of it).
   */
  mobilePhoneField: string;
  /**
   * Where the CRM reports existing leads (Dynamics 365): creates a LEAD as a CRM user would and
   * returns its id. Undefined where a lookup never meets a lead it must leave alone.
   */
  insertLead?: ((sandbox: CrmSandbox, values: Readonly<Record<string, string>>) => string) | undefined;
}

const defaultIsRead = (request: SandboxRequestLogEntry): boolean =>
  request.method === 'GET' || request.method === 'HEAD' || /\/oauth2?\/(v\d+\/)?token$/.test(request.path);

const DEFAULT_ENTRY: ConformanceEntry = {
  createsObjectType: 'contact',
  splitName: true,
  noahKim: 'created',
  expiredToken: 'fail',
  rateLimitRetries: 1,
  isRead: defaultIsRead,
  secondaryEmailField: '',
  mobilePhoneField: '',
};

/**
 * Each CRM's parameters (anything not named here is {@link DEFAULT_ENTRY}'s). Vendor facts:
 * - HubSpot: search and batch read are POSTs (https://developers.hubspot.com/docs/api/crm/search);
 *   private-app tokens have no refresh flow.
 * - Salesforce: the sandbox provider holds a refresh token and gets a new access token on a 401
 *   (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm).
 * - Dynamics 365: nothing matching → a Lead; Noah Kim is a seeded lead (existing_lead).
 * - Pipedrive: a person has one writable `name` (https://developers.pipedrive.com/docs/api/v1/Persons#addPerson).
 * Second emails and mobile numbers: HubSpot `hs_additional_emails` / `mobilephone`
 * (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties); Salesforce has one
 * standard email field, so the sandbox org has a custom `Secondary_Email__c` (as many orgs do), and
 * `MobilePhone`; Dynamics 365 `emailaddress2` / `mobilephone`; Zoho `Secondary_Email` / `Mobile`;
 * Pipedrive keeps lists of emails and phones, where the mapped `email`/`phone` are the primary entries.
 */
export const CONFORMANCE_ENTRIES: Partial<Record<CrmProviderId, Partial<ConformanceEntry>>> = {
  hubspot: {
    isRead: (request) =>
      defaultIsRead(request) || (request.method === 'POST' && /\/(search|batch\/read)$/.test(request.path)),
    secondaryEmailField: 'hs_additional_emails',
    mobilePhoneField: 'mobilephone',
  },
  salesforce: { expiredToken: 'refresh', secondaryEmailField: 'Secondary_Email__c', mobilePhoneField: 'MobilePhone' },
  dynamics: {
    createsObjectType: 'lead',
    noahKim: 'existing_lead',
    secondaryEmailField: 'emailaddress2',
    mobilePhoneField: 'mobilephone',
    insertLead: (sandbox, values) => (sandbox as DynamicsSandbox).store.userCreate('lead', values).id,
  },
  zoho: { secondaryEmailField: 'Secondary_Email', mobilePhoneField: 'Mobile' },
  pipedrive: { splitName: false, secondaryEmailField: 'secondary_email', mobilePhoneField: 'mobile_phone' },
};

/** The entry of `module`, defaults filled in; throws when the entry leaves out a field every CRM must name. */
export function conformanceEntry(module: AnyCrmModule): ConformanceEntry {
  const entry = { ...DEFAULT_ENTRY, ...CONFORMANCE_ENTRIES[module.id] };
  if (!entry.secondaryEmailField || !entry.mobilePhoneField) {
    throw new Error(`${module.label}'s conformance entry must name its secondaryEmailField and mobilePhoneField.`);
  }
  return entry;
}

/** `describe.each` rows: `[label, module]` for every CRM module. */
export const MODULE_ROWS = CRM_MODULES.map((module) => [module.label, module] as const);

/** The module's default mapping with zod defaults applied. */
export function defaultMapping(provider: CrmProvider): FieldMapping[] {
  return provider.defaultMapping().map((entry) => FieldMappingSchema.parse(entry));
}

/** The mapping entry of `field`, or undefined when the CRM does not map it. */
export function mappingOf(provider: CrmProvider, field: CustomerField): FieldMapping | undefined {
  return defaultMapping(provider).find((entry) => entry.field === field);
}

/** The mapping entry of `field`; throws when the CRM's default mapping has none (a conformance failure). */
export function requireMapping(provider: CrmProvider, field: CustomerField): FieldMapping {
  const entry = mappingOf(provider, field);
  if (!entry) throw new Error(`${provider.label}'s default mapping does not map ${field}.`);
  return entry;
}

/**
 * CRM field values for a person as a CRM user would type them, by the provider's default mapping:
 * the name split over two fields (or whole in one), the email, and any `more` customer fields.
 */
export function personValues(
  provider: CrmProvider,
  person: { name: string; email?: string } & Partial<Record<CustomerField, string>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [field, value] of Object.entries(person) as [CustomerField, string][]) {
    const mapping = requireMapping(provider, field);
    if (field === 'name' && mapping.crmFields.length === 2) {
      const words = value.trim().split(/\s+/);
      values[mapping.crmFields[0]!] = words.slice(0, -1).join(' ');
      values[mapping.crmFields[1]!] = words.at(-1)!;
    } else {
      values[mapping.crmFields[0]!] = value;
    }
  }
  return values;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ConformanceHarness {
  readonly module: AnyCrmModule;
  readonly entry: ConformanceEntry;
  readonly sandbox: CrmSandbox;
  readonly provider: CrmProvider;
  readonly app: ProxyApp;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  post(path: string, body: unknown, options?: RequestOptions): Promise<Response>;
  get(path: string): Promise<Response>;
  /** POST the body and parse a 200 answer with `schema` (throws with the body otherwise). */
  ok<T extends z.ZodType>(path: string, body: unknown, schema: T): Promise<z.output<T>>;
  /** Vendor calls since the test began (or the last `clearRequests`). */
  requests(): SandboxRequestLogEntry[];
  /** Vendor calls that write (see {@link ConformanceEntry.isRead}). */
  writes(): SandboxRequestLogEntry[];
  clearRequests(): void;
  /** Rebuilds the app (same sandbox, same database) with another field mapping. */
  rebuild(options: { mapping?: readonly FieldMappingInput[] }): Promise<void>;
  /** The CRM value of the customer field `field` of record `id`, read with `testing.read` (name joined). */
  crmValue(id: string, field: CustomerField): string | null;
}

/** One database for the test file (../support/db.ts); call once at the file's top level. */
export function useConformanceDatabase() {
  return useTestDatabase();
}

/**
 * A fresh sandbox and app for `module` before each test. Call inside the module's `describe`.
 */
export function useConformance(module: AnyCrmModule, database: ReturnType<typeof useTestDatabase>): ConformanceHarness {
  const entry = conformanceEntry(module);
  let state: { sandbox: CrmSandbox; provider: CrmProvider; app: ProxyApp } | null = null;

  const build = async (sandbox: CrmSandbox, mapping?: readonly FieldMappingInput[]) => {
    const db = database.current.db;
    const provider = module.sandboxProvider(sandbox, { publicUrl: TEST_PUBLIC_URL });
    await upsertEnvApiKey(db, TEST_API_KEY);
    const app = createApp({
      db,
      databaseKind: database.current.kind,
      provider,
      sandbox: true,
      sandboxApp: sandbox.app,
      ...(mapping ? { mapping } : {}),
    });
    state = { sandbox, provider, app };
  };

  beforeEach(async () => {
    await build(module.createSandbox({ rateLimit: false }));
  });

  const current = () => {
    if (!state) throw new Error('The conformance harness is used outside a test.');
    return state;
  };

  const request = async (method: string, path: string, options: RequestOptions = {}) => {
    const headers = new Headers(options.headers);
    headers.set('Authorization', `Bearer ${TEST_API_KEY}`);
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers.set('Content-Type', 'application/json');
    }
    return current().app.app.request(`${TEST_PUBLIC_URL}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
  };

  const harness: ConformanceHarness = {
    module,
    entry,
    get sandbox() {
      return current().sandbox;
    },
    get provider() {
      return current().provider;
    },
    get app() {
      return current().app;
    },
    request,
    post: (path, body, options) => request('POST', path, { ...options, body }),
    get: (path) => request('GET', path),
    async ok(path, body, schema) {
      const response = await request('POST', path, { body });
      if (response.status !== 200) {
        throw new Error(`POST ${path} answered HTTP ${response.status}: ${(await response.text()).slice(0, 1000)}`);
      }
      return readAs(response, schema);
    },
    requests: () => [...current().sandbox.requests],
    writes: () => current().sandbox.requests.filter((request) => !entry.isRead(request)),
    clearRequests: () => current().sandbox.clearRequests(),
    rebuild: (options) => build(current().sandbox, options.mapping),
    crmValue(id, field) {
      const values = current().sandbox.testing.read(id);
      if (!values) throw new Error(`${module.label} sandbox has no record ${id}.`);
      const mapping = requireMapping(current().provider, field);
      const parts = mapping.crmFields.map((name) => values[name]?.trim() ?? '').filter((part) => part !== '');
      return parts.length > 0 ? parts.join(' ') : null;
    },
  };
  return harness;
}
