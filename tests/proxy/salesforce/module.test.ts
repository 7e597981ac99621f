/**
 * The Salesforce CrmModule: configuration from the environment (and its errors, naming the
 * variable), the provider it builds, and its sandbox wiring.
 */
import { describe, expect, it } from 'vitest';
import { CrmConfigError, type Env } from '../../../proxy/crm/module.ts';
import { salesforceConfigFromEnv, salesforceModule } from '../../../proxy/crm/salesforce/module.ts';
import { createSalesforceSandbox, SEED_CONTACTS } from '../../../proxy/sandbox/salesforce/index.ts';
import { CONTACT_FIELDS, tickingClock } from './support.ts';

const INSTANCE = 'https://acme.my.salesforce.com';
const REFRESH = {
  SALESFORCE_CLIENT_ID: 'consumer-key',
  SALESFORCE_CLIENT_SECRET: 'consumer-secret',
  SALESFORCE_REFRESH_TOKEN: 'refresh-token',
};

/** Expects configFromEnv(env) to throw a CrmConfigError for `variable`; returns its message. */
function configError(env: Env, variable: string): string {
  try {
    salesforceConfigFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(CrmConfigError);
    expect((error as CrmConfigError).variable).toBe(variable);
    return (error as CrmConfigError).message;
  }
  throw new Error(`expected a CrmConfigError for ${variable}`);
}

describe('Salesforce configuration from the environment', () => {
  it('is null (run the sandbox) when no credential is set', () => {
    expect(salesforceConfigFromEnv({})).toBeNull();
    expect(
      salesforceConfigFromEnv({
        SALESFORCE_OBJECT: 'Lead',
        SALESFORCE_API_VERSION: '60.0',
        SALESFORCE_ACCESS_TOKEN: '  ',
      }),
    ).toBeNull();
  });

  it('reads an access token with the defaults', () => {
    expect(
      salesforceConfigFromEnv({ SALESFORCE_INSTANCE_URL: `${INSTANCE}/`, SALESFORCE_ACCESS_TOKEN: '00D!token' }),
    ).toEqual({
      instanceUrl: INSTANCE,
      apiVersion: '62.0',
      object: 'Contact',
      accessToken: '00D!token',
    });
  });

  it('reads the refresh token flow credentials, the login URL, the version and the object', () => {
    expect(
      salesforceConfigFromEnv({
        SALESFORCE_INSTANCE_URL: INSTANCE,
        SALESFORCE_API_VERSION: 'v59.0',
        SALESFORCE_OBJECT: 'lead',
        SALESFORCE_LOGIN_URL: 'https://test.salesforce.com/',
        ...REFRESH,
      }),
    ).toEqual({
      instanceUrl: INSTANCE,
      apiVersion: '59.0',
      object: 'Lead',
      refresh: {
        loginUrl: 'https://test.salesforce.com',
        clientId: 'consumer-key',
        clientSecret: 'consumer-secret',
        refreshToken: 'refresh-token',
      },
    });
    expect(salesforceConfigFromEnv({ SALESFORCE_INSTANCE_URL: INSTANCE, ...REFRESH })?.refresh?.loginUrl).toBe(
      'https://login.salesforce.com',
    );
    expect(
      salesforceConfigFromEnv({
        SALESFORCE_INSTANCE_URL: INSTANCE,
        SALESFORCE_API_VERSION: '61',
        SALESFORCE_ACCESS_TOKEN: 't',
      })?.apiVersion,
    ).toBe('61.0');
    expect(
      salesforceConfigFromEnv({ SALESFORCE_INSTANCE_URL: 'http://localhost:8787/sf', SALESFORCE_ACCESS_TOKEN: 't' })
        ?.instanceUrl,
    ).toBe('http://localhost:8787/sf');
  });

  it('names the variable that is wrong', () => {
    expect(
      configError(
        { SALESFORCE_INSTANCE_URL: 'acme.my.salesforce.com', SALESFORCE_ACCESS_TOKEN: 't' },
        'SALESFORCE_INSTANCE_URL',
      ),
    ).toBe('SALESFORCE_INSTANCE_URL must be an https:// URL (got "acme.my.salesforce.com")');
    configError(
      { SALESFORCE_INSTANCE_URL: 'http://acme.my.salesforce.com', SALESFORCE_ACCESS_TOKEN: 't' },
      'SALESFORCE_INSTANCE_URL',
    );
    configError(
      { SALESFORCE_INSTANCE_URL: `${INSTANCE}?x=1`, SALESFORCE_ACCESS_TOKEN: 't' },
      'SALESFORCE_INSTANCE_URL',
    );
    expect(configError({ SALESFORCE_API_VERSION: '41.0' }, 'SALESFORCE_API_VERSION')).toContain('42.0 or later');
    configError({ SALESFORCE_API_VERSION: 'latest' }, 'SALESFORCE_API_VERSION');
    expect(configError({ SALESFORCE_OBJECT: 'Account' }, 'SALESFORCE_OBJECT')).toBe(
      'SALESFORCE_OBJECT must be Contact or Lead (got "Account")',
    );
    configError(
      { SALESFORCE_LOGIN_URL: 'ftp://login', ...REFRESH, SALESFORCE_INSTANCE_URL: INSTANCE },
      'SALESFORCE_LOGIN_URL',
    );
    configError({ SALESFORCE_ACCESS_TOKEN: 'has space', SALESFORCE_INSTANCE_URL: INSTANCE }, 'SALESFORCE_ACCESS_TOKEN');
  });

  it('refuses refresh credentials given in part, naming the missing one', () => {
    expect(
      configError(
        { SALESFORCE_INSTANCE_URL: INSTANCE, SALESFORCE_CLIENT_ID: 'id', SALESFORCE_REFRESH_TOKEN: 'r' },
        'SALESFORCE_CLIENT_SECRET',
      ),
    ).toContain('only SALESFORCE_CLIENT_ID, SALESFORCE_REFRESH_TOKEN set');
    configError(
      { SALESFORCE_INSTANCE_URL: INSTANCE, SALESFORCE_ACCESS_TOKEN: 't', SALESFORCE_CLIENT_SECRET: 's' },
      'SALESFORCE_CLIENT_ID',
    );
  });

  it('needs the instance URL with credentials, and credentials with the instance URL', () => {
    configError({ SALESFORCE_ACCESS_TOKEN: 't' }, 'SALESFORCE_INSTANCE_URL');
    configError(REFRESH, 'SALESFORCE_INSTANCE_URL');
    configError({ SALESFORCE_INSTANCE_URL: INSTANCE }, 'SALESFORCE_ACCESS_TOKEN');
  });

  it('documents every variable it reads', () => {
    expect(Object.keys(salesforceModule.envVars).sort()).toEqual([
      'SALESFORCE_ACCESS_TOKEN',
      'SALESFORCE_API_VERSION',
      'SALESFORCE_CLIENT_ID',
      'SALESFORCE_CLIENT_SECRET',
      'SALESFORCE_INSTANCE_URL',
      'SALESFORCE_LOGIN_URL',
      'SALESFORCE_OBJECT',
      'SALESFORCE_REFRESH_TOKEN',
    ]);
    expect(salesforceModule).toMatchObject({ id: 'salesforce', label: 'Salesforce' });
  });
});

describe('Salesforce module: providers', () => {
  it('builds a provider from a configuration, sending through the given fetch', async () => {
    const sandbox = createSalesforceSandbox({ clock: tickingClock() });
    const config = salesforceConfigFromEnv({
      SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com',
      SALESFORCE_ACCESS_TOKEN: sandbox.credentials.accessToken,
      SALESFORCE_API_VERSION: '60.0',
    })!;
    const provider = salesforceModule.create(config, { fetch: sandbox.fetch });
    const [jonas] = await provider.findByEmail('jonas.berg@example.com', CONTACT_FIELDS);
    expect(jonas?.id).toBe(SEED_CONTACTS.jonas);
    expect(sandbox.requests.map((r) => r.path)).toEqual([
      '/services/data/v60.0/sobjects/Contact/describe',
      '/services/data/v60.0/query',
    ]);
    expect(provider.recordUrl(jonas!)).toBe(
      `https://acme.my.salesforce.com/lightning/r/Contact/${SEED_CONTACTS.jonas}/view`,
    );
  });

  it('wires a sandbox provider that renews an expired token transparently and links into the sandbox', async () => {
    const sandbox = salesforceModule.createSandbox({ rateLimit: false });
    expect(sandbox.provider).toBe('salesforce');
    const provider = salesforceModule.sandboxProvider(sandbox, { publicUrl: 'http://127.0.0.1:8787/' });
    expect(provider.createsObjectType).toBe('contact');
    const [priya] = await provider.findByEmail('priya.patel@example.com', CONTACT_FIELDS);
    sandbox.testing.expireTokens();
    const updated = await provider.update(priya!.id, { Title: 'Head of Operations' }, CONTACT_FIELDS);
    expect(updated.values.Title).toBe('Head of Operations');
    expect(sandbox.requests.filter((r) => r.path === '/services/oauth2/token').map((r) => r.status)).toEqual([200]);
    expect(provider.recordUrl(updated)).toBe(
      `http://127.0.0.1:8787/sandbox/salesforce/lightning/r/Contact/${priya!.id}/view`,
    );
    const page = await sandbox.fetch(new Request(provider.recordUrl(updated)!));
    expect(await page.text()).toContain('Head of Operations');
  });

  it('works leads on a Lead sandbox', async () => {
    const sandbox = createSalesforceSandbox({ primaryObject: 'Lead' });
    const provider = salesforceModule.sandboxProvider(sandbox, { publicUrl: 'http://proxy.test' });
    expect(provider.createsObjectType).toBe('lead');
    expect(provider.defaultMapping().find((m) => m.field === 'company')?.crmFields).toEqual(['Company']);
  });
});
