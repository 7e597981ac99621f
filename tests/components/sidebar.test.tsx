import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, test } from 'vitest';
import { SidebarApp } from '../../components/SidebarApp.tsx';
import { OUTCOME_LABELS, SYNC_OUTCOMES } from '../../lib/contracts/sync.ts';
import { createSidebarStore } from '../../lib/store/sidebar.ts';
import { createFakeClient, fail, ok } from './fake-client.ts';
import { customer, lookup, readOk, record, syncResult, TICKET } from './fixtures.ts';
import { mountSidebar } from './render.tsx';

afterEach(cleanup);

const sidebar = () => screen.getByRole('complementary', { name: 'CRM sidebar' });
const section = (name: string) => {
  const heading = screen.getByRole('heading', { name });
  const el = heading.closest('section');
  if (!el) throw new Error(`no section for ${name}`);
  return el as HTMLElement;
};
const syncButton = () => screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement;

describe('customer and CRM cards', () => {
  test('shows the customer read from the ticket under "From Zendesk", blanks as an accessible dash', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    const { started } = mountSidebar({ client });
    await started;
    const card = section('From Zendesk');
    expect(within(card).getByText('Jonas Berg')).toBeTruthy();
    expect(within(card).getByText('jonas.berg@example.com')).toBeTruthy();
    expect(within(card).getByText('(212) 555-0199')).toBeTruthy();
    expect(within(card).getByText('Globex')).toBeTruthy();
    const location = within(card).getByText('Location').nextElementSibling as HTMLElement;
    expect(location.textContent).toBe('—empty');
    expect(within(location).getByText('—').getAttribute('aria-hidden')).toBe('true');
  });

  test('shows the matched HubSpot record with a link that opens in a new tab', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    const { started } = mountSidebar({ client });
    await started;
    const card = section('In HubSpot');
    expect(within(card).getByText('Globex Corporation')).toBeTruthy();
    expect(within(card).getByText('Matched by email')).toBeTruthy();
    const link = within(card).getByRole('link', { name: 'Open in HubSpot' }) as HTMLAnchorElement;
    expect(link.href).toBe('http://127.0.0.1:8787/sandbox/hubspot/app/contacts/24681357/record/0-1/102');
    expect(link.target).toBe('_blank');
    expect(link.rel.split(' ')).toContain('noopener');
  });

  test('says "Not in HubSpot yet" when nothing matched', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ record: null, matchedBy: null })));
    const { started } = mountSidebar({ client });
    await started;
    expect(within(section('In HubSpot')).getByText('Not in HubSpot yet')).toBeTruthy();
  });

  test('announces the lookup politely while it runs, and says when there is no key to look up by', async () => {
    const client = createFakeClient();
    const pending = client.hold('sidebar→background:lookup');
    mountSidebar({ client, read: readOk(customer({ email: null, phone: null, name: 'Anonymous visitor' })) });
    const note = await screen.findByText('Looking up this customer in the CRM…');
    expect(note.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByRole('status').textContent).toBe('');
    pending.resolve(ok(lookup({ record: null, matchedBy: null, noKey: true })));
    expect(await screen.findByText('This customer has no email or phone to look up.')).toBeTruthy();
    expect(screen.queryByText('Looking up this customer in the CRM…')).toBeNull();
  });

  test('when the first lookup fails the CRM card says it was not looked up', async () => {
    const client = createFakeClient();
    client.queue(
      'sidebar→background:lookup',
      fail('proxy_unreachable', "Can't reach the sync proxy at http://x.test."),
    );
    const { started } = mountSidebar({ client });
    await started;
    expect(within(section('In your CRM')).getByText('Not looked up yet.')).toBeTruthy();
  });

  test('never renders a record URL that is not http(s) as a link', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ record: record({}, { url: 'javascript:alert(1)' }) })));
    const { started } = mountSidebar({ client });
    await started;
    expect(within(section('In HubSpot')).queryByRole('link')).toBeNull();
  });

  test('shows the cached result before the lookup answers, then the fresh one', async () => {
    const client = createFakeClient();
    const savedAt = '2026-10-02T10:00:00Z';
    client.queue(
      'sidebar→background:cached',
      ok({
        ticketKey: 'zendesk:demo:1003',
        customerKey: 'zendesk:demo:9003',
        lookup: lookup({ record: record({ company: 'Globex (cached)' }) }),
        sync: null,
        savedAt,
      }),
    );
    const pending = client.hold('sidebar→background:lookup');
    mountSidebar({ client, now: () => Date.parse(savedAt) + 5 * 60_000 });
    const card = await waitFor(() => section('In HubSpot'));
    expect(await within(card).findByText('Globex (cached)')).toBeTruthy();
    expect(within(card).getByText('Saved copy from 5 min ago — checking HubSpot…')).toBeTruthy();
    expect(client.sent('sidebar→background:cached')[0]).toEqual({ ticket: TICKET, customerKey: 'zendesk:demo:9003' });

    pending.resolve(ok(lookup({ record: record({ company: 'Globex Corporation' }) })));
    expect(await within(card).findByText('Globex Corporation')).toBeTruthy();
    expect(within(card).queryByText('Globex (cached)')).toBeNull();
    expect(within(card).queryByText(/Saved copy/)).toBeNull();
  });

  test('a late cached answer never replaces a fresher lookup', async () => {
    const client = createFakeClient();
    const cached = client.hold('sidebar→background:cached');
    client.queue('sidebar→background:lookup', ok(lookup()));
    mountSidebar({ client });
    expect(await screen.findByText('Globex Corporation')).toBeTruthy();
    cached.resolve(
      ok({
        ticketKey: 'k',
        customerKey: 'c',
        lookup: lookup({ record: record({ company: 'Stale Inc' }) }),
        sync: null,
        savedAt: '2026-10-01T00:00:00Z',
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByText('Stale Inc')).toBeNull();
  });
});

describe('Sync now', () => {
  test.each(SYNC_OUTCOMES)('shows the outcome %s in words in the status element', async (outcome) => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    client.queue('sidebar→background:sync', ok(syncResult(outcome)));
    const { started } = mountSidebar({ client });
    await started;
    fireEvent.click(syncButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(OUTCOME_LABELS[outcome]));
    expect(client.sent('sidebar→background:sync')).toEqual([
      { ticket: TICKET, customer: customer(), actor: { name: 'Alex Agent', email: 'alex@demo.example' } },
    ]);
  });

  test('the outcome words are exactly the promised ones', () => {
    expect(Object.values(OUTCOME_LABELS)).toEqual([
      'Contact created',
      'Contact updated',
      'Conflicts queued',
      'No changes',
      'No lookup key',
      'Lead already exists',
    ]);
  });

  test('is disabled while the sync is in flight, announces it, and sends once', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    const pending = client.hold('sidebar→background:sync');
    const { started } = mountSidebar({ client });
    await started;
    fireEvent.click(syncButton());
    await waitFor(() => expect(syncButton().disabled).toBe(true));
    expect(screen.getByRole('status').textContent).toBe('Syncing…');
    fireEvent.click(syncButton());
    expect(client.sent('sidebar→background:sync')).toHaveLength(1);
    pending.resolve(ok(syncResult('updated')));
    await waitFor(() => expect(syncButton().disabled).toBe(false));
    expect(screen.getByRole('status').textContent).toBe('Contact updated');
  });

  test('lists what was written and the warnings below the outcome', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    const notesWarning = 'HubSpot has no field "notes", so Notes was not synced.';
    client.queue(
      'sidebar→background:sync',
      ok(
        syncResult('updated', {
          written: [
            { field: 'phone', crmFields: ['phone'], value: '+14155550134' },
            { field: 'company', crmFields: ['company'], value: 'Northwind Traders' },
            { field: 'jobTitle', crmFields: ['jobtitle'], value: 'Head of Operations' },
            { field: 'location', crmFields: ['city'], value: 'San Francisco' },
          ],
          warnings: [{ code: 'field_missing', field: 'notes', message: notesWarning }],
        }),
      ),
    );
    const { started } = mountSidebar({ client });
    await started;
    fireEvent.click(syncButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Contact updated'));
    expect(screen.getByText('Wrote Phone, Company, Job title, Location.')).toBeTruthy();
    const warnings = screen.getByRole('list', { name: 'Warnings' });
    expect(within(warnings).getByText(notesWarning)).toBeTruthy();
  });

  test('syncs on open, without a separate lookup, when the settings say so', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:settings', ok({ configured: true, autoSync: true, proxyUrl: 'http://x.test' }));
    client.queue('sidebar→background:sync', ok(syncResult('created')));
    const { started } = mountSidebar({ client });
    await started;
    expect(screen.getByRole('status').textContent).toBe('Contact created');
    expect(client.sent('sidebar→background:lookup')).toHaveLength(0);
    expect(client.sent('sidebar→background:sync')).toHaveLength(1);
  });

  test('a sync kept in the outbox says it was saved, and why', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    client.queue(
      'sidebar→background:sync',
      fail('proxy_unreachable', "Can't reach the sync proxy at http://127.0.0.1:1234.", { queued: true }),
    );
    const { started } = mountSidebar({ client });
    await started;
    fireEvent.click(syncButton());
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Saved — will be sent when the sync proxy is reachable.'),
    );
    expect(screen.getByRole('alert').textContent).toBe("Can't reach the sync proxy at http://127.0.0.1:1234.");
  });
});

describe('errors', () => {
  const cases = [
    {
      name: 'proxy unreachable (sentence from the background)',
      error: fail('proxy_unreachable', "Can't reach the sync proxy at http://127.0.0.1:1234."),
      sentence: "Can't reach the sync proxy at http://127.0.0.1:1234.",
    },
    {
      name: 'proxy unreachable (URL from the settings)',
      error: fail('proxy_unreachable', 'fetch failed'),
      sentence: "Can't reach the sync proxy at http://127.0.0.1:8787.",
    },
    {
      name: 'API key rejected',
      error: fail('unauthorized', 'HTTP 401', { retryable: false }),
      sentence: 'The sync proxy rejected the API key.',
    },
    {
      name: 'CRM error with the vendor reason',
      error: fail('crm_error', 'HubSpot said: Property "phone" is not valid'),
      sentence: 'HubSpot said: Property "phone" is not valid',
    },
    {
      name: 'CRM rate limit',
      error: fail('crm_rate_limited', 'HubSpot is rate limiting requests (TEN_SECONDLY_ROLLING). Retry in 10 s.'),
      sentence: 'HubSpot is rate limiting requests (TEN_SECONDLY_ROLLING). Retry in 10 s.',
    },
    {
      name: 'extension updated',
      error: fail('extension_unavailable', 'The CRM sidebar was updated. Reload this page to continue.'),
      sentence: 'The CRM sidebar was updated. Reload this page to continue.',
    },
  ];

  test.each(cases)('$name: shows the sentence in an alert and Retry works', async ({ error, sentence }) => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', error);
    client.queue('sidebar→background:lookup', ok(lookup()));
    const { started } = mountSidebar({ client });
    await started;
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(sentence);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(await screen.findByText('Globex Corporation')).toBeTruthy();
    expect(client.sent('sidebar→background:lookup')).toHaveLength(2);
  });

  test('a failed sync is retried by Retry', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    client.queue('sidebar→background:sync', fail('crm_unavailable', 'HubSpot could not be reached.'));
    client.queue('sidebar→background:sync', ok(syncResult('no_changes')));
    const { started } = mountSidebar({ client });
    await started;
    fireEvent.click(syncButton());
    expect((await screen.findByRole('alert')).textContent).toBe('HubSpot could not be reached.');
    expect(screen.getByRole('status').textContent).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No changes'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(client.sent('sidebar→background:sync')).toHaveLength(2);
  });

  test('not configured: says what to do and Open settings asks the background to open the options', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:settings', ok({ configured: false, autoSync: false, proxyUrl: '' }));
    client.queue('sidebar→background:lookup', fail('not_configured', 'No API key saved.', { retryable: false }));
    const { started } = mountSidebar({ client });
    await started;
    expect((await screen.findByRole('alert')).textContent).toBe(
      "Set the proxy URL and API key in the extension's options.",
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }));
    await waitFor(() => expect(client.sent('sidebar→background:openOptions')).toEqual([{}]));
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  test('a ticket that cannot be read says why, and Retry reads it again', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    const answers = [
      {
        ok: false as const,
        error: { code: 'unreadable' as const, message: "Can't read this Zendesk ticket: the ticket has no requester." },
      },
      readOk(),
    ];
    let reads = 0;
    const { started } = mountSidebar({ client, read: async () => answers[reads++]! });
    await started;
    expect((await screen.findByRole('alert')).textContent).toBe(
      "Can't read this Zendesk ticket: the ticket has no requester.",
    );
    expect(syncButton().disabled).toBe(true);
    expect(client.sent('sidebar→background:lookup')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Globex Corporation')).toBeTruthy();
    expect(reads).toBe(2);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(syncButton().disabled).toBe(false);
  });
});

describe('untrusted values', () => {
  test('HTML in helpdesk and CRM values renders literally and creates no element', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const client = createFakeClient();
    client.queue(
      'sidebar→background:lookup',
      ok(
        lookup({
          record: record({ name: 'Lin Chen', company: evil }),
          warnings: [{ code: 'invalid_value', message: evil }],
        }),
      ),
    );
    const { started, view } = mountSidebar({
      client,
      read: readOk(customer({ name: evil, company: 'Acme <b>Bold</b>' })),
    });
    await started;
    expect(within(section('From Zendesk')).getByText(evil)).toBeTruthy();
    expect(within(section('From Zendesk')).getByText('Acme <b>Bold</b>')).toBeTruthy();
    expect(within(section('In HubSpot')).getByText(evil)).toBeTruthy();
    expect(view.container.querySelector('img')).toBeNull();
    expect(view.container.querySelector('b')).toBeNull();
  });
});

describe('panel', () => {
  function Harness({ withStore }: { withStore: boolean }) {
    const [collapsed, setCollapsed] = useState(false);
    const [store] = useState(() =>
      withStore ? createSidebarStore({ client: createFakeClient(), ticket: TICKET, read: readOk() }) : null,
    );
    return <SidebarApp store={store} collapsed={collapsed} onToggle={() => setCollapsed((c) => !c)} />;
  }

  test('off a ticket page it asks the agent to open a ticket', () => {
    render(<Harness withStore={false} />);
    expect(within(sidebar()).getByText('Open a ticket to see its customer in the CRM.')).toBeTruthy();
  });

  test('Hide CRM sidebar collapses the panel and Show CRM sidebar brings it back', () => {
    render(<Harness withStore={false} />);
    const hide = screen.getByRole('button', { name: 'Hide CRM sidebar' });
    expect(hide.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(hide);
    const show = screen.getByRole('button', { name: 'Show CRM sidebar' });
    expect(show.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByText('Open a ticket to see its customer in the CRM.')).toBeNull();
    expect(sidebar()).toBeTruthy();
    fireEvent.click(show);
    expect(screen.getByText('Open a ticket to see its customer in the CRM.')).toBeTruthy();
  });
});
