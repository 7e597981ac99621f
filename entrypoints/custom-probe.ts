/**
 * "Test on this page" (unlisted script, built to /custom-probe.js): injected by the toolbar popup into
 * the tab the team lead is looking at (`scripting.executeScript` under `activeTab`), it reads the page
 * with the saved custom helpdesk's selectors once and returns a `ProbeResult`
 * (lib/helpdesks/custom/probe.ts) as the script's result. It changes nothing on the page.
 * WXT: the value `main` returns is what `executeScript` resolves with
 * (https://wxt.dev/guide/essentials/scripting.html#execute-script-return-values).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { type ProbeResult, probePage } from '../lib/helpdesks/custom/probe.ts';
import { loadCustomHelpdesk } from '../lib/helpdesks/custom/storage.ts';

export default defineUnlistedScript(async (): Promise<ProbeResult> => {
  return probePage(await loadCustomHelpdesk(), document, new URL(location.href));
});
