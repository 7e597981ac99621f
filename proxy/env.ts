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
 * | CRM_PROVIDER         | hubspot                  | which CRM                                                    |
 * | HUBSPOT_ACCESS_TOKEN | —                        | private-app token; without it the proxy runs the sandbox     |
 * | HUBSPOT_BASE_URL     | https://api.hubapi.com   | HubSpot API base URL                                         |
 * | HUBSPOT_APP_URL      | —                        | HubSpot web app URL for "Open in HubSpot" links              |
 * | DEFAULT_REGION       | US                       | region for phone numbers without a country code              |
 * | SANDBOX_RATE_LIMIT   | —                        | sandbox requests per 10 s before it answers 429              |
 * | PUBLIC_URL           | http://HOST:PORT         | the proxy's URL as browsers reach it (sandbox record links)  |
 * | LOG_LEVEL            | info                     | debug, info, warn, error or silent                           |
 *
 * An empty variable counts as unset (as `.env` files and compose files often produce).
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { CRM_LABELS } from '../lib/contracts/index.ts';
import { isSupportedCrmProvider, SUPPORTED_CRM_PROVIDERS, type SupportedCrmProviderId } from './crm/index.ts';

type SupportedCrmProvider = SupportedCrmProviderId;

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
    provider: SupportedCrmProvider;
    label: string;
    /** True when no CRM credentials are configured: the proxy serves and uses its CRM emulator. */
    sandbox: boolean;
    baseUrl: string;
    accessToken: string | null;
    appUrl: string | null;
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

const EnvSchema = z
  .object({
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
      z.string().transform((raw, ctx) => {
        const text = raw.trim().toLowerCase();
        if (!isSupportedCrmProvider(text)) {
          const known = text in CRM_LABELS ? ' is not supported yet' : ' is not a known CRM';
          ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(raw)}${known} (supported: ${SUPPORTED_CRM_PROVIDERS.join(', ')})`,
          });
          return z.NEVER;
        }
        return text;
      }),
      'hubspot' as SupportedCrmProvider,
    ),
    HUBSPOT_ACCESS_TOKEN: optional(z.string().trim()),
    HUBSPOT_BASE_URL: withDefault(httpUrl(), 'https://api.hubapi.com'),
    HUBSPOT_APP_URL: optional(httpUrl()),
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
  })
  .superRefine((env, ctx) => {
    const realCrm = env.HUBSPOT_ACCESS_TOKEN !== undefined;
    if (realCrm && env.PROXY_API_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['PROXY_API_KEY'],
        message:
          'is required when a real CRM is configured (HUBSPOT_ACCESS_TOKEN is set): without it anyone who can reach ' +
          'the proxy could use your CRM. Set it to a long random secret, e.g. `openssl rand -hex 32`',
      });
    }
    if (realCrm && env.PROXY_API_KEY === SANDBOX_API_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['PROXY_API_KEY'],
        message: `must not be the public sandbox key "${SANDBOX_API_KEY}" when a real CRM is configured`,
      });
    }
  });

/**
 * Parses the environment into a `ProxyConfig`.
 *
 * No CRM credentials (HUBSPOT_ACCESS_TOKEN unset) → sandbox mode, where PROXY_API_KEY defaults to
 * `sandbox-api-key`. A real CRM without PROXY_API_KEY is refused.
 *
 * @throws ConfigError listing every bad variable, one sentence each.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): ProxyConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const message =
        issue.code === 'invalid_type' && issue.path.length > 0
          ? 'must be text'
          : issue.message.replace(/^Invalid input: /, '');
      return `${variable} ${message}`;
    });
    throw new ConfigError(issues);
  }
  const e = parsed.data;
  const sandbox = e.HUBSPOT_ACCESS_TOKEN === undefined;
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
      baseUrl: e.HUBSPOT_BASE_URL,
      accessToken: e.HUBSPOT_ACCESS_TOKEN ?? null,
      appUrl: e.HUBSPOT_APP_URL ?? null,
    },
    defaultRegion: e.DEFAULT_REGION,
    sandboxRateLimit: e.SANDBOX_RATE_LIMIT ?? null,
    publicUrl: e.PUBLIC_URL ?? null,
    logLevel: e.LOG_LEVEL,
  };
}
