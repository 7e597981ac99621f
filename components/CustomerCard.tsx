/** "From Zendesk": the customer as read from the ticket (a conversation, on helpdesks that say so). */
import { CUSTOMER_FIELDS, FIELD_LABELS } from '../lib/contracts/customer.ts';
import { ticketTitle } from '../lib/helpdesks/types.ts';
import type { SidebarStore } from '../lib/store/sidebar.ts';
import { useSidebar } from '../lib/store/use-sidebar.ts';
import { FieldList } from './Value.tsx';

export function CustomerCard({ store }: { store: SidebarStore }) {
  const ticket = useSidebar(store, (s) => s.ticket);
  const headingId = `crm-customer-${ticket.ref.ticketId}`;
  const customer = ticket.customer;
  const { noun } = ticket.words;
  return (
    <section class="crm-card" aria-labelledby={headingId}>
      <div class="crm-card-head">
        <h2 id={headingId}>From {ticket.helpdeskLabel}</h2>
        <span class="crm-meta crm-ticket-id">{ticketTitle(ticket.words, ticket.ref.ticketId)}</span>
      </div>
      <p class="crm-note" aria-live="polite">
        {ticket.status === 'reading' ? `Reading the ${ticket.helpdeskLabel} ${noun}…` : ''}
      </p>
      {customer ? (
        <FieldList entries={CUSTOMER_FIELDS.map((field) => ({ label: FIELD_LABELS[field], value: customer[field] }))} />
      ) : ticket.status === 'failed' ? (
        <p class="crm-muted">The customer could not be read from this {noun}.</p>
      ) : null}
    </section>
  );
}
