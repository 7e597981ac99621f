/**
 * "Pending conflicts": one row per field, plus Discard all. After a row is resolved, focus moves
 * to the next row's first button (the previous row's when it was the last), or to Sync now via
 * `onEmpty` when no row is left — unless the agent has moved focus elsewhere meanwhile.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { SidebarStore } from '../lib/store/sidebar.ts';
import { useSidebar } from '../lib/store/use-sidebar.ts';
import { ConflictRow } from './ConflictRow.tsx';
import { focusFirstButton, focusIsIdle } from './focus.ts';

type FocusIntent = { id: string; index: number } | { id: '*'; index: 0 };

export function ConflictList({ store, onEmpty }: { store: SidebarStore; onEmpty: () => void }) {
  const { rows, discarding } = useSidebar(store, (s) => s.conflicts);
  const ticketId = useSidebar(store, (s) => s.ticket.ref.ticketId);
  const { resolve, discardAll } = store.getState().actions;
  const section = useRef<HTMLElement | null>(null);
  const rowEls = useRef(new Map<string, HTMLFieldSetElement>());
  const intent = useRef<FocusIntent | null>(null);
  const onEmptyRef = useRef(onEmpty);
  onEmptyRef.current = onEmpty;

  useLayoutEffect(() => {
    const want = intent.current;
    if (!want) return;
    const region = section.current;
    const idle = () => (region ? focusIsIdle(region) : true);
    if (want.id === '*') {
      if (discarding) return;
    } else {
      const row = rows.find((r) => r.conflict.id === want.id);
      if (row?.busy) return; // still in flight
      if (row) {
        // Stale, queued or failed: the row stays; give focus back to it.
        intent.current = null;
        if (idle() && !focusFirstButton(rowEls.current.get(row.conflict.id))) onEmptyRef.current();
        return;
      }
    }
    intent.current = null;
    if (!idle()) return;
    const candidates = rows.slice(Math.min(want.index, Math.max(rows.length - 1, 0)));
    const previous = rows.slice(0, want.index).reverse();
    for (const row of [...candidates, ...previous]) {
      if (focusFirstButton(rowEls.current.get(row.conflict.id))) return;
    }
    onEmptyRef.current();
  }, [rows, discarding]);

  const headingId = `crm-conflicts-${ticketId}`;
  const open = rows.filter((r) => r.queued === null);
  return rows.length === 0 ? null : (
    <section class="crm-card crm-conflicts" aria-labelledby={headingId} ref={section}>
      <div class="crm-card-head">
        <h2 id={headingId}>Pending conflicts</h2>
        <span class="crm-badge">
          {rows.length}
          <span class="crm-sr-only"> {rows.length === 1 ? 'field' : 'fields'}</span>
        </span>
      </div>
      <p class="crm-hint">Both sides hold a different value. Choose which one the CRM keeps.</p>
      <div class="crm-conflict-rows">
        {rows.map((row, index) => (
          <ConflictRow
            key={row.conflict.id}
            row={row}
            locked={discarding}
            rowRef={(el) => {
              if (el) rowEls.current.set(row.conflict.id, el);
              else rowEls.current.delete(row.conflict.id);
            }}
            onChoose={(choice) => {
              intent.current = { id: row.conflict.id, index };
              void resolve(row.conflict.id, choice);
            }}
          />
        ))}
      </div>
      <div class="crm-conflicts-foot">
        <button
          type="button"
          class="crm-button crm-button-quiet"
          disabled={discarding || open.length === 0 || open.some((r) => r.busy !== null)}
          onClick={() => {
            intent.current = { id: '*', index: 0 };
            void discardAll();
          }}
        >
          {discarding ? <span class="crm-spinner" aria-hidden="true" /> : null}
          Discard all
        </button>
      </div>
    </section>
  );
}
