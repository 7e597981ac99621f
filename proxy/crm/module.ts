/**
 * How a CRM plugs into the proxy: one `CrmModule` per vendor folder (proxy/crm/<vendor>/module.ts),
 * listed once in proxy/crm/index.ts. A module knows its environment variables, builds its provider,
 * and builds its sandbox (the stateful emulator in proxy/sandbox/<vendor>) for the demo, the tests
 * and the provider conformance suite (tests/proxy/conformance).
 */
import type { Hono } from 'hono';
import type { CrmProviderId } from '../../lib/contracts/index.ts';
import type { CrmProvider, FetchLike } from './types.ts';

/** The environment as the proxy sees it (process.env merged with overrides). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A configuration problem in one variable. `variable` is the env var's name; `message` says what is
 * wrong with it in words ("must be an https:// URL (got \"foo\")"). proxy/env.ts turns it into the
 * start-up error.
 */
export class CrmConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable} ${message}`);
    this.name = 'CrmConfigError';
    this.variable = variable;
  }
}

/** One vendor call a sandbox answered (errors included). */
export interface SandboxRequestLogEntry {
  method: string;
  /** Vendor path without any mount prefix, e.g. `/services/data/v62.0/query`. */
  path: string;
  /** The query string without `?` ("" when none). */
  query: string;
  /** The parsed JSON body, the raw text when it was not JSON, or null when empty. */
  body: unknown;
  status: number;
  /** ISO 8601, from the sandbox clock. */
  at: string;
}

/** Sandbox rate limit: at most `limit` vendor calls per rolling `windowMs`. */
export interface SandboxRateLimit {
  limit: number;
  windowMs: number;
}

export interface SandboxOptions {
  /** Rolling rate limit (default: the vendor's typical limit); `false` for none. */
  rateLimit?: SandboxRateLimit | false;
  /** Load the demo records at start and on `reset()` (default true). */
  seed?: boolean;
  /** Clock for timestamps and the rate window (default: the system clock). */
  clock?: () => Date;
}

/**
 * Vendor-neutral test hooks every sandbox offers, so one conformance suite can drive all five CRMs.
 * Field names are the vendor's own (the provider's defaultMapping names them); values are strings
 * as the provider would read them (null = blank).
 */
export interface SandboxTesting {
  /** A record's current values by CRM field name (all fields), or undefined when it does not exist. */
  read(id: string): Record<string, string | null> | undefined;
  /** Changes fields as a CRM user would in the CRM's UI (the record's modified time moves). */
  edit(id: string, values: Readonly<Record<string, string | null>>): void;
  /** Creates a record as a CRM user would (primary object type); returns its id. */
  insert(values: Readonly<Record<string, string | null>>): string;
  /**
   * Hides a record from searches/queries (as a vendor's lagging search index does right after a
   * create) while creates still collide with it as a duplicate — how a create races a duplicate.
   */
  hideFromSearch(id: string): void;
  /** Every access token issued so far is rejected (401) from now on, as when a token expires. */
  expireTokens(): void;
  /** The next `count` vendor calls are answered with the vendor's rate-limit error. */
  rateLimitNext(count: number): void;
}

/** A stateful emulator of one CRM, speaking that vendor's documented REST contract. */
export interface CrmSandbox {
  readonly provider: CrmProviderId;
  /** The Hono app; vendor paths at its root. The proxy mounts it at `/sandbox/<provider>`. */
  readonly app: Hono;
  /** Calls the app in-process; any prefix in front of the vendor path is ignored. */
  readonly fetch: FetchLike;
  /** Vendor calls answered since creation, the last `reset()` or `clearRequests()`, oldest first. */
  readonly requests: readonly SandboxRequestLogEntry[];
  clearRequests(): void;
  /** Back to the seed (or empty): records, ids, tokens, log and rate window. */
  reset(): void;
  /** Changes the rate limit (null: none); the current window is emptied. */
  setRateLimit(limit: SandboxRateLimit | null): void;
  readonly testing: SandboxTesting;
}

/** What the proxy knows when it wires a sandbox: where browsers reach the proxy. */
export interface SandboxWiring {
  /** The proxy's public base URL, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  publicUrl: string;
}

/**
 * One CRM vendor.
 * - `configFromEnv`: parses that vendor's variables (zod) — returns null when no credentials are
 *   set (the proxy then runs the sandbox), throws CrmConfigError naming the variable when a value
 *   is bad or a credential is incomplete.
 * - `create`: the provider for a real account.
 * - `createSandbox` + `sandboxProvider`: the emulator, and a provider wired to it in-process
 *   (`fetch: sandbox.fetch`, record links under `${publicUrl}/sandbox/<id>/...`).
 */
export interface CrmModule<Config = unknown> {
  readonly id: CrmProviderId;
  readonly label: string;
  /** The variables this CRM reads, with one line each, for `--help`, errors and the README. */
  readonly envVars: Readonly<Record<string, string>>;
  configFromEnv(env: Env): Config | null;
  create(config: Config, deps?: { fetch?: FetchLike }): CrmProvider;
  createSandbox(options?: SandboxOptions): CrmSandbox;
  sandboxProvider(sandbox: CrmSandbox, wiring: SandboxWiring): CrmProvider;
}
