/**
 * The custom helpdesk's life in the browser: the sidebar's content script registered dynamically for
 * the team lead's URL pattern, kept in step with the saved configuration and the origin's permission.
 *
 * - The script and its files are the sidebar's own, found at run time in the extension's manifest
 *   (the `content_scripts` entry that covers every built-in helpdesk), never hard-coded, so a rebuild
 *   with new file names keeps working.
 * - The script is registered for the pattern's whole site (the origin the permission covers), so that a
 *   single-page helpdesk navigating from its ticket list into a ticket gets the sidebar without a
 *   reload; the content script shows it only on pages matching the pattern.
 * - `reconcile()` makes the registration match the saved configuration: registers it, updates it when
 *   the pattern or the files changed, and unregisters it when the configuration is gone or the origin's
 *   permission was revoked. It is idempotent and serialised; the background runs it at every start
 *   (which covers `runtime.onInstalled` after an update, when Chrome drops dynamic scripts, and
 *   `runtime.onStartup`), when the stored configuration changes, and when permissions change.
 * - `save(config)` stores a configuration whose origin is already granted (the options page asked in
 *   the click) and registers it; if registration fails, the previous configuration is put back.
 *   Nothing is saved half-way. Moving to another origin releases the old origin's permission.
 * - `remove()` unregisters, forgets the configuration and releases the origin's permission.
 *
 * APIs: https://developer.chrome.com/docs/extensions/reference/api/scripting#method-registerContentScripts,
 * https://developer.chrome.com/docs/extensions/reference/api/permissions
 */
import type { Browser } from 'wxt/browser';
import { builtInOverlap, type CustomHelpdeskConfig, originPattern } from '../../lib/helpdesks/custom/config.ts';
import type { CustomHelpdeskRead } from '../../lib/helpdesks/custom/storage.ts';
import { ReplyFailure } from '../../lib/messaging/errors.ts';
import type { CustomHelpdeskStatus } from '../../lib/messaging/protocol.ts';

/** The id of the dynamically registered content script. */
export const CUSTOM_SCRIPT_ID = 'crm-sidebar-custom-helpdesk';

/** The parts of `browser.scripting` used here. */
export type ScriptingApi = Pick<
  typeof Browser.scripting,
  'getRegisteredContentScripts' | 'registerContentScripts' | 'updateContentScripts' | 'unregisterContentScripts'
>;
/** The parts of `browser.permissions` used here. */
export type PermissionsApi = Pick<typeof Browser.permissions, 'contains' | 'remove'>;

/** A `content_scripts` entry of the manifest, as far as it matters here. */
export interface ManifestContentScript {
  matches?: string[];
  js?: string[];
  css?: string[];
  world?: string;
}

/** What the custom helpdesk service needs from the outside world (tests pass fakes). */
export interface CustomHelpdeskDeps {
  scripting: ScriptingApi;
  permissions: PermissionsApi;
  /** `browser.runtime.getManifest()`. */
  getManifest(): { content_scripts?: ManifestContentScript[] };
  /** Reads the stored configuration (lib/helpdesks/custom/storage.ts `loadCustomHelpdesk`). */
  load(): Promise<CustomHelpdeskRead>;
  /** Stores a configuration, or removes it with null. */
  store(config: CustomHelpdeskConfig | null): Promise<void>;
  /** The built-in adapters (label and match patterns): their pages cannot be a custom helpdesk. */
  builtIn: readonly { label: string; matches: readonly string[] }[];
}

export interface CustomHelpdeskService {
  /** The current state, after making the registration match it. */
  reconcile(): Promise<CustomHelpdeskStatus>;
  /** Saves and registers `config`; throws a `ReplyFailure` (nothing changed) when it cannot. */
  save(config: CustomHelpdeskConfig): Promise<CustomHelpdeskStatus>;
  /** Unregisters and forgets the custom helpdesk; `released` tells whether the permission was given back. */
  remove(): Promise<{ removed: boolean; released: boolean }>;
}

/** The sidebar's script files: js and css of the `content_scripts` entry covering every built-in helpdesk. */
export function sidebarScriptFiles(
  manifest: { content_scripts?: ManifestContentScript[] },
  builtInMatches: readonly string[],
): { js: string[]; css: string[] } | null {
  const entries = (manifest.content_scripts ?? []).filter(
    (entry) => (entry.js?.length ?? 0) > 0 && entry.world !== 'MAIN',
  );
  const covering = entries.filter((entry) => builtInMatches.every((m) => entry.matches?.includes(m)));
  const entry = covering.find((e) => e.js?.some((file) => /sidebar/.test(file))) ?? covering[0];
  if (!entry?.js) return null;
  return { js: [...entry.js], css: [...(entry.css ?? [])] };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sameList = (a: readonly string[] | undefined, b: readonly string[]) =>
  (a ?? []).length === b.length && b.every((value, i) => a?.[i] === value);

/** Creates the service. */
export function createCustomHelpdeskService(deps: CustomHelpdeskDeps): CustomHelpdeskService {
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `task` after every earlier task (registration calls must not interleave). */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function registered() {
    return deps.scripting.getRegisteredContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
  }

  async function unregister(): Promise<void> {
    if ((await registered()).length > 0) {
      await deps.scripting.unregisterContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
    }
  }

  async function granted(config: CustomHelpdeskConfig): Promise<boolean> {
    try {
      return await deps.permissions.contains({ origins: [originPattern(config.urlPattern)] });
    } catch {
      return false;
    }
  }

  /** Registers (or updates) the script for `config`; throws with the browser's reason. */
  async function register(config: CustomHelpdeskConfig): Promise<void> {
    const builtInMatches = deps.builtIn.flatMap((a) => a.matches);
    const files = sidebarScriptFiles(deps.getManifest(), builtInMatches);
    if (!files) throw new Error("the sidebar's content script is missing from the extension's manifest");
    const script = {
      id: CUSTOM_SCRIPT_ID,
      // The whole site, not only the ticket pattern: a single-page helpdesk moves from its ticket list
      // into a ticket without a page load, and the script must already be there to follow it. It only
      // shows the sidebar on pages the custom adapter recognises (the pattern, with a ticket id).
      matches: [originPattern(config.urlPattern)],
      js: files.js,
      ...(files.css.length > 0 ? { css: files.css } : {}),
      runAt: 'document_idle' as const,
      allFrames: false,
      persistAcrossSessions: true,
    };
    const [current] = await registered();
    if (!current) {
      await deps.scripting.registerContentScripts([script]);
      return;
    }
    if (
      sameList(current.matches, script.matches) &&
      sameList(current.js, script.js) &&
      sameList(current.css, files.css)
    ) {
      return;
    }
    await deps.scripting.updateContentScripts([script]);
  }

  /** The body of `reconcile`, for callers already inside `serial`. */
  async function reconcileNow(): Promise<CustomHelpdeskStatus> {
    const read = await deps.load();
    if (!read.ok) {
      await unregister().catch(() => undefined);
      return {
        config: null,
        active: false,
        permission: false,
        problem: `The saved custom helpdesk is invalid (${read.problem}). Set it up again.`,
      };
    }
    const { config } = read;
    if (!config) {
      await unregister();
      return { config: null, active: false, permission: false, problem: null };
    }
    if (!(await granted(config))) {
      await unregister();
      return {
        config,
        active: false,
        permission: false,
        problem: `The browser no longer lets the CRM sidebar read ${originPattern(config.urlPattern)}. Save the custom helpdesk again and allow access.`,
      };
    }
    try {
      await register(config);
    } catch (error) {
      return {
        config,
        active: false,
        permission: true,
        problem: `Couldn't add the sidebar to ${config.urlPattern}: ${errorText(error)}.`,
      };
    }
    return { config, active: true, permission: true, problem: null };
  }

  /** Gives back an origin's permission; false when the browser refuses (e.g. a permission the manifest requires). */
  async function release(pattern: string): Promise<boolean> {
    try {
      return await deps.permissions.remove({ origins: [originPattern(pattern)] });
    } catch (error) {
      console.warn(`[crm-sidebar] Could not release the permission for ${pattern}.`, error);
      return false;
    }
  }

  return {
    reconcile: () => serial(reconcileNow),

    save: (config) =>
      serial(async () => {
        const overlap = builtInOverlap(config.urlPattern, deps.builtIn);
        if (overlap) {
          throw new ReplyFailure({
            code: 'invalid_custom_helpdesk',
            message: `URL pattern: these are ${overlap} pages, where the sidebar already works without a custom helpdesk.`,
            retryable: false,
          });
        }
        const origin = originPattern(config.urlPattern);
        if (!(await granted(config))) {
          throw new ReplyFailure({
            code: 'permission_denied',
            message: `The browser did not let the CRM sidebar read ${origin}, so nothing was saved.`,
            retryable: false,
          });
        }
        const before = await deps.load();
        const previous = before.ok ? before.config : null;
        await deps.store(config);
        const status = await reconcileNow();
        if (!status.active) {
          // Put everything back as it was: the old configuration and its registration.
          await deps.store(previous).catch(() => undefined);
          await reconcileNow().catch(() => undefined);
          throw new ReplyFailure({
            code: 'registration_failed',
            message: `${status.problem ?? "Couldn't add the sidebar to the custom helpdesk."} Nothing was saved.`,
            retryable: true,
          });
        }
        if (previous && originPattern(previous.urlPattern) !== origin) await release(previous.urlPattern);
        return status;
      }),

    remove: () =>
      serial(async () => {
        const read = await deps.load();
        const config = read.ok ? read.config : null;
        await unregister();
        await deps.store(null);
        const released = config ? await release(config.urlPattern) : false;
        return { removed: config !== null || !read.ok, released };
      }),
  };
}

/** The service wired to the browser, and a way to hear about everything that calls for a reconcile. */
export interface CustomHelpdeskWiring {
  service: CustomHelpdeskService;
  /**
   * Calls `listener` on `runtime.onInstalled` (an update drops dynamic scripts), `runtime.onStartup`,
   * a permission added or removed (e.g. revoked in chrome://extensions), and a change of the stored
   * configuration. Must be called in the service worker's first turn.
   */
  watch(listener: () => void): void;
}
