/**
 * The sidebar on Gorgias: the built extension on `https://demo.gorgias.com/app/ticket/{id}` and
 * `/app/views/{view}/{id}`, served by the Gorgias emulator (proxy/sandbox/gorgias), against a real
 * sync proxy with the HubSpot sandbox. Same demo customers as on Zendesk, so the same outcomes.
 */
import type { Page } from '@playwright/test';
import {
  createGorgiasSandbox,
  DEMO_VIEW_ID,
  type GorgiasSandbox,
  gorgiasSandboxModule,
  gorgiasTicketId,
} from '../../proxy/sandbox/gorgias/index.ts';
import { serveHelpdesk } from '../../scripts/lib/helpdesk-route.ts';
import { findContactsByEmail, hubspotOf } from '../../scripts/lib/hubspot.ts';
import { SidebarView } from '../../scripts/lib/sidebar.ts';
import { test as base, expect } from './support/fixtures.ts';

/** A fresh Gorgias emulator per test, routed into the test's browser at the real URLs. */
const test = base.extend<{ gorgias: GorgiasSandbox }>({
  gorgias: async ({ extension }, use) => {
    const sandbox = createGorgiasSandbox();
    const unroute = await serveHelpdesk(extension.context, sandbox, gorgiasSandboxModule.urlPatterns);
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

/** Clicks demo ticket `demoTicket` in the view's list (single-page navigation to `/app/views/{view}/{id}`). */
async function clickTicket(page: Page, demoTicket: number): Promise<SidebarView> {
  const path = `/app/views/${DEMO_VIEW_ID}/${gorgiasTicketId(demoTicket)}`;
  await page.getByRole('navigation', { name: 'Tickets' }).locator(`a[href="${path}"]`).click();
  await page.waitForURL(`**${path}`);
  return new SidebarView(page);
}

const fromGorgias = (sidebar: SidebarView) => sidebar.root.getByRole('heading', { name: 'From Gorgias', exact: true });

test('1001 Mary Jane Watson: the sidebar reads the customer from Gorgias and Sync now creates the contact', async ({
  agent,
  syncProxy: proxy,
  gorgias,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), gorgias.ticketUrl(1001));

  await expect(fromGorgias(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await expect(sidebar.root).toContainText('mj.watson@example.com');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact created');
  const created = findContactsByEmail(hubspotOf(proxy), 'mj.watson@example.com');
  expect(created).toHaveLength(1);
  expect(created[0]?.properties).toMatchObject({ firstname: 'Mary Jane', lastname: 'Watson', company: 'Daily Bugle' });
});

test('1003 Jonas Berg: Sync now queues the Company and Job title conflicts', async ({
  agent,
  syncProxy: proxy,
  gorgias,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), gorgias.ticketUrl(1003));
  await expect(sidebar.root).toContainText('Jonas Berg');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Conflicts queued');
  await expect(sidebar.conflicts).toHaveCount(2);
  await expect(sidebar.conflict('Company')).toContainText('Globex Corporation');
  await expect(sidebar.conflict('Job title')).toContainText('Chief Technology Officer');
  await expect(sidebar.discardAll).toBeVisible();
});

test('switching tickets in Gorgias (from /app/ticket to the split view) follows the agent without a reload', async ({
  agent,
  syncProxy: proxy,
  gorgias,
}) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const first = await open(page, gorgias.ticketUrl(1001));
  await expect(first.root).toContainText('Mary Jane Watson');
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  const second = await clickTicket(page, 1004);
  await expect(second.root).toContainText('Sam Lee');
  await expect(second.root).not.toContainText('Mary Jane Watson');
  await second.syncNow.click();
  await expect(second.outcome).toHaveText('Contact updated');

  const third = await clickTicket(page, 1003);
  await expect(third.root).toContainText('Jonas Berg');

  await page.goBack();
  await expect(new SidebarView(page).root).toContainText('Sam Lee');
  await expect(new SidebarView(page).outcome).toHaveText('Contact updated');
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test('session expired in Gorgias: the sidebar says so, and Retry works after signing in', async ({
  agent,
  syncProxy: proxy,
  gorgias,
}) => {
  await agent.connectTo(proxy);
  gorgias.expireSession();
  const sidebar = await open(await agent.page(), gorgias.ticketUrl(1002));
  await expect(sidebar.alert).toContainText("Can't read this Gorgias ticket:", { timeout: 15_000 });
  await expect(sidebar.alert).toContainText('HTTP 419');
  await expect(sidebar.alert).toContainText(/sign in/i);

  gorgias.signIn();
  await sidebar.retry.click();
  await expect(sidebar.alert).toHaveCount(0);
  await expect(sidebar.root).toContainText('Priya Patel');
  await expect(sidebar.root).toContainText('Northwind Traders');
});

test('a ticket Gorgias does not have: a specific message, not an empty card', async ({
  agent,
  syncProxy: proxy,
  gorgias,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await open(await agent.page(), gorgias.ticketUrl(9999));
  await expect(sidebar.alert).toContainText(
    `Can't read this Gorgias ticket: ticket #${gorgiasTicketId(9999)} does not exist`,
  );
});
