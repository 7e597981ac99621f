/**
 * What every background handler needs, gathered in one object so tests can build it with fakes:
 * the repositories, the clock, an id source, and a proxy client built from the current settings.
 * Nothing here is long-lived state: the service worker may be stopped whenever it is idle.
 */
import { createProxyClient, type FetchLike, type ProxyClient } from '../../lib/api/index.ts';
import type { Repositories } from '../../lib/db/index.ts';
import { ReplyFailure } from '../../lib/messaging/errors.ts';
import { isConfigured, type SettingsRead } from '../../lib/messaging/settings.ts';
import type { CustomHelpdeskService } from './custom-helpdesk.ts';

/** The outside world of the background, injectable for tests. */
export interface BackgroundDeps {
  repos: Repositories;
  /** Reads and validates the settings (default: `readSettings` of lib/messaging/settings.ts). */
  readSettings: () => Promise<SettingsRead>;
  /** Opens the options page (`browser.runtime.openOptionsPage`). */
  openOptionsPage: () => Promise<void>;
  /** The custom helpdesk's registration (./custom-helpdesk.ts); absent in tests that do not need it. */
  customHelpdesk?: CustomHelpdeskService;
  /** Replaces the global fetch for proxy calls (tests). */
  fetch?: FetchLike;
  /** Epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** New random ids and idempotency keys (default `crypto.randomUUID`). */
  newId?: () => string;
  /** Per-attempt proxy timeout in ms (default 10 000). */
  proxyTimeoutMs?: number;
  /** Delay before inline retry `attempt` in ms (default: ky's backoff; tests pass 0). */
  proxyRetryDelayMs?: (attempt: number) => number;
}

/** The resolved context handlers and the outbox work with. */
export interface BackgroundContext {
  repos: Repositories;
  now(): number;
  /** `now()` as ISO 8601. */
  nowIso(): string;
  newId(): string;
  /**
   * A proxy client for the saved settings. Throws a `ReplyFailure` with code `not_configured` when
   * no API key is saved or the saved settings are invalid.
   */
  proxy(): Promise<ProxyClient>;
  /** A proxy client for explicit values (Test connection tries the form's values before they are saved). */
  proxyFor(baseUrl: string, apiKey: string): ProxyClient;
  readSettings(): Promise<SettingsRead>;
  openOptionsPage(): Promise<void>;
  /** The custom helpdesk's registration. Throws a `ReplyFailure` when this background has none. */
  customHelpdesk(): CustomHelpdeskService;
}

/** Builds the context from its dependencies. */
export function createBackgroundContext(deps: BackgroundDeps): BackgroundContext {
  const now = deps.now ?? (() => Date.now());
  const proxyFor = (baseUrl: string, apiKey: string) =>
    createProxyClient({
      baseUrl,
      apiKey,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.proxyTimeoutMs === undefined ? {} : { timeoutMs: deps.proxyTimeoutMs }),
      ...(deps.proxyRetryDelayMs ? { retryDelayMs: deps.proxyRetryDelayMs } : {}),
    });
  return {
    repos: deps.repos,
    now,
    nowIso: () => new Date(now()).toISOString(),
    newId: deps.newId ?? (() => crypto.randomUUID()),
    readSettings: deps.readSettings,
    openOptionsPage: deps.openOptionsPage,
    customHelpdesk() {
      if (!deps.customHelpdesk) {
        throw new ReplyFailure({
          code: 'unavailable',
          message: 'The custom helpdesk cannot be set up in this browser.',
          retryable: false,
        });
      }
      return deps.customHelpdesk;
    },
    proxyFor,
    async proxy() {
      const read = await deps.readSettings();
      if (!read.ok) {
        throw new ReplyFailure({
          code: 'not_configured',
          message: `The CRM sidebar's settings are invalid (${read.problem}). Fix them in the CRM sidebar options.`,
          retryable: false,
        });
      }
      if (!isConfigured(read.settings)) {
        throw new ReplyFailure({
          code: 'not_configured',
          message: 'Set the sync proxy URL and API key in the CRM sidebar options.',
          retryable: false,
        });
      }
      return proxyFor(read.settings.proxyUrl, read.settings.apiKey);
    },
  };
}
