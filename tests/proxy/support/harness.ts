/**
 * The proxy in-process for HTTP tests: a fresh HubSpot sandbox, the real HubSpot provider talking to
 * it through the sandbox's in-process fetch, and `createApp` over the file's database (PGlite, or a
 * fresh PostgreSQL database with TEST_DATABASE_URL — see ./db.ts; emptied before each test). Requests go through `app.request(...)`, exactly as over the network.
 */
import { beforeEach } from 'vitest';
import type { z } from 'zod';
import type { FieldMappingInput } from '../../../lib/contracts/index.ts';
import { createApp, type ProxyApp } from '../../../proxy/app.ts';
import { upsertEnvApiKey } from '../../../proxy/auth.ts';
import { createHubSpotProvider, type HubSpotRetryOptions } from '../../../proxy/crm/hubspot/index.ts';
import type { CrmProvider, FetchLike } from '../../../proxy/crm/types.ts';
import type { Database } from '../../../proxy/db/index.ts';
import {
  createHubSpotSandbox,
  type HubSpotSandbox,
  type HubSpotSandboxOptions,
  type SandboxRequestLogEntry,
} from '../../../proxy/sandbox/hubspot/index.ts';
import { useTestDatabase } from './db.ts';

/** The API key every test app accepts (registered as PROXY_API_KEY would be, label "env"). */
export const TEST_API_KEY = 'test-proxy-api-key-7f3a';
/** A Chrome extension origin (32 letters a–p). */
export const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
/** Where the test app pretends to be served (used in sandbox record links). */
export const TEST_PUBLIC_URL = 'http://proxy.test';

export interface HarnessOptions {
  sandbox?: HubSpotSandboxOptions;
  /** Wraps the sandbox's fetch, to inject faults or count calls. */
  wrapFetch?: (fetch: FetchLike, sandbox: HubSpotSandbox) => FetchLike;
  /** Wraps the provider (e.g. to make describeFields lie). */
  wrapProvider?: (provider: CrmProvider) => CrmProvider;
  /** The token the provider sends (default: the sandbox's). */
  accessToken?: string;
  mapping?: FieldMappingInput[];
  defaultRegion?: string;
  now?: () => Date;
  retry?: HubSpotRetryOptions;
}

export interface RequestOptions {
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  /** API key to send; null sends no Authorization header (default TEST_API_KEY). */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface Harness {
  readonly db: Database;
  readonly sandbox: HubSpotSandbox;
  readonly provider: CrmProvider;
  readonly proxy: ProxyApp;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  get(path: string, options?: RequestOptions): Promise<Response>;
  post(path: string, body: unknown, options?: RequestOptions): Promise<Response>;
  /** Vendor calls the sandbox answered since the test (or the last `clearVendorCalls`) began. */
  vendorCalls(): SandboxRequestLogEntry[];
  /** Vendor calls other than the field list read (which is cached per app). */
  recordCalls(): SandboxRequestLogEntry[];
  clearVendorCalls(): void;
  /** Replaces the app (same database, same sandbox unless `options.sandbox` is given). */
  rebuild(options?: HarnessOptions): Promise<void>;
}

/** Reads a response's JSON body and validates it with `schema` (throws with the body when it does not fit). */
export async function readAs<T extends z.ZodType>(response: Response, schema: T): Promise<z.output<T>> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Expected JSON, got HTTP ${response.status}: ${text.slice(0, 500)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `HTTP ${response.status} body does not fit the contract: ${parsed.error.message}\n${text.slice(0, 2000)}`,
    );
  }
  return parsed.data;
}

/** Registers the per-file database and the per-test app. */
export function useProxy(defaults: HarnessOptions = {}): Harness {
  const database = useTestDatabase();
  let state: { sandbox: HubSpotSandbox; provider: CrmProvider; proxy: ProxyApp } | null = null;

  const build = async (options: HarnessOptions, keepSandbox: HubSpotSandbox | null) => {
    const db = database.current.db;
    const sandbox = keepSandbox ?? createHubSpotSandbox({ rateLimit: false, ...options.sandbox });
    const fetch = options.wrapFetch ? options.wrapFetch(sandbox.fetch, sandbox) : sandbox.fetch;
    let provider = createHubSpotProvider({
      baseUrl: `${TEST_PUBLIC_URL}/sandbox/hubspot`,
      accessToken: options.accessToken ?? sandbox.token,
      fetch,
      appUrl: `${TEST_PUBLIC_URL}/sandbox/hubspot/app`,
      portalId: sandbox.portalId,
      retry: options.retry ?? { limit: 0 },
    });
    if (options.wrapProvider) provider = options.wrapProvider(provider);
    await upsertEnvApiKey(db, TEST_API_KEY);
    const proxy = createApp({
      db,
      databaseKind: database.current.kind,
      provider,
      sandbox: true,
      sandboxApp: sandbox.app,
      ...(options.mapping ? { mapping: options.mapping } : {}),
      ...(options.defaultRegion ? { defaultRegion: options.defaultRegion } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    state = { sandbox, provider, proxy };
  };

  beforeEach(async () => {
    await build(defaults, null);
  });

  const current = () => {
    if (!state) throw new Error('The proxy harness is used outside a test.');
    return state;
  };

  const request = (method: string, path: string, options: RequestOptions = {}) => {
    const headers = new Headers(options.headers);
    const key = options.key === undefined ? TEST_API_KEY : options.key;
    if (key !== null && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${key}`);
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    }
    return Promise.resolve(
      current().proxy.app.request(`${TEST_PUBLIC_URL}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      }),
    );
  };

  return {
    get db() {
      return database.current;
    },
    get sandbox() {
      return current().sandbox;
    },
    get provider() {
      return current().provider;
    },
    get proxy() {
      return current().proxy;
    },
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    vendorCalls: () => [...current().sandbox.requests],
    recordCalls: () => current().sandbox.requests.filter((r) => r.path !== '/crm/v3/properties/contacts'),
    clearVendorCalls: () => current().sandbox.clearRequests(),
    rebuild: (options = {}) => build({ ...defaults, ...options }, options.sandbox ? null : current().sandbox),
  };
}
