/**
 * What the agent sees when something is wrong: the proxy is down, the API key is wrong, the
 * Zendesk ticket cannot be read. Each says what happened, and Retry recovers once it is fixed.
 */
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { startProxy } from '../../proxy/server.ts';
import { getContact, hubspotOf } from '../../scripts/lib/hubspot.ts';
import { SAVED_FOR_LATER } from '../../scripts/lib/sidebar.ts';
import { expect, startTestProxy, TEST_PROXY_ENV, test } from './support/fixtures.ts';

/** A TCP port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

test('proxy down: the sidebar names the proxy URL it cannot reach, and Retry works once it is up', async ({
  agent,
  dbTemplate,
}) => {
  const port = await closedPort();
  const proxyUrl = `http://127.0.0.1:${port}`;
  await agent.configure({ proxyUrl });
  const sidebar = await agent.openTicket(1001);
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await expect(sidebar.alert).toContainText(`Can't reach the sync proxy at ${proxyUrl}.`);
  await expect(sidebar.retry).toBeVisible();

  const proxy = await startTestProxy(dbTemplate, port);
  try {
    await sidebar.retry.click();
    await expect(sidebar.alert).toHaveCount(0);
    await expect(sidebar.root).toContainText('Not in HubSpot yet');
    await sidebar.syncNow.click();
    await expect(sidebar.outcome).toHaveText('Contact created');
  } finally {
    await proxy.close();
  }
});

test('a decision made while the proxy is down is saved and delivered once it is back', async ({
  agent,
  dbTemplate,
}) => {
  test.slow();
  const pglite = await PGlite.create({ loadDataDir: dbTemplate });
  const env = TEST_PROXY_ENV;
  let proxy = await startProxy({ port: 0, quiet: true, database: { pglite }, env });
  const port = Number(new URL(proxy.url).port);
  try {
    await agent.connectTo(proxy);
    const sidebar = await agent.openTicket(1003);
    await sidebar.syncNow.click();
    await expect(sidebar.outcome).toHaveText('Conflicts queued');

    await proxy.close();
    await sidebar.useChatValue('Company').click();
    await expect(sidebar.conflict('Company')).toContainText(SAVED_FOR_LATER);

    // The proxy comes back (same database, a fresh HubSpot sandbox) and the agent keeps working: the
    // first successful call sends what waited in the outbox.
    proxy = await startProxy({ port, quiet: true, database: { pglite }, env });
    const hubspot = hubspotOf(proxy);
    await agent.openTicket(1002);
    await expect.poll(() => getContact(hubspot, '102')?.properties.company, { timeout: 20_000 }).toBe('Globex');

    const reopened = await agent.openTicket(1003);
    await expect(reopened.conflict('Job title')).toBeVisible();
    await expect(reopened.conflict('Company')).toHaveCount(0);
  } finally {
    await proxy.close();
    await pglite.close();
  }
});

test('wrong API key: the sidebar says the proxy rejected it', async ({ agent, syncProxy: proxy }) => {
  await agent.configure({ proxyUrl: proxy.url, apiKey: 'not-the-right-key' });
  const sidebar = await agent.openTicket(1002);
  await expect(sidebar.alert).toContainText('The sync proxy rejected the API key.');
  await sidebar.syncNow.click();
  await expect(sidebar.alert).toContainText('The sync proxy rejected the API key.');
  await expect(sidebar.outcome).toHaveCount(0);
});

test('a ticket Zendesk does not have: a specific message, not a blank sidebar', async ({ agent, syncProxy: proxy }) => {
  await agent.connectTo(proxy);
  const sidebar = await agent.openTicket(9999);
  await expect(sidebar.alert).toContainText("Can't read this Zendesk ticket:");
  await expect(sidebar.alert).toContainText('9999');
  await expect(sidebar.retry).toBeVisible();
});

test('signed out of Zendesk: the sidebar asks to sign in, and Retry works after signing in', async ({
  agent,
  syncProxy: proxy,
  zendesk,
}) => {
  await agent.connectTo(proxy);
  zendesk.signOut();
  const sidebar = await agent.openTicket(1002);
  await expect(sidebar.alert).toContainText("Can't read this Zendesk ticket:");
  await expect(sidebar.alert).toContainText(/sign in/i);

  zendesk.signIn();
  await sidebar.retry.click();
  await expect(sidebar.alert).toHaveCount(0);
  await expect(sidebar.root).toContainText('Priya Patel');
});
