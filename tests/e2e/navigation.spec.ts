/**
 * Zendesk's agent workspace is a single-page app: the agent moves between tickets without a page
 * load. The sidebar must follow, and keep what it knew about each ticket.
 */
import { SidebarView } from '../../scripts/lib/sidebar.ts';
import { expect, test } from './support/fixtures.ts';

test('switching tickets without a reload follows the agent and keeps each ticket’s result', async ({
  agent,
  syncProxy: proxy,
}) => {
  await agent.connectTo(proxy);
  const first = await agent.openTicket(1001);
  const page = first.page;
  // A marker that a full page load would wipe out.
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  await first.syncNow.click();
  await expect(first.outcome).toHaveText('Contact created');

  const second = await agent.clickTicket(1002);
  await expect(second.root).toContainText('Priya Patel');
  await expect(second.root).not.toContainText('Mary Jane Watson');
  await expect(second.outcome).toHaveCount(0);
  await second.syncNow.click();
  await expect(second.outcome).toHaveText('Contact updated');

  // Back to the first ticket: its customer and outcome are there at once, no Sync now needed.
  const back = await agent.clickTicket(1001);
  await expect(back.root).toContainText('Mary Jane Watson', { timeout: 3_000 });
  await expect(back.outcome).toHaveText('Contact created', { timeout: 3_000 });

  // And with the browser's Back button.
  await page.goBack();
  await expect(page).toHaveURL(/\/agent\/tickets\/1002$/);
  const again = new SidebarView(page);
  await expect(again.root).toContainText('Priya Patel', { timeout: 3_000 });
  await expect(again.outcome).toHaveText('Contact updated', { timeout: 3_000 });

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test('the dashboard is not a ticket: no customer is read there', async ({ agent, syncProxy: proxy, zendesk }) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  await page.goto(`${zendesk.origin}/agent/dashboard`);
  await expect(page.getByText('Pick a ticket from the list.')).toBeVisible();
  // Give the content script time to act, then check it asked Zendesk for no ticket.
  await page.waitForTimeout(1_500);
  expect(zendesk.requests.filter((r) => r.path.startsWith('/api/v2/tickets/'))).toEqual([]);
  await expect(new SidebarView(page).outcome).toHaveCount(0);
});

test('the agent can hide the sidebar and bring it back, and it stays hidden while moving between tickets', async ({
  agent,
  syncProxy: proxy,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1001);
  await expect(sidebar.root).toContainText('Mary Jane Watson');

  await sidebar.hide.click();
  await expect(sidebar.show).toBeVisible();
  await expect(sidebar.syncNow).toHaveCount(0);

  await agent.clickTicket(1002);
  await expect(sidebar.show).toBeVisible();
  await sidebar.show.click();
  await expect(sidebar.hide).toBeVisible();
  await expect(sidebar.root).toContainText('Priya Patel');
  await expect(sidebar.syncNow).toBeEnabled();
});
