/**
 * The Zoho Desk emulator (proxy/sandbox/zohodesk) against the Zoho Desk adapter, in-process: the
 * demo tickets read as the same people as on the Zendesk emulator, and the emulator enforces the
 * `orgId` header and answers sign-out and unknown tickets as the adapter expects.
 */
import { describe, expect, test } from 'vitest';
import { createZohoDeskAdapter } from '../../../lib/helpdesks/zohodesk.ts';
import { createZohoDeskSandbox, zohoTicketId } from '../../../proxy/sandbox/zohodesk/index.ts';
import { demoTicketsReadAsOnZendesk, readFrom } from '../support.ts';

describe('the Zoho Desk emulator', () => {
  demoTicketsReadAsOnZendesk(createZohoDeskAdapter({ pageWaitMs: 0 }), createZohoDeskSandbox, {
    key: { helpdesk: 'zohodesk', account: 'demo@desk.zoho.com' },
    readsActor: true,
  });

  test('API calls without the organization id are refused, as Zoho Desk does', async () => {
    const sandbox = createZohoDeskSandbox();
    const url = `${sandbox.origin}/supportapi/zd/demo/api/v1/tickets/${zohoTicketId(1001)}`;
    const without = await sandbox.fetch(new Request(url));
    expect(without.status).toBe(422);
    const withOrg = await sandbox.fetch(new Request(url, { headers: { orgId: String(sandbox.data.organization.id) } }));
    expect(withOrg.status).toBe(200);
    const orgs = await sandbox.fetch(new Request(`${sandbox.origin}/supportapi/zd/demo/api/v1/organizations`));
    expect(await orgs.json()).toMatchObject({ data: [{ portalName: 'demo', id: sandbox.data.organization.id }] });
  });

  test('signed out, reads say so; signed in again, they work', async () => {
    const sandbox = createZohoDeskSandbox();
    const adapter = createZohoDeskAdapter({ pageWaitMs: 0 });
    sandbox.signOut();
    expect(await readFrom(adapter, sandbox, 1002)).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    sandbox.signIn();
    expect(await readFrom(adapter, sandbox, 1002)).toMatchObject({ ok: true, customer: { name: 'Priya Patel' } });
  });

  test('an unknown ticket is a 404, read as not found', async () => {
    expect(await readFrom(createZohoDeskAdapter({ pageWaitMs: 0 }), createZohoDeskSandbox(), 9999)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  test('the agent page keeps the organization id in a page global and renders values as text', async () => {
    const sandbox = createZohoDeskSandbox();
    const html = await (await sandbox.fetch(new Request(sandbox.ticketUrl(1006)))).text();
    expect(html).toContain(`window.desk_urls = {"orgId":"${sandbox.data.organization.id}","portalName":"demo"};`);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
  });

  test('another portal is not served', async () => {
    const sandbox = createZohoDeskSandbox();
    const page = await sandbox.fetch(new Request('https://desk.zoho.com/agent/other/support/tickets/details/1'));
    expect(page.status).toBe(404);
  });
});
