/**
 * The sidebar for one ticket: error banner, the customer read from the helpdesk, the CRM record,
 * Sync now with its outcome, and the pending conflicts. Data comes from the store only.
 */
import { useRef } from 'preact/hooks';
import type { SidebarStore } from '../lib/store/sidebar.ts';
import { ConflictList } from './ConflictList.tsx';
import { CrmCard } from './CrmCard.tsx';
import { CustomerCard } from './CustomerCard.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { SyncResult } from './SyncResult.tsx';

export function Sidebar({ store }: { store: SidebarStore }) {
  const syncButton = useRef<HTMLButtonElement | null>(null);
  const container = useRef<HTMLDivElement | null>(null);

  /** Focus for when the control that had it goes away: Sync now, else the panel itself. */
  const focusHome = () => {
    const button = syncButton.current;
    const syncing = store.getState().sync.status === 'syncing';
    if (button && !button.disabled && !syncing) button.focus();
    else container.current?.focus();
  };

  return (
    <div class="crm-ticket" ref={container} tabIndex={-1}>
      <ErrorBanner store={store} onRetried={focusHome} />
      <CustomerCard store={store} />
      <CrmCard store={store} />
      <SyncResult store={store} buttonRef={syncButton} />
      <ConflictList store={store} onEmpty={focusHome} />
    </div>
  );
}
