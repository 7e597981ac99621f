/**
 * The Gorgias emulator (proxy/sandbox/gorgias) against the Gorgias adapter, in-process: the demo
 * tickets read as the same people as on the Zendesk emulator, and the emulator answers sign-out,
 * expired sessions and unknown tickets as the adapter expects.
 */
import { describe, expect, test } from 'vitest';
import { createGorgiasAdapter } from '../../../lib/helpdesks/gorgias.ts';
import type { HelpdeskAdapter, ReadResult } from '../../../lib/helpdesks/types.ts';
import { zendesk } from '../../../lib/helpdesks/zendesk.ts';
import { createGorgiasSandbox, DEMO_VIEW_ID, gorgiasTicketId } from '../../../proxy/sandbox/gorgias/index.ts';
import type { HelpdeskSandbox } from '../../../proxy/sandbox/helpdesks.ts';
import { createZendeskSandbox } from '../../../proxy/sandbox/zendesk/index.ts';

const adapter = createGorgiasAdapter({ pageWaitMs: 0 });

async function readAt(helpdesk: HelpdeskAdapter, sandbox: HelpdeskSandbox, href: string): Promise<ReadResult> {
  const url = new URL(href);
  const ticket = helpdesk.detect(url);
  if (!ticket) throw new Error(`${url.href} is not a ticket URL`);
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    sandbox.fetch(new Request(input, init))) as typeof globalThis.fetch;
  return helpdesk.readCustomer({ url, ticket, fetch, signal: new AbortController().signal });
}
const readFrom = (helpdesk: HelpdeskAdapter, sandbox: HelpdeskSandbox, demoTicket: number) =>
  readAt(helpdesk, sandbox, sandbox.ticketUrl(demoTicket));

const SAME = ['name', 'email', 'phone', 'company', 'jobTitle', 'location', 'notes'] as const;

describe('the Gorgias emulator', () => {
  test.each([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008])(
    'demo ticket %i reads as the same person as on Zendesk',
    async (demoTicket) => {
      const [fromGorgias, fromZendesk] = await Promise.all([
        readFrom(adapter, createGorgiasSandbox(), demoTicket),
        readFrom(zendesk, createZendeskSandbox(), demoTicket),
      ]);
      if (!fromGorgias.ok || !fromZendesk.ok) throw new Error(JSON.stringify([fromGorgias, fromZendesk]));
      for (const field of SAME) expect(fromGorgias.customer[field], field).toBe(fromZendesk.customer[field]);
      // Gorgias keeps IANA zones, as Zendesk's iana_time_zone.
      expect(fromGorgias.customer.timeZone).toBe(fromZendesk.customer.timeZone);
      expect(fromGorgias.customer).toMatchObject({ helpdesk: 'gorgias', account: 'demo' });
    },
  );

  test('the split view URL of a ticket reads the same customer', async () => {
    const sandbox = createGorgiasSandbox();
    const result = await readAt(
      adapter,
      sandbox,
      `${sandbox.origin}/app/views/${DEMO_VIEW_ID}/${gorgiasTicketId(1003)}`,
    );
    expect(result).toMatchObject({ ok: true, customer: { name: 'Jonas Berg', company: 'Globex' } });
  });

  test('signed out (401) and expired (419) sessions read as not signed in', async () => {
    const sandbox = createGorgiasSandbox();
    sandbox.signOut();
    expect(await readFrom(adapter, sandbox, 1002)).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    sandbox.expireSession();
    const expired = await readFrom(adapter, sandbox, 1002);
    expect(expired.ok === false && expired.error.message).toContain('HTTP 419');
    sandbox.signIn();
    expect(await readFrom(adapter, sandbox, 1002)).toMatchObject({ ok: true });
  });

  test('an unknown ticket is a 404, read as not found', async () => {
    expect(await readFrom(adapter, createGorgiasSandbox(), 9999)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  test('the helpdesk page renders values as text', async () => {
    const sandbox = createGorgiasSandbox();
    const response = await sandbox.fetch(new Request(sandbox.ticketUrl(1006)));
    const html = await response.text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
  });
});
