import { describe, expect, test } from 'vitest';
import { createFrontAdapter, FRONT_HOST, frontConversationId } from '../../../lib/helpdesks/front.ts';
import { DOM_TIMING as TIMING, domReader, failure, fixturesIn, swapViewLater } from '../support.ts';

const { page } = fixturesIn(import.meta.dirname);

/** Conversation ids as the URL gives them (decimal) and as the adapter keys them (`cnv_` + base 36). */
const cnv = (decimal: number) => `cnv_${decimal.toString(36)}`;
const PRIYA = cnv(9_876_541_002);
const SAM = cnv(9_876_541_004);

const reader = domReader(createFrontAdapter, {
  account: FRONT_HOST,
  urlOf: (ticketId) => `https://${FRONT_HOST}/open/${ticketId}`,
  defaultTicketId: PRIYA,
});

test('frontConversationId: decimal URL ids become API ids; API ids are kept (lower case)', () => {
  expect(frontConversationId('7762260226')).toBe('cnv_3kdg6bm');
  expect(frontConversationId('cnv_3KDG6BM')).toBe('cnv_3kdg6bm');
  expect(frontConversationId('0')).toBeNull();
  expect(frontConversationId('msg_a23om0z')).toBeNull();
  expect(frontConversationId('12ab')).toBeNull();
});

describe('front.readCustomer on saved pages', () => {
  test('a normal conversation: name, handles, account, custom fields, description — and no request', async () => {
    const { read, fetch } = reader();
    expect(await read(page('conversation-normal.html'))).toEqual({
      ok: true,
      customer: {
        helpdesk: 'front',
        account: 'app.frontapp.com',
        id: `crd_${(52_001_002).toString(36)}`,
        name: 'Priya Patel',
        email: 'PRIYA.PATEL@Example.com',
        phone: '(415) 555-0134',
        company: 'Northwind Traders',
        jobTitle: 'Head of Operations',
        location: 'San Francisco',
        timeZone: null,
        notes: 'VIP: renewal in March',
        updatedAt: null,
      },
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  test('several handles: the first email and the first phone, whatever other handles are between', async () => {
    const result = await reader().read(page('conversation-several-handles.html'));
    expect(result.ok && result.customer).toMatchObject({
      email: 'priya@northwind.example',
      phone: '+1 415 555 0188',
    });
  });

  test('a contact without email: name and phone', async () => {
    const result = await reader().read(page('conversation-no-email.html'), SAM);
    expect(result.ok && result.customer).toMatchObject({
      id: `crd_${(52_001_004).toString(36)}`,
      name: 'Sam Lee',
      email: null,
      phone: '+1 646-555-0142',
      company: null,
      jobTitle: 'Support Lead',
      notes: null,
    });
  });

  test('values that look like markup are read as text', async () => {
    const result = await reader().read(page('conversation-hostile-values.html'), cnv(9_876_541_006));
    expect(result.ok && result.customer).toMatchObject({
      name: '<img src=x onerror=alert(1)>',
      email: 'lin.chen@example.com',
      company: 'Acme <b>Bold</b>',
    });
  });

  test('a changed layout is read through the fallbacks: classes, labels, mailto:/tel:, the /contacts/ link', async () => {
    const result = await reader().read(page('conversation-changed-layout.html'), cnv(9_876_541_003));
    expect(result.ok && result.customer).toEqual({
      helpdesk: 'front',
      account: 'app.frontapp.com',
      id: 'crd_uyk8b',
      name: 'Jonas Berg',
      email: 'jonas.berg@example.com',
      phone: '+1 212 555 0199',
      company: 'Globex',
      jobTitle: 'Chief Technology Officer',
      location: 'New York',
      timeZone: null,
      notes: 'Champion for the SSO rollout.',
      updatedAt: null,
    });
  });

  test('a closed contact panel: says so at once, in Front’s words', async () => {
    const started = Date.now();
    expect(failure(await reader({ ...TIMING, timeoutMs: 5_000 }).read(page('conversation-panel-closed.html')))).toEqual(
      {
        code: 'unreadable',
        message: "Can't read this Front conversation: the contact panel is closed — open it and retry.",
      },
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('no contact panel on the page', async () => {
    expect(failure(await reader().read(page('conversation-panel-missing.html')))).toEqual({
      code: 'unreadable',
      message: "Can't read this Front conversation: the contact panel is not on the page — open it and retry.",
    });
  });

  test('a contact panel that never shows a name, email or phone', async () => {
    expect(failure(await reader().read(page('conversation-empty-panel.html')))).toEqual({
      code: 'unreadable',
      message:
        "Can't read this Front conversation: the contact panel shows no name, email or phone (Front may have changed its layout).",
    });
  });

  test('the sign-in page', async () => {
    expect(failure(await reader().read(page('login.html')))).toEqual({
      code: 'not_signed_in',
      message: "Can't read this Front conversation: Front is showing its sign-in page. Sign in to Front and retry.",
    });
  });

  test('another conversation on screen is never read as this one (URL ids in either form)', async () => {
    const error = failure(await reader().read(page('conversation-normal.html'), SAM));
    expect(error?.code).toBe('network');
    expect(error?.message).toContain('Front is still showing another conversation');
  });
});

describe('front.readCustomer while the app renders', () => {
  test('a panel still loading is waited for, then read', async () => {
    const doc = page('conversation-empty-panel.html');
    swapViewLater(doc, page('conversation-normal.html'), 'fr-view', 120);
    const result = await reader({ ...TIMING, timeoutMs: 3_000 }).read(doc);
    expect(result.ok && result.customer.name).toBe('Priya Patel');
  });

  test('moving to another conversation: the previous panel is not read for the new one', async () => {
    const doc = page('conversation-normal.html');
    const { read } = reader({ ...TIMING, timeoutMs: 3_000 });
    expect((await read(doc)).ok).toBe(true);
    swapViewLater(doc, page('conversation-no-email.html'), 'fr-view', 150);
    const result = await read(doc, SAM);
    expect(result.ok && result.customer.name).toBe('Sam Lee');
  });
});
