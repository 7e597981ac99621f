/**
 * Content script: on a helpdesk page known to the registry (lib/helpdesks) — or of the team lead's
 * custom helpdesk, where the background registers this script at run time — mounts the CRM sidebar
 * in an open shadow root (`<crm-sidebar>`, styles isolated via cssInjectionMode 'ui') and follows
 * the agent between tickets without a reload (`wxt:locationchange`). It reads the customer through
 * the helpdesk adapter (same-origin, the agent's session) and talks to the background only through
 * the messaging client — it never calls the sync proxy and never opens IndexedDB.
 *
 * WXT content script UI: https://wxt.dev/guide/essentials/content-scripts.html#shadow-root
 */
import '../../components/sidebar.css';
import { render } from 'preact';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { SidebarApp } from '../../components/SidebarApp.tsx';
import { pageAdapters } from '../../lib/helpdesks/custom/storage.ts';
import { CONTENT_SCRIPT_MATCHES } from '../../lib/helpdesks/index.ts';
import type { HelpdeskNoun } from '../../lib/helpdesks/types.ts';
import { createMessagingClient } from '../../lib/messaging/client.ts';
import type { SidebarStore } from '../../lib/store/sidebar.ts';
import { readCollapsed, readerFor, writeCollapsed } from './page.ts';
import { createTicketSidebars } from './sidebars.ts';

export default defineContentScript({
  matches: CONTENT_SCRIPT_MATCHES,
  cssInjectionMode: 'ui',
  async main(ctx) {
    // The registry's adapters, plus the team lead's custom helpdesk when one is saved: on its pages the
    // background registers this same script dynamically (entrypoints/background/custom-helpdesk.ts).
    const adapters = await pageAdapters();
    const sidebars = createTicketSidebars({ client: createMessagingClient(), reader: readerFor(ctx), adapters });
    let collapsed = readCollapsed();
    let current: SidebarStore | null = null;
    let noun: HelpdeskNoun = 'ticket';
    let container: HTMLElement | null = null;
    let shownHref = '';

    const paint = () => {
      if (!container || ctx.isInvalid) return;
      render(<SidebarApp store={current} collapsed={collapsed} onToggle={toggle} noun={noun} />, container);
    };
    const toggle = () => {
      collapsed = !collapsed;
      writeCollapsed(collapsed);
      paint();
    };
    const follow = (href: string) => {
      if (href === shownHref) return;
      shownHref = href;
      current = sidebars.storeFor(href);
      noun = sidebars.nounFor(href);
      paint();
    };
    /** Settles on the URL the page actually shows (a navigation may be redirected or cancelled). */
    const settle = () => follow(location.href);

    const ui = await createShadowRootUi(ctx, {
      name: 'crm-sidebar',
      mode: 'open',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      isolateEvents: true,
      onMount(uiContainer) {
        container = uiContainer;
        paint();
        return uiContainer;
      },
      onRemove(mounted) {
        if (mounted) render(null, mounted);
        container = null;
      },
    });
    settle();
    ui.mount();
    // WXT reports SPA navigations through the Navigation API's `navigate` event, which fires
    // before `location` changes: follow the event's URL now, then re-check what was committed.
    ctx.addEventListener(window, 'wxt:locationchange', (event) => {
      follow(event.newUrl.href);
      ctx.setTimeout(settle, 100);
    });
    ctx.addEventListener(window, 'popstate', settle);
  },
});
