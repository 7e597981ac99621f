/**
 * The Pipedrive module: its environment variables (sandbox when unset, CrmConfigError naming the
 * variable for a bad value) and the providers it builds.
 */
import { describe, expect, it } from 'vitest';
import { CrmConfigError } from '../../../proxy/crm/module.ts';
import { pipedriveModule } from '../../../proxy/crm/pipedrive/module.ts';
import type { FetchLike } from '../../../proxy/crm/types.ts';
import type { PipedriveSandbox } from '../../../proxy/sandbox/pipedrive/index.ts';

/** The CrmConfigError `configFromEnv(env)` throws. */
function configError(env: Record<string, string>): CrmConfigError {
  try {
    pipedriveModule.configFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(CrmConfigError);
    return error as CrmConfigError;
  }
  throw new Error('expected a CrmConfigError');
}

describe('Pipedrive module: configuration', () => {
  it('runs the sandbox when no credentials are set (blank counts as unset)', () => {
    expect(pipedriveModule.configFromEnv({})).toBeNull();
    expect(pipedriveModule.configFromEnv({ PIPEDRIVE_API_TOKEN: ' ', PIPEDRIVE_BASE_URL: '' })).toBeNull();
  });

  it('reads the token and the company URL', () => {
    expect(
      pipedriveModule.configFromEnv({
        PIPEDRIVE_API_TOKEN: 'abc123',
        PIPEDRIVE_BASE_URL: 'https://acme.pipedrive.com/',
      }),
    ).toEqual({ apiToken: 'abc123', baseUrl: 'https://acme.pipedrive.com' });
  });

  it.each([
    [{ PIPEDRIVE_API_TOKEN: 'abc' }, 'PIPEDRIVE_BASE_URL', /is required with PIPEDRIVE_API_TOKEN/],
    [
      { PIPEDRIVE_BASE_URL: 'https://acme.pipedrive.com' },
      'PIPEDRIVE_API_TOKEN',
      /is required when PIPEDRIVE_BASE_URL is set/,
    ],
    [{ PIPEDRIVE_API_TOKEN: 'abc', PIPEDRIVE_BASE_URL: 'acme.pipedrive.com' }, 'PIPEDRIVE_BASE_URL', /https:\/\//],
    [
      { PIPEDRIVE_API_TOKEN: 'abc', PIPEDRIVE_BASE_URL: 'http://acme.pipedrive.com' },
      'PIPEDRIVE_BASE_URL',
      /https:\/\//,
    ],
    [
      { PIPEDRIVE_API_TOKEN: 'abc', PIPEDRIVE_BASE_URL: 'https://api.pipedrive.com' },
      'PIPEDRIVE_BASE_URL',
      /not api\.pipedrive\.com/,
    ],
    [
      { PIPEDRIVE_API_TOKEN: 'abc', PIPEDRIVE_BASE_URL: 'https://acme.pipedrive.com/api/v1' },
      'PIPEDRIVE_BASE_URL',
      /without a path/,
    ],
    [{ PIPEDRIVE_API_TOKEN: 'a b', PIPEDRIVE_BASE_URL: 'https://acme.pipedrive.com' }, 'PIPEDRIVE_API_TOKEN', /spaces/],
  ])('refuses %j naming %s', (env, variable, message) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });

  it('builds a provider that calls <company>/api/v2 with x-api-token and links to <company>/person/<id>', async () => {
    const seen: Request[] = [];
    const fetch: FetchLike = async (request) => {
      seen.push(request);
      return Response.json({ success: true, data: { items: [] }, additional_data: { next_cursor: null } });
    };
    const config = pipedriveModule.configFromEnv({
      PIPEDRIVE_API_TOKEN: 'abc123',
      PIPEDRIVE_BASE_URL: 'https://acme.pipedrive.com',
    })!;
    const provider = pipedriveModule.create(config, { fetch });
    expect(provider).toMatchObject({
      id: 'pipedrive',
      label: 'Pipedrive',
      createsObjectType: 'contact',
      reportsExistingLeads: false,
    });
    await expect(provider.findByEmail('a@example.com', ['email'])).resolves.toEqual([]);
    expect(seen[0]?.url).toBe(
      'https://acme.pipedrive.com/api/v2/persons/search?term=a%40example.com&fields=email&exact_match=true&limit=100',
    );
    expect(seen[0]?.headers.get('x-api-token')).toBe('abc123');
    expect(provider.recordUrl({ id: '5', objectType: 'contact' })).toBe('https://acme.pipedrive.com/person/5');
  });

  it('wires the sandbox provider to the sandbox mount, its pages and its clock', async () => {
    const fixed = new Date('2026-11-02T12:00:00.000Z');
    const sandbox = pipedriveModule.createSandbox({ clock: () => fixed, rateLimit: false }) as PipedriveSandbox;
    const provider = pipedriveModule.sandboxProvider(sandbox, { publicUrl: 'http://127.0.0.1:8787' });
    expect(provider.recordUrl({ id: '6', objectType: 'contact' })).toBe(
      'http://127.0.0.1:8787/sandbox/pipedrive/person/6',
    );
    await provider.create({ name: 'New Person', email: 'new@example.com' }, ['email']);
    const recent = sandbox.requests.find((r) => r.path === '/api/v2/persons' && r.method === 'GET')!;
    expect(new URLSearchParams(recent.query).get('updated_since')).toBe('2026-11-02T11:45:00Z');
    expect(() => pipedriveModule.sandboxProvider({ provider: 'zoho' } as never, { publicUrl: 'http://x' })).toThrow(
      TypeError,
    );
  });

  it('maps the default fields: name as one field, company from the organization, list values as the primary', () => {
    const provider = pipedriveModule.create({ apiToken: 't', baseUrl: 'https://acme.pipedrive.com' });
    expect(provider.defaultMapping()).toEqual([
      { field: 'email', crmFields: ['email'] },
      { field: 'name', crmFields: ['name'] },
      { field: 'phone', crmFields: ['phone'] },
      { field: 'company', crmFields: ['org_name'], direction: 'from_crm' },
      { field: 'jobTitle', crmFields: ['job_title'] },
      { field: 'location', crmFields: ['postal_address'], direction: 'to_crm' },
      { field: 'notes', crmFields: ['notes'] },
    ]);
    expect(Object.keys(pipedriveModule.envVars)).toEqual(['PIPEDRIVE_API_TOKEN', 'PIPEDRIVE_BASE_URL']);
  });
});
