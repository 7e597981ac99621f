/**
 * proxy/server.ts `startProxy`: a real HTTP server (port 0) over a PGlite loaded from the template,
 * the sandbox mounted, start-up errors, and a clean close.
 */
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Health, SyncResult } from '../../lib/contracts/index.ts';
import { CRM_MODULES, unsetCrmEnv } from '../../proxy/crm/index.ts';
import { ConfigError } from '../../proxy/env.ts';
import { createLogger } from '../../proxy/log.ts';
import { StartupError, startProxy } from '../../proxy/server.ts';
import { customer } from './support/customers.ts';
import { loadTemplate } from './support/db.ts';
import { EXTENSION_ORIGIN } from './support/harness.ts';

const CLEAN_ENV = {
  HOST: undefined,
  PORT: undefined,
  DATA_DIR: undefined,
  DATABASE_URL: undefined,
  PROXY_API_KEY: undefined,
  ...unsetCrmEnv(),
  SANDBOX_RATE_LIMIT: undefined,
  PUBLIC_URL: undefined,
  LOG_LEVEL: undefined,
  DEFAULT_REGION: undefined,
};

let pglite: PGlite;
beforeAll(async () => {
  pglite = await PGlite.create({ loadDataDir: await loadTemplate() });
});
afterAll(async () => {
  await pglite?.close();
});

describe('startProxy', () => {
  it('serves the API over HTTP with the sandbox, and closes cleanly', async () => {
    const lines: string[] = [];
    const proxy = await startProxy({
      port: 0,
      quiet: true,
      database: { pglite },
      env: { ...CLEAN_ENV, LOG_LEVEL: 'warn' },
      log: createLogger({ level: 'warn', write: (line) => lines.push(line) }),
    });
    try {
      expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(proxy.sandbox?.hubspot?.portalId).toBe(24681357);
      expect(proxy.config.apiKey).toBe('sandbox-api-key');

      const denied = await fetch(`${proxy.url}/v1/health`);
      expect(denied.status).toBe(401);

      const headers = { Authorization: 'Bearer sandbox-api-key', Origin: EXTENSION_ORIGIN };
      const health = await fetch(`${proxy.url}/v1/health`, { headers });
      expect(health.status).toBe(200);
      expect(health.headers.get('Access-Control-Allow-Origin')).toBe(EXTENSION_ORIGIN);
      expect(Health.parse(await health.json())).toMatchObject({ crm: { sandbox: true }, database: 'pglite' });

      const synced = await fetch(`${proxy.url}/v1/sync`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer: customer(1002) }),
      });
      const result = SyncResult.parse(await synced.json());
      expect(result.outcome).toBe('updated');
      // "Open in HubSpot" points at the sandbox page this very proxy serves.
      expect(result.record?.url).toBe(`${proxy.url}/sandbox/hubspot/app/contacts/24681357/record/0-1/101`);
      const page = await fetch(result.record!.url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Northwind Traders');
    } finally {
      await proxy.close();
    }
    await expect(fetch(`${proxy.url}/v1/health`)).rejects.toThrow();
    // The caller's PGlite stays open.
    expect(pglite.closed).toBe(false);
    expect(lines).toEqual([]);
  });

  it('uses PUBLIC_URL for the sandbox record links', async () => {
    const proxy = await startProxy({
      port: 0,
      quiet: true,
      database: { pglite },
      env: { ...CLEAN_ENV, PUBLIC_URL: 'https://sync.example.com', PROXY_API_KEY: 'public-url-test-key' },
    });
    try {
      const response = await fetch(`${proxy.url}/v1/lookup`, {
        method: 'POST',
        headers: { Authorization: 'Bearer public-url-test-key', 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer: customer(1003) }),
      });
      const body = await response.json();
      expect(body.record.url).toBe('https://sync.example.com/sandbox/hubspot/app/contacts/24681357/record/0-1/102');
    } finally {
      await proxy.close();
    }
  });

  it('says which port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const attempt = startProxy({ port, quiet: true, database: { pglite }, env: CLEAN_ENV });
      await expect(attempt).rejects.toThrow(StartupError);
      await expect(attempt).rejects.toThrow(`PORT ${port} is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses to start with a real CRM and no API key', async () => {
    const attempt = startProxy({
      port: 0,
      quiet: true,
      database: { pglite },
      env: { ...CLEAN_ENV, HUBSPOT_ACCESS_TOKEN: 'pat-na1-123' },
    });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/PROXY_API_KEY is required/);
  });

  it.each(CRM_MODULES.map((module) => [module.label, module] as const))(
    'runs the %s sandbox at /sandbox/<id> when CRM_PROVIDER names it without credentials',
    async (_label, module) => {
      const proxy = await startProxy({
        port: 0,
        quiet: true,
        database: { pglite },
        env: { ...CLEAN_ENV, CRM_PROVIDER: module.id },
      });
      try {
        expect(proxy.sandbox?.provider).toBe(module.id);
        expect(proxy.sandbox?.crm.provider).toBe(module.id);
        expect(proxy.provider.id).toBe(module.id);
        const headers = { Authorization: 'Bearer sandbox-api-key', 'Content-Type': 'application/json' };
        const health = Health.parse(await (await fetch(`${proxy.url}/v1/health`, { headers })).json());
        expect(health.crm).toEqual({ provider: module.id, label: module.label, sandbox: true });

        const synced = await fetch(`${proxy.url}/v1/sync`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ customer: customer(1001) }),
        });
        const result = SyncResult.parse(await synced.json());
        expect(result.outcome).toBe('created');
        expect(result.provider).toBe(module.id);
        // "Open in <CRM>" points at the sandbox's record page, served by this very proxy.
        expect(result.record?.url).toMatch(new RegExp(`^${proxy.url}/sandbox/${module.id}/`));
        const page = await fetch(result.record!.url!);
        expect(page.status).toBe(200);
        expect(page.headers.get('Content-Type')).toMatch(/^text\/html/);
        expect(await page.text()).toContain('Watson');
      } finally {
        await proxy.close();
      }
    },
  );

  it('can start again on the same port right after closing', async () => {
    const first = await startProxy({ port: 0, quiet: true, database: { pglite }, env: CLEAN_ENV });
    const port = Number(new URL(first.url).port);
    // A keep-alive connection must not keep the port.
    await fetch(`${first.url}/v1/health`, { headers: { Authorization: 'Bearer sandbox-api-key' } });
    await first.close();
    const second = await startProxy({ port, quiet: true, database: { pglite }, env: CLEAN_ENV });
    try {
      expect(second.url).toBe(first.url);
    } finally {
      await second.close();
    }
  });
});
