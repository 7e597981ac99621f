/**
 * Dynamics 365 as a CRM the proxy can be configured with (`CRM_PROVIDER=dynamics`): its environment
 * variables, its provider, and its sandbox (proxy/sandbox/dynamics).
 *
 * Variables:
 * - `DYNAMICS_URL` — the organization URL, `https://<org>.crm<N>.dynamics.com`; the Web API is under
 *   `/api/data/v9.2` (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#web-api-url-and-versions).
 *   A pasted Web API URL (`…/api/data/v9.2`) is accepted and trimmed to the organization URL.
 * - `DYNAMICS_ACCESS_TOKEN` — an OAuth 2.0 access token for that organization, issued by Microsoft
 *   Entra ID for the resource `<org URL>` (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/authenticate-oauth).
 * Neither set → null (the proxy runs the sandbox); only one set → CrmConfigError naming the other.
 */
import { z } from 'zod';
import { createDynamicsSandbox, type DynamicsSandbox, SANDBOX_DYNAMICS_TOKEN } from '../../sandbox/dynamics/index.ts';
import { type CrmModule, CrmConfigError, type Env } from '../module.ts';
import { createDynamicsProvider } from './index.ts';

/** The Dynamics 365 settings the proxy runs with. */
export interface DynamicsConfig {
  /** Organization URL without trailing slash, e.g. `https://contoso.crm.dynamics.com`. */
  orgUrl: string;
  accessToken: string;
}

const URL_VAR = 'DYNAMICS_URL';
const TOKEN_VAR = 'DYNAMICS_ACCESS_TOKEN';

/** Loopback hosts, where plain http is accepted (a proxy's own sandbox, a local tunnel). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `DYNAMICS_URL` as an organization URL: https (http only on a loopback host), no query or
 * fragment, trailing slash and a pasted `/api/data/v9.x` or `/main.aspx` removed.
 */
const OrgUrl = z.string().transform((raw, ctx) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `must be the organization URL, such as https://contoso.crm.dynamics.com (got "${raw}")`,
    });
    return z.NEVER;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    ctx.addIssue({ code: 'custom', message: `must be an https:// URL (got "${raw}")` });
    return z.NEVER;
  }
  if (url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: `must not have a query or fragment (got "${raw}")` });
    return z.NEVER;
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/(api\/data\/v\d+(\.\d+)?|main\.aspx)$/i, '');
  return `${url.origin}${path}`;
});

/** `DYNAMICS_ACCESS_TOKEN`: a non-blank token; a pasted "Bearer " prefix is dropped. */
const AccessToken = z
  .string()
  .transform((raw) => raw.replace(/^Bearer\s+/i, '').trim())
  .refine((token) => token !== '' && !/\s/.test(token), { message: 'must be an access token without spaces' });

function parseVariable<T>(schema: z.ZodType<T, string>, variable: string, value: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CrmConfigError(variable, parsed.error.issues[0]?.message ?? 'is not valid');
  return parsed.data;
}

/** The Dynamics 365 CRM module. */
export const dynamicsModule: CrmModule<DynamicsConfig> = {
  id: 'dynamics',
  label: 'Dynamics 365',
  envVars: {
    [URL_VAR]: 'Organization URL, e.g. https://contoso.crm.dynamics.com (the Web API is under /api/data/v9.2)',
    [TOKEN_VAR]: 'OAuth access token for that organization (Microsoft Entra ID, resource = the organization URL)',
  },

  configFromEnv(env: Env): DynamicsConfig | null {
    const url = env[URL_VAR]?.trim() ?? '';
    const token = env[TOKEN_VAR]?.trim() ?? '';
    if (url === '' && token === '') return null;
    if (url === '') throw new CrmConfigError(URL_VAR, `is required when ${TOKEN_VAR} is set`);
    if (token === '') throw new CrmConfigError(TOKEN_VAR, `is required when ${URL_VAR} is set`);
    return { orgUrl: parseVariable(OrgUrl, URL_VAR, url), accessToken: parseVariable(AccessToken, TOKEN_VAR, token) };
  },

  create(config, deps) {
    return createDynamicsProvider({
      orgUrl: config.orgUrl,
      accessToken: config.accessToken,
      ...(deps?.fetch ? { fetch: deps.fetch } : {}),
    });
  },

  createSandbox(options) {
    return createDynamicsSandbox(options);
  },

  sandboxProvider(sandbox, wiring) {
    const token = (sandbox as Partial<DynamicsSandbox>).token ?? SANDBOX_DYNAMICS_TOKEN;
    return createDynamicsProvider({
      orgUrl: `${wiring.publicUrl.replace(/\/+$/, '')}/sandbox/dynamics`,
      accessToken: token,
      fetch: sandbox.fetch,
    });
  },
};
