/**
 * The proxy's CRM provider factory. One entry per CRM in {@link CRM_PROVIDER_FACTORIES}; adding
 * Salesforce, Dynamics, Zoho or Pipedrive is one line there (its factory), and its options type
 * follows from the factory's parameter.
 *
 * @example
 * const crm = createCrmProvider({ provider: 'hubspot', accessToken: env.HUBSPOT_ACCESS_TOKEN });
 * // the sandbox (agreement §2):
 * const crm = createCrmProvider({
 *   provider: 'hubspot',
 *   accessToken: sandbox.token,
 *   portalId: sandbox.portalId,
 *   fetch: sandbox.fetch,
 *   appUrl: `${publicUrl}/sandbox/hubspot/app`,
 * });
 */
import { CRM_LABELS, type CrmProviderId } from '../../lib/contracts/index.ts';
import { createHubSpotProvider } from './hubspot/index.ts';
import type { CrmProvider } from './types.ts';

export { SANDBOX_HUBSPOT_TOKEN } from '../sandbox/hubspot/seed.ts';
export {
  createHubSpotProvider,
  HUBSPOT_API_BASE_URL,
  HUBSPOT_DEFAULT_TIMEOUT_MS,
  type HubSpotProviderOptions,
  hubSpotDefaultMapping,
  UNREADABLE_RESPONSE,
} from './hubspot/index.ts';
export * from './types.ts';

/** The factory of every CRM the proxy can talk to today, by provider id. */
export const CRM_PROVIDER_FACTORIES = {
  hubspot: createHubSpotProvider,
} as const satisfies Partial<Record<CrmProviderId, (options: never) => CrmProvider>>;

/** Ids of the CRMs the proxy can talk to today (for validating `CRM_PROVIDER`). */
export type SupportedCrmProviderId = keyof typeof CRM_PROVIDER_FACTORIES;
export const SUPPORTED_CRM_PROVIDERS = Object.keys(CRM_PROVIDER_FACTORIES) as SupportedCrmProviderId[];

/** Whether the proxy has a provider for `id`. */
export function isSupportedCrmProvider(id: string): id is SupportedCrmProviderId {
  return Object.hasOwn(CRM_PROVIDER_FACTORIES, id);
}

/** `{provider: <id>, ...that provider's options}` for every supported CRM. */
export type CrmProviderConfig = {
  [K in SupportedCrmProviderId]: { provider: K } & Parameters<(typeof CRM_PROVIDER_FACTORIES)[K]>[0];
}[SupportedCrmProviderId];

/**
 * Builds the provider `config.provider` names with the rest of `config` as its options.
 * @throws Error naming the supported providers when `config.provider` has none (e.g. an id read
 *   from the environment that TypeScript could not check).
 */
export function createCrmProvider(config: CrmProviderConfig): CrmProvider {
  const { provider, ...options } = config;
  if (!isSupportedCrmProvider(provider)) {
    const label = (CRM_LABELS as Record<string, string>)[provider] ?? String(provider);
    throw new Error(
      `The proxy cannot talk to ${label} yet (CRM_PROVIDER=${String(provider)}); supported: ${SUPPORTED_CRM_PROVIDERS.join(', ')}.`,
    );
  }
  const factory = CRM_PROVIDER_FACTORIES[provider] as (options: unknown) => CrmProvider;
  return factory(options);
}
