/** proxy/env.ts: defaults, sandbox mode, and start-up errors that name the variable. */
import { describe, expect, it } from 'vitest';
import { CRM_MODULES, SUPPORTED_CRM_PROVIDERS } from '../../proxy/crm/index.ts';
import { ConfigError, loadConfig, SANDBOX_API_KEY } from '../../proxy/env.ts';

const errorsOf = (env: Record<string, string | undefined>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('runs the HubSpot sandbox with defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8787,
      dataDir: './.data',
      databaseUrl: null,
      apiKey: SANDBOX_API_KEY,
      apiKeyIsDefault: true,
      crm: {
        provider: 'hubspot',
        label: 'HubSpot',
        sandbox: true,
        settings: null,
        variables: [],
      },
      defaultRegion: 'US',
      sandboxRateLimit: null,
      publicUrl: null,
      logLevel: 'info',
    });
    expect(SANDBOX_API_KEY).toBe('sandbox-api-key');
  });

  it('talks to a real HubSpot when a token and an API key are set', () => {
    const config = loadConfig({
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-123',
      PROXY_API_KEY: 'a-long-random-secret-1',
      HUBSPOT_BASE_URL: 'https://api.hubapi.com/',
      HUBSPOT_APP_URL: 'https://app-eu1.hubspot.com',
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://crm:secret@db:5432/crm_sidebar',
      DEFAULT_REGION: 'gb',
      SANDBOX_RATE_LIMIT: '50',
      PUBLIC_URL: 'https://sync.example.com/',
      LOG_LEVEL: 'WARN',
      CRM_PROVIDER: 'HubSpot',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      databaseUrl: 'postgres://crm:secret@db:5432/crm_sidebar',
      apiKey: 'a-long-random-secret-1',
      apiKeyIsDefault: false,
      crm: {
        provider: 'hubspot',
        sandbox: false,
        settings: {
          accessToken: 'pat-na1-123',
          baseUrl: 'https://api.hubapi.com',
          appUrl: 'https://app-eu1.hubspot.com',
        },
        variables: ['HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_BASE_URL', 'HUBSPOT_APP_URL'],
      },
      defaultRegion: 'GB',
      sandboxRateLimit: 50,
      publicUrl: 'https://sync.example.com',
      logLevel: 'warn',
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', HOST: ' ', HUBSPOT_ACCESS_TOKEN: '', LOG_LEVEL: '' })).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      crm: { sandbox: true },
      logLevel: 'info',
    });
  });

  it('names the variable and quotes the bad value', () => {
    expect(errorsOf({ PORT: 'abc' })).toEqual(['PORT must be a number between 0 and 65535 (got "abc")']);
    expect(errorsOf({ PORT: '65536' })).toEqual(['PORT must be a number between 0 and 65535 (got "65536")']);
    expect(errorsOf({ PORT: '80.5' })).toEqual(['PORT must be a number between 0 and 65535 (got "80.5")']);
    expect(errorsOf({ DEFAULT_REGION: 'XX' })).toEqual([
      'DEFAULT_REGION must be a two-letter region code such as US, GB or DE (got "XX")',
    ]);
    expect(errorsOf({ LOG_LEVEL: 'loud' })).toEqual([
      'LOG_LEVEL must be one of debug, info, warn, error, silent (got "loud")',
    ]);
    expect(errorsOf({ HUBSPOT_BASE_URL: 'api.hubapi.com' })).toEqual([
      'HUBSPOT_BASE_URL must be an http:// or https:// URL (got "api.hubapi.com")',
    ]);
    expect(errorsOf({ SANDBOX_RATE_LIMIT: '0' })).toEqual([
      'SANDBOX_RATE_LIMIT must be a number between 1 and 1000000 (got "0")',
    ]);
    expect(errorsOf({ CRM_PROVIDER: 'notacrm' })).toEqual([
      `CRM_PROVIDER "notacrm" is not a known CRM (supported: ${SUPPORTED_CRM_PROVIDERS.join(', ')})`,
    ]);
    const [database] = errorsOf({ DATABASE_URL: 'mysql://root@db/crm' });
    expect(database).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    // The password of a bad URL is not echoed.
    expect(errorsOf({ DATABASE_URL: 'mysql://root:hunter2@db/crm' }).join()).not.toContain('hunter2');
  });

  it('reports every bad variable at once, in one message', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'Invalid configuration:\n  - PORT must be a number between 0 and 65535 (got "x")\n  - LOG_LEVEL must be one of debug, info, warn, error, silent (got "y")',
    );
  });

  it.each(CRM_MODULES.map((module) => [module.id, module] as const))(
    "CRM_PROVIDER=%s without credentials runs that CRM's sandbox",
    (id, module) => {
      expect(loadConfig({ CRM_PROVIDER: ` ${id.toUpperCase()} ` }).crm).toEqual({
        provider: id,
        label: module.label,
        sandbox: true,
        settings: null,
        variables: [],
      });
    },
  );

  it('refuses credentials of a CRM that CRM_PROVIDER does not name', () => {
    expect(
      errorsOf({
        HUBSPOT_ACCESS_TOKEN: 'pat-na1-123',
        PROXY_API_KEY: 'a-long-random-secret-1',
        CRM_PROVIDER: 'pipedrive',
      }),
    ).toEqual([
      'CRM_PROVIDER must name the CRM whose credentials are set: HubSpot credentials are set (HUBSPOT_ACCESS_TOKEN) but CRM_PROVIDER is "pipedrive". Set CRM_PROVIDER=hubspot, or unset them.',
    ]);
    // Unset CRM_PROVIDER means HubSpot: another CRM's credentials are refused too.
    const [unset] = errorsOf({
      PIPEDRIVE_API_TOKEN: 'abc123',
      PIPEDRIVE_BASE_URL: 'https://acme.pipedrive.com',
      PROXY_API_KEY: 'a-long-random-secret-1',
    });
    expect(unset).toMatch(
      /^CRM_PROVIDER must name the CRM whose credentials are set: Pipedrive credentials are set \(PIPEDRIVE_API_TOKEN and PIPEDRIVE_BASE_URL\) but CRM_PROVIDER is unset \(so HubSpot\)\. Set CRM_PROVIDER=pipedrive/,
    );
    // Named, they are used.
    expect(
      loadConfig({
        PIPEDRIVE_API_TOKEN: 'abc123',
        PIPEDRIVE_BASE_URL: 'https://acme.pipedrive.com',
        PROXY_API_KEY: 'a-long-random-secret-1',
        CRM_PROVIDER: 'pipedrive',
      }).crm,
    ).toMatchObject({
      provider: 'pipedrive',
      sandbox: false,
      variables: ['PIPEDRIVE_API_TOKEN', 'PIPEDRIVE_BASE_URL'],
    });
  });

  it('lets every CRM module name its own bad variable', () => {
    expect(errorsOf({ HUBSPOT_APP_URL: 'app.hubspot.com' })).toEqual([
      'HUBSPOT_APP_URL must be an http:// or https:// URL (got "app.hubspot.com")',
    ]);
    expect(errorsOf({ HUBSPOT_ACCESS_TOKEN: 'pat na1', PROXY_API_KEY: 'a-long-random-secret-1' })).toEqual([
      'HUBSPOT_ACCESS_TOKEN must not contain spaces (paste only the token)',
    ]);
  });

  it('refuses a real CRM without PROXY_API_KEY, or with the public sandbox key', () => {
    const [missing] = errorsOf({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-123' });
    expect(missing).toMatch(/^PROXY_API_KEY is required when a real CRM is configured/);
    expect(errorsOf({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-123', PROXY_API_KEY: 'sandbox-api-key' })).toEqual([
      'PROXY_API_KEY must not be the public sandbox key "sandbox-api-key" when a real CRM is configured',
    ]);
    const [short] = errorsOf({ PROXY_API_KEY: 'short' });
    expect(short).toMatch(/^PROXY_API_KEY must be 8 to 200 visible ASCII characters/);
  });
});
