/**
 * `POST /v1/sync` {customer, actor?} → SyncResult. Send an `Idempotency-Key` header: a retry with
 * the same key and body replays the first response instead of syncing (and creating) twice.
 */
import { Hono } from 'hono';
import { SyncRequest, SyncResult } from '../../lib/contracts/index.ts';
import { type AppEnv, idempotent, type RouteDeps, readJson } from './context.ts';

export function syncRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>().post('/sync', idempotent(deps), async (c) => {
    const body = await readJson(c, SyncRequest);
    return c.json(SyncResult.parse(await deps.services.sync(body, c.get('apiKey'))));
  });
}
