/**
 * "In HubSpot": the matching CRM record with a link to it, or why there is none. A lead says so in
 * the heading ("In Dynamics 365 · Lead"): it is not the contact an agent may expect.
 */
import { CRM_LABELS } from '../lib/contracts/crm.ts';
import { CUSTOMER_FIELDS, FIELD_LABELS } from '../lib/contracts/customer.ts';
import type { MatchedBy } from '../lib/contracts/sync.ts';
import type { HelpdeskNoun } from '../lib/helpdesks/types.ts';
import type { SidebarStore } from '../lib/store/sidebar.ts';
import { useSidebar } from '../lib/store/use-sidebar.ts';
import { FieldList, isBlank } from './Value.tsx';

/** `url` when it is an absolute http(s) URL, else null: a CRM cannot make us render `javascript:` links. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** How the record was found, in words; `noun` is the helpdesk's word for a ticket ("Created from this conversation"). */
export function matchedByText(matchedBy: MatchedBy, noun: HelpdeskNoun): string {
  switch (matchedBy) {
    case 'link':
      return 'Linked to this customer';
    case 'email':
      return 'Matched by email';
    case 'phone':
      return 'Matched by phone';
    case 'created':
      return `Created from this ${noun}`;
  }
}

export function CrmCard({ store }: { store: SidebarStore }) {
  const crm = useSidebar(store, (s) => s.crm);
  const status = useSidebar(store, (s) => s.sync.status);
  const ticketStatus = useSidebar(store, (s) => s.ticket.status);
  const failed = useSidebar(store, (s) => s.sync.error !== null);
  const ticketId = useSidebar(store, (s) => s.ticket.ref.ticketId);
  const noun = useSidebar(store, (s) => s.ticket.words.noun);
  const providerLabel = crm.provider ? CRM_LABELS[crm.provider] : null;
  const headingId = `crm-record-${ticketId}`;
  const record = crm.record;
  const href = safeHref(record?.url);
  const isLead = record?.objectType === 'lead';
  const busy = status !== 'idle';

  let note = '';
  if (crm.source === 'cache') {
    const age = crm.cachedAge ? `Saved copy from ${crm.cachedAge}` : 'Saved copy';
    note = busy ? `${age} — checking ${providerLabel ?? 'the CRM'}…` : `${age}.`;
  } else if (crm.source === 'none' && busy) {
    note = `Looking up this customer in ${providerLabel ?? 'the CRM'}…`;
  }

  let body = null;
  if (record) {
    const entries = CUSTOMER_FIELDS.filter((field) => !isBlank(record.values[field])).map((field) => ({
      label: FIELD_LABELS[field],
      value: record.values[field],
    }));
    body = (
      <>
        {entries.length > 0 ? (
          <FieldList entries={entries} />
        ) : (
          <p class="crm-muted">This record has no values for the mapped fields.</p>
        )}
        <div class="crm-record-foot">
          {crm.matchedBy ? <span class="crm-meta">{matchedByText(crm.matchedBy, noun)}</span> : <span />}
          {href ? (
            <a class="crm-link" href={href} target="_blank" rel="noopener noreferrer">
              Open in {providerLabel ?? 'the CRM'}
              <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12" class="crm-icon">
                <path d="M6 3h7v7M13 3 6 10M11 9v4H3V5h4" fill="none" stroke="currentColor" stroke-width="1.6" />
              </svg>
            </a>
          ) : null}
        </div>
      </>
    );
  } else if (crm.noKey) {
    body = <p class="crm-muted">This customer has no email or phone to look up.</p>;
  } else if (providerLabel && crm.source !== 'none') {
    body = <p class="crm-empty-state">Not in {providerLabel} yet</p>;
  } else if (ticketStatus === 'failed') {
    body = <p class="crm-muted">Nothing to look up until the {noun} can be read.</p>;
  } else if (crm.source === 'none' && !busy && failed) {
    body = <p class="crm-muted">Not looked up yet.</p>;
  }

  return (
    <section class="crm-card" aria-labelledby={headingId} aria-busy={busy && crm.source === 'none'}>
      <div class="crm-card-head">
        <h2 id={headingId}>
          In {providerLabel ?? 'your CRM'}
          {isLead ? ' ' : null}
          {isLead ? <span class="crm-kind">· Lead</span> : null}
        </h2>
      </div>
      <p class="crm-note" aria-live="polite">
        {note}
      </p>
      {body}
    </section>
  );
}
