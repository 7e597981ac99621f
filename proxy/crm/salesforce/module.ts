/**
 * Salesforce as a CrmModule: its environment variables, its provider, its sandbox.
 *
 * Configuration (all optional together: with no credentials the proxy runs the sandbox):
 * - SALESFORCE_INSTANCE_URL — the org's instance URL (https), required with credentials;
 * - SALESFORCE_API_VERSION — "62.0" by default; 42.0 or later (sObject Collections need 42.0);
 * - SALESFORCE_ACCESS_TOKEN, and/or SALESFORCE_CLIENT_ID + SALESFORCE_CLIENT_SECRET +
 *   SALESFORCE_REFRESH_TOKEN (+ SALESFORCE_LOGIN_URL, default https://login.salesforce.com) for the
 *   OAuth refresh token flow (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm);
 * - SALESFORCE_OBJECT — Contact (default) or Lead.
 */
import { z } from 'zod';
import { type CrmModule, CrmConfigError, type CrmSandbox, type Env } from '../module.ts';
import {
  createSalesforceProvider,
  SALESFORCE_DEFAULT_API_VERSION,
  SALESFORCE_DEFAULT_LOGIN_URL,
  SALESFORCE_OBJECTS,
  type SalesforceObject,
} from './index.ts';
import type { SalesforceRefreshCredentials } from './oauth.ts';
import {
  createSalesforceSandbox,
  SANDBOX_SALESFORCE_ACCESS_TOKEN,
  SANDBOX_SALESFORCE_CLIENT_ID,
  SANDBOX_SALESFORCE_CLIENT_SECRET,
  SANDBOX_SALESFORCE_REFRESH_TOKEN,
  type SalesforceSandbox,
} from '../../sandbox/salesforce/index.ts';

/** A parsed Salesforce configuration. At least one of `accessToken` and `refresh` is set. */
export interface SalesforceConfig {
  /** Instance URL without a trailing slash, e.g. `https://acme.my.salesforce.com`. */
  instanceUrl: string;
  /** REST API version without the "v", e.g. "62.0". */
  apiVersion: string;
  object: SalesforceObject;
  accessToken?: string;
  refresh?: SalesforceRefreshCredentials;
}

/** The variables Salesforce reads, one line each. */
export const SALESFORCE_ENV_VARS = {
  SALESFORCE_INSTANCE_URL: "The org's instance URL, e.g. https://acme.my.salesforce.com (required with credentials).",
  SALESFORCE_API_VERSION: `REST API version (default ${SALESFORCE_DEFAULT_API_VERSION}; 42.0 or later).`,
  SALESFORCE_ACCESS_TOKEN: 'An OAuth access token; with refresh credentials it is renewed when it expires.',
  SALESFORCE_CLIENT_ID: "The connected app's consumer key (OAuth refresh token flow).",
  SALESFORCE_CLIENT_SECRET: "The connected app's consumer secret (OAuth refresh token flow).",
  SALESFORCE_REFRESH_TOKEN: 'A refresh token issued to the connected app (OAuth refresh token flow).',
  SALESFORCE_LOGIN_URL: `OAuth token endpoint base (default ${SALESFORCE_DEFAULT_LOGIN_URL}; https://test.salesforce.com for sandbox orgs).`,
  SALESFORCE_OBJECT: 'Contact (default) or Lead: the object lookups search and syncs create.',
} as const;

type Variable = keyof typeof SALESFORCE_ENV_VARS;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An https URL (http only for localhost), no query or fragment; trailing slashes dropped. */
const BaseUrl = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be an https:// URL (got ${JSON.stringify(value)})` });
    return z.NEVER;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
    ctx.addIssue({ code: 'custom', message: `must be an https:// URL (got ${JSON.stringify(value)})` });
    return z.NEVER;
  }
  if (url.search || url.hash || url.username || url.password) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a plain URL without query, fragment or credentials (got ${JSON.stringify(value)})`,
    });
    return z.NEVER;
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
});

/** "62.0", "v62.0" or "62" → "62.0"; 42.0 or later. */
const ApiVersion = z.string().transform((value, ctx) => {
  const match = /^v?(\d{2,3})(?:\.0)?$/i.exec(value);
  if (!match || Number(match[1]) < 42) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a REST API version such as 62.0, 42.0 or later (got ${JSON.stringify(value)})`,
    });
    return z.NEVER;
  }
  return `${Number(match[1])}.0`;
});

/** Contact or Lead, any case. */
const ObjectName = z.string().transform((value, ctx) => {
  const found = SALESFORCE_OBJECTS.find((o) => o.toLowerCase() === value.toLowerCase());
  if (!found) {
    ctx.addIssue({ code: 'custom', message: `must be Contact or Lead (got ${JSON.stringify(value)})` });
    return z.NEVER;
  }
  return found;
});

/** A token or secret: no whitespace inside. */
const Secret = z.string().regex(/^\S+$/, 'must not contain spaces');

/** `env[name]` trimmed, or undefined when unset or blank. */
function read(env: Env, name: Variable): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Parses `env[name]` with `schema`; a bad value throws CrmConfigError naming the variable. */
function parse<T>(env: Env, name: Variable, schema: z.ZodType<T, string>): T | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw new CrmConfigError(name, result.error.issues[0]?.message ?? 'is not valid');
  return result.data;
}

/**
 * Reads Salesforce's variables. Returns null when no credential is set (the proxy then runs the
 * Salesforce sandbox).
 * @throws CrmConfigError naming the variable: a malformed URL, version or object; refresh
 *   credentials given in part; credentials without SALESFORCE_INSTANCE_URL (or the URL without
 *   credentials).
 */
export function salesforceConfigFromEnv(env: Env): SalesforceConfig | null {
  const instanceUrl = parse(env, 'SALESFORCE_INSTANCE_URL', BaseUrl);
  const apiVersion = parse(env, 'SALESFORCE_API_VERSION', ApiVersion) ?? SALESFORCE_DEFAULT_API_VERSION;
  const object = parse(env, 'SALESFORCE_OBJECT', ObjectName) ?? 'Contact';
  const loginUrl = parse(env, 'SALESFORCE_LOGIN_URL', BaseUrl) ?? SALESFORCE_DEFAULT_LOGIN_URL;
  const accessToken = parse(env, 'SALESFORCE_ACCESS_TOKEN', Secret);
  const refreshParts = {
    SALESFORCE_CLIENT_ID: parse(env, 'SALESFORCE_CLIENT_ID', Secret),
    SALESFORCE_CLIENT_SECRET: parse(env, 'SALESFORCE_CLIENT_SECRET', Secret),
    SALESFORCE_REFRESH_TOKEN: parse(env, 'SALESFORCE_REFRESH_TOKEN', Secret),
  };
  const given = Object.entries(refreshParts).filter(([, v]) => v !== undefined);
  if (given.length > 0 && given.length < 3) {
    const missing = Object.entries(refreshParts).find(([, v]) => v === undefined)![0] as Variable;
    throw new CrmConfigError(
      missing,
      `must be set too: the refresh token flow needs SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and SALESFORCE_REFRESH_TOKEN (only ${given.map(([k]) => k).join(', ')} set)`,
    );
  }
  const refresh: SalesforceRefreshCredentials | undefined =
    given.length === 3
      ? {
          loginUrl,
          clientId: refreshParts.SALESFORCE_CLIENT_ID!,
          clientSecret: refreshParts.SALESFORCE_CLIENT_SECRET!,
          refreshToken: refreshParts.SALESFORCE_REFRESH_TOKEN!,
        }
      : undefined;

  if (!accessToken && !refresh) {
    if (instanceUrl) {
      throw new CrmConfigError(
        'SALESFORCE_ACCESS_TOKEN',
        'or SALESFORCE_CLIENT_ID + SALESFORCE_CLIENT_SECRET + SALESFORCE_REFRESH_TOKEN must be set with SALESFORCE_INSTANCE_URL',
      );
    }
    return null;
  }
  if (!instanceUrl) {
    throw new CrmConfigError(
      'SALESFORCE_INSTANCE_URL',
      "must be set to the org's instance URL, e.g. https://acme.my.salesforce.com",
    );
  }
  return {
    instanceUrl,
    apiVersion,
    object,
    ...(accessToken ? { accessToken } : {}),
    ...(refresh ? { refresh } : {}),
  };
}

function isSalesforceSandbox(sandbox: CrmSandbox): sandbox is SalesforceSandbox {
  return sandbox.provider === 'salesforce' && 'credentials' in sandbox && 'primaryObject' in sandbox;
}

/** Salesforce: provider, configuration and sandbox. */
export const salesforceModule: CrmModule<SalesforceConfig> = {
  id: 'salesforce',
  label: 'Salesforce',
  envVars: SALESFORCE_ENV_VARS,

  configFromEnv: salesforceConfigFromEnv,

  create(config, deps) {
    return createSalesforceProvider({
      instanceUrl: config.instanceUrl,
      apiVersion: config.apiVersion,
      object: config.object,
      ...(config.accessToken ? { accessToken: config.accessToken } : {}),
      ...(config.refresh ? { refresh: config.refresh } : {}),
      ...(deps?.fetch ? { fetch: deps.fetch } : {}),
    });
  },

  createSandbox(options) {
    return createSalesforceSandbox(options);
  },

  /**
   * A provider on the sandbox, in-process: instance, login and record-page URLs all under
   * `<publicUrl>/sandbox/salesforce`, the sandbox's access token plus its refresh credentials (so an
   * expired token is renewed transparently), on the sandbox's primary object.
   */
  sandboxProvider(sandbox, wiring) {
    const mount = `${wiring.publicUrl.replace(/\/+$/, '')}/sandbox/salesforce`;
    const credentials = isSalesforceSandbox(sandbox)
      ? sandbox.credentials
      : {
          accessToken: SANDBOX_SALESFORCE_ACCESS_TOKEN,
          clientId: SANDBOX_SALESFORCE_CLIENT_ID,
          clientSecret: SANDBOX_SALESFORCE_CLIENT_SECRET,
          refreshToken: SANDBOX_SALESFORCE_REFRESH_TOKEN,
        };
    return createSalesforceProvider({
      instanceUrl: mount,
      appUrl: mount,
      object: isSalesforceSandbox(sandbox) ? sandbox.primaryObject : 'Contact',
      accessToken: credentials.accessToken,
      refresh: {
        loginUrl: mount,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        refreshToken: credentials.refreshToken,
      },
      fetch: sandbox.fetch,
      // The sandbox's concurrent-request limit clears at once: no need to wait a real second.
      retry: { rateLimitDelayMs: 100 },
    });
  },
};
