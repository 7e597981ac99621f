/**
 * Where the custom helpdesk's configuration lives: `storage.local` key `customHelpdesk` (shape:
 * `CustomHelpdeskConfig`, or absent). Written only by the background (after the options page's Save,
 * once the origin's permission is granted), read by the background, the content script (content
 * scripts may read `storage.local`; they never touch IndexedDB) and the toolbar popup.
 * WXT storage API: https://wxt.dev/storage.html
 */
import { storage } from 'wxt/utils/storage';
import { HELPDESK_ADAPTERS } from '../index.ts';
import type { HelpdeskAdapter } from '../types.ts';
import { createCustomAdapter, type CustomReadTiming } from '../custom.ts';
import { CustomHelpdeskConfig, describeConfigIssue } from './config.ts';

/** The storage item (`local:customHelpdesk`); null when no custom helpdesk is configured. */
export const customHelpdeskItem = storage.defineItem<unknown>('local:customHelpdesk', { fallback: null });

/** The stored configuration: valid, absent (`config: null`), or unusable with the reason. */
export type CustomHelpdeskRead =
  { ok: true; config: CustomHelpdeskConfig | null } | { ok: false; problem: string; raw: unknown };

/** Reads and validates the stored configuration. Never throws for a bad value; storage errors propagate. */
export async function loadCustomHelpdesk(): Promise<CustomHelpdeskRead> {
  const raw = await customHelpdeskItem.getValue();
  if (raw === null || raw === undefined) return { ok: true, config: null };
  const parsed = CustomHelpdeskConfig.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, problem: parsed.error.issues.map(describeConfigIssue).join('; '), raw };
}

/** Saves a configuration (validated again), or removes it with `null`. Throws a zod error when invalid. */
export async function storeCustomHelpdesk(config: CustomHelpdeskConfig | null): Promise<void> {
  if (config === null) {
    await customHelpdeskItem.removeValue();
    return;
  }
  await customHelpdeskItem.setValue(CustomHelpdeskConfig.parse(config));
}

/**
 * The adapters a content script should try on this page: the registry's, then the custom helpdesk's
 * when one is configured (the built-in adapters come first, so a custom pattern can never take over
 * a page a real adapter reads). A stored value that does not validate is ignored with a warning.
 */
export async function pageAdapters(
  base: readonly HelpdeskAdapter[] = HELPDESK_ADAPTERS,
  timing?: CustomReadTiming,
): Promise<readonly HelpdeskAdapter[]> {
  let read: CustomHelpdeskRead;
  try {
    read = await loadCustomHelpdesk();
  } catch (error) {
    console.warn('[crm-sidebar] Could not read the custom helpdesk settings.', error);
    return base;
  }
  if (!read.ok) {
    console.warn(`[crm-sidebar] The saved custom helpdesk is invalid (${read.problem}); it is ignored.`);
    return base;
  }
  return read.config ? [...base, createCustomAdapter(read.config, timing)] : base;
}
