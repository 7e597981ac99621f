/**
 * State of one sidebar (one ticket), in four slices — ticket, crm, sync, conflicts — plus the
 * settings the sidebar needs and the actions. Built by `createSidebarStore` (./sidebar.ts).
 */
import type {
  Actor,
  Conflict,
  CrmProviderId,
  CrmRecord,
  Customer,
  FieldWrite,
  MatchedBy,
  SyncOutcome,
  SyncWarning,
  TicketRef,
} from '../contracts/index.ts';
import type { ReadError, ReadResult, TicketWords } from '../helpdesks/types.ts';
import type { MessagingClient } from '../messaging/protocol.ts';
import type { ErrorAction } from './errors.ts';

/** What Retry does for the error on screen. */
export type RetryOp =
  | { kind: 'read' }
  | { kind: 'lookup' }
  | { kind: 'sync' }
  | { kind: 'resolve'; id: string; choice: 'chat' | 'crm' }
  | { kind: 'discard' };

/**
 * An error the sidebar shows in its alert: the background's (or helpdesk's) `code`, the sentence
 * to show, an optional extra action ("Open settings") and what Retry re-runs.
 */
export interface SidebarError {
  code: string;
  message: string;
  action: ErrorAction;
  retry: RetryOp;
}

/** Ticket slice: which ticket, the customer read from it (or why it could not be read). */
export interface TicketSlice {
  ticket: {
    ref: TicketRef;
    /** Helpdesk name for "From Zendesk". */
    helpdeskLabel: string;
    /** What the helpdesk calls a ticket and how its ids read ("Ticket #1002", "Conversation cnv_4jc8jt5"). */
    words: TicketWords;
    status: 'reading' | 'ready' | 'failed';
    customer: Customer | null;
    actor: Actor | undefined;
    error: ReadError | null;
  };
}

/** CRM slice: the matching record (if any) and where the data came from. */
export interface CrmSlice {
  crm: {
    /** Null until the first answer (cached or live) names the CRM. */
    provider: CrmProviderId | null;
    record: CrmRecord | null;
    matchedBy: MatchedBy | null;
    /** True when the customer has neither email nor phone (nothing was looked up). */
    noKey: boolean;
    /** `none`: nothing known yet; `cache`: the background's saved copy; `live`: the proxy answered. */
    source: 'none' | 'cache' | 'live';
    /** When the cached copy shown was saved (ISO 8601), while `source` is `cache`. */
    cachedAt: string | null;
    /** How old that copy was when shown ("5 min ago"), while `source` is `cache`. */
    cachedAge: string | null;
  };
}

/** Sync slice: what is in flight, the last outcome and its notes, and the error on screen. */
export interface SyncSlice {
  sync: {
    /** `loading`: a lookup is in flight; `syncing`: a sync is (wins over loading). */
    status: 'idle' | 'loading' | 'syncing';
    outcome: SyncOutcome | null;
    written: FieldWrite[];
    warnings: SyncWarning[];
    /** ISO 8601 time of the last sync result shown. */
    at: string | null;
    /** True when the last Sync now was kept in the background's outbox (proxy unreachable). */
    queued: boolean;
    error: SidebarError | null;
  };
}

/** One row of the Pending conflicts panel. */
export interface ConflictRowState {
  conflict: Conflict;
  /** The choice whose request is in flight, or null. */
  busy: 'chat' | 'crm' | null;
  /** True when the CRM value changed since the agent saw it; `conflict.crmValue` is the new value. */
  stale: boolean;
  /** The choice kept in the outbox because the proxy was unreachable, or null. */
  queued: 'chat' | 'crm' | null;
}

/** Conflicts slice: pending conflicts of the record, oldest first. */
export interface ConflictsSlice {
  conflicts: {
    rows: ConflictRowState[];
    /** True while a Discard all is in flight. */
    discarding: boolean;
  };
}

/** What the background says about the settings (`sidebar→background:settings`). */
export interface SettingsSlice {
  settings: { configured: boolean; autoSync: boolean; proxyUrl: string } | null;
}

/** The sidebar's actions. Each resolves when its work is done; none rejects. */
export interface SidebarActions {
  /** Reads the customer, shows the cached result at once, then looks up (or syncs when auto-sync is on). Runs once. */
  start(): Promise<void>;
  /** Sends a sync; ignored while one is in flight or before the customer is read. */
  syncNow(): Promise<void>;
  /** Use chat value (`chat`) / Keep CRM value (`crm`) for one conflict; ignored while that row is busy. */
  resolve(id: string, choice: 'chat' | 'crm'): Promise<void>;
  /** Discards every pending conflict on screen (keeps every CRM value). */
  discardAll(): Promise<void>;
  /** Re-runs what failed (the error on screen). */
  retry(): Promise<void>;
  /** Asks the background to open the options page. */
  openOptions(): Promise<void>;
}

export type SidebarState = TicketSlice &
  CrmSlice &
  SyncSlice &
  ConflictsSlice &
  SettingsSlice & {
    actions: SidebarActions;
  };

/**
 * Dependencies of one sidebar store:
 * - `client`: the only way to the background;
 * - `ticket`: the ticket this sidebar is for;
 * - `read`: the adapter's read result, or a function reading it (called again by Retry);
 * - `helpdeskLabel`: defaults to the helpdesk's product name;
 * - `words`: the helpdesk adapter's `words` (defaults to "ticket", "#1002");
 * - `now`: clock for "saved … ago" (defaults to `Date.now`).
 */
export interface SidebarStoreDeps {
  client: MessagingClient;
  ticket: TicketRef;
  read: ReadResult | (() => Promise<ReadResult>);
  helpdeskLabel?: string;
  words?: TicketWords;
  now?: () => number;
}
