/**
 * The Dynamics 365 CRM module (proxy/crm/dynamics/module.ts): configuration from the environment,
 * the provider for a real organization, and the sandbox wiring the proxy uses without credentials.
 */
import { describe, expect, it } from 'vitest';
import { dynamicsModule } from '../../../proxy/crm/dynamics/module.ts';
import { CrmConfigError } from '../../../proxy/crm/module.ts';
import type { FetchLike } from '../../../proxy/crm/types.ts';
import { SEED_IDS } from '../../../proxy/sandbox/dynamics/index.ts';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.payload.signature';

/** The CrmConfigError `configFromEnv` throws for `env`. */
function configError(env: Record<string, string | undefined>): CrmConfigError {
  try {
    dynamicsModule.configFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(CrmConfigError);
    return error as CrmConfigError;
  }
  throw new Error('expected a CrmConfigError');
}

describe('dynamicsModule.configFromEnv', () => {
  it('is null without credentials (the proxy then runs the sandbox), blank values included', () => {
    expect(dynamicsModule.configFromEnv({})).toBeNull();
    expect(dynamicsModule.configFromEnv({ DYNAMICS_URL: '  ', DYNAMICS_ACCESS_TOKEN: '' })).toBeNull();
  });

  it('reads the organization URL and token', () => {
    expect(
      dynamicsModule.configFromEnv({ DYNAMICS_URL: 'https://contoso.crm.dynamics.com', DYNAMICS_ACCESS_TOKEN: TOKEN }),
    ).toEqual({
      orgUrl: 'https://contoso.crm.dynamics.com',
      accessToken: TOKEN,
    });
  });

  it('trims a pasted Web API or app URL to the organization URL, and a pasted "Bearer "', () => {
    const config = (url: string, token = TOKEN) =>
      dynamicsModule.configFromEnv({ DYNAMICS_URL: url, DYNAMICS_ACCESS_TOKEN: token });
    expect(config('https://contoso.crm4.dynamics.com/api/data/v9.2/')?.orgUrl).toBe(
      'https://contoso.crm4.dynamics.com',
    );
    expect(config('https://contoso.crm4.dynamics.com/main.aspx')?.orgUrl).toBe('https://contoso.crm4.dynamics.com');
    expect(config('https://contoso.crm4.dynamics.com///')?.orgUrl).toBe('https://contoso.crm4.dynamics.com');
    expect(config('https://contoso.crm4.dynamics.com', `Bearer ${TOKEN}`)?.accessToken).toBe(TOKEN);
    expect(config('http://127.0.0.1:8787/sandbox/dynamics')?.orgUrl).toBe('http://127.0.0.1:8787/sandbox/dynamics');
  });

  it('names the missing variable when only one is set', () => {
    expect(configError({ DYNAMICS_URL: 'https://contoso.crm.dynamics.com' })).toMatchObject({
      variable: 'DYNAMICS_ACCESS_TOKEN',
      message: 'DYNAMICS_ACCESS_TOKEN is required when DYNAMICS_URL is set',
    });
    expect(configError({ DYNAMICS_ACCESS_TOKEN: TOKEN })).toMatchObject({ variable: 'DYNAMICS_URL' });
  });

  it.each([
    ['contoso.crm.dynamics.com', /must be the organization URL/],
    ['http://contoso.crm.dynamics.com', /must be an https:\/\/ URL/],
    ['ftp://contoso.crm.dynamics.com', /must be an https:\/\/ URL/],
    ['https://contoso.crm.dynamics.com/?tenant=1', /must not have a query/],
  ])('refuses DYNAMICS_URL=%j', (url, message) => {
    const error = configError({ DYNAMICS_URL: url, DYNAMICS_ACCESS_TOKEN: TOKEN });
    expect(error.variable).toBe('DYNAMICS_URL');
    expect(error.message).toMatch(message);
  });

  it('refuses a token with spaces in it', () => {
    const error = configError({ DYNAMICS_URL: 'https://contoso.crm.dynamics.com', DYNAMICS_ACCESS_TOKEN: 'two words' });
    expect(error).toMatchObject({
      variable: 'DYNAMICS_ACCESS_TOKEN',
      message: expect.stringMatching(/without spaces/),
    });
  });

  it('documents both variables', () => {
    expect(Object.keys(dynamicsModule.envVars)).toEqual(['DYNAMICS_URL', 'DYNAMICS_ACCESS_TOKEN']);
    expect(dynamicsModule).toMatchObject({ id: 'dynamics', label: 'Dynamics 365' });
  });
});

describe('dynamicsModule providers', () => {
  it('builds a provider for the configured organization, with the token and the injected fetch', async () => {
    const sent: Request[] = [];
    const fetch: FetchLike = async (request) => {
      sent.push(request);
      return new Response(JSON.stringify({ value: [] }), { headers: { 'Content-Type': 'application/json' } });
    };
    const provider = dynamicsModule.create(
      { orgUrl: 'https://contoso.crm.dynamics.com', accessToken: TOKEN },
      { fetch },
    );

    expect(provider).toMatchObject({
      id: 'dynamics',
      label: 'Dynamics 365',
      createsObjectType: 'lead',
      reportsExistingLeads: true,
    });
    await provider.findByEmail('nobody@example.com', ['emailaddress1']);
    expect(sent[0]?.url).toMatch(/^https:\/\/contoso\.crm\.dynamics\.com\/api\/data\/v9\.2\//);
    expect(sent[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(provider.recordUrl({ id: SEED_IDS.jonas, objectType: 'contact' })).toBe(
      `https://contoso.crm.dynamics.com/main.aspx?etn=contact&id=${SEED_IDS.jonas}&pagetype=entityrecord`,
    );
  });

  it('wires a provider to its sandbox in-process, with record links under the proxy', async () => {
    const sandbox = dynamicsModule.createSandbox({ rateLimit: false });
    const provider = dynamicsModule.sandboxProvider(sandbox, { publicUrl: 'http://127.0.0.1:8787/' });

    expect(sandbox.provider).toBe('dynamics');
    const [jonas] = await provider.findByEmail('jonas.berg@example.com', ['firstname', 'companyname']);
    expect(jonas?.values).toMatchObject({ firstname: 'Jonas', companyname: 'Globex Corporation' });
    expect(provider.recordUrl(jonas!)).toBe(
      `http://127.0.0.1:8787/sandbox/dynamics/main.aspx?etn=contact&id=${SEED_IDS.jonas}&pagetype=entityrecord`,
    );
    expect(sandbox.requests.every((r) => r.path.startsWith('/api/data/v9.2/'))).toBe(true);
    expect(provider.defaultMapping().map((m) => m.field)).toEqual([
      'email',
      'name',
      'phone',
      'company',
      'jobTitle',
      'location',
      'notes',
    ]);
  });
});
