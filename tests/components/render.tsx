/** Mounts a sidebar for one ticket against a fake background, the way the content script does. */
import { render } from '@testing-library/preact';
import { SidebarApp } from '../../components/SidebarApp.tsx';
import type { TicketRef } from '../../lib/contracts/index.ts';
import type { ReadResult, TicketWords } from '../../lib/helpdesks/types.ts';
import { createSidebarStore } from '../../lib/store/sidebar.ts';
import { createFakeClient, type FakeClient } from './fake-client.ts';
import { readOk, TICKET } from './fixtures.ts';

/**
 * Options: the fake background (`client`), the adapter's read result, a clock, and for another
 * helpdesk than Zendesk its ticket, name and words (`helpdeskLabel`, `words`).
 */
export function mountSidebar(
  options: {
    client?: FakeClient;
    read?: ReadResult | (() => Promise<ReadResult>);
    now?: () => number;
    ticket?: TicketRef;
    helpdeskLabel?: string;
    words?: TicketWords;
  } = {},
) {
  const client = options.client ?? createFakeClient();
  const store = createSidebarStore({
    client,
    ticket: options.ticket ?? TICKET,
    read: options.read ?? readOk(),
    ...(options.now ? { now: options.now } : {}),
    ...(options.helpdeskLabel ? { helpdeskLabel: options.helpdeskLabel } : {}),
    ...(options.words ? { words: options.words } : {}),
  });
  const view = render(<SidebarApp store={store} collapsed={false} onToggle={() => {}} />);
  const started = store.getState().actions.start();
  return { client, store, view, started };
}
