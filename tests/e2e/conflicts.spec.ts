/**
 * Ticket 1003 (Jonas Berg) disagrees with HubSpot contact 102 on Company ("Globex" vs "Globex
 * Corporation") and Job title ("Chief Technology Officer" vs "CTO"); the phone numbers are the same
 * number written differently, so they must not conflict.
 */

import { launchWithExtension } from '../../scripts/lib/browser.ts';
import { getContact, hubspotOf, updateContact } from '../../scripts/lib/hubspot.ts';
import { type SidebarView, STALE_SENTENCE } from '../../scripts/lib/sidebar.ts';
import { serveZendesk } from '../../scripts/lib/helpdesk-route.ts';
import { Agent, expect, test } from './support/fixtures.ts';

async function queueConflicts(sidebar: SidebarView): Promise<void> {
  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Conflicts queued');
  await expect(sidebar.pendingHeading).toBeVisible();
  await expect(sidebar.conflicts).toHaveCount(2);
}

test('Sync now queues Company and Job title, each showing both values', async ({ agent, syncProxy: proxy }) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1003);
  await queueConflicts(sidebar);

  const company = sidebar.conflict('Company');
  await expect(company).toContainText('In HubSpot');
  await expect(company).toContainText('Globex Corporation');
  await expect(company).toContainText('From chat');
  await expect(company).toContainText('Globex');
  const jobTitle = sidebar.conflict('Job title');
  await expect(jobTitle).toContainText('CTO');
  await expect(jobTitle).toContainText('Chief Technology Officer');
  await expect(sidebar.conflict('Phone')).toHaveCount(0);
  await expect(sidebar.discardAll).toBeVisible();
});

test('Use chat value writes it to HubSpot; Keep CRM value is remembered, so the next sync has No changes', async ({
  agent,
  syncProxy: proxy,
}) => {
  await agent.connectTo(proxy);
  const hubspot = hubspotOf(proxy);
  const sidebar = await agent.openTicket(1003);
  await queueConflicts(sidebar);

  await sidebar.useChatValue('Company').click();
  await expect(sidebar.conflict('Company')).toHaveCount(0);
  expect(getContact(hubspot, '102')?.properties.company).toBe('Globex');

  await sidebar.keepCrmValue('Job title').click();
  await expect(sidebar.conflict('Job title')).toHaveCount(0);
  await expect(sidebar.pendingHeading).toHaveCount(0);
  expect(getContact(hubspot, '102')?.properties.jobtitle).toBe('CTO');

  // The kept value is settled: syncing again does not ask about it again.
  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('No changes');
  await expect(sidebar.conflicts).toHaveCount(0);
});

test('Discard all keeps every HubSpot value and clears the list for good', async ({ agent, syncProxy: proxy }) => {
  await agent.connectTo(proxy);
  const hubspot = hubspotOf(proxy);
  const sidebar = await agent.openTicket(1003);
  await queueConflicts(sidebar);

  await sidebar.discardAll.click();
  await expect(sidebar.conflicts).toHaveCount(0);
  await expect(sidebar.pendingHeading).toHaveCount(0);
  expect(getContact(hubspot, '102')?.properties).toMatchObject({
    company: 'Globex Corporation',
    jobtitle: 'CTO',
  });

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('No changes');
  await expect(sidebar.conflicts).toHaveCount(0);
});

test('A conflict whose HubSpot value changed meanwhile is not overwritten: it shows the new value and asks again', async ({
  agent,
  syncProxy: proxy,
}) => {
  await agent.connectTo(proxy);
  const hubspot = hubspotOf(proxy);
  const sidebar = await agent.openTicket(1003);
  await queueConflicts(sidebar);

  // Someone edits the contact in HubSpot while the agent looks at the row.
  updateContact(hubspot, '102', { company: 'Globex International' });

  await sidebar.useChatValue('Company').click();
  const company = sidebar.conflict('Company');
  await expect(company).toContainText(STALE_SENTENCE);
  await expect(company).toContainText('Globex International');
  expect(getContact(hubspot, '102')?.properties.company, 'HubSpot value not overwritten').toBe('Globex International');

  // Asked again with the new value, the agent's choice now goes through.
  await sidebar.useChatValue('Company').click();
  await expect(company).toHaveCount(0);
  expect(getContact(hubspot, '102')?.properties.company).toBe('Globex');
});

test('Conflicts queued earlier show when the ticket is opened again, also in another agent’s browser', async ({
  agent,
  syncProxy: proxy,
  zendesk,
}) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(1003);
  await queueConflicts(sidebar);

  // Same browser, the page reloaded: no Sync now needed.
  const reopened = await agent.openTicket(1003);
  await expect(reopened.conflict('Company')).toBeVisible();
  await expect(reopened.conflict('Job title')).toBeVisible();

  // A colleague with an empty cache opens the same ticket: the conflicts come from the proxy.
  const colleagueBrowser = await launchWithExtension();
  try {
    await serveZendesk(colleagueBrowser.context, zendesk);
    const colleague = new Agent(colleagueBrowser, zendesk);
    await colleague.connectTo(proxy);
    const theirs = await colleague.openTicket(1003);
    await expect(theirs.pendingHeading).toBeVisible();
    await expect(theirs.conflict('Company')).toContainText('Globex Corporation');
    await expect(theirs.conflict('Job title')).toContainText('Chief Technology Officer');
  } finally {
    await colleagueBrowser.close();
  }
});
