/**
 * The proxy's configuration, parsed from environment variables with zod. A bad value stops
 * start-up with a message naming the variable, e.g.
 * `PORT must be a number between 0 and 65535 (got "abc")`.
 *
 * | Variable             | Default                  | Meaning                                                      |
 * |----------------------|--------------------------|--------------------------------------------------------------|
 * | HOST                 | 127.0.0.1                | interface to listen on                                       |
 * | PORT                 | 8787                     | TCP port (0 = any free port)                                 |
 * | DATA_DIR             | ./.data                  | embedded database folder (PGlite), unless DATABASE_URL       |
 * | DATABASE_URL         | —                        | postgres:// URL of a PostgreSQL server (many proxies share)  |
 * | PROXY_API_KEY        | sandbox-api-key (sandbox)| the API key the extension sends; required with a real CRM    |
 * | CRM_PROVIDER         | hubspot                  | hubspot, salesforce, dynamics, zoho or pipedrive             |
 * | DEFAULT_REGION       | US                       | region for phone numbers without a country code              |
 * | SANDBOX_RATE_LIMIT   | —                        | sandbox requests per 10 s before it answers 429              |
 * | PUBLIC_URL           | http://HOST:PORT         | the proxy's URL as browsers reach it (sandbox record links)  |
 * | LOG_LEVEL            | info                     | debug, info, warn, error or silent                           |
 *
 * Each CRM's own variables (HUBSPOT_ACCESS_TOKEN, SALESFORCE_INSTANCE_URL, ...) are read and
 * validated by its module (`envVars` and `configFromEnv` in proxy/crm/<vendor>/module.ts), every
 * module's whichever CRM is chosen, so a typo is caught before the day it matters:
 * - `CRM_PROVIDER` unset → HubSpot; the chosen CRM without credentials → its sandbox;
 * - credentials for a CRM that `CRM_PROVIDER` does not name → refused (which one was meant?);
 * - a module's `CrmConfigError` → an issue naming its variable.
 *
 * An empty variable counts as unset (as `.env` files and compose files often produce).
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { CRM_LABELS, CRM_PROVIDERS, type CrmProviderId } from '../lib/contracts/index.ts';
import { CRM_MODULES, CrmConfigError, findCrmModule, SUPPORTED_CRM_PROVIDERS } from './crm/index.ts';

/** The API key used in sandbox mode when PROXY_API_KEY is unset (the demo and the options page default). */
export const SANDBOX_API_KEY = 'sandbox-api-key';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The parsed configuration. */
export interface ProxyConfig {
  host: string;
  /** 0 = any free port (the actual one is in `RunningProxy.url`). */
  port: number;
  /** Folder of the embedded database; unused when `databaseUrl` is set. */
  dataDir: string;
  databaseUrl: string | null;
  /** The API key upserted at start (label "env"). */
  apiKey: string;
  /** True when `apiKey` is the sandbox default because PROXY_API_KEY was unset. */
  apiKeyIsDefault: boolean;
  crm: {
    /** The CRM (`CRM_PROVIDER`, default hubspot); the proxy has a module for it (proxy/crm/index.ts). */
    provider: CrmProviderId;
    /** "HubSpot", "Salesforce", ... */
    label: string;
    /** True when the CRM has no credentials configured: the proxy serves and uses its emulator. */
    sandbox: boolean;
    /**
     * What the CRM's module read from the environment (`CrmModule.configFromEnv`), for that module's
     * `create`; null in sandbox mode.
     */
    settings: unknown;
    /** The CRM's variables that are set (names only, never values), for the start-up banner. */
    variables: string[];
  };
  /** ISO 3166-1 alpha-2 region for phone numbers written without a country code. */
  defaultRegion: string;
  /** Sandbox rate limit in requests per 10 seconds; null = the sandbox's default. */
  sandboxRateLimit: number | null;
  /** The proxy's public base URL without a trailing slash; null = `http://HOST:PORT`. */
  publicUrl: string | null;
  logLevel: LogLevel;
}

/** Start-up configuration is invalid. `issues` are one sentence each, naming the variable. */
export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** An optional string variable; blank = unset. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** A variable with a default, used when it is unset or blank. */
const withDefault = <T extends z.ZodType>(schema: T, value: z.util.NoUndefined<z.output<T>>) =>
  z.preprocess(blankToUndefined, schema.default(value));

/** An integer variable in [min, max]; the message quotes what was given. */
const integer = (min: number, max: number) =>
  z.string().transform((raw, ctx) => {
    const text = raw.trim();
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a number between ${min} and ${max} (got ${JSON.stringify(raw)})`,
      });
      return z.NEVER;
    }
    return value;
  });

/** An http(s) URL variable, returned without a trailing slash. */
const httpUrl = () =>
  z.string().transform((raw, ctx) => {
    const text = raw.trim();
    let url: URL | null = null;
    try {
      url = new URL(text);
    } catch {
      // not a URL: reported below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      ctx.addIssue({ code: 'custom', message: `must be an http:// or https:// URL (got ${JSON.stringify(raw)})` });
      return z.NEVER;
    }
    return text.replace(/\/+$/, '');
  });

/** A value chosen from a list; the message lists the choices. */
const oneOf = <const T extends readonly [string, ...string[]]>(choices: T) =>
  z.string().transform((raw, ctx): T[number] => {
    const text = raw.trim().toLowerCase();
    if (!(choices as readonly string[]).includes(text)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be one of ${choices.join(', ')} (got ${JSON.stringify(raw)})`,
      });
      return z.NEVER;
    }
    return text as T[number];
  });

const EnvSchema = z.object({
  HOST: withDefault(z.string().trim(), '127.0.0.1'),
  PORT: withDefault(integer(0, 65535), 8787),
  DATA_DIR: withDefault(z.string().trim(), './.data'),
  DATABASE_URL: optional(
    z.string().transform((raw, ctx) => {
      const text = raw.trim();
      if (!/^postgres(ql)?:\/\/\S+$/i.test(text)) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a postgres:// or postgresql:// URL (e.g. postgres://user:password@host:5432/crm_sidebar)',
        });
        return z.NEVER;
      }
      return text;
    }),
  ),
  PROXY_API_KEY: optional(
    z.string().transform((raw, ctx) => {
      const text = raw.trim();
      if (!/^[\x21-\x7e]{8,200}$/.test(text)) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be 8 to 200 visible ASCII characters without spaces (e.g. the output of `openssl rand -hex 32`)',
        });
        return z.NEVER;
      }
      return text;
    }),
  ),
  CRM_PROVIDER: withDefault(
    z.string().transform((raw, ctx): CrmProviderId => {
      const text = raw.trim().toLowerCase();
      const supported = SUPPORTED_CRM_PROVIDERS.join(', ');
      if (!(CRM_PROVIDERS as readonly string[]).includes(text)) {
        ctx.addIssue({
          code: 'custom',
          message: `${JSON.stringify(raw)} is not a known CRM (supported: ${supported})`,
        });
        return z.NEVER;
      }
      if (!findCrmModule(text)) {
        ctx.addIssue({
          code: 'custom',
          message: `${JSON.stringify(raw)} is not supported yet (supported: ${supported})`,
        });
        return z.NEVER;
      }
      return text as CrmProviderId;
    }),
    'hubspot' as CrmProviderId,
  ),
  DEFAULT_REGION: withDefault(
    z.string().transform((raw, ctx) => {
      const text = raw.trim().toUpperCase();
      if (!isSupportedCountry(text)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a two-letter region code such as US, GB or DE (got ${JSON.stringify(raw)})`,
        });
        return z.NEVER;
      }
      return text;
    }),
    'US',
  ),
  SANDBOX_RATE_LIMIT: optional(integer(1, 1_000_000)),
  PUBLIC_URL: optional(httpUrl()),
  LOG_LEVEL: withDefault(oneOf(LOG_LEVELS), 'info'),
});

/** Names of `variables` that are set (non-blank) in `env`. */
function setVariables(env: Record<string, string | undefined>, variables: readonly string[]): string[] {
  return variables.filter((name) => (env[name] ?? '').trim() !== '');
}

/** "A", "A and B", "A, B and C". */
function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

interface CrmChoice {
  settings: unknown;
  variables: string[];
}

/**
 * Runs every CRM module's `configFromEnv` (so every vendor variable is validated) and checks that
 * only the chosen CRM has credentials. Returns the chosen CRM's settings (null: sandbox); pushes one
 * sentence per problem onto `issues`.
 */
function chooseCrm(env: Record<string, string | undefined>, provider: CrmProviderId, issues: string[]): CrmChoice {
  let chosen: CrmChoice = { settings: null, variables: [] };
  for (const module of CRM_MODULES) {
    let settings: unknown = null;
    try {
      settings = module.configFromEnv(env);
    } catch (error) {
      if (!(error instanceof CrmConfigError)) throw error;
      issues.push(error.message);
      continue;
    }
    const variables = setVariables(env, Object.keys(module.envVars));
    if (module.id === provider) {
      chosen = { settings, variables };
    } else if (settings !== null) {
      const named = env.CRM_PROVIDER?.trim()
        ? `CRM_PROVIDER is "${provider}"`
        : `CRM_PROVIDER is unset (so ${CRM_LABELS[provider]})`;
      issues.push(
        `CRM_PROVIDER must name the CRM whose credentials are set: ${module.label} credentials are set ` +
          `(${joinNames(variables)}) but ${named}. Set CRM_PROVIDER=${module.id}, or unset them.`,
      );
    }
  }
  return chosen;
}

/**
 * Parses the environment into a `ProxyConfig`.
 *
 * The chosen CRM (`CRM_PROVIDER`, default hubspot) without credentials → sandbox mode, where
 * PROXY_API_KEY defaults to `sandbox-api-key`. A real CRM without PROXY_API_KEY (or with the sandbox
 * key) is refused, and so are credentials of a CRM that `CRM_PROVIDER` does not name.
 *
 * @throws ConfigError listing every bad variable, one sentence each.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): ProxyConfig {
  const parsed = EnvSchema.safeParse(env);
  const issues: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? 'environment');
      const message =
        issue.code === 'invalid_type' && issue.path.length > 0
          ? 'must be text'
          : issue.message.replace(/^Invalid input: /, '');
      issues.push(`${variable} ${message}`);
    }
  }
  const provider: CrmProviderId = parsed.success ? parsed.data.CRM_PROVIDER : 'hubspot';
  const crm = chooseCrm(env, provider, issues);
  const sandbox = crm.settings === null;
  const apiKey = parsed.success ? parsed.data.PROXY_API_KEY : undefined;
  if (!sandbox && parsed.success && apiKey === undefined) {
    issues.push(
      `PROXY_API_KEY is required when a real CRM is configured (${joinNames(crm.variables)} ${crm.variables.length > 1 ? 'are' : 'is'} set): ` +
        'without it anyone who can reach the proxy could use your CRM. Set it to a long random secret, e.g. `openssl rand -hex 32`',
    );
  }
  if (!sandbox && apiKey === SANDBOX_API_KEY) {
    issues.push(`PROXY_API_KEY must not be the public sandbox key "${SANDBOX_API_KEY}" when a real CRM is configured`);
  }
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? null,
    apiKey: e.PROXY_API_KEY ?? SANDBOX_API_KEY,
    apiKeyIsDefault: e.PROXY_API_KEY === undefined,
    crm: {
      provider: e.CRM_PROVIDER,
      label: CRM_LABELS[e.CRM_PROVIDER],
      sandbox,
      settings: crm.settings,
      variables: crm.variables,
    },
    defaultRegion: e.DEFAULT_REGION,
    sandboxRateLimit: e.SANDBOX_RATE_LIMIT ?? null,
    publicUrl: e.PUBLIC_URL ?? null,
    logLevel: e.LOG_LEVEL,
  };
}
