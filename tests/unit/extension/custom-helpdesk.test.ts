/**
 * The custom helpdesk's registration in the background: the sidebar's content script registered for
 * the saved pattern, kept in step with the configuration and the origin's permission; the options
 * page's messages; and the browser events that trigger a reconcile.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackgroundContext } from '../../../entrypoints/background/context.ts';
import {
  CUSTOM_SCRIPT_ID,
  type CustomHelpdeskService,
  createCustomHelpdeskService,
  sidebarScriptFiles,
} from '../../../entrypoints/background/custom-helpdesk.ts';
import { createHandlers } from '../../../entrypoints/background/handlers.ts';
import { createOutbox } from '../../../entrypoints/background/outbox.ts';
import { startBackground } from '../../../entrypoints/background/start.ts';
import { openDatabase, type Repositories } from '../../../lib/db/index.ts';
import type { CustomHelpdeskConfig } from '../../../lib/helpdesks/custom/config.ts';
import { customHelpdeskItem, loadCustomHelpdesk, storeCustomHelpdesk } from '../../../lib/helpdesks/custom/storage.ts';
import { CONTENT_SCRIPT_MATCHES, HELPDESK_ADAPTERS } from '../../../lib/helpdesks/index.ts';
import { ReplyFailure } from '../../../lib/messaging/errors.ts';
import { createRouter, type MessageSender } from '../../../lib/messaging/router.ts';
import { ACME_HELP_CONFIG } from '../../../proxy/sandbox/customdesk/index.ts';
import { fakePermissions, fakeScripting, manifestWith } from './custom-fakes.ts';
import { API_KEY, PROXY_URL } from './fixtures.ts';

const ACME_ORIGIN = 'https://support.acme-help.test/*';
const OTHER: CustomHelpdeskConfig = {
  ...ACME_HELP_CONFIG,
  name: 'Other desk',
  urlPattern: 'https://desk.other.example/cases/*',
};
const OTHER_ORIGIN = 'https://desk.other.example/*';

function world(options: { granted?: string[]; required?: string[]; js?: string[] } = {}) {
  const scripting = fakeScripting();
  const permissions = fakePermissions(options.granted ?? [ACME_ORIGIN], options.required ?? []);
  let manifest = manifestWith(CONTENT_SCRIPT_MATCHES, options.js);
  const service = createCustomHelpdeskService({
    scripting: scripting.api,
    permissions: permissions.api,
    getManifest: () => manifest,
    load: loadCustomHelpdesk,
    store: storeCustomHelpdesk,
    builtIn: HELPDESK_ADAPTERS,
  });
  return {
    service,
    scripting,
    permissions,
    setManifestJs(js: string[]) {
      manifest = manifestWith(CONTENT_SCRIPT_MATCHES, js);
    },
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ReplyFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReplyFailure) return error;
    throw error;
  }
  throw new Error('expected a ReplyFailure');
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('sidebarScriptFiles', () => {
  it('finds the sidebar in the manifest: the isolated-world entry that covers every built-in helpdesk', () => {
    const manifest = manifestWith(CONTENT_SCRIPT_MATCHES, ['content-scripts/sidebar.js']);
    expect(sidebarScriptFiles(manifest, CONTENT_SCRIPT_MATCHES)).toEqual({
      js: ['content-scripts/sidebar.js'],
      css: [],
    });
    const withCss = {
      content_scripts: [{ matches: [...CONTENT_SCRIPT_MATCHES], js: ['cs/a.js'], css: ['cs/a.css'] }],
    };
    expect(sidebarScriptFiles(withCss, CONTENT_SCRIPT_MATCHES)).toEqual({ js: ['cs/a.js'], css: ['cs/a.css'] });
  });

  it('is null when the manifest has no such entry', () => {
    expect(sidebarScriptFiles({}, CONTENT_SCRIPT_MATCHES)).toBeNull();
    const mainWorldOnly = {
      content_scripts: [{ matches: [...CONTENT_SCRIPT_MATCHES], js: ['x.js'], world: 'MAIN' }],
    };
    expect(sidebarScriptFiles(mainWorldOnly, CONTENT_SCRIPT_MATCHES)).toBeNull();
  });
});

describe('save', () => {
  it('stores the configuration and registers the sidebar’s own files for the pattern, persistently', async () => {
    const w = world();
    const status = await w.service.save(ACME_HELP_CONFIG);
    expect(status).toEqual({ config: ACME_HELP_CONFIG, active: true, permission: true, problem: null });
    expect(await customHelpdeskItem.getValue()).toEqual(ACME_HELP_CONFIG);
    expect([...w.scripting.scripts.values()]).toEqual([
      {
        id: CUSTOM_SCRIPT_ID,
        // The whole site, so single-page navigation from the ticket list into a ticket is followed.
        matches: [ACME_ORIGIN],
        js: ['content-scripts/sidebar.js'],
        runAt: 'document_idle',
        allFrames: false,
        persistAcrossSessions: true,
      },
    ]);
  });

  it('without the origin’s permission: a clear refusal and nothing saved or registered', async () => {
    const w = world({ granted: [] });
    const failure = await failureOf(w.service.save(ACME_HELP_CONFIG));
    expect(failure.error).toEqual({
      code: 'permission_denied',
      message: 'The browser did not let the CRM sidebar read https://support.acme-help.test/*, so nothing was saved.',
      retryable: false,
    });
    expect(await customHelpdeskItem.getValue()).toBeNull();
    expect(w.scripting.scripts.size).toBe(0);
  });

  it('a failed registration puts the previous configuration back and says nothing was saved', async () => {
    const w = world({ granted: [ACME_ORIGIN, OTHER_ORIGIN] });
    await w.service.save(ACME_HELP_CONFIG);
    w.scripting.failNext(new Error('Could not load file'));
    const failure = await failureOf(w.service.save(OTHER));
    expect(failure.error.code).toBe('registration_failed');
    expect(failure.error.message).toBe(
      "Couldn't add the sidebar to https://desk.other.example/cases/*: Could not load file. Nothing was saved.",
    );
    expect(await customHelpdeskItem.getValue()).toEqual(ACME_HELP_CONFIG);
    expect(w.scripting.scripts.get(CUSTOM_SCRIPT_ID)?.matches).toEqual([ACME_ORIGIN]);
    expect(w.permissions.removed).toEqual([]);
  });

  it('moving to another origin updates the registration and gives the old origin back', async () => {
    const w = world({ granted: [ACME_ORIGIN, OTHER_ORIGIN] });
    await w.service.save(ACME_HELP_CONFIG);
    await w.service.save(OTHER);
    expect(w.scripting.calls.map((c) => c.method)).toEqual(['register', 'update']);
    expect(w.scripting.scripts.get(CUSTOM_SCRIPT_ID)?.matches).toEqual([OTHER_ORIGIN]);
    expect(w.permissions.removed).toEqual([ACME_ORIGIN]);
  });

  it('another pattern on the same site keeps the permission and the registration', async () => {
    const w = world();
    await w.service.save(ACME_HELP_CONFIG);
    await w.service.save({ ...ACME_HELP_CONFIG, urlPattern: 'https://support.acme-help.test/t/*' });
    expect(w.permissions.removed).toEqual([]);
    expect(w.scripting.calls.map((c) => c.method)).toEqual(['register']);
    expect(await customHelpdeskItem.getValue()).toMatchObject({ urlPattern: 'https://support.acme-help.test/t/*' });
  });

  it('refuses the pages of a helpdesk the sidebar already supports', async () => {
    const w = world({ granted: ['https://acme.zendesk.com/*'] });
    const failure = await failureOf(
      w.service.save({ ...ACME_HELP_CONFIG, urlPattern: 'https://acme.zendesk.com/agent/*' }),
    );
    expect(failure.error).toMatchObject({
      code: 'invalid_custom_helpdesk',
      message: 'URL pattern: these are Zendesk pages, where the sidebar already works without a custom helpdesk.',
    });
    expect(w.scripting.scripts.size).toBe(0);
  });
});

describe('reconcile', () => {
  it('with nothing saved: nothing registered, and a stray registration is removed', async () => {
    const w = world();
    expect(await w.service.reconcile()).toEqual({ config: null, active: false, permission: false, problem: null });
    await w.scripting.api.registerContentScripts([
      { id: CUSTOM_SCRIPT_ID, matches: ['https://x.example/*'], js: ['a.js'] },
    ]);
    await w.service.reconcile();
    expect(w.scripting.scripts.size).toBe(0);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const w = world();
    await storeCustomHelpdesk(ACME_HELP_CONFIG);
    await w.service.reconcile();
    await w.service.reconcile();
    expect(w.scripting.calls.map((c) => c.method)).toEqual(['register']);
  });

  it('re-registers after the browser dropped the script (extension update) and follows new file names', async () => {
    const w = world();
    await w.service.save(ACME_HELP_CONFIG);
    w.scripting.scripts.clear();
    expect((await w.service.reconcile()).active).toBe(true);
    expect(w.scripting.scripts.has(CUSTOM_SCRIPT_ID)).toBe(true);

    w.setManifestJs(['content-scripts/sidebar-v2.js']);
    await w.service.reconcile();
    expect(w.scripting.calls.at(-1)?.method).toBe('update');
    expect(w.scripting.scripts.get(CUSTOM_SCRIPT_ID)?.js).toEqual(['content-scripts/sidebar-v2.js']);
  });

  it('a revoked permission unregisters the sidebar and says how to fix it; granting it again restores it', async () => {
    const w = world();
    await w.service.save(ACME_HELP_CONFIG);
    w.permissions.revoke(ACME_ORIGIN);
    expect(await w.service.reconcile()).toEqual({
      config: ACME_HELP_CONFIG,
      active: false,
      permission: false,
      problem:
        'The browser no longer lets the CRM sidebar read https://support.acme-help.test/*. Save the custom helpdesk again and allow access.',
    });
    expect(w.scripting.scripts.size).toBe(0);
    w.permissions.grant(ACME_ORIGIN);
    expect((await w.service.reconcile()).active).toBe(true);
  });

  it('a stored configuration that no longer validates is reported and unregistered', async () => {
    const w = world();
    await w.service.save(ACME_HELP_CONFIG);
    await customHelpdeskItem.setValue({ ...ACME_HELP_CONFIG, ticketIdPattern: '(' });
    const status = await w.service.reconcile();
    expect(status.active).toBe(false);
    expect(status.problem).toMatch(
      /^The saved custom helpdesk is invalid \(Ticket id from the URL: “\(” is not a valid/,
    );
    expect(w.scripting.scripts.size).toBe(0);
  });

  it('a manifest without the sidebar is reported, not thrown', async () => {
    const w = world();
    await storeCustomHelpdesk(ACME_HELP_CONFIG);
    w.setManifestJs([]);
    const status = await w.service.reconcile();
    expect(status).toMatchObject({ active: false, permission: true });
    expect(status.problem).toBe(
      "Couldn't add the sidebar to https://support.acme-help.test/tickets/*: the sidebar's content script is missing from the extension's manifest.",
    );
  });

  it('concurrent calls are serialised (no "Duplicate script ID")', async () => {
    const w = world();
    await storeCustomHelpdesk(ACME_HELP_CONFIG);
    const results = await Promise.all([w.service.reconcile(), w.service.save(ACME_HELP_CONFIG), w.service.reconcile()]);
    expect(results.every((r) => r.active)).toBe(true);
    expect(w.scripting.calls.filter((c) => c.method === 'register')).toHaveLength(1);
  });
});

describe('remove', () => {
  it('unregisters, forgets the configuration and gives the permission back', async () => {
    const w = world();
    await w.service.save(ACME_HELP_CONFIG);
    expect(await w.service.remove()).toEqual({ removed: true, released: true });
    expect(w.scripting.scripts.size).toBe(0);
    expect(await customHelpdeskItem.getValue()).toBeNull();
    expect(w.permissions.removed).toEqual([ACME_ORIGIN]);
  });

  it('a permission the browser will not give back (required by the manifest) still removes the helpdesk', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const w = world({ granted: [], required: [ACME_ORIGIN] });
    await w.service.save(ACME_HELP_CONFIG);
    expect(await w.service.remove()).toEqual({ removed: true, released: false });
    expect(w.scripting.scripts.size).toBe(0);
    expect(warn).toHaveBeenCalled();
  });

  it('with nothing saved there is nothing to remove', async () => {
    expect(await world().service.remove()).toEqual({ removed: false, released: false });
  });
});

describe('options messages', () => {
  const EXTENSION_ID = 'test-extension-id';
  const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
  const optionsPage: MessageSender = { id: EXTENSION_ID, url: `${ORIGIN}options.html` };
  const contentScript: MessageSender = {
    id: EXTENSION_ID,
    url: 'https://support.acme-help.test/tickets/1',
    tab: { id: 3 },
  };
  let repos: Repositories[] = [];
  let counter = 0;

  afterEach(async () => {
    for (const r of repos) await r.db.delete();
    repos = [];
  });

  function routerWith(service: CustomHelpdeskService | undefined) {
    const r = openDatabase(`custom-helpdesk-test-${++counter}`);
    repos.push(r);
    const ctx = createBackgroundContext({
      repos: r,
      readSettings: async () => ({ ok: true, settings: { proxyUrl: PROXY_URL, apiKey: API_KEY, autoSync: false } }),
      openOptionsPage: async () => {},
      ...(service ? { customHelpdesk: service } : {}),
    });
    return createRouter(createHandlers(ctx, createOutbox(ctx)), { extensionId: EXTENSION_ID, extensionOrigin: ORIGIN });
  }

  it('save, read and remove from the options page', async () => {
    const w = world();
    const router = routerWith(w.service);
    const saved = await router.handle(
      { type: 'options→background:saveCustomHelpdesk', payload: { config: ACME_HELP_CONFIG } },
      optionsPage,
    );
    expect(saved).toEqual({
      ok: true,
      data: { config: ACME_HELP_CONFIG, active: true, permission: true, problem: null },
    });
    expect(await router.handle({ type: 'options→background:customHelpdesk', payload: {} }, optionsPage)).toEqual(saved);
    expect(await router.handle({ type: 'options→background:removeCustomHelpdesk', payload: {} }, optionsPage)).toEqual({
      ok: true,
      data: { removed: true, released: true },
    });
  });

  it('refuses an invalid configuration before it reaches the service, naming the field', async () => {
    const w = world();
    const reply = await routerWith(w.service).handle(
      {
        type: 'options→background:saveCustomHelpdesk',
        payload: { config: { ...ACME_HELP_CONFIG, urlPattern: 'https://*/*' } },
      },
      optionsPage,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(JSON.stringify(reply)).toContain('urlPattern');
    expect(w.scripting.calls).toEqual([]);
  });

  it('a content script may not change the custom helpdesk', async () => {
    const reply = await routerWith(world().service).handle(
      { type: 'options→background:removeCustomHelpdesk', payload: {} },
      contentScript,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  });

  it('a permission refused at save time comes back as a typed error', async () => {
    const reply = await routerWith(world({ granted: [] }).service).handle(
      { type: 'options→background:saveCustomHelpdesk', payload: { config: ACME_HELP_CONFIG } },
      optionsPage,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'permission_denied', retryable: false } });
  });

  it('a background without custom helpdesk support answers a clear error', async () => {
    const reply = await routerWith(undefined).handle(
      { type: 'options→background:customHelpdesk', payload: {} },
      optionsPage,
    );
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'The custom helpdesk cannot be set up in this browser.' },
    });
  });
});

describe('startBackground wiring', () => {
  /** An event source like `browser.permissions.onAdded`, with a trigger. */
  function event() {
    const listeners: (() => void)[] = [];
    return {
      addListener: (l: () => void) => listeners.push(l),
      removeListener: () => {},
      hasListener: () => false,
      fire: async () => {
        for (const l of listeners) l();
      },
    };
  }

  it('registers at start, and follows storage changes, revoked permissions and onInstalled (real wiring)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const scripting = fakeScripting();
    const permissions = fakePermissions([ACME_ORIGIN]);
    const onAdded = event();
    const onRemoved = event();
    const browser = fakeBrowser as unknown as Record<string, unknown> & { runtime: Record<string, unknown> };
    const saved = {
      scripting: browser.scripting,
      permissions: browser.permissions,
      getManifest: browser.runtime.getManifest,
    };
    browser.scripting = scripting.api;
    browser.permissions = { ...permissions.api, onAdded, onRemoved };
    browser.runtime.getManifest = () => manifestWith(CONTENT_SCRIPT_MATCHES);
    const repos = openDatabase(`custom-start-${Date.now()}`);
    try {
      await storeCustomHelpdesk(ACME_HELP_CONFIG);
      const bg = startBackground({ repos, readSettings: async () => ({ ok: false, problem: 'x', raw: null }) });
      await bg.ready;
      expect(scripting.scripts.has(CUSTOM_SCRIPT_ID)).toBe(true);

      // The options page (or another device's sync) removes the configuration: storage.onChanged.
      await customHelpdeskItem.removeValue();
      await vi.waitFor(() => expect(scripting.scripts.size).toBe(0));

      // Saved again, then the team lead revokes the site access in chrome://extensions.
      await storeCustomHelpdesk(ACME_HELP_CONFIG);
      await vi.waitFor(() => expect(scripting.scripts.size).toBe(1));
      permissions.revoke(ACME_ORIGIN);
      await onRemoved.fire();
      await vi.waitFor(() => expect(scripting.scripts.size).toBe(0));
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('The browser no longer lets the CRM sidebar read'));

      // Granted again; an update drops dynamic scripts and onInstalled puts it back.
      permissions.grant(ACME_ORIGIN);
      await onAdded.fire();
      await vi.waitFor(() => expect(scripting.scripts.size).toBe(1));
      scripting.scripts.clear();
      await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update' } as never);
      await vi.waitFor(() => expect(scripting.scripts.size).toBe(1));
    } finally {
      Object.assign(browser, { scripting: saved.scripting, permissions: saved.permissions });
      browser.runtime.getManifest = saved.getManifest;
      await repos.db.delete();
    }
  });
});
