/**
 * Wires the background: database, context, outbox, router, the custom helpdesk's content script
 * registration (./custom-helpdesk.ts), and the browser events that drive them.
 * Called synchronously from `defineBackground`'s `main` so that every listener is registered in the
 * service worker's first turn (MV3 only delivers events to listeners registered at top level:
 * https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events).
 */
import { browser } from 'wxt/browser';
import { openDatabase, type Repositories } from '../../lib/db/index.ts';
import { customHelpdeskItem, loadCustomHelpdesk, storeCustomHelpdesk } from '../../lib/helpdesks/custom/storage.ts';
import { HELPDESK_ADAPTERS } from '../../lib/helpdesks/index.ts';
import { createRouter, type Router } from '../../lib/messaging/router.ts';
import { readSettings } from '../../lib/messaging/settings.ts';
import { type BackgroundContext, type BackgroundDeps, createBackgroundContext } from './context.ts';
import { createCustomHelpdeskService, type CustomHelpdeskWiring } from './custom-helpdesk.ts';
import { createHandlers } from './handlers.ts';
import { createOutbox, OUTBOX_ALARM, OUTBOX_ALARM_PERIOD_MINUTES, type Outbox } from './outbox.ts';

/** How long cached tickets and links are kept, in days. */
export const CACHE_RETENTION_DAYS = 30;

/** The running background (returned for tests). */
export interface Background {
  ctx: BackgroundContext;
  outbox: Outbox;
  router: Router;
  /** Settles when the start-up work (alarm, cache pruning, first outbox run, custom helpdesk registration) is done. */
  ready: Promise<void>;
}

/**
 * Overrides for tests; production uses the defaults. `custom` replaces the custom helpdesk's browser
 * wiring (null: no custom helpdesk support, for tests that do not need it).
 */
export type StartOptions = Partial<Omit<BackgroundDeps, 'customHelpdesk'>> & {
  repos?: Repositories;
  custom?: CustomHelpdeskWiring | null;
};

/** The custom helpdesk's service on the real browser APIs, and the events that call for a reconcile. */
export function browserCustomHelpdesk(): CustomHelpdeskWiring {
  const service = createCustomHelpdeskService({
    scripting: browser.scripting,
    permissions: browser.permissions,
    getManifest: () => browser.runtime.getManifest(),
    load: loadCustomHelpdesk,
    store: storeCustomHelpdesk,
    builtIn: HELPDESK_ADAPTERS,
  });
  return {
    service,
    watch(listener) {
      browser.runtime.onInstalled.addListener(listener);
      browser.runtime.onStartup.addListener(listener);
      browser.permissions.onAdded.addListener(listener);
      browser.permissions.onRemoved.addListener(listener);
      customHelpdeskItem.watch(listener);
    },
  };
}

/** Creates alarm `outbox` unless it exists (re-creating it on every start would postpone it forever). */
async function ensureOutboxAlarm(): Promise<void> {
  const existing = await browser.alarms.get(OUTBOX_ALARM);
  if (!existing) await browser.alarms.create(OUTBOX_ALARM, { periodInMinutes: OUTBOX_ALARM_PERIOD_MINUTES });
}

/** Starts the background. Registers listeners synchronously, then does start-up work asynchronously. */
export function startBackground(options: StartOptions = {}): Background {
  const { custom: customOption, ...overrides } = options;
  const custom = customOption === undefined ? browserCustomHelpdesk() : customOption;
  const ctx = createBackgroundContext({
    readSettings,
    openOptionsPage: () => browser.runtime.openOptionsPage(),
    ...overrides,
    ...(custom ? { customHelpdesk: custom.service } : {}),
    repos: overrides.repos ?? openDatabase(),
  });
  const outbox = createOutbox(ctx);
  const router = createRouter(createHandlers(ctx, outbox), {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
  });

  browser.runtime.onMessage.addListener(router.listener);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== OUTBOX_ALARM) return;
    outbox.drain().catch((error: unknown) => console.warn('[crm-sidebar] Outbox retry failed.', error));
  });
  const reconcileCustom = () =>
    custom?.service
      .reconcile()
      .then((status) => {
        if (status.problem) console.warn(`[crm-sidebar] Custom helpdesk: ${status.problem}`);
      })
      .catch((error: unknown) => console.warn('[crm-sidebar] Registering the custom helpdesk failed.', error));
  custom?.watch(() => void reconcileCustom());

  const ready = (async () => {
    const cutoff = new Date(ctx.now() - CACHE_RETENTION_DAYS * 24 * 60 * 60_000);
    const steps = await Promise.allSettled([
      ensureOutboxAlarm(),
      ctx.repos.tickets.prune(cutoff),
      ctx.repos.links.prune(cutoff),
      outbox.drain(),
      reconcileCustom(),
    ]);
    for (const step of steps) {
      if (step.status === 'rejected') console.warn('[crm-sidebar] Background start-up step failed.', step.reason);
    }
  })();

  return { ctx, outbox, router, ready };
}
