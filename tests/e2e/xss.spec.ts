/**
 * Values from Zendesk and from HubSpot are untrusted. Ticket 1006's requester is named
 * `<img src=x onerror=alert(1)>`, its organization is `Acme <b>Bold</b>`, and HubSpot contact 106's
 * company is `<img src=x onerror=alert(1)>`: all must show as literal text and run nothing.
 */
import { expect, test } from './support/fixtures.ts';

const IMG = '<img src=x onerror=alert(1)>';

test('hostile markup from Zendesk and HubSpot shows as text and runs nothing', async ({ agent, syncProxy: proxy }) => {
  await agent.connectTo(proxy);
  const page = await agent.page();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  const sidebar = await agent.openTicket(1006);
  await expect(sidebar.root).toContainText(IMG);
  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Conflicts queued');

  const name = sidebar.conflict('Name');
  await expect(name).toContainText(IMG);
  const company = sidebar.conflict('Company');
  await expect(company).toContainText(IMG);
  await expect(company).toContainText('Acme <b>Bold</b>');

  await expect(sidebar.root.locator('img')).toHaveCount(0);
  expect(dialogs, 'no dialog may open').toEqual([]);
});
