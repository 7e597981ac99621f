/**
 * The whole panel the content script mounts: the `<aside aria-label="CRM sidebar">` landmark with
 * its Hide/Show toggle, and either the current ticket's sidebar or, on a page that is not a
 * ticket, a hint to open one.
 */
import { ticketKey } from '../lib/contracts/customer.ts';
import type { HelpdeskNoun } from '../lib/helpdesks/types.ts';
import type { SidebarStore } from '../lib/store/sidebar.ts';
import { Sidebar } from './Sidebar.tsx';

/** The hint on a helpdesk page that shows no ticket: "Open a conversation to see its customer in the CRM." */
export function noTicketSentence(noun: HelpdeskNoun): string {
  return `Open a ${noun} to see its customer in the CRM.`;
}

/** {@link noTicketSentence} of helpdesks that say "ticket". */
export const NO_TICKET_SENTENCE = noTicketSentence('ticket');

export interface SidebarAppProps {
  /** The current ticket's store, or null on a page that is not a ticket. */
  store: SidebarStore | null;
  collapsed: boolean;
  onToggle(): void;
  /** What the page's helpdesk calls a ticket, for the hint on a page without one (default "ticket"). */
  noun?: HelpdeskNoun;
}

export function SidebarApp({ store, collapsed, onToggle, noun = 'ticket' }: SidebarAppProps) {
  const bodyId = 'crm-sidebar-body';
  return (
    <aside aria-label="CRM sidebar" class={`crm-panel${collapsed ? ' crm-collapsed' : ''}`}>
      <header class="crm-header">
        {collapsed ? null : (
          <p class="crm-title">
            <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" class="crm-logo">
              <rect x="1.5" y="1.5" width="13" height="13" rx="3.5" fill="currentColor" opacity=".16" />
              <path d="M5 8h6M8 5v6" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
            </svg>
            CRM sidebar
          </p>
        )}
        <button
          type="button"
          class="crm-toggle"
          aria-expanded={!collapsed}
          aria-controls={collapsed ? undefined : bodyId}
          aria-label={collapsed ? 'Show CRM sidebar' : 'Hide CRM sidebar'}
          title={collapsed ? 'Show CRM sidebar' : 'Hide CRM sidebar'}
          onClick={onToggle}
        >
          <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16">
            <path
              d={collapsed ? 'M10 3 5 8l5 5' : 'M6 3l5 5-5 5'}
              fill="none"
              stroke="currentColor"
              stroke-width="1.8"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
          {collapsed ? (
            <span class="crm-toggle-text" aria-hidden="true">
              CRM
            </span>
          ) : null}
        </button>
      </header>
      {collapsed ? null : (
        <div id={bodyId} class="crm-body">
          {store ? (
            <Sidebar key={ticketKey(store.getState().ticket.ref)} store={store} />
          ) : (
            <p class="crm-no-ticket">{noTicketSentence(noun)}</p>
          )}
        </div>
      )}
    </aside>
  );
}
