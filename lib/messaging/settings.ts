/**
 * The team lead's settings in `chrome.storage.local` under the key `settings` (shape: `Settings` of
 * protocol.ts). Read by the background for every proxy call and written by the options page.
 * WXT storage API: https://wxt.dev/storage.html
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, Settings } from './protocol.ts';

/** The storage item itself (`local:settings`); absent values read as {@link DEFAULT_SETTINGS}. */
export const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS });

/** Result of reading the settings: valid settings, or why the stored value is unusable. */
export type SettingsRead = { ok: true; settings: Settings } | { ok: false; problem: string; raw: unknown };

/**
 * Reads and validates the settings. Missing fields fall back to {@link DEFAULT_SETTINGS} (so a test or
 * an older version may store a partial object); a value that still fails the schema is reported,
 * never used.
 */
export async function readSettings(): Promise<SettingsRead> {
  const raw: unknown = await settingsItem.getValue();
  const merged = typeof raw === 'object' && raw !== null ? { ...DEFAULT_SETTINGS, ...raw } : raw;
  const parsed = Settings.safeParse(merged);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ');
  return { ok: false, problem, raw };
}

/** Validates and saves the settings (the options page's Save). Throws a zod error when invalid. */
export async function writeSettings(settings: Settings): Promise<Settings> {
  const valid = Settings.parse(settings);
  await settingsItem.setValue(valid);
  return valid;
}

/** True when the settings let the background call the proxy (an API key is set). */
export function isConfigured(settings: Settings): boolean {
  return settings.apiKey.trim() !== '';
}
