/**
 * The sidebar on Zoho Desk: the built extension on
 * `https://desk.zoho.com/agent/demo/support/tickets/details/{id}`, served by the Zoho Desk emulator
 * (proxy/sandbox/zohodesk), against a real sync proxy with the HubSpot sandbox. Same demo customers
 * as on Zendesk, so the same outcomes.
 */
import type { Page } from '@playwright/test';
import {
  createZohoDeskSandbox,
  type ZohoDeskSandbox,
  zohodeskSandboxModule,
  zohoTicketId,
} from '../../proxy/sandbox/zohodesk/index.ts';
import { serveHelpdesk } from '../../scripts/lib/helpdesk-route.ts';
import { findContactsByEmail, hubspotOf } from '../../scripts/lib/hubspot.ts';
import { SidebarView } from '../../scripts/lib/sidebar.ts';
import { test as base, expect } from './support/fixtures.ts';

/** A fresh Zoho Desk emulator per test, routed into the test's browser at the real URLs. */
const test = base.extend<{ zohodesk: ZohoDeskSandbox }>({
  zohodesk: async ({ extension }, use) => {
    const sandbox = createZohoDeskSandbox();
    const unroute = await serveHelpdesk(extension.context, sandbox, zohodeskSandboxModule.urlPatterns);
    try {
      await use(sandbox);
    } finally {
      await unroute();
    }
  },
});

async function open(page: Page, url: string): Promise<SidebarView> {
  await page.goto(url);
  const sidebar = new SidebarView(page);
  await sidebar.root.waitFor();
  return sidebar;
}

/** Clicks demo ticket `demoTicket` in the ticket list (single-page navigation). */
async function clickTicket(page: Page, demoTicket: number): Promise<SidebarView> {
  const path = `/agent/demo/support/tickets/details/${zohoTicketId(demoTicket)}`;
  await page.getByRole('navigation', { name: 'Tickets' }).locator(`a[href="${path}"]`).click();
  await page.waitForURL(`**${path}`);
  return new SidebarView(page);
}

const fromZohoDesk = (sidebar: SidebarView) =>
  sidebar.root.getByRole('heading', { name: 'From Zoho Desk', exact: true });

test('1001 Mary Jane Watson: the sidebar reads the contact from Zoho Desk and Sync now creates it in HubSpot', async ({
  agent,
  syncProxy: proxy,
  zohodesk,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), zohodesk.ticketUrl(1001));

  await expect(fromZohoDesk(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await expect(sidebar.root).toContainText('mj.watson@example.com');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact created');
  const created = findContactsByEmail(hubspotOf(proxy), 'mj.watson@example.com');
  expect(created).toHaveLength(1);
  expect(created[0]?.properties).toMatchObject({ firstname: 'Mary Jane', lastname: 'Watson', company: 'Daily Bugle' });
  // Every API call but the organizations lookup carried the organization id.
  const apiCalls = zohodesk.requests.filter((r) => r.path.startsWith('/supportapi/zd/demo/api/v1/'));
  expect(apiCalls.length).toBeGreaterThan(1);
  for (const call of apiCalls) {
    if (!call.path.endsWith('/organizations')) expect(call.orgId).toBe(String(zohodesk.data.organization.id));
  }
});

test('1003 Jonas Berg: Sync now queues the Company and Job title conflicts', async ({
  agent,
  syncProxy: proxy,
  zohodesk,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), zohodesk.ticketUrl(1003));
  await expect(sidebar.root).toContainText('Jonas Berg');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Conflicts queued');
  await expect(sidebar.conflicts).toHaveCount(2);
  await expect(sidebar.conflict('Company')).toContainText('Globex Corporation');
  await expect(sidebar.conflict('Job title')).toContainText('Chief Technology Officer');

  await sidebar.keepCrmValue('Job title').click();
  await expect(sidebar.conflict('Job title')).toHaveCount(0);
});

test('switching tickets in Zoho Desk follows the agent without a reload', async ({
  agent,
  syncProxy: proxy,
  zohodesk,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const first = await open(page, zohodesk.ticketUrl(1001));
  await expect(first.root).toContainText('Mary Jane Watson');
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  const second = await clickTicket(page, 1008);
  await expect(second.root).toContainText('Olivia Stone');
  await expect(second.root).not.toContainText('Mary Jane Watson');
  await second.syncNow.click();
  await expect(second.outcome).toHaveText('No changes');

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/tickets/details/${zohoTicketId(1001)}$`));
  await expect(new SidebarView(page).root).toContainText('Mary Jane Watson');
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  // The organization was looked up once for the whole session.
  expect(zohodesk.requests.filter((r) => r.path.endsWith('/organizations'))).toHaveLength(1);
});

test('signed out of Zoho Desk: the sidebar says so, and Retry works after signing in', async ({
  agent,
  syncProxy: proxy,
  zohodesk,
}) => {
  await agent.connectTo(proxy);
  zohodesk.signOut();
  const sidebar = await open(await agent.page(), zohodesk.ticketUrl(1002));
  await expect(sidebar.alert).toContainText("Can't read this Zoho Desk ticket:", { timeout: 15_000 });
  await expect(sidebar.alert).toContainText(/sign in/i);

  zohodesk.signIn();
  await sidebar.retry.click();
  await expect(sidebar.alert).toHaveCount(0);
  await expect(sidebar.root).toContainText('Priya Patel');
});

test('a ticket Zoho Desk does not have: a specific message, not an empty card', async ({
  agent,
  syncProxy: proxy,
  zohodesk,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), zohodesk.ticketUrl(9999));
  await expect(sidebar.alert).toContainText(
    `Can't read this Zoho Desk ticket: ticket ${zohoTicketId(9999)} does not exist`,
  );
});
