// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '../../../entrypoints/options/App.tsx';
import type { MessageName, MessagingClient, Reply, ReplyOf, RequestOf } from '../../../lib/messaging/protocol.ts';
import { readSettings, writeSettings } from '../../../lib/messaging/settings.ts';
import { health } from './fixtures.ts';

type TestReply = Reply<ReplyOf<'options→background:testConnection'>>;

/** A messaging client that records testConnection calls and answers `reply`. */
function fakeClient(reply: TestReply) {
  const calls: unknown[] = [];
  const client: MessagingClient = {
    async send<N extends MessageName>(type: N, payload: RequestOf<N>) {
      calls.push({ type, payload });
      return reply as unknown as Reply<ReplyOf<N>>;
    },
  };
  return { client, calls };
}

async function renderOptions(reply: TestReply = { ok: true, data: health }) {
  const fake = fakeClient(reply);
  const save = vi.fn(async (s: Parameters<typeof writeSettings>[0]) => {
    await writeSettings(s);
  });
  render(<OptionsApp client={fake.client} load={readSettings} save={save} />);
  await screen.findByLabelText('Proxy URL');
  return { ...fake, save };
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
function type(label: string, value: string) {
  fireEvent.input(input(label), { target: { value } });
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => cleanup());

describe('options page', () => {
  it('shows the saved settings, with defaults for a fresh install', async () => {
    await renderOptions();
    expect(input('Proxy URL').value).toBe('http://localhost:8787');
    expect(input('API key').value).toBe('');
    expect(input('API key').type).toBe('password');
    expect(input('Sync automatically when a ticket opens').checked).toBe(false);
  });

  it('Save persists the form in storage.local `settings` and says "Saved."', async () => {
    const { save } = await renderOptions();
    type('Proxy URL', ' https://proxy.example.com/ ');
    type('API key', ' team-key ');
    fireEvent.click(input('Sync automatically when a ticket opens'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
    expect(save).toHaveBeenCalledOnce();
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({
      settings: { proxyUrl: 'https://proxy.example.com', apiKey: 'team-key', autoSync: true },
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('loads what was saved before', async () => {
    await fakeBrowser.storage.local.set({
      settings: { proxyUrl: 'http://10.1.2.3:8787', apiKey: 'abc', autoSync: true, defaultRegion: 'DE' },
    });
    await renderOptions();
    expect(input('Proxy URL').value).toBe('http://10.1.2.3:8787');
    expect(input('API key').value).toBe('abc');
    expect(input('Sync automatically when a ticket opens').checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
    // a value this page does not edit survives a Save
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({
      settings: { proxyUrl: 'http://10.1.2.3:8787', apiKey: 'abc', autoSync: true, defaultRegion: 'DE' },
    });
  });

  it('refuses an invalid URL: alert, field marked invalid and focused, nothing saved', async () => {
    const { save } = await renderOptions();
    for (const bad of ['localhost:8787', 'ftp://proxy.example.com', 'not a url', '']) {
      type('Proxy URL', bad);
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      expect((await screen.findByRole('alert')).textContent).toBe('That is not a valid URL.');
      expect(input('Proxy URL').getAttribute('aria-invalid')).toBe('true');
      expect(document.activeElement).toBe(input('Proxy URL'));
    }
    expect(save).not.toHaveBeenCalled();
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({});
  });

  it('the API key can be shown and hidden', async () => {
    await renderOptions();
    type('API key', 'secret');
    const toggle = screen.getByRole('button', { name: 'Show API key' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    expect(input('API key').type).toBe('text');
    expect(input('API key').value).toBe('secret');
    fireEvent.click(screen.getByRole('button', { name: 'Hide API key' }));
    expect(input('API key').type).toBe('password');
  });

  it('Test connection tests the values in the form and names the CRM', async () => {
    const { calls } = await renderOptions({ ok: true, data: health });
    type('Proxy URL', 'http://127.0.0.1:8787/');
    type('API key', 'unsaved-key');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Connected to HubSpot (sandbox).'));
    expect(calls).toEqual([
      {
        type: 'options→background:testConnection',
        payload: { proxyUrl: 'http://127.0.0.1:8787', apiKey: 'unsaved-key' },
      },
    ]);
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({}); // testing does not save
  });

  it('Test connection against a real CRM says so without "(sandbox)"', async () => {
    await renderOptions({
      ok: true,
      data: { ...health, crm: { provider: 'hubspot', label: 'HubSpot', sandbox: false } },
    });
    type('API key', 'k');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Connected to HubSpot.'));
  });

  it.each([
    ["Can't reach the sync proxy at http://localhost:8787.", 'proxy_unreachable'],
    ['The sync proxy rejected the API key.', 'unauthorized'],
  ])('Test connection shows the exact failure: %s', async (message, code) => {
    await renderOptions({ ok: false, error: { code, message, retryable: code === 'proxy_unreachable' } });
    type('API key', 'k');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('Test connection with an invalid URL does not send anything', async () => {
    const { calls } = await renderOptions();
    type('Proxy URL', 'http//oops');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That is not a valid URL.');
    expect(calls).toEqual([]);
  });

  it('a save that fails in storage is reported', async () => {
    const fake = fakeClient({ ok: true, data: health });
    render(
      <OptionsApp
        client={fake.client}
        load={readSettings}
        save={async () => {
          throw new Error('QUOTA_BYTES quota exceeded');
        }}
      />,
    );
    await screen.findByLabelText('Proxy URL');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      "Couldn't save the settings: QUOTA_BYTES quota exceeded",
    );
  });

  it('editing after a result clears it', async () => {
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
    type('API key', 'changed');
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
