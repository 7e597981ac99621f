/**
 * The Zoho CRM module: its environment variables (sandbox when unset, CrmConfigError naming the
 * variable for a bad value) and the providers it builds.
 */
import { describe, expect, it } from 'vitest';
import { CrmConfigError } from '../../../proxy/crm/module.ts';
import { zohoModule } from '../../../proxy/crm/zoho/module.ts';
import type { FetchLike } from '../../../proxy/crm/types.ts';

/** The CrmConfigError `configFromEnv(env)` throws. */
function configError(env: Record<string, string>): CrmConfigError {
  try {
    zohoModule.configFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(CrmConfigError);
    return error as CrmConfigError;
  }
  throw new Error('expected a CrmConfigError');
}

describe('Zoho CRM module: configuration', () => {
  it('runs the sandbox when no credentials are set (blank counts as unset)', () => {
    expect(zohoModule.configFromEnv({})).toBeNull();
    expect(zohoModule.configFromEnv({ ZOHO_ACCESS_TOKEN: '  ', ZOHO_API_DOMAIN: '' })).toBeNull();
  });

  it('reads a token with the US data centre by default, or the one ZOHO_API_DOMAIN names', () => {
    expect(zohoModule.configFromEnv({ ZOHO_ACCESS_TOKEN: '1000.abc.def' })).toEqual({
      accessToken: '1000.abc.def',
      apiDomain: 'https://www.zohoapis.com',
      appUrl: null,
    });
    expect(
      zohoModule.configFromEnv({
        ZOHO_ACCESS_TOKEN: '1000.abc.def',
        ZOHO_API_DOMAIN: 'https://www.zohoapis.eu/',
        ZOHO_APP_URL: 'https://crm.zoho.eu/crm/org20001234/',
      }),
    ).toEqual({
      accessToken: '1000.abc.def',
      apiDomain: 'https://www.zohoapis.eu',
      appUrl: 'https://crm.zoho.eu/crm/org20001234',
    });
  });

  it.each([
    [{ ZOHO_ACCESS_TOKEN: 't', ZOHO_API_DOMAIN: 'www.zohoapis.eu' }, 'ZOHO_API_DOMAIN', /must be an https:\/\/ URL/],
    [{ ZOHO_ACCESS_TOKEN: 't', ZOHO_API_DOMAIN: 'http://www.zohoapis.eu' }, 'ZOHO_API_DOMAIN', /https/],
    [
      { ZOHO_ACCESS_TOKEN: 't', ZOHO_API_DOMAIN: 'https://crm.zoho.eu' },
      'ZOHO_API_DOMAIN',
      /https:\/\/www\.zohoapis\.eu/,
    ],
    [
      { ZOHO_ACCESS_TOKEN: 't', ZOHO_API_DOMAIN: 'https://accounts.zoho.com' },
      'ZOHO_API_DOMAIN',
      /web or accounts domain/,
    ],
    [
      { ZOHO_ACCESS_TOKEN: 't', ZOHO_API_DOMAIN: 'https://www.zohoapis.com/crm/v8' },
      'ZOHO_API_DOMAIN',
      /without a path/,
    ],
    [{ ZOHO_ACCESS_TOKEN: 't', ZOHO_API_DOMAIN: 'https://example.com' }, 'ZOHO_API_DOMAIN', /Zoho API domain/],
    [{ ZOHO_API_DOMAIN: 'https://www.zohoapis.eu' }, 'ZOHO_ACCESS_TOKEN', /is required when ZOHO_API_DOMAIN is set/],
    [{ ZOHO_ACCESS_TOKEN: 'Zoho-oauthtoken 1000.abc' }, 'ZOHO_ACCESS_TOKEN', /without "Zoho-oauthtoken"/],
    [{ ZOHO_ACCESS_TOKEN: 't', ZOHO_APP_URL: 'crm.zoho.eu' }, 'ZOHO_APP_URL', /https/],
  ])('refuses %j naming %s', (env, variable, message) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${variable} `)).toBe(true);
  });

  it('accepts a local gateway over http for development', () => {
    expect(
      zohoModule.configFromEnv({ ZOHO_ACCESS_TOKEN: 't', ZOHO_API_DOMAIN: 'http://127.0.0.1:9000' }),
    ).toMatchObject({
      apiDomain: 'http://127.0.0.1:9000',
    });
  });

  it('builds a provider that calls the configured data centre with the Zoho-oauthtoken header', async () => {
    const seen: Request[] = [];
    const fetch: FetchLike = async (request) => {
      seen.push(request);
      return new Response(null, { status: 204 });
    };
    const config = zohoModule.configFromEnv({
      ZOHO_ACCESS_TOKEN: '1000.abc.def',
      ZOHO_API_DOMAIN: 'https://www.zohoapis.com.au',
    })!;
    const provider = zohoModule.create(config, { fetch });
    expect(provider).toMatchObject({
      id: 'zoho',
      label: 'Zoho CRM',
      createsObjectType: 'contact',
      reportsExistingLeads: false,
    });
    await expect(provider.findByEmail('a@example.com', ['Email'])).resolves.toEqual([]);
    expect(seen[0]?.url).toMatch(
      /^https:\/\/www\.zohoapis\.com\.au\/crm\/v8\/Contacts\/search\?email=a%40example\.com&/,
    );
    expect(seen[0]?.headers.get('authorization')).toBe('Zoho-oauthtoken 1000.abc.def');
    expect(provider.recordUrl({ id: '9', objectType: 'contact' })).toBe('https://crm.zoho.com.au/crm/tab/Contacts/9');
  });

  it('lists its variables and refuses a sandbox it did not make', () => {
    expect(Object.keys(zohoModule.envVars)).toEqual(['ZOHO_ACCESS_TOKEN', 'ZOHO_API_DOMAIN', 'ZOHO_APP_URL']);
    expect(() => zohoModule.sandboxProvider({ provider: 'hubspot' } as never, { publicUrl: 'http://x' })).toThrow(
      TypeError,
    );
  });

  it('maps the default fields: company read from the Account, location written to Mailing_City', () => {
    const provider = zohoModule.create({ accessToken: 't', apiDomain: 'https://www.zohoapis.com', appUrl: null });
    expect(provider.defaultMapping()).toEqual([
      { field: 'email', crmFields: ['Email'] },
      { field: 'name', crmFields: ['First_Name', 'Last_Name'] },
      { field: 'phone', crmFields: ['Phone'] },
      { field: 'company', crmFields: ['Account_Name'], direction: 'from_crm' },
      { field: 'jobTitle', crmFields: ['Title'] },
      { field: 'location', crmFields: ['Mailing_City'], direction: 'to_crm' },
      { field: 'notes', crmFields: ['Description'] },
    ]);
  });
});
