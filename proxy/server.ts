/**
 * Starting the sync proxy as a process-level thing (agreement §3): configuration from the
 * environment, database opened and migrated, PROXY_API_KEY registered, the CRM `CRM_PROVIDER` names
 * (its module from proxy/crm/index.ts; without credentials, that CRM's sandbox mounted at
 * `/sandbox/<id>` with a provider wired to it in-process), and an HTTP server.
 *
 * `npm run proxy` (proxy/main.ts) calls this; the demo and the browser tests call it directly.
 * HTTP serving: @hono/node-server, https://hono.dev/docs/getting-started/nodejs
 */
import type { AddressInfo } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { createAdaptorServer } from '@hono/node-server';
import { createApp, type ProxyApp } from './app.ts';
import { upsertEnvApiKey } from './auth.ts';
import type { CrmProviderId } from '../lib/contracts/index.ts';
import { type CrmProvider, type CrmSandbox, crmModule } from './crm/index.ts';
import { type Database, openDatabase } from './db/index.ts';
import { type LogLevel, loadConfig, type ProxyConfig } from './env.ts';
import { createLogger, type Logger } from './log.ts';
import type { HubSpotSandbox } from './sandbox/hubspot/index.ts';

/** The sandbox's rate-limit window: SANDBOX_RATE_LIMIT counts requests per 10 seconds. */
const SANDBOX_RATE_WINDOW_MS = 10_000;

/** How often expired idempotency keys are purged (ms). */
const PURGE_INTERVAL_MS = 60 * 60_000;

export interface StartProxyOptions {
  /**
   * Environment overrides, merged over `process.env` (a key set to undefined removes that variable).
   * See proxy/env.ts for the variables.
   */
  env?: Record<string, string | undefined>;
  /** Overrides PORT; 0 = any free port. */
  port?: number;
  /** Overrides HOST. */
  host?: string;
  /** No start-up banner, and only errors are logged. */
  quiet?: boolean;
  /** An already-open PGlite to use instead of DATA_DIR / DATABASE_URL (the caller closes it). */
  database?: { pglite?: PGlite };
  /** Where log lines go (default stdout/stderr). */
  log?: Logger;
}

export interface RunningProxy {
  /** Base URL the proxy listens on, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  url: string;
  /** Stops the server (open connections closed) and closes the database it opened. Idempotent. */
  close(): Promise<void>;
  /** The in-process CRM sandbox in sandbox mode, else null. */
  sandbox: RunningSandbox | null;
  /** The provider the proxy talks to the CRM (or its sandbox) with. */
  provider: CrmProvider;
  config: ProxyConfig;
  /** What `startProxy` opened: database kind and where the data lives. */
  database: { kind: Database['kind']; description: string };
}

/**
 * The CRM sandbox a proxy runs in sandbox mode, mounted at `/sandbox/<provider>`:
 * - `crm`: the vendor-neutral `CrmSandbox` (request log, reset, `testing` hooks) of any CRM;
 * - `hubspot`: the same sandbox with HubSpot's own controls, when the CRM is HubSpot.
 */
export interface RunningSandbox {
  provider: CrmProviderId;
  crm: CrmSandbox;
  hubspot?: HubSpotSandbox;
}

/** The proxy could not start: the port is taken, the database can't be opened, ... `message` says what to do. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/**
 * Starts the proxy.
 * @throws ConfigError (bad environment), DatabaseError, StartupError (e.g. port in use).
 */
export async function startProxy(options: StartProxyOptions = {}): Promise<RunningProxy> {
  const env = { ...process.env, ...(options.env ?? {}) };
  const parsed = loadConfig(env);
  const config: ProxyConfig = {
    ...parsed,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  };
  const level: LogLevel = options.quiet && config.logLevel !== 'silent' ? 'error' : config.logLevel;
  const log = options.log ?? createLogger({ level });

  const database = await openDatabase(
    options.database?.pglite
      ? { pglite: options.database.pglite }
      : config.databaseUrl
        ? { databaseUrl: config.databaseUrl }
        : { dataDir: config.dataDir },
  );

  let server: ReturnType<typeof createAdaptorServer> | null = null;
  let purgeTimer: NodeJS.Timeout | null = null;
  try {
    await upsertEnvApiKey(database.db, config.apiKey);

    // Listen first (the port may be 0), then build the app: the sandbox's record links need the URL.
    let proxyApp: ProxyApp | null = null;
    server = createAdaptorServer({
      fetch: (request) =>
        proxyApp
          ? proxyApp.app.fetch(request)
          : new Response(JSON.stringify({ error: { code: 'internal', message: 'The proxy is starting.' } }), {
              status: 503,
              headers: { 'Content-Type': 'application/json', 'Retry-After': '1' },
            }),
      overrideGlobalObjects: false,
    });
    const address = await listen(server, config.port, config.host);
    const url = `http://${formatHost(config.host)}:${address.port}`;
    const publicUrl = config.publicUrl ?? url;

    const module = crmModule(config.crm.provider);
    let sandbox: CrmSandbox | null = null;
    let provider: CrmProvider;
    if (config.crm.sandbox) {
      sandbox = module.createSandbox(
        config.sandboxRateLimit !== null
          ? { rateLimit: { limit: config.sandboxRateLimit, windowMs: SANDBOX_RATE_WINDOW_MS } }
          : {},
      );
      provider = module.sandboxProvider(sandbox, { publicUrl });
    } else {
      provider = module.create(config.crm.settings);
    }

    proxyApp = createApp({
      db: database.db,
      databaseKind: database.kind,
      provider,
      sandbox: config.crm.sandbox,
      sandboxApp: sandbox?.app ?? null,
      defaultRegion: config.defaultRegion,
      log,
    });

    const idempotency = proxyApp.services.idempotency;
    const purge = () =>
      idempotency.purgeExpired().catch((error: unknown) => log.warn('could not purge idempotency keys', { error }));
    await purge();
    purgeTimer = setInterval(purge, PURGE_INTERVAL_MS);
    purgeTimer.unref();

    if (!options.quiet) printBanner(url, config, database, log);

    const running = server;
    let closing: Promise<void> | null = null;
    return {
      url,
      sandbox: sandbox ? runningSandbox(sandbox) : null,
      provider,
      config,
      database: { kind: database.kind, description: database.description },
      close() {
        closing ??= (async () => {
          if (purgeTimer) clearInterval(purgeTimer);
          await closeServer(running);
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    if (purgeTimer) clearInterval(purgeTimer);
    if (server?.listening) await closeServer(server).catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}

function runningSandbox(sandbox: CrmSandbox): RunningSandbox {
  return sandbox.provider === 'hubspot'
    ? { provider: sandbox.provider, crm: sandbox, hubspot: sandbox as HubSpotSandbox }
    : { provider: sandbox.provider, crm: sandbox };
}

function listen(server: ReturnType<typeof createAdaptorServer>, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new StartupError(
            `PORT ${port} is already in use on ${host}. Stop the other process, or set PORT to a free port (0 picks one).`,
            { cause: error },
          ),
        );
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new StartupError(`HOST ${host} is not an address of this machine.`, { cause: error }));
      } else if (error.code === 'EACCES') {
        reject(
          new StartupError(`Not allowed to listen on ${host}:${port} (ports below 1024 need privileges).`, {
            cause: error,
          }),
        );
      } else {
        reject(new StartupError(`Can't listen on ${host}:${port}: ${error.message}`, { cause: error }));
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: ReturnType<typeof createAdaptorServer>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections would hold the port (and the process) open.
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

/** `::1` → `[::1]` for URLs; `0.0.0.0`/`::` (every interface) → a loopback address one can open. */
function formatHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function printBanner(url: string, config: ProxyConfig, database: Database, log: Logger): void {
  const lines = [
    `CRM sidebar sync proxy listening on ${url}`,
    `  CRM:       ${config.crm.label}${
      config.crm.sandbox
        ? ` sandbox (no ${config.crm.label} credentials set; demo records; served at ${url}/sandbox/${config.crm.provider})`
        : ` (from ${config.crm.variables.join(', ')})`
    }`,
    `  Database:  ${database.description}`,
    `  Auth:      send "Authorization: Bearer ${config.apiKeyIsDefault ? config.apiKey : '<PROXY_API_KEY>'}"`,
    `  Try:       curl -H "Authorization: Bearer ${config.apiKeyIsDefault ? config.apiKey : '<PROXY_API_KEY>'}" ${url}/v1/health`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (config.apiKeyIsDefault) {
    log.warn(
      `PROXY_API_KEY is not set, so the sandbox key "${config.apiKey}" is accepted. Set PROXY_API_KEY before connecting a real CRM.`,
    );
  }
}
