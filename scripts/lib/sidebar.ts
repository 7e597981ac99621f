/**
 * The CRM sidebar as an agent sees it, found by role and label only (the extension's DOM contract:
 * an `<aside aria-label="CRM sidebar">` in an open shadow root, which Playwright's locators pierce).
 * Shared by the browser tests and the demo; it only locates, it asserts nothing.
 */
import type { Locator, Page } from 'playwright-core';
import { LEAD_OUTCOME_LABELS, OUTCOME_LABELS } from '../../lib/contracts/sync.ts';

/**
 * The words the sidebar shows for each sync outcome ("Contact created", …, and "Lead created" /
 * "Lead updated" for a lead), as the contract names them.
 */
export const OUTCOME_TEXT: readonly string[] = [
  ...Object.values(OUTCOME_LABELS),
  ...Object.values(LEAD_OUTCOME_LABELS),
];
export type OutcomeText =
  (typeof OUTCOME_LABELS)[keyof typeof OUTCOME_LABELS] | (typeof LEAD_OUTCOME_LABELS)[keyof typeof LEAD_OUTCOME_LABELS];

/** Sentence shown on a conflict row whose CRM value changed since the agent saw it ("Changed in Salesforce since you looked."). */
export function staleSentence(crmLabel: string): string {
  return `Changed in ${crmLabel} since you looked.`;
}
/** {@link staleSentence} for HubSpot. */
export const STALE_SENTENCE = staleSentence('HubSpot');
/** Sentence shown on a conflict row whose decision waits in the outbox. */
export const SAVED_FOR_LATER = 'Saved — will be sent when the sync proxy is reachable.';

/** Whom the sidebar talks about: the CRM's and the helpdesk's product names. */
export interface SidebarLabels {
  /** "HubSpot" (default), "Salesforce", "Dynamics 365", ... (lib/contracts CRM_LABELS). */
  crm?: string;
  /** "Zendesk" (default), "Freshdesk", ... (the helpdesk adapter's label). */
  helpdesk?: string;
}

/** `text` as a literal inside a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class SidebarView {
  readonly page: Page;
  readonly root: Locator;
  /** The CRM's name as the sidebar shows it ("In Salesforce"). */
  readonly crmLabel: string;
  /** The helpdesk's name as the sidebar shows it ("From Zendesk"). */
  readonly helpdeskLabel: string;

  constructor(page: Page, labels: SidebarLabels = {}) {
    this.page = page;
    this.root = page.getByRole('complementary', { name: 'CRM sidebar' });
    this.crmLabel = labels.crm ?? 'HubSpot';
    this.helpdeskLabel = labels.helpdesk ?? 'Zendesk';
  }

  /** "Sync now". */
  get syncNow(): Locator {
    return this.root.getByRole('button', { name: 'Sync now' });
  }

  /** The outcome line ("Contact created", ...): the sidebar's status element that holds an outcome. */
  get outcome(): Locator {
    return this.root.getByRole('status').filter({ hasText: new RegExp(OUTCOME_TEXT.join('|')) });
  }

  /** Warnings listed under the outcome (a list labelled "Warnings"). */
  get warnings(): Locator {
    return this.root.getByRole('list', { name: 'Warnings' });
  }

  /** Error messages (`role="alert"`). */
  get alert(): Locator {
    return this.root.getByRole('alert');
  }

  get retry(): Locator {
    return this.root.getByRole('button', { name: 'Retry' });
  }

  /** The customer as read from the ticket ("From Zendesk"). */
  get customerHeading(): Locator {
    return this.root.getByRole('heading', { name: `From ${this.helpdeskLabel}`, exact: true });
  }

  /** The CRM record section's heading ("In HubSpot", "In Salesforce", ..., "In Dynamics 365 · Lead" for a lead). */
  get crmHeading(): Locator {
    return this.root.getByRole('heading', { name: new RegExp(`^In ${escapeRegExp(this.crmLabel)}(?: · Lead)?$`) });
  }

  /** The link to the record in the CRM's web UI ("Open in Salesforce"). */
  get openInCrm(): Locator {
    return this.root.getByRole('link', { name: `Open in ${this.crmLabel}` });
  }

  /** "Not in Salesforce yet": nothing matched in the CRM. */
  get notInCrm(): Locator {
    return this.root.getByText(`Not in ${this.crmLabel} yet`);
  }

  /** "Open in HubSpot", whatever CRM this view was made for. */
  get openInHubSpot(): Locator {
    return this.root.getByRole('link', { name: 'Open in HubSpot' });
  }

  /** The outcome line showing exactly `text` ("Lead already exists"). */
  outcomeIs(text: OutcomeText): Locator {
    return this.root.getByRole('status').filter({ hasText: new RegExp(`^${text}$`) });
  }

  get pendingHeading(): Locator {
    return this.root.getByRole('heading', { name: 'Pending conflicts' });
  }

  /** Every conflict row (a group per field). */
  get conflicts(): Locator {
    return this.root.getByRole('group').filter({ has: this.page.getByRole('button', { name: 'Keep CRM value' }) });
  }

  /** The conflict row of one field, by its label ("Company", "Job title"). */
  conflict(label: string): Locator {
    return this.root.getByRole('group', { name: label, exact: true });
  }

  useChatValue(label: string): Locator {
    return this.conflict(label).getByRole('button', { name: 'Use chat value' });
  }

  keepCrmValue(label: string): Locator {
    return this.conflict(label).getByRole('button', { name: 'Keep CRM value' });
  }

  get discardAll(): Locator {
    return this.root.getByRole('button', { name: 'Discard all' });
  }

  /** The toggle that collapses the sidebar. */
  get hide(): Locator {
    return this.root.getByRole('button', { name: 'Hide CRM sidebar' });
  }

  /** The toggle that expands the collapsed sidebar. */
  get show(): Locator {
    return this.root.getByRole('button', { name: 'Show CRM sidebar' });
  }
}
