/**
 * Shared set-up of the Salesforce tests: a sandbox with a ticking clock, the provider wired to it
 * in-process, and helpers to expect CrmErrors and read the request log.
 */
import { expect } from 'vitest';
import {
  createSalesforceProvider,
  type SalesforceProviderOptions,
  salesforceDefaultMapping,
} from '../../../proxy/crm/salesforce/index.ts';
import { CrmError, type FetchLike } from '../../../proxy/crm/types.ts';
import {
  createSalesforceSandbox,
  type SalesforceSandbox,
  type SalesforceSandboxOptions,
} from '../../../proxy/sandbox/salesforce/index.ts';

/** Where the tests pretend the sandbox is mounted. */
export const MOUNT = 'http://proxy.test/sandbox/salesforce';

/** A clock that starts at 2026-11-02T12:00:00Z and moves one second per reading. */
export function tickingClock(start = Date.parse('2026-11-02T12:00:00.000Z')): () => Date {
  let now = start;
  return () => {
    now += 1000;
    return new Date(now);
  };
}

/** The CRM fields the default Contact mapping reads back. */
export const CONTACT_FIELDS = [...new Set(salesforceDefaultMapping('Contact').flatMap((m) => m.crmFields))];
/** The CRM fields the default Lead mapping reads back. */
export const LEAD_FIELDS = [...new Set(salesforceDefaultMapping('Lead').flatMap((m) => m.crmFields))];

export interface Setup {
  sandbox: SalesforceSandbox;
  provider: ReturnType<typeof createSalesforceProvider>;
  /** Vendor calls since set-up (or the last `sandbox.clearRequests()`), as "METHOD path". */
  calls(): string[];
}

/**
 * A fresh sandbox and a provider on it: instance/login/app URLs under {@link MOUNT}, the sandbox's
 * access token and refresh credentials, quick retries.
 */
export function setup(
  providerOptions: Partial<SalesforceProviderOptions> = {},
  sandboxOptions: SalesforceSandboxOptions = {},
  wrapFetch?: (fetch: FetchLike) => FetchLike,
): Setup {
  const sandbox = createSalesforceSandbox({ clock: tickingClock(), ...sandboxOptions });
  const provider = createSalesforceProvider({
    instanceUrl: MOUNT,
    accessToken: sandbox.credentials.accessToken,
    refresh: {
      loginUrl: MOUNT,
      clientId: sandbox.credentials.clientId,
      clientSecret: sandbox.credentials.clientSecret,
      refreshToken: sandbox.credentials.refreshToken,
    },
    fetch: wrapFetch ? wrapFetch(sandbox.fetch) : sandbox.fetch,
    retry: { limit: 2, baseDelayMs: 1, rateLimitDelayMs: 1 },
    ...(sandboxOptions.primaryObject ? { object: sandboxOptions.primaryObject } : {}),
    ...providerOptions,
  });
  return { sandbox, provider, calls: () => sandbox.requests.map((r) => `${r.method} ${r.path}`) };
}

/** Awaits `promise`, expects a Salesforce CrmError of `kind`, and returns it. */
export async function crmError(promise: Promise<unknown>, kind: CrmError['kind']): Promise<CrmError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a CrmError ${kind}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrmError);
  const crm = error as CrmError;
  expect({ kind: crm.kind, message: crm.message }).toMatchObject({ kind });
  expect(crm.provider).toBe('salesforce');
  return crm;
}

/** The SOQL of every query call in the log, decoded. */
export function queries(sandbox: SalesforceSandbox): string[] {
  return sandbox.requests
    .filter((r) => r.path.endsWith('/query'))
    .map((r) => new URLSearchParams(r.query).get('q') ?? '');
}

/** A fetch that answers every request with `respond()` and records the requests. */
export function fakeFetch(respond: (request: Request) => Response | Promise<Response>) {
  const calls: Request[] = [];
  const fetch: FetchLike = async (request) => {
    calls.push(request);
    return respond(request);
  };
  return { fetch, calls };
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers },
  });
}
