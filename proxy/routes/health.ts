/** `GET /v1/health`: the proxy is up, which CRM it talks to (sandbox or real), which database. Needs the API key. */
import { Hono } from 'hono';
import { CRM_LABELS, Health } from '../../lib/contracts/index.ts';
import type { AppEnv, RouteDeps } from './context.ts';

export interface HealthDeps extends RouteDeps {
  version: string;
  sandbox: boolean;
  database: Health['database'];
}

export function healthRoutes(deps: HealthDeps) {
  return new Hono<AppEnv>().get('/health', (c) => {
    const provider = deps.services.context.provider;
    return c.json(
      Health.parse({
        status: 'ok',
        version: deps.version,
        crm: { provider: provider.id, label: CRM_LABELS[provider.id], sandbox: deps.sandbox },
        database: deps.database,
      }),
    );
  });
}
