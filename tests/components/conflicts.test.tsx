import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import type { Conflict } from '../../lib/contracts/sync.ts';
import { createFakeClient, fail, ok } from './fake-client.ts';
import { conflict, lookup, record, syncResult, TICKET } from './fixtures.ts';
import { mountSidebar } from './render.tsx';

afterEach(cleanup);

const ACTOR = { name: 'Alex Agent', email: 'alex@demo.example' };
const row = (label: string) => screen.getByRole('group', { name: label });
const button = (scope: HTMLElement, name: string) => within(scope).getByRole('button', { name }) as HTMLButtonElement;

/** Opens a ticket whose lookup already has the given pending conflicts (queued by an earlier sync). */
async function openWith(conflicts: Conflict[]) {
  const client = createFakeClient();
  client.queue('sidebar→background:lookup', ok(lookup({ conflicts })));
  const mounted = mountSidebar({ client });
  await mounted.started;
  return mounted;
}

describe('Pending conflicts panel', () => {
  test('shows one group per field with the CRM and chat values, after a sync queues them', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const title = conflict('jobTitle', 'CTO', 'Chief Technology Officer');
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    client.queue('sidebar→background:sync', ok(syncResult('conflicts', { queued: 2, conflicts: [company, title] })));
    const { started } = mountSidebar({ client });
    await started;
    expect(screen.queryByRole('heading', { name: 'Pending conflicts' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Conflicts queued'));

    expect(screen.getByRole('heading', { name: 'Pending conflicts' })).toBeTruthy();
    const groups = screen.getAllByRole('group');
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual(['Company', 'Job title']);
    const companyRow = row('Company');
    expect(within(companyRow).getByText('In HubSpot').nextElementSibling?.textContent).toBe('Globex Corporation');
    expect(within(companyRow).getByText('From chat').nextElementSibling?.textContent).toBe('Globex');
    expect(button(companyRow, 'Use chat value')).toBeTruthy();
    expect(button(companyRow, 'Keep CRM value')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Discard all' })).toBeTruthy();
  });

  test('conflicts queued earlier appear when the ticket is opened', async () => {
    await openWith([conflict('company', 'Globex Corporation', 'Globex')]);
    expect(row('Company')).toBeTruthy();
  });

  test('Use chat value sends the choice, the row disappears and the record shows the new value', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const title = conflict('jobTitle', 'CTO', 'Chief Technology Officer');
    const { client } = await openWith([company, title]);
    client.queue(
      'sidebar→background:resolve',
      ok({
        status: 'resolved',
        conflict: { ...company, status: 'resolved', resolution: 'chat' },
        written: [{ field: 'company', crmFields: ['company'], value: 'Globex' }],
        record: record({ company: 'Globex' }),
      }),
    );
    fireEvent.click(button(row('Company'), 'Use chat value'));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Company' })).toBeNull());
    expect(client.sent('sidebar→background:resolve')).toEqual([
      { ticket: TICKET, conflictId: company.id, choice: 'chat', actor: ACTOR },
    ]);
    const crm = screen.getByRole('heading', { name: 'In HubSpot' }).closest('section') as HTMLElement;
    expect(within(crm).getByText('Globex')).toBeTruthy();
    expect(row('Job title')).toBeTruthy();
  });

  test('Keep CRM value sends choice crm and the row disappears; the panel goes when none are left', async () => {
    const title = conflict('jobTitle', 'CTO', 'Chief Technology Officer');
    const { client } = await openWith([title]);
    client.queue(
      'sidebar→background:resolve',
      ok({
        status: 'resolved',
        conflict: { ...title, status: 'resolved', resolution: 'crm' },
        written: [],
        record: null,
      }),
    );
    fireEvent.click(button(row('Job title'), 'Keep CRM value'));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Job title' })).toBeNull());
    expect(client.sent('sidebar→background:resolve')[0]).toMatchObject({ conflictId: title.id, choice: 'crm' });
    expect(screen.queryByRole('heading', { name: 'Pending conflicts' })).toBeNull();
  });

  test('an obsolete conflict (the CRM already holds the chat value) also disappears', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const { client } = await openWith([company]);
    client.queue(
      'sidebar→background:resolve',
      ok({ status: 'obsolete', conflict: { ...company, status: 'resolved' }, written: [], record: null }),
    );
    fireEvent.click(button(row('Company'), 'Use chat value'));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Company' })).toBeNull());
  });

  test('Discard all sends every id on screen and every row disappears', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const title = conflict('jobTitle', 'CTO', 'Chief Technology Officer');
    const { client } = await openWith([company, title]);
    client.queue(
      'sidebar→background:discard',
      ok({
        discarded: [company, title].map((c) => ({ ...c, status: 'discarded' as const, resolution: 'crm' as const })),
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Discard all' }));
    await waitFor(() => expect(screen.queryAllByRole('group')).toHaveLength(0));
    expect(client.sent('sidebar→background:discard')).toEqual([
      { ticket: TICKET, ids: [company.id, title.id], actor: ACTOR },
    ]);
  });

  test('a stale row shows the new CRM value with the sentence and asks again', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const { client } = await openWith([company]);
    client.queue(
      'sidebar→background:resolve',
      ok({
        status: 'stale',
        conflict: { ...company, crmValue: 'Globex International' },
        written: [],
        record: record({ company: 'Globex International' }),
      }),
    );
    fireEvent.click(button(row('Company'), 'Use chat value'));
    await waitFor(() => expect(within(row('Company')).getByText('Changed in HubSpot since you looked.')).toBeTruthy());
    expect(within(row('Company')).getByText('In HubSpot').nextElementSibling?.textContent).toBe('Globex International');
    expect(button(row('Company'), 'Use chat value').disabled).toBe(false);
    expect(button(row('Company'), 'Keep CRM value').disabled).toBe(false);

    client.queue(
      'sidebar→background:resolve',
      ok({ status: 'resolved', conflict: { ...company, status: 'resolved' }, written: [], record: null }),
    );
    fireEvent.click(button(row('Company'), 'Keep CRM value'));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Company' })).toBeNull());
  });

  test('a decision the proxy could not receive is saved on its row', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const { client } = await openWith([company]);
    client.queue(
      'sidebar→background:resolve',
      fail('proxy_unreachable', "Can't reach the sync proxy at http://127.0.0.1:1234.", { queued: true }),
    );
    fireEvent.click(button(row('Company'), 'Use chat value'));
    await waitFor(() =>
      expect(within(row('Company')).getByText('Saved — will be sent when the sync proxy is reachable.')).toBeTruthy(),
    );
    expect(button(row('Company'), 'Use chat value').disabled).toBe(true);
    expect(button(row('Company'), 'Keep CRM value').disabled).toBe(true);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('Discard all kept in the outbox marks every row saved', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const title = conflict('jobTitle', 'CTO', 'Chief Technology Officer');
    const { client } = await openWith([company, title]);
    client.queue('sidebar→background:discard', fail('proxy_unreachable', 'down', { queued: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Discard all' }));
    await waitFor(() =>
      expect(screen.getAllByText('Saved — will be sent when the sync proxy is reachable.')).toHaveLength(2),
    );
    expect((screen.getByRole('button', { name: 'Discard all' }) as HTMLButtonElement).disabled).toBe(true);
  });

  test('a failed resolution shows the error and Retry sends the same decision again', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const { client } = await openWith([company]);
    client.queue('sidebar→background:resolve', fail('crm_error', 'HubSpot said: Internal error, try again'));
    client.queue(
      'sidebar→background:resolve',
      ok({ status: 'resolved', conflict: { ...company, status: 'resolved' }, written: [], record: null }),
    );
    fireEvent.click(button(row('Company'), 'Keep CRM value'));
    expect((await screen.findByRole('alert')).textContent).toBe('HubSpot said: Internal error, try again');
    expect(row('Company')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Company' })).toBeNull());
    expect(client.sent('sidebar→background:resolve').map((p) => p.choice)).toEqual(['crm', 'crm']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('buttons are disabled while a decision is in flight (no double submit)', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const title = conflict('jobTitle', 'CTO', 'Chief Technology Officer');
    const { client } = await openWith([company, title]);
    const pending = client.hold('sidebar→background:resolve');
    fireEvent.click(button(row('Company'), 'Use chat value'));
    await waitFor(() => expect(button(row('Company'), 'Use chat value').disabled).toBe(true));
    expect(button(row('Company'), 'Keep CRM value').disabled).toBe(true);
    expect(row('Company').getAttribute('aria-busy')).toBe('true');
    expect((screen.getByRole('button', { name: 'Discard all' }) as HTMLButtonElement).disabled).toBe(true);
    expect(button(row('Job title'), 'Use chat value').disabled).toBe(false);
    fireEvent.click(button(row('Company'), 'Use chat value'));
    fireEvent.click(button(row('Company'), 'Keep CRM value'));
    expect(client.sent('sidebar→background:resolve')).toHaveLength(1);
    pending.resolve(
      ok({ status: 'resolved', conflict: { ...company, status: 'resolved' }, written: [], record: null }),
    );
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Company' })).toBeNull());
  });

  test('values in conflicts render literally', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { view } = await openWith([
      conflict('name', 'Lin Chen', evil),
      conflict('company', evil, 'Acme <b>Bold</b>'),
    ]);
    expect(within(row('Name')).getByText(evil)).toBeTruthy();
    expect(within(row('Company')).getByText(evil)).toBeTruthy();
    expect(within(row('Company')).getByText('Acme <b>Bold</b>')).toBeTruthy();
    expect(view.container.querySelector('img, b')).toBeNull();
  });
});

describe('keyboard focus', () => {
  const resolved = (c: Conflict) =>
    ok({ status: 'resolved' as const, conflict: { ...c, status: 'resolved' as const }, written: [], record: null });

  test('after a row resolves, focus moves to the next row, then to Sync now when none are left', async () => {
    const name = conflict('name', 'Jon Berg', 'Jonas Berg');
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const title = conflict('jobTitle', 'CTO', 'Chief Technology Officer');
    const { client } = await openWith([name, company, title]);

    client.queue('sidebar→background:resolve', resolved(company));
    const keep = button(row('Company'), 'Keep CRM value');
    keep.focus();
    fireEvent.click(keep);
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Company' })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(button(row('Job title'), 'Use chat value')));

    client.queue('sidebar→background:resolve', resolved(title));
    fireEvent.click(document.activeElement as HTMLElement);
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Job title' })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(button(row('Name'), 'Use chat value')));

    client.queue('sidebar→background:resolve', resolved(name));
    fireEvent.click(document.activeElement as HTMLElement);
    await waitFor(() => expect(screen.queryAllByRole('group')).toHaveLength(0));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sync now' })));
  });

  test('after Discard all, focus moves to Sync now', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const { client } = await openWith([company]);
    client.queue('sidebar→background:discard', ok({ discarded: [{ ...company, status: 'discarded' }] }));
    const discard = screen.getByRole('button', { name: 'Discard all' });
    discard.focus();
    fireEvent.click(discard);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sync now' })));
  });

  test('focus is not moved when the agent went elsewhere meanwhile', async () => {
    const company = conflict('company', 'Globex Corporation', 'Globex');
    const title = conflict('jobTitle', 'CTO', 'Chief Technology Officer');
    const { client } = await openWith([company, title]);
    const pending = client.hold('sidebar→background:resolve');
    const use = button(row('Company'), 'Use chat value');
    use.focus();
    fireEvent.click(use);
    const link = screen.getByRole('link', { name: 'Open in HubSpot' });
    link.focus();
    pending.resolve(resolved(company));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Company' })).toBeNull());
    expect(document.activeElement).toBe(link);
  });

  test('every control is a native button or link, reachable with Tab', async () => {
    const { view } = await openWith([conflict('company', 'Globex Corporation', 'Globex')]);
    const focusables = view.container.querySelectorAll('button, a[href]');
    expect(focusables.length).toBeGreaterThan(4);
    for (const el of focusables) expect((el as HTMLElement).tabIndex).toBe(0);
  });
});
