/**
 * The Freshdesk emulator (proxy/sandbox/freshdesk) against the Freshdesk adapter, in-process: the
 * demo tickets read as the same people as on the Zendesk emulator, and the emulator answers
 * sign-out, unknown tickets and classic URLs as the adapter expects.
 */
import { describe, expect, test } from 'vitest';
import { createFreshdeskAdapter } from '../../../lib/helpdesks/freshdesk.ts';
import { createFreshdeskSandbox } from '../../../proxy/sandbox/freshdesk/index.ts';
import { demoTicketsReadAsOnZendesk, readFrom } from '../support.ts';

const adapter = createFreshdeskAdapter({ pageWaitMs: 0 });

describe('the Freshdesk emulator', () => {
  demoTicketsReadAsOnZendesk(adapter, createFreshdeskSandbox, {
    key: { helpdesk: 'freshdesk', account: 'demo' },
    readsActor: true,
  });

  test('signed out, reads say so; signed in again, they work', async () => {
    const sandbox = createFreshdeskSandbox();
    sandbox.signOut();
    expect(await readFrom(adapter, sandbox, 1002)).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    sandbox.signIn();
    expect(await readFrom(adapter, sandbox, 1002)).toMatchObject({ ok: true, customer: { name: 'Priya Patel' } });
  });

  test('an unknown ticket is a 404, read as not found', async () => {
    expect(await readFrom(adapter, createFreshdeskSandbox(), 9999)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  test('the classic /helpdesk/tickets URL redirects to the agent app', async () => {
    const sandbox = createFreshdeskSandbox();
    const response = await sandbox.fetch(new Request('https://demo.freshdesk.com/helpdesk/tickets/1004'));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://demo.freshdesk.com/a/tickets/1004');
  });

  test('the agent page lists the tickets as text and names the ticket in its title', async () => {
    const response = await createFreshdeskSandbox().fetch(new Request('https://demo.freshdesk.com/a/tickets/1006'));
    const html = await response.text();
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<title>[#1006] : demo - Freshdesk</title>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
  });

  test('another Freshdesk domain is not served, and reset() brings back the seed', async () => {
    const sandbox = createFreshdeskSandbox();
    const other = await sandbox.fetch(new Request('https://other.freshdesk.com/api/v2/tickets/1001'));
    expect(other.status).toBe(404);
    sandbox.data.contacts[0]!.name = 'Changed';
    sandbox.signOut();
    sandbox.reset();
    expect(sandbox.requests).toEqual([]);
    expect(await readFrom(adapter, sandbox, 1001)).toMatchObject({ ok: true, customer: { name: 'Mary Jane Watson' } });
  });
});
