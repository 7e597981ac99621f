/** `POST /v1/lookup` {customer} → LookupResult: who is this customer in the CRM? Never writes to the CRM. */
import { Hono } from 'hono';
import { LookupRequest, LookupResult } from '../../lib/contracts/index.ts';
import { type AppEnv, type RouteDeps, readJson } from './context.ts';

export function lookupRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>().post('/lookup', async (c) => {
    const body = await readJson(c, LookupRequest);
    return c.json(LookupResult.parse(await deps.services.lookup(body.customer)));
  });
}
