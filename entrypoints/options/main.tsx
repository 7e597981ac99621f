/**
 * Options page entry: renders the settings form with the real storage and messaging client.
 * WXT options entrypoint (`<meta name="manifest.open_in_tab">` in index.html):
 * https://wxt.dev/guide/essentials/entrypoints.html#options
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { HELPDESK_ADAPTERS } from '../../lib/helpdesks/index.ts';
import { createMessagingClient } from '../../lib/messaging/client.ts';
import { readSettings, writeSettings } from '../../lib/messaging/settings.ts';
import { OptionsApp } from './App.tsx';
import { CustomHelpdeskSection } from './CustomHelpdesk.tsx';

const root = document.getElementById('app');
if (root) {
  const client = createMessagingClient();
  render(
    <OptionsApp
      client={client}
      load={readSettings}
      save={async (settings) => {
        await writeSettings(settings);
      }}
    >
      <CustomHelpdeskSection
        client={client}
        builtIn={HELPDESK_ADAPTERS}
        permissions={{
          request: (origins) => browser.permissions.request({ origins }),
          remove: (origins) => browser.permissions.remove({ origins }),
        }}
      />
    </OptionsApp>,
    root,
  );
}
