import { describe, expect, test } from 'vitest';
import { createIntercomAdapter } from '../../../lib/helpdesks/intercom.ts';
import { DOM_TIMING as TIMING, domReader, failure, fixturesIn, swapViewLater } from '../support.ts';

const { page } = fixturesIn(import.meta.dirname);
const APP = 'demoapp1';
const conversation = (n: number) => String(215_468_000_000_000 + n);
const contact = (n: number) => `6650a1b2c3d4e5f6a7b8${n}`;

const reader = domReader(createIntercomAdapter, {
  account: APP,
  urlOf: (ticketId) => `https://app.intercom.com/a/inbox/${APP}/inbox/shared/all/conversation/${ticketId}`,
  defaultTicketId: conversation(1002),
});

describe('intercom.readCustomer on saved pages', () => {
  test('a user’s conversation: the User data section — and no request', async () => {
    const { read, fetch } = reader();
    expect(await read(page('conversation-normal.html'))).toEqual({
      ok: true,
      customer: {
        helpdesk: 'intercom',
        account: APP,
        id: contact(1002),
        name: 'Priya Patel',
        email: 'PRIYA.PATEL@Example.com',
        phone: '(415) 555-0134',
        company: 'Northwind Traders',
        jobTitle: 'Head of Operations',
        location: 'San Francisco',
        timeZone: null,
        notes: null,
        updatedAt: null,
      },
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  test('a lead without email: Lead data with name and phone', async () => {
    const result = await reader().read(page('conversation-lead-no-email.html'), conversation(1004));
    expect(result.ok && result.customer).toEqual({
      helpdesk: 'intercom',
      account: APP,
      id: contact(1004),
      name: 'Sam Lee',
      email: null,
      phone: '+1 646-555-0142',
      company: null,
      jobTitle: 'Support Lead',
      location: null,
      timeZone: null,
      notes: null,
      updatedAt: null,
    });
  });

  test('other addresses in the sidebar (billing, company, teammate) never replace the person’s Email', async () => {
    const result = await reader().read(page('conversation-company-emails.html'), conversation(1003));
    expect(result.ok && result.customer).toMatchObject({
      id: contact(1003),
      name: 'Jonas Berg',
      email: 'jonas.berg@example.com',
      company: 'Globex',
      jobTitle: 'Chief Technology Officer',
    });
  });

  test('values that look like markup are read as text', async () => {
    const result = await reader().read(page('conversation-hostile-values.html'), conversation(1006));
    expect(result.ok && result.customer).toMatchObject({
      name: '<img src=x onerror=alert(1)>',
      email: 'lin.chen@example.com',
      company: 'Acme <b>Bold</b>',
    });
  });

  test('a changed layout is read through the fallbacks: the "User data" section, labels, the profile link', async () => {
    const result = await reader().read(page('conversation-changed-layout.html'), conversation(1003));
    expect(result.ok && result.customer).toEqual({
      helpdesk: 'intercom',
      account: APP,
      id: contact(1003),
      name: 'Jonas Berg',
      email: 'jonas.berg@example.com',
      phone: '+1 212 555 0199',
      company: 'Globex',
      jobTitle: 'Chief Technology Officer',
      location: 'New York, United States',
      timeZone: 'America/New_York',
      notes: null,
      updatedAt: null,
    });
  });

  test('a closed details sidebar: says so at once, in Intercom’s words', async () => {
    const started = Date.now();
    expect(
      failure(await reader({ ...TIMING, timeoutMs: 5_000 }).read(page('conversation-details-closed.html'))),
    ).toEqual({
      code: 'unreadable',
      message: "Can't read this Intercom conversation: the details sidebar is closed — open it and retry.",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('no details sidebar on the page', async () => {
    expect(failure(await reader().read(page('conversation-details-missing.html')))).toEqual({
      code: 'unreadable',
      message: "Can't read this Intercom conversation: the details sidebar is not on the page — open it and retry.",
    });
  });

  test('a details sidebar without the person’s section names the missing section', async () => {
    expect(failure(await reader().read(page('conversation-no-person-section.html')))).toEqual({
      code: 'unreadable',
      message:
        "Can't read this Intercom conversation: the details sidebar does not show the person’s data (User data or Lead data) — show that section and retry.",
    });
  });

  test('the sign-in page', async () => {
    expect(failure(await reader().read(page('login.html')))).toEqual({
      code: 'not_signed_in',
      message:
        "Can't read this Intercom conversation: Intercom is showing its sign-in page. Sign in to Intercom and retry.",
    });
  });

  test('another conversation on screen is never read as this one', async () => {
    const error = failure(await reader().read(page('conversation-normal.html'), conversation(1004)));
    expect(error?.code).toBe('network');
    expect(error?.message).toContain('Intercom is still showing another conversation');
  });
});

describe('intercom.readCustomer while the Inbox renders', () => {
  test('moving to another conversation: the previous sidebar is not read for the new one', async () => {
    const doc = page('conversation-normal.html');
    const { read } = reader({ ...TIMING, timeoutMs: 3_000 });
    expect((await read(doc)).ok).toBe(true);
    swapViewLater(doc, page('conversation-lead-no-email.html'), 'ic-view', 150);
    const result = await read(doc, conversation(1004));
    expect(result.ok && result.customer.name).toBe('Sam Lee');
  });

  test('opening the closed sidebar before the grace ends is read normally', async () => {
    const doc = page('conversation-details-closed.html');
    setTimeout(() => doc.getElementById('conversation-details')?.removeAttribute('hidden'), 20);
    const result = await reader({ ...TIMING, closedGraceMs: 300, timeoutMs: 3_000 }).read(doc);
    expect(result.ok && result.customer.name).toBe('Priya Patel');
  });
});
