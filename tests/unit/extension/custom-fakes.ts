/**
 * In-memory stand-ins for the browser APIs the custom helpdesk uses that WXT's fake browser does not
 * implement (`scripting` content script registration, `permissions`), behaving like Chrome's:
 * registering an existing id, or updating/unregistering a missing one, is an error.
 * https://developer.chrome.com/docs/extensions/reference/api/scripting#method-registerContentScripts
 */
import type { Browser } from 'wxt/browser';
import type { ManifestContentScript } from '../../../entrypoints/background/custom-helpdesk.ts';

type Script = Browser.scripting.RegisteredContentScript;

/** A fake `browser.scripting` (registration only); `failNext` makes the next call reject. */
export function fakeScripting() {
  const scripts = new Map<string, Script>();
  const calls: { method: string; ids: string[] }[] = [];
  let failure: Error | null = null;
  const failIfAsked = () => {
    if (failure) {
      const error = failure;
      failure = null;
      throw error;
    }
  };
  const api = {
    async getRegisteredContentScripts(filter?: { ids?: string[] }) {
      const all = [...scripts.values()];
      return structuredClone(filter?.ids ? all.filter((s) => filter.ids?.includes(s.id)) : all);
    },
    async registerContentScripts(list: Script[]) {
      calls.push({ method: 'register', ids: list.map((s) => s.id) });
      failIfAsked();
      for (const s of list) if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
      for (const s of list) scripts.set(s.id, structuredClone(s));
    },
    async updateContentScripts(list: Script[]) {
      calls.push({ method: 'update', ids: list.map((s) => s.id) });
      failIfAsked();
      for (const s of list) if (!scripts.has(s.id)) throw new Error(`Nonexistent script ID '${s.id}'`);
      for (const s of list) scripts.set(s.id, { ...scripts.get(s.id)!, ...structuredClone(s) });
    },
    async unregisterContentScripts(filter?: { ids?: string[] }) {
      calls.push({ method: 'unregister', ids: filter?.ids ?? [] });
      failIfAsked();
      const ids = filter?.ids ?? [...scripts.keys()];
      for (const id of ids) if (!scripts.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
      for (const id of ids) scripts.delete(id);
    },
  };
  return {
    api: api as unknown as Pick<
      typeof Browser.scripting,
      'getRegisteredContentScripts' | 'registerContentScripts' | 'updateContentScripts' | 'unregisterContentScripts'
    >,
    scripts,
    calls,
    failNext(error: Error) {
      failure = error;
    },
  };
}

/**
 * A fake `browser.permissions` over a set of granted origins. `required` origins (the manifest's own
 * host permissions) cannot be removed, as in Chrome.
 */
export function fakePermissions(granted: string[] = [], required: string[] = []) {
  const origins = new Set([...granted, ...required]);
  const removed: string[] = [];
  const api = {
    async contains(p: { origins?: string[] }) {
      return (p.origins ?? []).every((o) => origins.has(o));
    },
    async remove(p: { origins?: string[] }) {
      for (const o of p.origins ?? [])
        if (required.includes(o)) throw new Error('You cannot remove required permissions.');
      for (const o of p.origins ?? []) {
        origins.delete(o);
        removed.push(o);
      }
      return true;
    },
  };
  return {
    api: api as unknown as Pick<typeof Browser.permissions, 'contains' | 'remove'>,
    origins,
    removed,
    grant(origin: string) {
      origins.add(origin);
    },
    revoke(origin: string) {
      origins.delete(origin);
    },
  };
}

/** The content scripts of a built manifest: the sidebar (every built-in helpdesk) and a main-world helper. */
export function manifestWith(builtInMatches: readonly string[], js = ['content-scripts/sidebar.js']) {
  const contentScripts: ManifestContentScript[] = [
    { matches: ['https://app.intercom.com/a/*'], js: ['content-scripts/intercom-main-world.js'], world: 'MAIN' },
    { matches: [...builtInMatches], js },
  ];
  return { content_scripts: contentScripts };
}
