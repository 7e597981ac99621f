/**
 * Pipedrive as a `CrmModule` (proxy/crm/module.ts): its environment variables, the provider for a
 * real company, and the sandbox (proxy/sandbox/pipedrive) with a provider wired to it in-process.
 *
 * Variables:
 * - `PIPEDRIVE_API_TOKEN`: a user's API token (Settings → Personal preferences → API;
 *   https://pipedrive.readme.io/docs/how-to-find-the-api-token); without it (and without
 *   `PIPEDRIVE_BASE_URL`) the proxy runs the sandbox;
 * - `PIPEDRIVE_BASE_URL`: the company's Pipedrive URL, e.g. https://acme.pipedrive.com
 *   (https://pipedrive.readme.io/docs/how-to-get-the-company-domain) — API calls go to
 *   `<base>/api/v2/…` and "Open in Pipedrive" links to `<base>/person/<id>`.
 */
import { createPipedriveSandbox, type PipedriveSandbox } from '../../sandbox/pipedrive/index.ts';
import { CrmConfigError, type CrmModule, type Env } from '../module.ts';
import { createPipedriveProvider } from './index.ts';

/** What the Pipedrive module reads from the environment. */
export interface PipedriveConfig {
  apiToken: string;
  /** The company URL (origin) without a trailing slash. */
  baseUrl: string;
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
 * `PIPEDRIVE_BASE_URL` as an origin, or undefined when unset.
 * @throws CrmConfigError when it is not an https URL (http only for localhost), has a path (such as
 *   /api/v1), or is the shared API host api.pipedrive.com (record links need the company's domain).
 */
function readBaseUrl(env: Env): string | undefined {
  const raw = read(env, 'PIPEDRIVE_BASE_URL');
  if (raw === undefined) return undefined;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  const got = JSON.stringify(env.PIPEDRIVE_BASE_URL);
  if (!url || (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname)))) {
    throw new CrmConfigError(
      'PIPEDRIVE_BASE_URL',
      `must be an https:// URL such as https://acme.pipedrive.com (got ${got})`,
    );
  }
  if (url.hostname.toLowerCase() === 'api.pipedrive.com') {
    throw new CrmConfigError(
      'PIPEDRIVE_BASE_URL',
      "must be your company's Pipedrive URL (https://<company>.pipedrive.com), not api.pipedrive.com, so record links open",
    );
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new CrmConfigError('PIPEDRIVE_BASE_URL', `must be only the company URL, without a path (got ${got})`);
  }
  return url.origin;
}

/** The sandbox behind `sandbox`, which must be the one `createSandbox` made. */
function asPipedriveSandbox(sandbox: unknown): PipedriveSandbox {
  const candidate = sandbox as Partial<PipedriveSandbox> | null;
  if (candidate?.provider !== 'pipedrive' || typeof candidate.token !== 'string') {
    throw new TypeError('pipedriveModule.sandboxProvider needs the sandbox pipedriveModule.createSandbox made.');
  }
  return candidate as PipedriveSandbox;
}

/** Pipedrive API v2 (persons). */
export const pipedriveModule: CrmModule<PipedriveConfig> = {
  id: 'pipedrive',
  label: 'Pipedrive',
  envVars: {
    PIPEDRIVE_API_TOKEN: "A Pipedrive user's API token; unset: the sandbox",
    PIPEDRIVE_BASE_URL: "The company's Pipedrive URL, e.g. https://acme.pipedrive.com (API calls and record links)",
  },

  configFromEnv(env) {
    // The URL is checked even without a token: a typo should not wait for the day the token is set.
    const baseUrl = readBaseUrl(env);
    const apiToken = read(env, 'PIPEDRIVE_API_TOKEN');
    if (apiToken === undefined) {
      if (baseUrl !== undefined) {
        throw new CrmConfigError(
          'PIPEDRIVE_API_TOKEN',
          'is required when PIPEDRIVE_BASE_URL is set (unset both for the sandbox)',
        );
      }
      return null;
    }
    if (/\s/.test(apiToken)) {
      throw new CrmConfigError('PIPEDRIVE_API_TOKEN', 'must not contain spaces (paste only the token)');
    }
    if (baseUrl === undefined) {
      throw new CrmConfigError(
        'PIPEDRIVE_BASE_URL',
        "is required with PIPEDRIVE_API_TOKEN: your company's Pipedrive URL, e.g. https://acme.pipedrive.com",
      );
    }
    return { apiToken, baseUrl };
  },

  create(config, deps = {}) {
    return createPipedriveProvider({
      baseUrl: config.baseUrl,
      apiToken: config.apiToken,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  },

  createSandbox(options) {
    return createPipedriveSandbox(options);
  },

  sandboxProvider(sandbox, wiring) {
    const pipedrive = asPipedriveSandbox(sandbox);
    return createPipedriveProvider({
      baseUrl: `${wiring.publicUrl}/sandbox/pipedrive`,
      apiToken: pipedrive.token,
      fetch: pipedrive.fetch,
      // The duplicate check's window is measured on the sandbox's clock, as Pipedrive's on its own.
      clock: pipedrive.clock,
    });
  },
};
