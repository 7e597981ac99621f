/**
 * The sidebar on Freshdesk: the built extension on `https://demo.freshdesk.com/a/tickets/{id}`,
 * served by the Freshdesk emulator (proxy/sandbox/freshdesk), against a real sync proxy with the
 * HubSpot sandbox. Same demo customers as on Zendesk, so the same outcomes.
 */
import type { Page } from '@playwright/test';
import {
  createFreshdeskSandbox,
  type FreshdeskSandbox,
  freshdeskSandboxModule,
} from '../../proxy/sandbox/freshdesk/index.ts';
import { serveHelpdesk } from '../../scripts/lib/helpdesk-route.ts';
import { findContactsByEmail, getContact, hubspotOf } from '../../scripts/lib/hubspot.ts';
import { SidebarView } from '../../scripts/lib/sidebar.ts';
import { test as base, expect } from './support/fixtures.ts';

/** A fresh Freshdesk emulator per test, routed into the test's browser at the real URLs. */
const test = base.extend<{ freshdesk: FreshdeskSandbox }>({
  freshdesk: async ({ extension }, use) => {
    const sandbox = createFreshdeskSandbox();
    const unroute = await serveHelpdesk(extension.context, sandbox, freshdeskSandboxModule.urlPatterns);
    try {
      await use(sandbox);
    } finally {
      await unroute();
    }
  },
});

/** Opens `url` (a full page load) and returns the sidebar once it is on screen. */
async function open(page: Page, url: string): Promise<SidebarView> {
  await page.goto(url);
  const sidebar = new SidebarView(page);
  await sidebar.root.waitFor();
  return sidebar;
}

/** Clicks a ticket in Freshdesk's ticket list (single-page navigation, no reload). */
async function clickTicket(page: Page, id: number): Promise<SidebarView> {
  await page.getByRole('navigation', { name: 'Tickets' }).locator(`a[href="/a/tickets/${id}"]`).click();
  await page.waitForURL(`**/a/tickets/${id}`);
  return new SidebarView(page);
}

const fromFreshdesk = (sidebar: SidebarView) =>
  sidebar.root.getByRole('heading', { name: 'From Freshdesk', exact: true });

test('1001 Mary Jane Watson: the sidebar reads the requester from Freshdesk and Sync now creates the contact', async ({
  agent,
  syncProxy: proxy,
  freshdesk,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), freshdesk.ticketUrl(1001));

  await expect(fromFreshdesk(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await expect(sidebar.root).toContainText('mj.watson@example.com');
  await expect(sidebar.root).toContainText('Not in HubSpot yet');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact created');
  const created = findContactsByEmail(hubspotOf(proxy), 'mj.watson@example.com');
  expect(created).toHaveLength(1);
  expect(created[0]?.properties).toMatchObject({ firstname: 'Mary Jane', lastname: 'Watson', company: 'Daily Bugle' });
  // The read used the documented API v2 with the agent's session.
  expect(freshdesk.requests.map((r) => r.path)).toContain('/api/v2/tickets/1001?include=requester,company');
});

test('1003 Jonas Berg: Sync now queues the Company and Job title conflicts', async ({
  agent,
  syncProxy: proxy,
  freshdesk,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), freshdesk.ticketUrl(1003));
  await expect(sidebar.root).toContainText('Jonas Berg');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Conflicts queued');
  await expect(sidebar.conflicts).toHaveCount(2);
  await expect(sidebar.conflict('Company')).toContainText('Globex Corporation');
  await expect(sidebar.conflict('Job title')).toContainText('Chief Technology Officer');

  await sidebar.useChatValue('Company').click();
  await expect(sidebar.conflict('Company')).toHaveCount(0);
  expect(getContact(hubspotOf(proxy), '102')?.properties.company).toBe('Globex');
});

test('switching tickets in the Freshdesk app follows the agent without a reload', async ({
  agent,
  syncProxy: proxy,
  freshdesk,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const first = await open(page, freshdesk.ticketUrl(1001));
  await expect(first.root).toContainText('Mary Jane Watson');
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  const second = await clickTicket(page, 1002);
  await expect(second.root).toContainText('Priya Patel');
  await expect(second.root).not.toContainText('Mary Jane Watson');
  await second.syncNow.click();
  await expect(second.outcome).toHaveText('Contact updated');

  await page.goBack();
  await expect(page).toHaveURL(/\/a\/tickets\/1001$/);
  await expect(new SidebarView(page).root).toContainText('Mary Jane Watson');
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test("when API v2 refuses the session, the agent app's own endpoint is read", async ({
  agent,
  syncProxy: proxy,
  freshdesk,
}) => {
  await agent.connectTo(proxy);
  freshdesk.refuseApiV2();
  const sidebar = await open(await agent.page(), freshdesk.ticketUrl(1002));
  await expect(sidebar.root).toContainText('Priya Patel');
  await expect(sidebar.root).toContainText('Northwind Traders');
  await expect(sidebar.alert).toHaveCount(0);
  expect(freshdesk.requests.map((r) => r.path)).toContain('/api/_/contacts/48000123002');
});

test('signed out of Freshdesk: the sidebar says so, and Retry works after signing in', async ({
  agent,
  syncProxy: proxy,
  freshdesk,
}) => {
  await agent.connectTo(proxy);
  freshdesk.signOut();
  const sidebar = await open(await agent.page(), freshdesk.ticketUrl(1002));
  await expect(sidebar.alert).toContainText("Can't read this Freshdesk ticket:", { timeout: 15_000 });
  await expect(sidebar.alert).toContainText(/sign in/i);
  await expect(sidebar.syncNow).toBeDisabled();

  freshdesk.signIn();
  await sidebar.retry.click();
  await expect(sidebar.alert).toHaveCount(0);
  await expect(sidebar.root).toContainText('Priya Patel');
});

test('a ticket Freshdesk does not have: a specific message, not an empty card', async ({
  agent,
  syncProxy: proxy,
  freshdesk,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), freshdesk.ticketUrl(9999));
  await expect(sidebar.alert).toContainText("Can't read this Freshdesk ticket: ticket #9999 does not exist");
});
