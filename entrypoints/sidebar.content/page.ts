/**
 * The content script's contact with the helpdesk page: the reader passed to adapters (page fetch,
 * abort on invalidation or timeout) and the collapsed/expanded state kept for the tab's session.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ReaderFactory } from './sidebars.ts';

/** How long a helpdesk read may take before it is reported as a network error. */
export const READ_TIMEOUT_MS = 15_000;
const COLLAPSED_KEY = 'crm-sidebar:collapsed';

/** Aborts when the content script is invalidated or after `READ_TIMEOUT_MS`. */
function readSignal(ctx: ContentScriptContext): AbortSignal {
  const timeout = AbortSignal.timeout(READ_TIMEOUT_MS);
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([ctx.signal, timeout]) : timeout;
}

/**
 * The page-context fetch: in Firefox `content.fetch` makes requests as the page (with its
 * cookies); Chrome's content-script fetch already does for same-origin URLs.
 * https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/Content_scripts#xhr_and_fetch
 */
function pageFetch(): typeof fetch {
  const content = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  return content?.fetch ? content.fetch.bind(content) : globalThis.fetch.bind(globalThis);
}

/** A reader factory bound to this content script's lifetime. */
export function readerFor(ctx: ContentScriptContext): ReaderFactory {
  return (adapter, ticket, url) => () =>
    adapter.readCustomer({ url, ticket, fetch: pageFetch(), signal: readSignal(ctx), document });
}

/** Whether the agent collapsed the sidebar earlier in this tab's session. */
export function readCollapsed(): boolean {
  try {
    return sessionStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

export function writeCollapsed(collapsed: boolean): void {
  try {
    if (collapsed) sessionStorage.setItem(COLLAPSED_KEY, '1');
    else sessionStorage.removeItem(COLLAPSED_KEY);
  } catch {
    // Storage blocked (sandboxed page, privacy mode): the choice lasts until reload.
  }
}
