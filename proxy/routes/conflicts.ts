/**
 * Conflicts:
 * - `GET /v1/conflicts?record=<CRM record id>` → ConflictList (pending, oldest first);
 * - `POST /v1/conflicts/{id}/resolve` {choice: "chat"|"crm", actor?} → ResolveResult (compare-and-set);
 * - `POST /v1/conflicts/discard` {ids, actor?} → DiscardResult (Discard all: only the listed ids).
 * Both POSTs accept an `Idempotency-Key`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  ConflictList,
  ConflictsQuery,
  DiscardRequest,
  DiscardResult,
  ResolveRequest,
  ResolveResult,
} from '../../lib/contracts/index.ts';
import { type AppEnv, idempotent, type RouteDeps, readJson, readParam, readQuery } from './context.ts';

const ConflictId = z.string().uuid('must be a conflict id (a UUID)');

export function conflictRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>()
    .get('/conflicts', async (c) => {
      const query = readQuery(c, ConflictsQuery);
      return c.json(ConflictList.parse({ conflicts: await deps.services.listConflicts(query.record) }));
    })
    .post('/conflicts/discard', idempotent(deps), async (c) => {
      const body = await readJson(c, DiscardRequest);
      return c.json(DiscardResult.parse(await deps.services.discard(body, c.get('apiKey'))));
    })
    .post('/conflicts/:id/resolve', idempotent(deps), async (c) => {
      const id = readParam(c, 'id', ConflictId);
      const body = await readJson(c, ResolveRequest);
      return c.json(ResolveResult.parse(await deps.services.resolve(id, body.choice, body.actor, c.get('apiKey'))));
    });
}
