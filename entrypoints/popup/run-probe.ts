/**
 * Runs "Test on this page" from the toolbar popup: injects the probe script (entrypoints/custom-probe.ts)
 * into the target tab with `scripting.executeScript` and validates what it returns.
 *
 * The target is the active tab of the popup's window, which the toolbar click granted to the extension
 * (`activeTab`). When the popup is opened as a page with `?tab=<id>` (tests, where no toolbar can be
 * clicked), that tab is the target instead; it can only be read if the extension has its origin.
 * https://developer.chrome.com/docs/extensions/develop/concepts/activeTab
 */
import { browser } from 'wxt/browser';
import { ProbeResult } from '../../lib/helpdesks/custom/probe.ts';

/** Where WXT builds the unlisted script entrypoints/custom-probe.ts. */
export const PROBE_SCRIPT = '/custom-probe.js';

/** The outcome of one test: the probe's answer, or why the page could not be tested. */
export type ProbeRun = { ok: true; result: ProbeResult } | { ok: false; message: string };

/** The tab to test: `?tab=<id>` from the popup's address, else the active tab of its window. */
export async function targetTabId(search: string = location.search): Promise<number | null> {
  const param = new URLSearchParams(search).get('tab');
  if (param !== null && /^\d{1,10}$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Injects the probe into tab `tabId` and returns its validated answer. Never throws. */
export async function runProbe(tabId: number | null): Promise<ProbeRun> {
  if (tabId === null) return { ok: false, message: 'There is no page to test: open a ticket in this window first.' };
  let results: { result?: unknown }[];
  try {
    results = await browser.scripting.executeScript({ target: { tabId }, files: [PROBE_SCRIPT] });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      message: `The CRM sidebar cannot read this page (${why}). Open a ticket of your helpdesk, then click the CRM Sidebar button again.`,
    };
  }
  const parsed = ProbeResult.safeParse(results[0]?.result);
  if (!parsed.success) {
    return { ok: false, message: 'The test did not return a readable answer. Reload the page and try again.' };
  }
  return { ok: true, result: parsed.data };
}
