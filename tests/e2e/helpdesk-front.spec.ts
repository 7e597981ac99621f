/**
 * Front: the built extension on conversation pages at https://app.frontapp.com, served by the Front
 * emulator (proxy/sandbox/front), reading the contact panel from the DOM. The emulator is a
 * single-page app: moving between conversations swaps the view in place after a short delay, so the
 * previous contact panel is still on screen for a moment.
 */
import type { Page } from '@playwright/test';
import { findContactsByEmail, hubspotOf } from '../../scripts/lib/hubspot.ts';
import { serveHelpdesk } from '../../scripts/lib/helpdesk-route.ts';
import { SidebarView } from '../../scripts/lib/sidebar.ts';
import { createFrontSandbox, FRONT_URL_PATTERNS, type FrontSandbox } from '../../proxy/sandbox/front/index.ts';
import { expect, test as base } from './support/fixtures.ts';

const test = base.extend<{ front: FrontSandbox }>({
  front: async ({ extension }, use) => {
    const sandbox = createFrontSandbox({ latencyMs: 400 });
    const unroute = await serveHelpdesk(extension.context, sandbox, FRONT_URL_PATTERNS);
    try {
      await use(sandbox);
    } finally {
      await unroute();
    }
  },
});

/** "From Front": the customer as the extension read it. */
const fromFront = (sidebar: SidebarView) => sidebar.root.getByRole('heading', { name: 'From Front', exact: true });

async function open(page: Page, url: string): Promise<SidebarView> {
  await page.goto(url);
  const sidebar = new SidebarView(page);
  await sidebar.root.waitFor();
  return sidebar;
}

/** Clicks a conversation in Front's list (no page load) and waits for the URL to follow. */
async function click(page: Page, front: FrontSandbox, demoTicket: number, contact: string) {
  await page
    .getByRole('region', { name: 'Conversations' })
    .getByRole('link', { name: new RegExp(contact) })
    .click();
  await page.waitForURL(new RegExp(`/${front.conversation(demoTicket)?.number}$`));
}

test('1001 Mary Jane Watson: the values read from the contact panel, and Sync now creates the contact', async ({
  agent,
  syncProxy: proxy,
  front,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), front.ticketUrl(1001));

  await expect(fromFront(sidebar)).toBeVisible();
  // Front's word and id: "Conversation cnv_…", not "Ticket #…".
  await expect(sidebar.root).toContainText(`Conversation ${front.conversation(1001)?.id}`);
  await expect(sidebar.root).not.toContainText('Ticket #');
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

test('1003 Jonas Berg, opened by its permanent /open/cnv_… link: Sync now queues the conflicts', async ({
  agent,
  syncProxy: proxy,
  front,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const sidebar = await open(page, front.openUrl(1003));
  await expect(page).toHaveURL(front.ticketUrl(1003));
  await expect(sidebar.root).toContainText('Jonas Berg');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Conflicts queued');
  await expect(sidebar.conflicts).toHaveCount(2);
  await expect(sidebar.conflict('Company')).toContainText('Globex Corporation');
  await expect(sidebar.conflict('Job title')).toContainText('CTO');
});

test('moving between conversations without a reload follows the agent, never showing the previous contact', async ({
  agent,
  syncProxy: proxy,
  front,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const sidebar = await open(page, front.ticketUrl(1001));
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  await click(page, front, 1002, 'Priya Patel');
  await expect(sidebar.root).toContainText('Priya Patel');
  await expect(sidebar.root).toContainText('VIP: renewal in March');
  await expect(sidebar.root).not.toContainText('Mary Jane Watson');
  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact updated');

  await click(page, front, 1001, 'Mary Jane Watson');
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await page.goBack();
  await expect(sidebar.root).toContainText('Priya Patel');
  await expect(sidebar.outcome).toHaveText('Contact updated');

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test('a closed contact panel: the specific message, and Retry reads it once it is open', async ({
  agent,
  syncProxy: proxy,
  front,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const sidebar = await open(page, front.ticketUrl(1001));
  await expect(sidebar.root).toContainText('Mary Jane Watson');

  await page.getByRole('button', { name: 'Hide contact details' }).click();
  await click(page, front, 1004, 'Sam Lee');
  await expect(sidebar.alert).toContainText(
    "Can't read this Front conversation: the contact panel is closed — open it and retry.",
  );
  await expect(sidebar.root).not.toContainText('Mary Jane Watson');

  await page.getByRole('button', { name: 'Show contact details' }).click();
  await sidebar.retry.click();
  await expect(sidebar.alert).toHaveCount(0);
  await expect(sidebar.root).toContainText('Sam Lee');
  await expect(sidebar.root).toContainText('+1 646-555-0142');
});

test('an inbox list is not a conversation: no customer is read there, until one is opened', async ({
  agent,
  syncProxy: proxy,
  front,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  await page.goto(`${front.origin}/inboxes/teams/folders/4808209/unassigned`);
  await expect(page.getByText('No conversation selected.')).toBeVisible();
  const sidebar = new SidebarView(page);
  await expect(sidebar.root).toContainText('Open a conversation to see its customer in the CRM.');
  await expect(fromFront(sidebar)).toHaveCount(0);
  await click(page, front, 1008, 'Olivia Stone');
  await expect(fromFront(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('olivia.stone@example.com');
});
