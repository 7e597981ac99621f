/**
 * Options page entry: renders the settings form with the real storage and messaging client.
 * WXT options entrypoint (`<meta name="manifest.open_in_tab">` in index.html):
 * https://wxt.dev/guide/essentials/entrypoints.html#options
 */
import { render } from 'preact';
import { createMessagingClient } from '../../lib/messaging/client.ts';
import { readSettings, writeSettings } from '../../lib/messaging/settings.ts';
import { OptionsApp } from './App.tsx';

const root = document.getElementById('app');
if (root) {
  render(
    <OptionsApp
      client={createMessagingClient()}
      load={readSettings}
      save={async (settings) => {
        await writeSettings(settings);
      }}
    />,
    root,
  );
}
