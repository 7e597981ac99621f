/**
 * The CRM sidebar as an agent sees it, found by role and label only (the extension's DOM contract:
 * an `<aside aria-label="CRM sidebar">` in an open shadow root, which Playwright's locators pierce).
 * Shared by the browser tests and the demo; it only locates, it asserts nothing.
 */
import type { Locator, Page } from 'playwright-core';
import { OUTCOME_LABELS } from '../../lib/contracts/sync.ts';

/** The words the sidebar shows for each sync outcome ("Contact created", …), as the contract names them. */
export const OUTCOME_TEXT: readonly string[] = Object.values(OUTCOME_LABELS);
export type OutcomeText = (typeof OUTCOME_LABELS)[keyof typeof OUTCOME_LABELS];

/** Sentence shown on a conflict row whose CRM value changed since the agent saw it. */
export const STALE_SENTENCE = 'Changed in HubSpot since you looked.';
/** Sentence shown on a conflict row whose decision waits in the outbox. */
export const SAVED_FOR_LATER = 'Saved — will be sent when the sync proxy is reachable.';

export class SidebarView {
  readonly page: Page;
  readonly root: Locator;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByRole('complementary', { name: 'CRM sidebar' });
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
    return this.root.getByRole('heading', { name: 'From Zendesk', exact: true });
  }

  /** The CRM record section's heading ("In HubSpot"). */
  get crmHeading(): Locator {
    return this.root.getByRole('heading', { name: 'In HubSpot', exact: true });
  }

  get openInHubSpot(): Locator {
    return this.root.getByRole('link', { name: 'Open in HubSpot' });
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
