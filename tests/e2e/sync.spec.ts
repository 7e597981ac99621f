/**
 * Sync now on the demo tickets: each outcome the agent can get, checked in the sidebar and in the
 * HubSpot sandbox behind the proxy.
 */
import { findContactsByEmail, getContact, hubspotOf, hubspotRequests } from '../../scripts/lib/hubspot.ts';
import { expect, test } from './support/fixtures.ts';

test('1001 Mary Jane Watson: Sync now creates the contact, split into first and last name', async ({
  agent,
  syncProxy: proxy,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1001);

  await expect(sidebar.customerHeading).toBeVisible();
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await expect(sidebar.root).toContainText('mj.watson@example.com');
  await expect(sidebar.root).toContainText('Not in HubSpot yet');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact created');

  const hubspot = hubspotOf(proxy);
  const found = findContactsByEmail(hubspot, 'mj.watson@example.com');
  expect(found).toHaveLength(1);
  const contact = found[0]!;
  expect(contact.properties).toMatchObject({
    firstname: 'Mary Jane',
    lastname: 'Watson',
    email: 'mj.watson@example.com',
    company: 'Daily Bugle',
  });
  expect(contact.properties.phone).toBeTruthy();

  // The record is shown, with a working link to it in HubSpot.
  await expect(sidebar.crmHeading).toBeVisible();
  await expect(sidebar.root).not.toContainText('Not in HubSpot yet');
  const href = await sidebar.openInHubSpot.getAttribute('href');
  expect(href).toContain(`/record/0-1/${contact.id}`);
  const recordPage = await sidebar.page.request.get(href!);
  expect(recordPage.status()).toBe(200);
  expect(await recordPage.text()).toContain('Mary Jane');
});

test('1002 Priya Patel: Sync now fills the blank fields in one PATCH and warns that Notes was skipped', async ({
  agent,
  syncProxy: proxy,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1002);
  await expect(sidebar.crmHeading).toBeVisible();
  const hubspot = hubspotOf(proxy);
  const before = hubspotRequests(hubspot).length;

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact updated');
  await expect(sidebar.warnings).toContainText(/notes/i);

  const patches = hubspotRequests(hubspot)
    .slice(before)
    .filter((r) => r.method === 'PATCH');
  expect(patches, 'exactly one PATCH for all the safe writes').toHaveLength(1);
  expect(patches[0]!.path).toContain('/crm/v3/objects/contacts/101');

  const contact = getContact(hubspot, '101');
  expect(contact?.properties).toMatchObject({
    email: 'priya.patel@example.com',
    company: 'Northwind Traders',
    jobtitle: 'Head of Operations',
    city: 'San Francisco',
  });
  expect(contact?.properties.phone).toBeTruthy();
  await expect(sidebar.root).toContainText('Northwind Traders');
});

test('1004 Sam Lee: found by phone alone and updated', async ({ agent, syncProxy: proxy }) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1004);
  // The lookup finds contact 103 by its phone number, written differently in HubSpot.
  await expect(sidebar.crmHeading).toBeVisible();
  await expect(sidebar.root).toContainText('Initech');

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact updated');
  const contact = getContact(hubspotOf(proxy), '103');
  expect(contact?.properties).toMatchObject({ jobtitle: 'Support Lead', company: 'Initech' });
});

test('1007 Anonymous visitor: No lookup key, and HubSpot is never called', async ({ agent, syncProxy: proxy }) => {
  await agent.connectTo(proxy);
  const hubspot = hubspotOf(proxy);
  const before = hubspotRequests(hubspot).length;

  const sidebar = await agent.openTicket(1007);
  await expect(sidebar.root).toContainText('Anonymous visitor');
  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('No lookup key');

  expect(hubspotRequests(hubspot).slice(before), 'HubSpot calls for a customer without email or phone').toEqual([]);
});

test('1008 Olivia Stone: everything already matches, No changes', async ({ agent, syncProxy: proxy }) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1008);
  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('No changes');
  await expect(sidebar.conflicts).toHaveCount(0);
});
