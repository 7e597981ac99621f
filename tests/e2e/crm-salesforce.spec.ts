/**
 * The built extension on the demo Zendesk tickets with the proxy running the Salesforce sandbox
 * (`CRM_PROVIDER=salesforce`, no credentials): the sidebar names Salesforce, links to the record's
 * page in the sandbox, and creates, updates and settles conflicts on Salesforce Contacts.
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

test.use({ crm: 'salesforce' });

/** Zendesk's requester of demo ticket `ticket` as the proxy keys them (proxy/sandbox/zendesk/data.ts). */
const customerKey = (ticket: number) => `zendesk:demo:${361_000_000 + (ticket - 1000)}`;

test('1001 Mary Jane Watson: Contact created in Salesforce, "Open in Salesforce" opens its page', async ({
  agent,
  syncProxy: proxy,
}) => {
  expect(proxy.sandbox?.provider).toBe('salesforce');
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1001);

  await expect(sidebar.crmHeading).toHaveText('In Salesforce');
  await expect(sidebar.notInCrm).toBeVisible();

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact created');

  const record = await lastRecordOf(proxy, customerKey(1001));
  expect(record).toMatchObject({ provider: 'salesforce', objectType: 'contact' });
  const values = crmSandboxOf(proxy).testing.read(record!.id);
  const [first, last] = crmFieldsOf(proxy, 'name');
  expect(values?.[first!]).toBe('Mary Jane');
  expect(values?.[last!]).toBe('Watson');
  expect(crmValue(proxy, record!.id, 'email')).toBe('mj.watson@example.com');

  await expect(sidebar.notInCrm).toHaveCount(0);
  const href = await sidebar.openInCrm.getAttribute('href');
  expect(href?.startsWith(`${proxy.url}/sandbox/salesforce/`), `link ${href}`).toBe(true);
  expect(href).toContain(record!.id);
  const page = await sidebar.page.request.get(href!);
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain('Watson');
});

test('1002 Priya Patel: Contact updated in one Salesforce write', async ({ agent, syncProxy: proxy }) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1002);
  await expect(sidebar.crmHeading).toHaveText('In Salesforce');
  await expect(sidebar.openInCrm).toBeVisible();
  const before = vendorRequests(proxy).length;

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact updated');

  const writes = vendorRequests(proxy).slice(before).filter(isVendorWrite);
  expect(
    writes.map((w) => `${w.method} ${w.path}`),
    'one write for every safe field',
  ).toHaveLength(1);
  const record = await lastRecordOf(proxy, customerKey(1002));
  expect(crmValue(proxy, record!.id, 'jobTitle')).toBe('Head of Operations');
  await expect(sidebar.root).toContainText('Head of Operations');
});

test('1003 Jonas Berg: conflicts queued, Use chat value writes to Salesforce, the next sync has No changes', async ({
  agent,
  syncProxy: proxy,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1003);
  await expect(sidebar.crmHeading).toHaveText('In Salesforce');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Conflicts queued');
  const jobTitle = sidebar.conflict('Job title');
  await expect(jobTitle).toContainText('CTO');
  await expect(jobTitle).toContainText('Chief Technology Officer');
  await expect(jobTitle).toContainText('In Salesforce');
  // Only Job title: Salesforce's company is the Account's name, shown (From CRM) but never written.
  await expect(sidebar.conflicts).toHaveCount(1);

  await sidebar.useChatValue('Job title').click();
  await expect(jobTitle).toHaveCount(0);
  const record = await lastRecordOf(proxy, customerKey(1003));
  expect(crmValue(proxy, record!.id, 'jobTitle')).toBe('Chief Technology Officer');
  await expect(sidebar.pendingHeading).toHaveCount(0);

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('No changes');
  await expect(sidebar.conflicts).toHaveCount(0);
});
