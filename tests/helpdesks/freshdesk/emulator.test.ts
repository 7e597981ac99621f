/**
 * The Freshdesk emulator (proxy/sandbox/freshdesk) against the Freshdesk adapter, in-process: the
 * demo tickets read as the same people as on the Zendesk emulator, and the emulator answers
 * sign-out, unknown tickets and classic URLs as the adapter expects.
 */
import { describe, expect, test } from 'vitest';
import { createFreshdeskAdapter } from '../../../lib/helpdesks/freshdesk.ts';
import type { HelpdeskAdapter, ReadResult } from '../../../lib/helpdesks/types.ts';
import { zendesk } from '../../../lib/helpdesks/zendesk.ts';
import { createFreshdeskSandbox } from '../../../proxy/sandbox/freshdesk/index.ts';
import type { HelpdeskSandbox } from '../../../proxy/sandbox/helpdesks.ts';
import { createZendeskSandbox } from '../../../proxy/sandbox/zendesk/index.ts';

const adapter = createFreshdeskAdapter({ pageWaitMs: 0 });

async function readFrom(helpdesk: HelpdeskAdapter, sandbox: HelpdeskSandbox, demoTicket: number): Promise<ReadResult> {
  const url = new URL(sandbox.ticketUrl(demoTicket));
  const ticket = helpdesk.detect(url);
  if (!ticket) throw new Error(`${url.href} is not a ticket URL`);
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    sandbox.fetch(new Request(input, init))) as typeof globalThis.fetch;
  return helpdesk.readCustomer({ url, ticket, fetch, signal: new AbortController().signal });
}

const SAME = ['name', 'email', 'phone', 'company', 'jobTitle', 'location', 'notes'] as const;

describe('the Freshdesk emulator', () => {
  test.each([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008])(
    'demo ticket %i reads as the same person as on Zendesk',
    async (demoTicket) => {
      const [fromFreshdesk, fromZendesk] = await Promise.all([
        readFrom(adapter, createFreshdeskSandbox(), demoTicket),
        readFrom(zendesk, createZendeskSandbox(), demoTicket),
      ]);
      if (!fromFreshdesk.ok || !fromZendesk.ok) throw new Error(JSON.stringify([fromFreshdesk, fromZendesk]));
      for (const field of SAME) expect(fromFreshdesk.customer[field], field).toBe(fromZendesk.customer[field]);
      expect(fromFreshdesk.customer).toMatchObject({ helpdesk: 'freshdesk', account: 'demo' });
      expect(fromFreshdesk.actor).toEqual(fromZendesk.actor);
    },
  );

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
