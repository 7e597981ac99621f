/**
 * The sync proxy's HTTP app (Hono), built from its dependencies so tests run it in-process with
 * `app.request(...)` against a PGlite database and the CRM sandbox.
 *
 * - `/v1/*`: CORS for browser-extension origins only, a body size limit, `Authorization: Bearer`
 *   API keys, then one route module per resource (proxy/routes/<resource>.ts).
 * - `/sandbox/<provider>/*`: the CRM's emulator (proxy/sandbox/<provider>), mounted in sandbox mode only.
 * - Every failure answers the envelope `{error: {code, message, details?}}` (lib/contracts/errors.ts).
 *
 * Hono: https://hono.dev/docs/api/routing (app.route), https://hono.dev/docs/middleware/builtin/cors,
 * https://hono.dev/docs/middleware/builtin/body-limit, https://hono.dev/docs/api/exception-handling
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { FieldMappingInput, Health } from '../lib/contracts/index.ts';
import { IDEMPOTENCY_HEADER } from '../lib/contracts/index.ts';
import { createKeyVerifier, type KeyVerifier, requireApiKey } from './auth.ts';
import type { CrmProvider } from './crm/types.ts';
import type { Db } from './db/index.ts';
import { ApiError, errorResponse, toApiError } from './errors.ts';
import { type Logger, silentLogger } from './log.ts';
import { conflictRoutes } from './routes/conflicts.ts';
import type { AppEnv, RouteDeps } from './routes/context.ts';
import { healthRoutes } from './routes/health.ts';
import { historyRoutes } from './routes/history.ts';
import { lookupRoutes } from './routes/lookup.ts';
import { syncRoutes } from './routes/sync.ts';
import { createServices, type Services } from './services/index.ts';

export type { AppEnv } from './routes/context.ts';

/** The proxy's version (package.json), reported by /v1/health. */
export const PROXY_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/** Largest request body accepted, in bytes (a sync body with 10,000-character notes is ~12 kB). */
export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;

/** Browser-extension origins: Chrome/Edge, Firefox, Safari. Anything else gets no CORS headers. */
const EXTENSION_ORIGIN = /^(?:chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9._-]+$/;

/** True for an origin the proxy answers CORS for. */
export function isExtensionOrigin(origin: string): boolean {
  return EXTENSION_ORIGIN.test(origin);
}

export interface AppDeps {
  db: Db;
  /** What kind of database `db` is, reported by /v1/health. */
  databaseKind: Health['database'];
  provider: CrmProvider;
  /** True when `provider` talks to the sandbox emulator, reported by /v1/health. */
  sandbox: boolean;
  /** The CRM emulator's app, mounted at `/sandbox/<provider.id>` (sandbox mode), or null/absent. */
  sandboxApp?: Hono | null;
  /** Field mapping; defaults to the provider's default mapping. */
  mapping?: readonly FieldMappingInput[];
  /** Region for phone numbers written without a country code (default US). */
  defaultRegion?: string;
  log?: Logger;
  now?: () => Date;
  version?: string;
  bodyLimitBytes?: number;
  fieldCacheTtlMs?: number;
  /** The API-key verifier; one is created over `db` when absent. */
  keys?: KeyVerifier;
}

export interface ProxyApp {
  app: Hono<AppEnv>;
  services: Services;
  keys: KeyVerifier;
}

/**
 * Builds the app.
 * @throws MappingError when `mapping` (or the provider's default) is invalid.
 */
export function createApp(deps: AppDeps): ProxyApp {
  const log = deps.log ?? silentLogger;
  const services = createServices({
    db: deps.db,
    provider: deps.provider,
    log,
    ...(deps.mapping ? { mapping: deps.mapping } : {}),
    ...(deps.defaultRegion ? { defaultRegion: deps.defaultRegion } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.fieldCacheTtlMs !== undefined ? { fieldCacheTtlMs: deps.fieldCacheTtlMs } : {}),
  });
  const keys = deps.keys ?? createKeyVerifier(deps.db);
  const routeDeps: RouteDeps = { services, log };
  const maxSize = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;

  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    log.info(`${c.req.method} ${c.req.path} ${c.res.status}`, {
      ms: Math.round(performance.now() - started),
      requestId,
    });
  });

  app.use(
    '/v1/*',
    cors({
      origin: (origin) => (isExtensionOrigin(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', IDEMPOTENCY_HEADER],
      exposeHeaders: ['Retry-After', 'Idempotency-Replayed', 'X-Request-Id'],
      maxAge: 600,
    }),
  );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize,
      onError: (c) =>
        errorResponse(
          c,
          new ApiError('payload_too_large', `The request body is larger than ${Math.round(maxSize / 1024)} kB.`, {
            details: { maxBytes: maxSize },
          }),
        ),
    }),
  );
  app.use('/v1/*', requireApiKey(keys));

  app.route(
    '/v1',
    healthRoutes({
      ...routeDeps,
      version: deps.version ?? PROXY_VERSION,
      sandbox: deps.sandbox,
      database: deps.databaseKind,
    }),
  );
  app.route('/v1', lookupRoutes(routeDeps));
  app.route('/v1', syncRoutes(routeDeps));
  app.route('/v1', conflictRoutes(routeDeps));
  app.route('/v1', historyRoutes(routeDeps));

  if (deps.sandboxApp) app.route(`/sandbox/${deps.provider.id}`, deps.sandboxApp);

  app.get('/', (c) =>
    c.text(
      `CRM sidebar sync proxy ${deps.version ?? PROXY_VERSION} (${deps.provider.label}${deps.sandbox ? ' sandbox' : ''}).\n` +
        'API under /v1 with "Authorization: Bearer <API key>"; try GET /v1/health.\n',
    ),
  );

  app.notFound((c) => errorResponse(c, new ApiError('not_found', `No such endpoint: ${c.req.method} ${c.req.path}.`)));

  app.onError((error, c) => {
    const reference = c.get('requestId');
    const apiError = toApiError(error, reference);
    if (apiError.code === 'internal') {
      log.error(`${c.req.method} ${c.req.path} failed`, { requestId: reference, error });
    } else if (apiError.status >= 500) {
      log.warn(`${c.req.method} ${c.req.path}: ${apiError.message}`, { requestId: reference, code: apiError.code });
    }
    return errorResponse(c, apiError);
  });

  return { app, services, keys };
}
