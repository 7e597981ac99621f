/** `GET /v1/history?customer=<customerKey>&limit=` → HistoryList, newest first (limit 1–200, default 50). */
import { Hono } from 'hono';
import { HistoryList, HistoryQuery } from '../../lib/contracts/index.ts';
import { type AppEnv, type RouteDeps, readQuery } from './context.ts';

export function historyRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>().get('/history', async (c) => {
    const query = readQuery(c, HistoryQuery);
    return c.json(HistoryList.parse({ entries: await deps.services.history(query.customer, query.limit) }));
  });
}
