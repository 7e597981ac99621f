/**
 * The built extension on the demo Zendesk tickets with the proxy running the Dynamics 365 sandbox
 * (`CRM_PROVIDER=dynamics`, no credentials): the sidebar names Dynamics 365 and links to the
 * record's page in the sandbox; a new customer becomes a Lead ("Lead created"), a customer who is
 * already a Lead is only reported ("Lead already exists", no second lead, nothing written), and a
 * Contact is updated as usual.
 */
import {
  crmFieldsOf,
  crmSandboxOf,
  crmValue,
  isVendorWrite,
  lastRecordOf,
  vendorRequests,
} from '../../scripts/lib/crm.ts';
import { expect, test } from './support/fixtures.ts';

test.use({ crm: 'dynamics' });

/** Zendesk's requester of demo ticket `ticket` as the proxy keys them (proxy/sandbox/zendesk/data.ts). */
const customerKey = (ticket: number) => `zendesk:demo:${361_000_000 + (ticket - 1000)}`;

test('1001 Mary Jane Watson: Lead created in Dynamics 365, "Open in Dynamics 365" opens its page', async ({
  agent,
  syncProxy: proxy,
}) => {
  expect(proxy.sandbox?.provider).toBe('dynamics');
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1001);
  await expect(sidebar.crmHeading).toHaveText('In Dynamics 365');
  await expect(sidebar.notInCrm).toBeVisible();

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Lead created');

  const record = await lastRecordOf(proxy, customerKey(1001));
  expect(record).toMatchObject({ provider: 'dynamics', objectType: 'lead' });
  const values = crmSandboxOf(proxy).testing.read(record!.id);
  const [first, last] = crmFieldsOf(proxy, 'name');
  expect(values?.[first!]).toBe('Mary Jane');
  expect(values?.[last!]).toBe('Watson');

  const href = await sidebar.openInCrm.getAttribute('href');
  expect(href?.startsWith(`${proxy.url}/sandbox/dynamics/`), `link ${href}`).toBe(true);
  expect(href).toContain(record!.id);
  const page = await sidebar.page.request.get(href!);
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain('Watson');

  // The lead is the sidebar's own: when a CRM user blanks its phone number, the next Sync now fills
  // it again ("Lead updated"), it is not reported as someone else's lead.
  const [phone] = crmFieldsOf(proxy, 'phone');
  crmSandboxOf(proxy).testing.edit(record!.id, { [phone!]: null });
  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Lead updated');
  expect(crmSandboxOf(proxy).testing.read(record!.id)?.[phone!]).toBe(values?.[phone!]);
});

test('1009 Noah Kim: already a Lead → "Lead already exists", no second lead, nothing written', async ({
  agent,
  syncProxy: proxy,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1009);
  // The lookup already shows the seeded lead, and says it is one.
  await expect(sidebar.crmHeading).toHaveText('In Dynamics 365 · Lead');
  await expect(sidebar.openInCrm).toBeVisible();
  const shown = await sidebar.openInCrm.getAttribute('href');
  const before = vendorRequests(proxy).length;

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Lead already exists');
  await expect(sidebar.root).toContainText('Dynamics 365 already has this person as a lead, so nothing was written.');

  expect(vendorRequests(proxy).slice(before).filter(isVendorWrite), 'no write, no second lead').toEqual([]);
  const record = await lastRecordOf(proxy, customerKey(1009));
  expect(record).toMatchObject({ provider: 'dynamics', objectType: 'lead' });
  expect(shown).toContain(record!.id);
  expect(crmValue(proxy, record!.id, 'email')).toBe('noah.kim@example.com');
  await expect(sidebar.conflicts).toHaveCount(0);

  // Syncing again changes nothing either.
  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Lead already exists');
  expect(vendorRequests(proxy).slice(before).filter(isVendorWrite)).toEqual([]);
});

test('1002 Priya Patel: a Contact is updated in one write', async ({ agent, syncProxy: proxy }) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1002);
  await expect(sidebar.crmHeading).toHaveText('In Dynamics 365');
  await expect(sidebar.openInCrm).toBeVisible();
  const before = vendorRequests(proxy).length;

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact updated');

  expect(vendorRequests(proxy).slice(before).filter(isVendorWrite)).toHaveLength(1);
  const record = await lastRecordOf(proxy, customerKey(1002));
  expect(record).toMatchObject({ objectType: 'contact' });
  expect(crmValue(proxy, record!.id, 'jobTitle')).toBe('Head of Operations');
});
