import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createMessagingClient, EXTENSION_UNAVAILABLE } from '../../../lib/messaging/client.ts';
import { ReplyFailure } from '../../../lib/messaging/errors.ts';
import type { Envelope } from '../../../lib/messaging/protocol.ts';
import { createRouter, type Handlers, type MessageSender } from '../../../lib/messaging/router.ts';
import { customer, health, lookupResult, ticket } from './fixtures.ts';

const EXTENSION_ID = 'test-extension-id';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const contentScript: MessageSender = {
  id: EXTENSION_ID,
  url: 'https://demo.zendesk.com/agent/tickets/1003',
  tab: { id: 7 },
  frameId: 0,
};
const optionsPage: MessageSender = { id: EXTENSION_ID, url: `${ORIGIN}options.html` };

function unexpected(name: string) {
  return () => Promise.reject(new Error(`${name} should not be called`));
}

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'sidebar→background:cached': unexpected('cached'),
    'sidebar→background:lookup': unexpected('lookup'),
    'sidebar→background:sync': unexpected('sync'),
    'sidebar→background:resolve': unexpected('resolve'),
    'sidebar→background:discard': unexpected('discard'),
    'sidebar→background:settings': unexpected('settings'),
    'sidebar→background:openOptions': unexpected('openOptions'),
    'options→background:testConnection': unexpected('testConnection'),
    'options→background:customHelpdesk': unexpected('customHelpdesk'),
    'options→background:saveCustomHelpdesk': unexpected('saveCustomHelpdesk'),
    'options→background:removeCustomHelpdesk': unexpected('removeCustomHelpdesk'),
    ...overrides,
  };
}

const router = (h: Handlers) => createRouter(h, { extensionId: EXTENSION_ID, extensionOrigin: ORIGIN });

describe('router', () => {
  it('calls the typed handler with the parsed payload and answers {ok:true, data}', async () => {
    const lookup = vi.fn(async () => lookupResult);
    const reply = await router(handlers({ 'sidebar→background:lookup': lookup })).handle(
      { type: 'sidebar→background:lookup', payload: { ticket, customer } },
      contentScript,
    );
    expect(reply).toEqual({ ok: true, data: lookupResult });
    expect(lookup).toHaveBeenCalledWith({ ticket, customer }, { sender: contentScript });
  });

  it('refuses a message from another extension', async () => {
    const settings = vi.fn(async () => ({ configured: true, autoSync: false, proxyUrl: 'http://x.test' }));
    const reply = await router(handlers({ 'sidebar→background:settings': settings })).handle(
      { type: 'sidebar→background:settings', payload: {} },
      { ...contentScript, id: 'someone-else' },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender', retryable: false } });
    expect(settings).not.toHaveBeenCalled();
  });

  it('refuses a sidebar message that does not come from a tab, and an options message from a tab', async () => {
    const r = router(
      handlers({
        'sidebar→background:settings': async () => ({ configured: true, autoSync: false, proxyUrl: 'http://x.test' }),
        'options→background:testConnection': async () => health,
      }),
    );
    const fromPage = await r.handle({ type: 'sidebar→background:settings', payload: {} }, optionsPage);
    expect(fromPage).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    const fromTab = await r.handle(
      { type: 'options→background:testConnection', payload: { proxyUrl: 'http://localhost:8787', apiKey: 'k' } },
      contentScript,
    );
    expect(fromTab).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    const ok = await r.handle(
      { type: 'options→background:testConnection', payload: { proxyUrl: 'http://localhost:8787', apiKey: 'k' } },
      optionsPage,
    );
    expect(ok).toEqual({ ok: true, data: health });
  });

  it('answers invalid_message with the issues for a payload that fails its schema', async () => {
    const lookup = vi.fn(async () => lookupResult);
    const reply = await router(handlers({ 'sidebar→background:lookup': lookup })).handle(
      { type: 'sidebar→background:lookup', payload: { ticket, customer: { ...customer, helpdesk: 'nope' } } },
      contentScript,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_message', retryable: false } });
    if (reply.ok) throw new Error('unreachable');
    expect(reply.error.details?.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'customer.helpdesk' })]),
    );
    expect(lookup).not.toHaveBeenCalled();
  });

  it('answers unknown types and non-envelopes with an error instead of throwing', async () => {
    const r = router(handlers());
    await expect(r.handle({ type: 'sidebar→background:explode', payload: {} }, contentScript)).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_message' },
    });
    await expect(r.handle('hello', contentScript)).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_message' },
    });
    await expect(r.handle({ type: 'toString', payload: {} }, contentScript)).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_message' },
    });
  });

  it('turns a ReplyFailure into its error and any other throw into internal', async () => {
    const r = router(
      handlers({
        'sidebar→background:settings': async () => {
          throw new ReplyFailure({ code: 'not_configured', message: 'Set it up.', retryable: false });
        },
        'sidebar→background:openOptions': async () => {
          throw new Error('boom');
        },
      }),
    );
    await expect(r.handle({ type: 'sidebar→background:settings', payload: {} }, contentScript)).resolves.toEqual({
      ok: false,
      error: { code: 'not_configured', message: 'Set it up.', retryable: false },
    });
    await expect(r.handle({ type: 'sidebar→background:openOptions', payload: {} }, contentScript)).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong in the CRM sidebar: boom', retryable: false },
    });
  });

  it('its listener answers through sendResponse and keeps the channel open', async () => {
    const r = router(handlers({ 'options→background:testConnection': async () => health }));
    const sendResponse = vi.fn();
    const keepOpen = r.listener(
      { type: 'options→background:testConnection', payload: { proxyUrl: 'http://localhost:8787', apiKey: 'k' } },
      optionsPage,
      sendResponse,
    );
    expect(keepOpen).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: true, data: health }));
  });
});

describe('messaging client', () => {
  beforeEach(() => fakeBrowser.reset());

  it('sends {type, payload} through runtime.sendMessage and returns the validated reply', async () => {
    const seen: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((message, _sender, sendResponse) => {
      seen.push(message);
      sendResponse({ ok: true, data: health });
      return true;
    });
    const reply = await createMessagingClient().send('options→background:testConnection', {
      proxyUrl: 'http://localhost:8787',
      apiKey: 'k',
    });
    expect(reply).toEqual({ ok: true, data: health });
    expect(seen).toEqual([
      { type: 'options→background:testConnection', payload: { proxyUrl: 'http://localhost:8787', apiKey: 'k' } },
    ]);
  });

  it('passes an error reply through unchanged', async () => {
    const error = {
      code: 'proxy_unreachable',
      message: "Can't reach the sync proxy at http://x.test.",
      retryable: true,
      queued: true,
    };
    const client = createMessagingClient(async () => ({ ok: false, error }));
    await expect(client.send('sidebar→background:settings', {})).resolves.toEqual({ ok: false, error });
  });

  it('a rejected send (extension reloaded) becomes extension_unavailable', async () => {
    const client = createMessagingClient(async () => {
      throw new Error('Extension context invalidated.');
    });
    const reply = await client.send('sidebar→background:settings', {});
    expect(reply).toEqual({
      ok: false,
      error: { ...EXTENSION_UNAVAILABLE, details: { cause: 'Extension context invalidated.' } },
    });
    if (reply.ok) throw new Error('unreachable');
    expect(reply.error.message).toBe('The CRM sidebar was updated. Reload this page to continue.');
  });

  it('a missing or malformed reply becomes extension_unavailable', async () => {
    const none = await createMessagingClient(async () => undefined).send('sidebar→background:settings', {});
    expect(none).toMatchObject({ ok: false, error: { code: 'extension_unavailable', details: { cause: 'no reply' } } });
    const wrongShape = await createMessagingClient(async () => ({ ok: true, data: { configured: 'yes' } })).send(
      'sidebar→background:settings',
      {},
    );
    expect(wrongShape).toMatchObject({ ok: false, error: { code: 'extension_unavailable' } });
  });

  it('round-trips through the router', async () => {
    const r = router(
      handlers({
        'sidebar→background:settings': async () => ({ configured: true, autoSync: true, proxyUrl: 'http://p.test' }),
      }),
    );
    const client = createMessagingClient((message: Envelope) => r.handle(message, contentScript));
    await expect(client.send('sidebar→background:settings', {})).resolves.toEqual({
      ok: true,
      data: { configured: true, autoSync: true, proxyUrl: 'http://p.test' },
    });
  });
});
