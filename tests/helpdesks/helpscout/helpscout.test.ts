import { describe, expect, test } from 'vitest';
import { createHelpScoutAdapter, HELPSCOUT_HOST } from '../../../lib/helpdesks/helpscout.ts';
import { DOM_TIMING as TIMING, domReader, failure, fixturesIn } from '../support.ts';

const { page } = fixturesIn(import.meta.dirname);

const PRIYA = '2466001002';

const reader = domReader(createHelpScoutAdapter, {
  account: HELPSCOUT_HOST,
  urlOf: (ticketId) => `https://${HELPSCOUT_HOST}/conversation/${ticketId}/31002?folderId=7654321`,
  defaultTicketId: PRIYA,
});

describe('helpscout.readCustomer on saved pages', () => {
  test('a normal conversation: every field of the customer sidebar, and no request to Help Scout', async () => {
    const { read, fetch } = reader();
    expect(await read(page('conversation-normal.html'))).toEqual({
      ok: true,
      customer: {
        helpdesk: 'helpscout',
        account: 'secure.helpscout.net',
        id: '583661002',
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

  test('several emails and phones: the first listed of each is the customer’s', async () => {
    const result = await reader().read(page('conversation-several-emails.html'));
    expect(result.ok && result.customer).toMatchObject({
      id: '583661002',
      email: 'priya.patel@northwind.example',
      phone: '+1 415 555 0188',
      company: 'Northwind Traders',
    });
  });

  test('a customer without email (a phone call): name and phone only', async () => {
    const result = await reader().read(page('conversation-no-email.html'), '2466001004');
    expect(result.ok && result.customer).toEqual({
      helpdesk: 'helpscout',
      account: 'secure.helpscout.net',
      id: '583661004',
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

  test('values that look like markup are read as text', async () => {
    const doc = page('conversation-hostile-values.html');
    const result = await reader().read(doc, '2466001006');
    expect(result.ok && result.customer).toMatchObject({
      name: '<img src=x onerror=alert(1)>',
      email: 'lin.chen@example.com',
      company: 'Acme <b>Bold</b>',
    });
    expect(doc.querySelector('aside img, aside b')).toBeNull();
  });

  test('a changed layout is read through the fallbacks: labels, mailto:/tel: links, the /customers/ link', async () => {
    const result = await reader().read(page('conversation-changed-layout.html'), '2466001003');
    expect(result.ok && result.customer).toEqual({
      helpdesk: 'helpscout',
      account: 'secure.helpscout.net',
      id: '583661003',
      name: 'Jonas Berg',
      email: 'jonas.berg@example.com',
      phone: '(212) 555-0199',
      company: 'Globex',
      jobTitle: 'Chief Technology Officer',
      location: 'New York, NY',
      timeZone: null,
      notes: 'Prefers email. Evaluating SSO for 300 seats.',
      updatedAt: null,
    });
  });

  test('a closed customer sidebar: says so at once, in Help Scout’s words', async () => {
    const started = Date.now();
    const error = failure(await reader({ ...TIMING, timeoutMs: 5_000 }).read(page('conversation-sidebar-closed.html')));
    expect(error).toEqual({
      code: 'unreadable',
      message: "Can't read this Help Scout conversation: the customer sidebar is closed — open it and retry.",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('no customer sidebar on the page: after the wait, asks to open it', async () => {
    expect(failure(await reader().read(page('conversation-sidebar-missing.html')))).toEqual({
      code: 'unreadable',
      message: "Can't read this Help Scout conversation: the customer sidebar is not on the page — open it and retry.",
    });
  });

  test('a sidebar with no name, email or phone is an error, not an empty card', async () => {
    expect(failure(await reader().read(page('conversation-empty-sidebar.html')))).toEqual({
      code: 'unreadable',
      message:
        "Can't read this Help Scout conversation: the customer sidebar shows no name, email or phone (Help Scout may have changed its layout).",
    });
  });

  test('the sign-in page: not signed in', async () => {
    expect(failure(await reader().read(page('login.html')))).toEqual({
      code: 'not_signed_in',
      message:
        "Can't read this Help Scout conversation: Help Scout is showing its sign-in page. Sign in to Help Scout and retry.",
    });
  });

  test('a page still showing another conversation is never read as this one', async () => {
    expect(failure(await reader().read(page('conversation-normal.html'), '2466001004'))).toEqual({
      code: 'network',
      message:
        "Can't read this Help Scout conversation: Help Scout is still showing another conversation. Retry once this one is on screen.",
    });
  });

  test('a page that never finishes loading: a retryable error naming the wait', async () => {
    const doc = new DOMParser().parseFromString('<div id="hs-app"><p>Loading…</p></div>', 'text/html');
    expect(failure(await reader({ ...TIMING, timeoutMs: 1_000 }).read(doc))).toEqual({
      code: 'network',
      message:
        "Can't read this Help Scout conversation: the conversation did not finish loading within 1 second. Retry once it is on screen.",
    });
  });

  test('no document to read', async () => {
    expect(failure(await reader().read(undefined))?.code).toBe('unreadable');
  });
});

describe('helpscout.readCustomer while the single-page app renders', () => {
  /** The app shell of the normal page with the view (conversation + sidebar) taken out. */
  function shell() {
    const doc = page('conversation-normal.html');
    const view = doc.getElementById('hs-view');
    if (!view) throw new Error('fixture without #hs-view');
    const html = view.innerHTML;
    view.innerHTML = '<p>Loading conversation…</p>';
    return { doc, view, priyaView: html };
  }
  const samView = () => page('conversation-no-email.html').getElementById('hs-view')?.innerHTML ?? '';

  test('waits for the conversation to render, then reads it', async () => {
    const { doc, view, priyaView } = shell();
    setTimeout(() => {
      view.innerHTML = priyaView;
    }, 80);
    const result = await reader({ ...TIMING, timeoutMs: 3_000 }).read(doc);
    expect(result.ok && result.customer.name).toBe('Priya Patel');
  });

  test('moving to another conversation: the previous sidebar is not read for the new one', async () => {
    const { doc, view, priyaView } = shell();
    view.innerHTML = priyaView;
    const { read } = reader({ ...TIMING, timeoutMs: 3_000 });
    expect((await read(doc)).ok).toBe(true);
    // The agent clicks Sam's conversation: the URL changes at once, the view 150 ms later.
    setTimeout(() => {
      view.innerHTML = samView();
    }, 150);
    const result = await read(doc, '2466001004');
    expect(result.ok && result.customer.name).toBe('Sam Lee');
  });

  test('without conversation markers, a sidebar already read for another conversation is distrusted for a while', async () => {
    const { doc, view, priyaView } = shell();
    const strip = (html: string) => html.replaceAll(/ data-conversation-id="\d+"/g, '');
    view.innerHTML = strip(priyaView);
    const { read } = reader({ ...TIMING, timeoutMs: 3_000, staleGraceMs: 1_000 });
    expect((await read(doc)).ok).toBe(true);
    setTimeout(() => {
      view.innerHTML = strip(samView());
    }, 200);
    const result = await read(doc, '2466001004');
    expect(result.ok && result.customer.name).toBe('Sam Lee');
  });

  test('the same person on two conversations is read once the grace period is over', async () => {
    const { doc, view, priyaView } = shell();
    view.innerHTML = priyaView.replaceAll(/ data-conversation-id="\d+"/g, '');
    const { read } = reader({ ...TIMING, timeoutMs: 3_000, staleGraceMs: 200 });
    expect((await read(doc)).ok).toBe(true);
    const result = await read(doc, '2466001099');
    expect(result.ok && result.customer.name).toBe('Priya Patel');
  });

  test('an aborted read stops waiting and says so', async () => {
    const { doc } = shell();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = failure(await reader({ ...TIMING, timeoutMs: 5_000 }).read(doc, PRIYA, controller.signal));
    expect(error).toEqual({
      code: 'network',
      message: "Can't read this Help Scout conversation: the read was cancelled.",
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
