/**
 * The CRMs the proxy can talk to: one `CrmModule` per vendor folder (proxy/crm/<vendor>/module.ts),
 * listed once in {@link CRM_MODULES}. Adding a CRM is its folder plus one line there; the
 * environment (proxy/env.ts), the server (proxy/server.ts), the provider conformance suite
 * (tests/proxy/conformance), the demo and the README's variable table all read this list.
 *
 * @example
 * const module = findCrmModule('hubspot');
 * const config = module.configFromEnv(process.env); // null: no credentials → the sandbox
 * const provider = config
 *   ? module.create(config)
 *   : module.sandboxProvider(module.createSandbox(), { publicUrl: 'http://127.0.0.1:8787' });
 */
import { CRM_LABELS, type CrmProviderId } from '../../lib/contracts/index.ts';
import { hubspotModule } from './hubspot/module.ts';
import { salesforceModule } from './salesforce/module.ts';
import { dynamicsModule } from './dynamics/module.ts';
import type { CrmModule } from './module.ts';
import { pipedriveModule } from './pipedrive/module.ts';
import { zohoModule } from './zoho/module.ts';

export { SANDBOX_HUBSPOT_TOKEN } from '../sandbox/hubspot/seed.ts';
export {
  BATCH_LIMIT as HUBSPOT_BATCH_LIMIT,
  createHubSpotProvider,
  HUBSPOT_API_BASE_URL,
  HUBSPOT_DEFAULT_TIMEOUT_MS,
  type HubSpotProviderOptions,
  hubSpotDefaultMapping,
  UNREADABLE_RESPONSE,
} from './hubspot/index.ts';
export { type HubSpotConfig, hubspotModule } from './hubspot/module.ts';
export * from './module.ts';
export * from './types.ts';

/**
 * Every CRM the proxy can talk to, one line each, in the order the README and `--help` list them.
 * Each module keeps its own config type; callers pass a module's config only back to that module
 * (see {@link AnyCrmModule}).
 */
export const CRM_MODULES: readonly AnyCrmModule[] = [
  hubspotModule,
  salesforceModule,
  dynamicsModule,
  zohoModule,
  pipedriveModule,
];

/**
 * A module with its config type erased: `configFromEnv` returns an opaque config that only the same
 * module's `create` accepts.
 */
export type AnyCrmModule = CrmModule<unknown>;

/** Ids of the CRMs the proxy can talk to (the values `CRM_PROVIDER` accepts). */
export const SUPPORTED_CRM_PROVIDERS: readonly CrmProviderId[] = CRM_MODULES.map((module) => module.id);

/**
 * `CRM_PROVIDER` and every variable of every CRM module, each mapped to undefined: spread it into a
 * `startProxy({env})` override so a test or the demo runs a sandbox whatever the shell has set.
 */
export function unsetCrmEnv(): Record<string, undefined> {
  const names = ['CRM_PROVIDER', ...CRM_MODULES.flatMap((module) => Object.keys(module.envVars))];
  return Object.fromEntries(names.map((name) => [name, undefined]));
}

/** The module of CRM `id`, or undefined when the proxy has none for it. */
export function findCrmModule(id: string): AnyCrmModule | undefined {
  return CRM_MODULES.find((module) => module.id === id);
}

/** Whether the proxy has a module for `id`. */
export function isSupportedCrmProvider(id: string): id is CrmProviderId {
  return findCrmModule(id) !== undefined;
}

/**
 * The module of CRM `id`.
 * @throws Error naming the supported CRMs when the proxy has no module for `id` ("The proxy cannot
 *   talk to Zoho CRM yet (CRM_PROVIDER=zoho); supported: hubspot, salesforce.").
 */
export function crmModule(id: string): AnyCrmModule {
  const module = findCrmModule(id);
  if (module) return module;
  const label = (CRM_LABELS as Record<string, string>)[id] ?? id;
  throw new Error(
    `The proxy cannot talk to ${label} yet (CRM_PROVIDER=${id}); supported: ${SUPPORTED_CRM_PROVIDERS.join(', ')}.`,
  );
}
