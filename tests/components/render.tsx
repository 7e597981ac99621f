/** Mounts a sidebar for one ticket against a fake background, the way the content script does. */
import { render } from '@testing-library/preact';
import { SidebarApp } from '../../components/SidebarApp.tsx';
import type { ReadResult } from '../../lib/helpdesks/types.ts';
import { createSidebarStore } from '../../lib/store/sidebar.ts';
import { createFakeClient, type FakeClient } from './fake-client.ts';
import { readOk, TICKET } from './fixtures.ts';

export function mountSidebar(
  options: { client?: FakeClient; read?: ReadResult | (() => Promise<ReadResult>); now?: () => number } = {},
) {
  const client = options.client ?? createFakeClient();
  const store = createSidebarStore({
    client,
    ticket: TICKET,
    read: options.read ?? readOk(),
    ...(options.now ? { now: options.now } : {}),
  });
  const view = render(<SidebarApp store={store} collapsed={false} onToggle={() => {}} />);
  const started = store.getState().actions.start();
  return { client, store, view, started };
}
