/**
 * HubSpot as a `CrmModule` (proxy/crm/module.ts): its environment variables, the provider for a real
 * portal, and the sandbox (proxy/sandbox/hubspot) with a provider wired to it in-process.
 *
 * Variables: `HUBSPOT_ACCESS_TOKEN` (a private app's access token,
 * https://developers.hubspot.com/docs/api/private-apps — without it the proxy runs the sandbox),
 * `HUBSPOT_BASE_URL` (default https://api.hubapi.com) and `HUBSPOT_APP_URL` (the web app for record
 * links; default from the account's `uiDomain`).
 */
import { CrmConfigError, type CrmModule, type Env } from '../module.ts';
import { createHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot/index.ts';
import { createHubSpotProvider, HUBSPOT_API_BASE_URL } from './index.ts';

/** What the HubSpot module reads from the environment. */
export interface HubSpotConfig {
  accessToken: string;
  /** API base URL without a trailing slash. */
  baseUrl: string;
  /** Web app base URL for record links, or null to use the account's `uiDomain`. */
  appUrl: string | null;
}

/** The variable's value, trimmed; undefined when unset or blank. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * An http(s) URL variable without its trailing slash, or undefined when unset.
 * @throws CrmConfigError naming the variable when the value is not an http(s) URL.
 */
function readUrl(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CrmConfigError(name, `must be an http:// or https:// URL (got ${JSON.stringify(env[name])})`);
  }
  return raw.replace(/\/+$/, '');
}

/** The sandbox behind `sandbox`, which must be the one `createSandbox` made. */
function asHubSpotSandbox(sandbox: unknown): HubSpotSandbox {
  const candidate = sandbox as Partial<HubSpotSandbox> | null;
  if (candidate?.provider !== 'hubspot' || typeof candidate.token !== 'string') {
    throw new TypeError('hubspotModule.sandboxProvider needs the sandbox hubspotModule.createSandbox made.');
  }
  return candidate as HubSpotSandbox;
}

/** HubSpot CRM v3 (contacts). */
export const hubspotModule: CrmModule<HubSpotConfig> = {
  id: 'hubspot',
  label: 'HubSpot',
  envVars: {
    HUBSPOT_ACCESS_TOKEN: 'Private-app access token (scopes crm.objects.contacts.read/write); unset: the sandbox',
    HUBSPOT_BASE_URL: `HubSpot API base URL (default ${HUBSPOT_API_BASE_URL})`,
    HUBSPOT_APP_URL:
      'HubSpot web app URL for "Open in HubSpot" links (default: the account\'s own, e.g. https://app.hubspot.com)',
  },

  configFromEnv(env) {
    // URLs are checked even without a token: a typo should not wait for the day the token is set.
    const baseUrl = readUrl(env, 'HUBSPOT_BASE_URL') ?? HUBSPOT_API_BASE_URL;
    const appUrl = readUrl(env, 'HUBSPOT_APP_URL') ?? null;
    const accessToken = read(env, 'HUBSPOT_ACCESS_TOKEN');
    if (accessToken === undefined) return null;
    if (/\s/.test(accessToken)) {
      throw new CrmConfigError('HUBSPOT_ACCESS_TOKEN', 'must not contain spaces (paste only the token)');
    }
    return { accessToken, baseUrl, appUrl };
  },

  create(config, deps = {}) {
    return createHubSpotProvider({
      accessToken: config.accessToken,
      baseUrl: config.baseUrl,
      ...(config.appUrl ? { appUrl: config.appUrl } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  },

  createSandbox(options) {
    return createHubSpotSandbox(options);
  },

  sandboxProvider(sandbox, wiring) {
    const hubspot = asHubSpotSandbox(sandbox);
    return createHubSpotProvider({
      baseUrl: `${wiring.publicUrl}/sandbox/hubspot`,
      accessToken: hubspot.token,
      fetch: hubspot.fetch,
      appUrl: `${wiring.publicUrl}/sandbox/hubspot/app`,
      portalId: hubspot.portalId,
    });
  },
};
