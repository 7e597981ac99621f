/**
 * The Gorgias emulator (proxy/sandbox/gorgias) against the Gorgias adapter, in-process: the demo
 * tickets read as the same people as on the Zendesk emulator, and the emulator answers sign-out,
 * expired sessions and unknown tickets as the adapter expects.
 */
import { describe, expect, test } from 'vitest';
import { createGorgiasAdapter } from '../../../lib/helpdesks/gorgias.ts';
import { createGorgiasSandbox, DEMO_VIEW_ID, gorgiasTicketId } from '../../../proxy/sandbox/gorgias/index.ts';
import { demoTicketsReadAsOnZendesk, readAt, readFrom } from '../support.ts';

const adapter = createGorgiasAdapter({ pageWaitMs: 0 });

describe('the Gorgias emulator', () => {
  demoTicketsReadAsOnZendesk(
    adapter,
    createGorgiasSandbox,
    { key: { helpdesk: 'gorgias', account: 'demo' }, readsActor: false },
    // Gorgias keeps IANA zones, as Zendesk's iana_time_zone.
    (own, onZendesk) => expect(own.timeZone).toBe(onZendesk.timeZone),
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
