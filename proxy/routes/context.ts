/**
 * Shared pieces of the route modules: the Hono environment type, body and query parsing that
 * answers the error envelope, and the idempotency middleware.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { IDEMPOTENCY_HEADER, IdempotencyKey } from '../../lib/contracts/index.ts';
import type { AuthVariables } from '../auth.ts';
import { ApiError, validationError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { requestHash } from '../services/idempotency.ts';
import type { Services } from '../services/index.ts';

/** Variables every request carries: its id (also the `X-Request-Id` header) and, under /v1, the API key. */
export interface AppEnv {
  Variables: AuthVariables & { requestId: string };
}

/** What the route modules get from `createApp`. */
export interface RouteDeps {
  services: Services;
  log: Logger;
}

/**
 * Reads a JSON body and validates it with `schema`.
 * @throws ApiError `bad_request` (not JSON, wrong or missing Content-Type, empty body) or
 *   `validation_failed` with `details.issues`.
 */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i.test(type.trim())) {
    throw new ApiError(
      'bad_request',
      type
        ? `Send the body as JSON with "Content-Type: application/json" (got "${type}").`
        : 'Send the body as JSON with "Content-Type: application/json".',
    );
  }
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError('bad_request', 'The request body is empty; expected a JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError('bad_request', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError('request body', parsed.error);
  return parsed.data;
}

/** Validates the query string with `schema`. @throws ApiError `validation_failed`. */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationError('query', parsed.error);
  return parsed.data;
}

/** Validates a path parameter with `schema`. @throws ApiError `validation_failed` naming the parameter. */
export function readParam<T extends z.ZodType>(c: Context, name: string, schema: T): z.output<T> {
  const parsed = schema.safeParse(c.req.param(name));
  if (!parsed.success) {
    throw new ApiError(
      'validation_failed',
      `Invalid ${name} in the URL: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      {
        details: { issues: parsed.error.issues.map((issue) => ({ path: name, message: issue.message })) },
      },
    );
  }
  return parsed.data;
}

/**
 * Makes a POST safe to retry: with an `Idempotency-Key` header, the first request runs and its 2xx
 * response is stored; a retry with the same key and the same body gets that response again (header
 * `Idempotency-Replayed: true`) without running; the same key with another body, or while the first
 * is still running, is answered 409 `idempotency_conflict`. Without the header the request just runs.
 */
export function idempotent(deps: RouteDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header(IDEMPOTENCY_HEADER);
    if (header === undefined) return next();
    const parsedKey = IdempotencyKey.safeParse(header);
    if (!parsedKey.success) {
      throw new ApiError('validation_failed', parsedKey.error.issues[0]?.message ?? 'Invalid Idempotency-Key', {
        details: { issues: [{ path: IDEMPOTENCY_HEADER, message: parsedKey.error.issues[0]?.message ?? 'invalid' }] },
      });
    }
    const key = parsedKey.data;
    const apiKeyId = c.get('apiKey').id;
    const hash = requestHash(c.req.method, c.req.path, await c.req.text());
    const store = deps.services.idempotency;

    const claim = await store.claim(apiKeyId, key, hash);
    switch (claim.kind) {
      case 'replay':
        c.header('Idempotency-Replayed', 'true');
        return c.json(claim.body as object, claim.status as ContentfulStatusCode);
      case 'mismatch':
        throw new ApiError(
          'idempotency_conflict',
          'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
          { details: { reason: 'mismatch' } },
        );
      case 'in_flight':
        throw new ApiError(
          'idempotency_conflict',
          'A request with this Idempotency-Key is still being processed. Retry in a moment.',
          { details: { reason: 'in_flight' }, headers: { 'Retry-After': '1' } },
        );
      case 'claimed':
        break;
    }

    let completed = false;
    try {
      await next();
      if (c.res.status >= 200 && c.res.status < 300) {
        const body: unknown = await c.res.clone().json();
        await store.complete(apiKeyId, key, c.res.status, body);
        completed = true;
      }
    } finally {
      if (!completed) {
        await store
          .release(apiKeyId, key)
          .catch((error: unknown) => deps.log.error('could not release an idempotency key', { error }));
      }
    }
  };
}
