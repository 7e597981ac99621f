/**
 * Intercom: the built extension on Inbox conversation pages at https://app.intercom.com, served by
 * the Intercom emulator (proxy/sandbox/intercom), reading the details sidebar from the DOM. The
 * emulator is a single-page app: moving between conversations swaps the view in place after a short
 * delay, so the previous details sidebar is still on screen for a moment.
 */
import type { Page } from '@playwright/test';
import { findContactsByEmail, hubspotOf } from '../../scripts/lib/hubspot.ts';
import { serveHelpdesk } from '../../scripts/lib/helpdesk-route.ts';
import { SidebarView } from '../../scripts/lib/sidebar.ts';
import {
  createIntercomSandbox,
  INTERCOM_URL_PATTERNS,
  type IntercomSandbox,
} from '../../proxy/sandbox/intercom/index.ts';
import { expect, test as base } from './support/fixtures.ts';

const test = base.extend<{ intercom: IntercomSandbox }>({
  intercom: async ({ extension }, use) => {
    const sandbox = createIntercomSandbox({ latencyMs: 400 });
    const unroute = await serveHelpdesk(extension.context, sandbox, INTERCOM_URL_PATTERNS);
    try {
      await use(sandbox);
    } finally {
      await unroute();
    }
  },
});

/** "From Intercom": the customer as the extension read it. */
const fromIntercom = (sidebar: SidebarView) =>
  sidebar.root.getByRole('heading', { name: 'From Intercom', exact: true });

async function open(page: Page, url: string): Promise<SidebarView> {
  await page.goto(url);
  const sidebar = new SidebarView(page);
  await sidebar.root.waitFor();
  return sidebar;
}

/** Clicks a conversation in the Inbox list (no page load) and waits for the URL to follow. */
async function click(page: Page, intercom: IntercomSandbox, demoTicket: number, contact: string) {
  await page
    .getByRole('region', { name: 'Conversation list' })
    .getByRole('link', { name: new RegExp(contact) })
    .click();
  await page.waitForURL(new RegExp(`/conversation/${intercom.conversation(demoTicket)?.id}$`));
}

test('1001 Mary Jane Watson: the values read from the details sidebar, and Sync now creates the contact', async ({
  agent,
  syncProxy: proxy,
  intercom,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), intercom.ticketUrl(1001));

  await expect(fromIntercom(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await expect(sidebar.root).toContainText('mj.watson@example.com');
  await expect(sidebar.root).toContainText('+44 20 7946 0958');
  await expect(sidebar.root).toContainText('Daily Bugle');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact created');
  const found = findContactsByEmail(hubspotOf(proxy), 'mj.watson@example.com');
  expect(found).toHaveLength(1);
  expect(found[0]?.properties).toMatchObject({ firstname: 'Mary Jane', lastname: 'Watson', company: 'Daily Bugle' });
});

test('1003 Jonas Berg, opened by a deep link: Sync now queues the conflicts', async ({
  agent,
  syncProxy: proxy,
  intercom,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const id = intercom.conversation(1003)?.id;
  const sidebar = await open(page, `${intercom.origin}/a/apps/demoapp1/conversations/${id}`);
  await expect(page).toHaveURL(intercom.ticketUrl(1003));
  await expect(sidebar.root).toContainText('Jonas Berg');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Conflicts queued');
  await expect(sidebar.conflicts).toHaveCount(2);
  await expect(sidebar.conflict('Company')).toContainText('Globex Corporation');
  await expect(sidebar.conflict('Job title')).toContainText('CTO');
});

test('moving between conversations without a reload follows the agent, never showing the previous person', async ({
  agent,
  syncProxy: proxy,
  intercom,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const sidebar = await open(page, intercom.ticketUrl(1001));
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  await click(page, intercom, 1002, 'Priya Patel');
  await expect(sidebar.root).toContainText('Priya Patel');
  await expect(sidebar.root).toContainText('Head of Operations');
  await expect(sidebar.root).not.toContainText('Mary Jane Watson');
  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact updated');

  await click(page, intercom, 1001, 'Mary Jane Watson');
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await page.goBack();
  await expect(sidebar.root).toContainText('Priya Patel');
  await expect(sidebar.outcome).toHaveText('Contact updated');

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test('a closed details sidebar: the specific message, and Retry reads it once it is open', async ({
  agent,
  syncProxy: proxy,
  intercom,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const sidebar = await open(page, intercom.ticketUrl(1001));
  await expect(sidebar.root).toContainText('Mary Jane Watson');

  await page.getByRole('button', { name: 'Hide details' }).click();
  await click(page, intercom, 1004, 'Sam Lee');
  await expect(sidebar.alert).toContainText(
    "Can't read this Intercom conversation: the details sidebar is closed — open it and retry.",
  );
  await expect(sidebar.root).not.toContainText('Mary Jane Watson');

  await page.getByRole('button', { name: 'Show details' }).click();
  await sidebar.retry.click();
  await expect(sidebar.alert).toHaveCount(0);
  await expect(sidebar.root).toContainText('Sam Lee');
  await expect(sidebar.root).toContainText('+1 646-555-0142');
});

test('an Inbox view is not a conversation: no customer is read there, until one is opened', async ({
  agent,
  syncProxy: proxy,
  intercom,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  await page.goto(`${intercom.origin}/a/inbox/demoapp1/inbox/shared/all`);
  await expect(page.getByText('No conversation selected.')).toBeVisible();
  const sidebar = new SidebarView(page);
  await expect(sidebar.root).toContainText('Open a conversation to see its customer in the CRM.');
  await expect(fromIntercom(sidebar)).toHaveCount(0);
  await click(page, intercom, 1008, 'Olivia Stone');
  await expect(fromIntercom(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('olivia.stone@example.com');
});
