/**
 * The error on screen: its sentence in a `role="alert"` element (announced at once), with Retry and,
 * when the fix is in the options page, Open settings. Buttons sit outside the alert so the alert's
 * text is exactly the sentence.
 */
import type { SidebarStore } from '../lib/store/sidebar.ts';
import { useSidebar } from '../lib/store/use-sidebar.ts';

export function ErrorBanner({ store, onRetried }: { store: SidebarStore; onRetried?: () => void }) {
  const error = useSidebar(store, (s) => s.sync.error);
  const { retry, openOptions } = store.getState().actions;
  if (!error) return null;
  return (
    <div class="crm-error">
      <svg class="crm-error-icon" aria-hidden="true" viewBox="0 0 16 16" width="16" height="16">
        <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.5" />
        <path d="M8 4.5v4.2M8 10.8v.7" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
      </svg>
      <div class="crm-error-body">
        <p role="alert" class="crm-error-text">
          {error.message}
        </p>
        <div class="crm-actions">
          <button
            type="button"
            class="crm-button"
            onClick={() => {
              void retry();
              onRetried?.();
            }}
          >
            Retry
          </button>
          {error.action === 'openOptions' ? (
            <button type="button" class="crm-button crm-button-quiet" onClick={() => void openOptions()}>
              Open settings
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
