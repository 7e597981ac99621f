/**
 * Toolbar popup entry: "Test on this page" for the custom helpdesk, on the real browser APIs.
 * WXT popup entrypoint: https://wxt.dev/guide/essentials/entrypoints.html#popup
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { loadCustomHelpdesk } from '../../lib/helpdesks/custom/storage.ts';
import { PopupApp } from './App.tsx';
import { runProbe, targetTabId } from './run-probe.ts';

const root = document.getElementById('app');
if (root) {
  render(
    <PopupApp
      load={loadCustomHelpdesk}
      test={async () => runProbe(await targetTabId())}
      openOptions={() => {
        void browser.runtime.openOptionsPage().finally(() => window.close());
      }}
    />,
    root,
  );
}
