/**
 * One pending conflict: a group labelled with the field ("Company") showing the CRM's value and
 * the chat's value, with Use chat value / Keep CRM value. Values render as text only.
 */
import { CRM_LABELS } from '../lib/contracts/crm.ts';
import { FIELD_LABELS } from '../lib/contracts/customer.ts';
import { QUEUED_SENTENCE } from '../lib/store/errors.ts';
import type { ConflictRowState } from '../lib/store/types.ts';
import { Value } from './Value.tsx';

export interface ConflictRowProps {
  row: ConflictRowState;
  /** True while Discard all is in flight (every row waits for it). */
  locked: boolean;
  onChoose(choice: 'chat' | 'crm'): void;
  rowRef?: (el: HTMLFieldSetElement | null) => void;
}

export function ConflictRow({ row, locked, onChoose, rowRef }: ConflictRowProps) {
  const { conflict, busy, stale, queued } = row;
  const label = FIELD_LABELS[conflict.field];
  const crmLabel = CRM_LABELS[conflict.record.provider];
  const disabled = busy !== null || queued !== null || locked;
  return (
    <fieldset
      aria-label={label}
      class={`crm-conflict${stale ? ' crm-conflict-stale' : ''}${queued ? ' crm-conflict-queued' : ''}`}
      aria-busy={busy !== null}
      ref={rowRef}
    >
      <p class="crm-conflict-field" aria-hidden="true">
        {label}
      </p>
      <dl class="crm-conflict-values">
        <div class="crm-conflict-side">
          <dt>In {crmLabel}</dt>
          <dd>
            <Value value={conflict.crmValue} />
          </dd>
        </div>
        <div class="crm-conflict-side">
          <dt>From chat</dt>
          <dd>
            <Value value={conflict.chatValue} />
          </dd>
        </div>
      </dl>
      {stale ? <p class="crm-stale">Changed in {crmLabel} since you looked.</p> : null}
      {queued ? <p class="crm-queued">{QUEUED_SENTENCE}</p> : null}
      <div class="crm-actions">
        <button
          type="button"
          class={`crm-button${busy === 'chat' ? ' crm-busy' : ''}`}
          disabled={disabled}
          onClick={() => onChoose('chat')}
        >
          {busy === 'chat' ? <span class="crm-spinner" aria-hidden="true" /> : null}
          Use chat value
        </button>
        <button
          type="button"
          class={`crm-button${busy === 'crm' ? ' crm-busy' : ''}`}
          disabled={disabled}
          onClick={() => onChoose('crm')}
        >
          {busy === 'crm' ? <span class="crm-spinner" aria-hidden="true" /> : null}
          Keep CRM value
        </button>
      </div>
    </fieldset>
  );
}
