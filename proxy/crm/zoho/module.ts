/**
 * Zoho CRM as a `CrmModule` (proxy/crm/module.ts): its environment variables, the provider for a real
 * organisation, and the sandbox (proxy/sandbox/zoho) with a provider wired to it in-process.
 *
 * Variables:
 * - `ZOHO_ACCESS_TOKEN`: an OAuth access token with scope `ZohoCRM.modules.contacts.ALL,
 *   ZohoCRM.settings.fields.READ` (https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html);
 *   without it (and without `ZOHO_API_DOMAIN`) the proxy runs the sandbox;
 * - `ZOHO_API_DOMAIN`: the `api_domain` Zoho's token answer names for the account's data centre
 *   (default https://www.zohoapis.com; EU https://www.zohoapis.eu, India .in, Australia .com.au,
 *   Japan .jp, Canada .ca, China .com.cn, Saudi Arabia .sa, UK .uk —
 *   https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html);
 * - `ZOHO_APP_URL`: the web UI base for "Open in Zoho CRM" links (default
 *   `https://crm.zoho.<tld>/crm` of the API domain's data centre), e.g.
 *   `https://crm.zoho.eu/crm/org20001234` to open the organisation directly.
 */
import { createZohoSandbox, type ZohoSandbox } from '../../sandbox/zoho/index.ts';
import { CrmConfigError, type CrmModule, type Env } from '../module.ts';
import { createZohoProvider, dataCentreOf, ZOHO_API_DOMAIN } from './index.ts';

/** What the Zoho module reads from the environment. */
export interface ZohoConfig {
  accessToken: string;
  /** API domain (origin) without a trailing slash. */
  apiDomain: string;
  /** Web UI base for record links, or null for the data centre's default. */
  appUrl: string | null;
}

/** The variable's value, trimmed; undefined when unset or blank. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Whether `host` is this machine (where plain http is acceptable, e.g. a local gateway or test server). */
function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');
}

/**
 * An http(s) URL variable without its trailing slash, or undefined when unset.
 * @throws CrmConfigError naming the variable when the value is not an https URL (http only for localhost).
 */
function readUrl(env: Env, name: string): URL | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname)))) {
    throw new CrmConfigError(name, `must be an https:// URL (got ${JSON.stringify(env[name])})`);
  }
  return url;
}

/**
 * The API domain: an origin such as https://www.zohoapis.eu. Zoho's web (crm.zoho.*) and accounts
 * (accounts.zoho.*) domains are refused with a hint, as are paths (the provider adds /crm/v8).
 */
function readApiDomain(env: Env): string | undefined {
  const url = readUrl(env, 'ZOHO_API_DOMAIN');
  if (!url) return undefined;
  const host = url.hostname.toLowerCase();
  if (/^(crm|accounts|www)\.zoho(cloud)?\./.test(host)) {
    throw new CrmConfigError(
      'ZOHO_API_DOMAIN',
      `is Zoho's web or accounts domain (${host}); use the API domain of the same data centre, e.g. https://www.zohoapis.${host.replace(/^[^.]+\.zoho(cloud)?\./, '')}`,
    );
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new CrmConfigError(
      'ZOHO_API_DOMAIN',
      `must be only the domain, without a path (got ${JSON.stringify(env.ZOHO_API_DOMAIN)})`,
    );
  }
  if (dataCentreOf(url.origin) === null && url.protocol === 'https:' && !isLocalHost(host)) {
    throw new CrmConfigError(
      'ZOHO_API_DOMAIN',
      `must be a Zoho API domain such as https://www.zohoapis.com or https://www.zohoapis.eu (got ${JSON.stringify(env.ZOHO_API_DOMAIN)})`,
    );
  }
  return url.origin;
}

/** The sandbox behind `sandbox`, which must be the one `createSandbox` made. */
function asZohoSandbox(sandbox: unknown): ZohoSandbox {
  const candidate = sandbox as Partial<ZohoSandbox> | null;
  if (candidate?.provider !== 'zoho' || typeof candidate.token !== 'string') {
    throw new TypeError('zohoModule.sandboxProvider needs the sandbox zohoModule.createSandbox made.');
  }
  return candidate as ZohoSandbox;
}

/** Zoho CRM API v8 (Contacts). */
export const zohoModule: CrmModule<ZohoConfig> = {
  id: 'zoho',
  label: 'Zoho CRM',
  envVars: {
    ZOHO_ACCESS_TOKEN:
      'OAuth access token (scopes ZohoCRM.modules.contacts.ALL, ZohoCRM.settings.fields.READ); unset: the sandbox',
    ZOHO_API_DOMAIN: `API domain of the account's data centre (default ${ZOHO_API_DOMAIN}; EU https://www.zohoapis.eu, …)`,
    ZOHO_APP_URL:
      'Zoho CRM web UI base for "Open in Zoho CRM" links (default https://crm.zoho.<tld>/crm of the data centre)',
  },

  configFromEnv(env) {
    // Domains are checked even without a token: a typo should not wait for the day the token is set.
    const apiDomain = readApiDomain(env);
    const appUrl = readUrl(env, 'ZOHO_APP_URL');
    const accessToken = read(env, 'ZOHO_ACCESS_TOKEN');
    if (accessToken === undefined) {
      if (apiDomain !== undefined) {
        throw new CrmConfigError(
          'ZOHO_ACCESS_TOKEN',
          'is required when ZOHO_API_DOMAIN is set (unset both for the sandbox)',
        );
      }
      return null;
    }
    if (/\s/.test(accessToken)) {
      throw new CrmConfigError(
        'ZOHO_ACCESS_TOKEN',
        'must not contain spaces (paste only the token, without "Zoho-oauthtoken")',
      );
    }
    return {
      accessToken,
      apiDomain: apiDomain ?? ZOHO_API_DOMAIN,
      appUrl: appUrl ? appUrl.href.replace(/\/+$/, '') : null,
    };
  },

  create(config, deps = {}) {
    return createZohoProvider({
      accessToken: config.accessToken,
      apiDomain: config.apiDomain,
      ...(config.appUrl ? { appUrl: config.appUrl } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  },

  createSandbox(options) {
    return createZohoSandbox(options);
  },

  sandboxProvider(sandbox, wiring) {
    const zoho = asZohoSandbox(sandbox);
    return createZohoProvider({
      apiDomain: `${wiring.publicUrl}/sandbox/zoho`,
      accessToken: zoho.token,
      fetch: zoho.fetch,
      appUrl: `${wiring.publicUrl}/sandbox/zoho/crm`,
    });
  },
};
