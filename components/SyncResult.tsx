/**
 * The Sync now button, the outcome in words (in the sidebar's one `role="status"` element, so it
 * is announced politely; "Lead created"/"Lead updated" when the record is a lead), what it means
 * when the words alone do not say (`outcomeNote`), what was written, and the warnings below it.
 */
import type { Ref } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { CRM_LABELS } from '../lib/contracts/crm.ts';
import { FIELD_LABELS } from '../lib/contracts/customer.ts';
import { outcomeLabel, type SyncOutcome } from '../lib/contracts/sync.ts';
import { QUEUED_SENTENCE } from '../lib/store/errors.ts';
import type { SidebarStore } from '../lib/store/sidebar.ts';
import { useSidebar } from '../lib/store/use-sidebar.ts';
import { focusIsIdle } from './focus.ts';

/**
 * The sentence under an outcome whose words need explaining, or null: "Lead already exists" says
 * what the CRM holds, not that the sync wrote nothing on purpose (`crmLabel`: "Dynamics 365").
 */
export function outcomeNote(outcome: SyncOutcome, crmLabel: string | null): string | null {
  if (outcome === 'existing_lead') {
    return `${crmLabel ?? 'The CRM'} already has this person as a lead, so nothing was written.`;
  }
  return null;
}

export function SyncResult({ store, buttonRef }: { store: SidebarStore; buttonRef: Ref<HTMLButtonElement> }) {
  const sync = useSidebar(store, (s) => s.sync);
  const canSync = useSidebar(store, (s) => s.ticket.customer !== null);
  const objectType = useSidebar(store, (s) => s.crm.record?.objectType ?? null);
  const provider = useSidebar(store, (s) => s.crm.provider);
  const { syncNow } = store.getState().actions;
  const syncing = sync.status === 'syncing';
  const ownButton = useRef<HTMLButtonElement | null>(null);
  const refocus = useRef(false);

  // The button is disabled while its request is in flight, which drops focus; give it back.
  useLayoutEffect(() => {
    const button = ownButton.current;
    if (syncing || !refocus.current || !button) return;
    refocus.current = false;
    if (focusIsIdle(button)) button.focus();
  }, [syncing]);

  const setRefs = (el: HTMLButtonElement | null) => {
    ownButton.current = el;
    if (typeof buttonRef === 'function') buttonRef(el);
    else if (buttonRef) buttonRef.current = el;
  };

  const syncFailed = sync.error?.retry.kind === 'sync';
  let statusText = '';
  if (syncing) statusText = 'Syncing…';
  else if (sync.queued) statusText = QUEUED_SENTENCE;
  else if (sync.outcome && !syncFailed) statusText = outcomeLabel(sync.outcome, objectType);

  const note =
    !syncing && !syncFailed && sync.outcome ? outcomeNote(sync.outcome, provider ? CRM_LABELS[provider] : null) : null;

  const wrote =
    !syncing &&
    !syncFailed &&
    sync.outcome &&
    (sync.outcome === 'created' || sync.outcome === 'updated') &&
    sync.written.length > 0
      ? `Wrote ${sync.written.map((w) => FIELD_LABELS[w.field]).join(', ')}.`
      : null;

  return (
    <section class="crm-sync">
      <button
        type="button"
        class="crm-button crm-button-primary"
        ref={setRefs}
        disabled={syncing || !canSync}
        onClick={() => {
          refocus.current = true;
          void syncNow();
        }}
      >
        {syncing ? <span class="crm-spinner" aria-hidden="true" /> : null}
        Sync now
      </button>
      <p role="status" class={`crm-status${sync.outcome && !syncing ? ` crm-outcome-${sync.outcome}` : ''}`}>
        {statusText}
      </p>
      {note ? <p class="crm-outcome-note">{note}</p> : null}
      {wrote ? <p class="crm-meta">{wrote}</p> : null}
      {sync.warnings.length > 0 && !syncing && !syncFailed ? (
        <ul class="crm-warnings" aria-label="Warnings">
          {sync.warnings.map((warning, i) => (
            <li key={`${warning.code}-${warning.field ?? ''}-${i}`}>{warning.message}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
