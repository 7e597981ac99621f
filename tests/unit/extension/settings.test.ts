import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../../../lib/messaging/protocol.ts';
import { isConfigured, readSettings, writeSettings } from '../../../lib/messaging/settings.ts';

describe('settings in storage.local', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the defaults when nothing is saved', async () => {
    expect(await readSettings()).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(isConfigured(DEFAULT_SETTINGS)).toBe(false);
  });

  it('writes under the key `settings` and reads it back', async () => {
    const saved = { proxyUrl: 'https://proxy.example.com', apiKey: 'k-1', autoSync: true, defaultRegion: 'GB' };
    await writeSettings(saved);
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({ settings: saved });
    expect(await readSettings()).toEqual({ ok: true, settings: saved });
  });

  it('fills fields missing from a value set directly (tests, older versions) with the defaults', async () => {
    await fakeBrowser.storage.local.set({ settings: { proxyUrl: 'http://127.0.0.1:9000', apiKey: 'k' } });
    expect(await readSettings()).toEqual({
      ok: true,
      settings: { proxyUrl: 'http://127.0.0.1:9000', apiKey: 'k', autoSync: false },
    });
  });

  it('reports a stored value that does not fit the schema instead of using it', async () => {
    await fakeBrowser.storage.local.set({ settings: { proxyUrl: 'not a url', apiKey: 'k', autoSync: 'yes' } });
    const read = await readSettings();
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problem).toContain('proxyUrl');
      expect(read.problem).toContain('autoSync');
    }
  });

  it('refuses to write invalid settings', async () => {
    await expect(writeSettings({ proxyUrl: 'nope', apiKey: '', autoSync: false })).rejects.toThrow();
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({});
  });
});
