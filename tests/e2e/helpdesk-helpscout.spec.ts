/**
 * Help Scout: the built extension on conversation pages at https://secure.helpscout.net, served by
 * the Help Scout emulator (proxy/sandbox/helpscout), reading the customer sidebar from the DOM.
 * The emulator is a single-page app: moving between conversations swaps the view in place after a
 * short delay, so the previous customer sidebar is still on screen for a moment.
 */
import type { Page } from '@playwright/test';
import { findContactsByEmail, hubspotOf } from '../../scripts/lib/hubspot.ts';
import { serveHelpdesk } from '../../scripts/lib/helpdesk-route.ts';
import { SidebarView } from '../../scripts/lib/sidebar.ts';
import {
  createHelpScoutSandbox,
  HELPSCOUT_URL_PATTERNS,
  type HelpScoutSandbox,
} from '../../proxy/sandbox/helpscout/index.ts';
import { expect, test as base } from './support/fixtures.ts';

const test = base.extend<{ helpscout: HelpScoutSandbox }>({
  helpscout: async ({ extension }, use) => {
    const sandbox = createHelpScoutSandbox({ latencyMs: 400 });
    const unroute = await serveHelpdesk(extension.context, sandbox, HELPSCOUT_URL_PATTERNS);
    try {
      await use(sandbox);
    } finally {
      await unroute();
    }
  },
});

/** "From Help Scout": the customer as the extension read it. */
const fromHelpScout = (sidebar: SidebarView) =>
  sidebar.root.getByRole('heading', { name: 'From Help Scout', exact: true });

async function open(page: Page, helpscout: HelpScoutSandbox, demoTicket: number): Promise<SidebarView> {
  await page.goto(helpscout.ticketUrl(demoTicket));
  const sidebar = new SidebarView(page);
  await sidebar.root.waitFor();
  return sidebar;
}

/** Clicks a conversation in Help Scout's list (no page load) and waits for the URL to follow. */
async function click(page: Page, helpscout: HelpScoutSandbox, demoTicket: number, customer: string) {
  await page
    .getByRole('region', { name: 'Conversations' })
    .getByRole('link', { name: new RegExp(customer) })
    .click();
  const id = helpscout.conversation(demoTicket)?.id;
  await page.waitForURL(new RegExp(`/conversation/${id}/`));
}

test('1001 Mary Jane Watson: the values read from the customer sidebar, and Sync now creates the contact', async ({
  agent,
  syncProxy: proxy,
  helpscout,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), helpscout, 1001);

  await expect(fromHelpScout(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await expect(sidebar.root).toContainText('mj.watson@example.com');
  await expect(sidebar.root).toContainText('+44 20 7946 0958');
  await expect(sidebar.root).toContainText('Daily Bugle');
  await expect(sidebar.root).toContainText('Not in HubSpot yet');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact created');
  const found = findContactsByEmail(hubspotOf(proxy), 'mj.watson@example.com');
  expect(found).toHaveLength(1);
  expect(found[0]?.properties).toMatchObject({ firstname: 'Mary Jane', lastname: 'Watson', company: 'Daily Bugle' });
  // The extension only reads the page: no request beyond what the app itself makes.
  const pageOwn = /^\/(?:conversation\/|_emulator\/|favicon\.ico$)/;
  expect(helpscout.requests.filter((r) => !pageOwn.test(r.path))).toEqual([]);
});

test('1003 Jonas Berg: Sync now queues the Company and Job title conflicts', async ({
  agent,
  syncProxy: proxy,
  helpscout,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), helpscout, 1003);
  await expect(sidebar.root).toContainText('Chief Technology Officer');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Conflicts queued');
  await expect(sidebar.conflicts).toHaveCount(2);
  await expect(sidebar.conflict('Company')).toContainText('Globex Corporation');
  await expect(sidebar.conflict('Job title')).toContainText('CTO');
});

test('moving between conversations without a reload follows the agent, never showing the previous customer', async ({
  agent,
  syncProxy: proxy,
  helpscout,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const first = await open(page, helpscout, 1001);
  await expect(first.root).toContainText('Mary Jane Watson');
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  await click(page, helpscout, 1002, 'Priya Patel');
  const second = new SidebarView(page);
  await expect(second.root).toContainText('Priya Patel');
  await expect(second.root).toContainText('Northwind Traders');
  await expect(second.root).not.toContainText('Mary Jane Watson');
  await second.syncNow.click();
  await expect(second.outcome).toHaveText('Contact updated');

  await click(page, helpscout, 1001, 'Mary Jane Watson');
  await expect(second.root).toContainText('Mary Jane Watson');
  await page.goBack();
  await expect(second.root).toContainText('Priya Patel');
  await expect(second.outcome).toHaveText('Contact updated');

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test('a closed customer sidebar: the specific message, and Retry reads it once it is open', async ({
  agent,
  syncProxy: proxy,
  helpscout,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const sidebar = await open(page, helpscout, 1001);
  await expect(sidebar.root).toContainText('Mary Jane Watson');

  await page.getByRole('button', { name: 'Hide customer profile' }).click();
  await click(page, helpscout, 1004, 'Sam Lee');
  await expect(sidebar.alert).toContainText(
    "Can't read this Help Scout conversation: the customer sidebar is closed — open it and retry.",
  );
  await expect(sidebar.root).not.toContainText('Mary Jane Watson');

  await page.getByRole('button', { name: 'Show customer profile' }).click();
  await sidebar.retry.click();
  await expect(sidebar.alert).toHaveCount(0);
  await expect(sidebar.root).toContainText('Sam Lee');
  await expect(sidebar.root).toContainText('+1 646-555-0142');
});

test('a mailbox folder is not a conversation: no customer is read there, until one is opened', async ({
  agent,
  syncProxy: proxy,
  helpscout,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  await page.goto(`${helpscout.origin}/mailbox/5e4b2c1a9d8f7e60/`);
  await expect(page.getByText('Pick a conversation.')).toBeVisible();
  const sidebar = new SidebarView(page);
  await expect(sidebar.root).toContainText('Open a conversation to see its customer in the CRM.');
  await expect(fromHelpScout(sidebar)).toHaveCount(0);
  // Opening a conversation from the list is followed (the content script was already running).
  await click(page, helpscout, 1008, 'Olivia Stone');
  await expect(fromHelpScout(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('olivia.stone@example.com');
});
