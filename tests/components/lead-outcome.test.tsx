/**
 * What a lead outcome means: "Lead already exists" gets a sentence saying that the CRM already has
 * this person as a lead and nothing was written, while the `role="status"` element keeps exactly
 * the outcome words; and the CRM card's heading says when the record is a lead ("In Dynamics 365 ·
 * Lead").
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { outcomeNote } from '../../components/SyncResult.tsx';
import { SYNC_OUTCOMES } from '../../lib/contracts/sync.ts';
import { createFakeClient, fail, ok } from './fake-client.ts';
import { lookup, record, syncResult } from './fixtures.ts';
import { mountSidebar } from './render.tsx';

afterEach(cleanup);

const LEAD_NOTE = 'Dynamics 365 already has this person as a lead, so nothing was written.';
const lead = () => record({}, { provider: 'dynamics', objectType: 'lead', id: 'L-1009' });
const syncButton = () => screen.getByRole('button', { name: 'Sync now' });

describe('Lead already exists', () => {
  test('says what it means under the outcome; the status holds only the outcome words', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ provider: 'dynamics', record: lead() })));
    client.queue('sidebar→background:sync', ok(syncResult('existing_lead', { provider: 'dynamics', record: lead() })));
    const { started } = mountSidebar({ client });
    await started;
    expect(screen.queryByText(LEAD_NOTE)).toBeNull();

    fireEvent.click(syncButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Lead already exists'));
    const note = screen.getByText(LEAD_NOTE);
    expect(note.closest('[role="status"]')).toBeNull();
  });

  test('the sentence goes while the next sync runs, and does not stay under an error', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ provider: 'dynamics', record: lead() })));
    client.queue('sidebar→background:sync', ok(syncResult('existing_lead', { provider: 'dynamics', record: lead() })));
    const { started } = mountSidebar({ client });
    await started;
    fireEvent.click(syncButton());
    await screen.findByText(LEAD_NOTE);

    const pending = client.hold('sidebar→background:sync');
    fireEvent.click(syncButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Syncing…'));
    expect(screen.queryByText(LEAD_NOTE)).toBeNull();
    pending.resolve(fail('crm_unavailable', 'Dynamics 365 is not answering.'));
    await screen.findByRole('alert');
    expect(screen.queryByText(LEAD_NOTE)).toBeNull();
  });

  test('outcomeNote: only "Lead already exists" needs a sentence; the CRM is named', () => {
    for (const outcome of SYNC_OUTCOMES) {
      const note = outcomeNote(outcome, 'Dynamics 365');
      if (outcome === 'existing_lead') expect(note).toBe(LEAD_NOTE);
      else expect(note).toBeNull();
    }
    expect(outcomeNote('existing_lead', null)).toBe(
      'The CRM already has this person as a lead, so nothing was written.',
    );
  });
});

describe('the CRM card heading names a lead', () => {
  test('"In Dynamics 365 · Lead" for a lead', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ provider: 'dynamics', record: lead() })));
    const { started } = mountSidebar({ client });
    await started;
    const heading = screen.getByRole('heading', { name: 'In Dynamics 365 · Lead' });
    expect(heading.closest('section')?.textContent).toContain('Open in Dynamics 365');
  });

  test('"In Dynamics 365" for a contact, and when nothing matched', async () => {
    const client = createFakeClient();
    client.queue(
      'sidebar→background:lookup',
      ok(lookup({ provider: 'dynamics', record: record({}, { provider: 'dynamics' }) })),
    );
    client.queue('sidebar→background:sync', ok(syncResult('created', { provider: 'dynamics', record: lead() })));
    const { started } = mountSidebar({ client });
    await started;
    expect(screen.getByRole('heading', { name: 'In Dynamics 365' })).toBeTruthy();

    // Sync now created a lead: the heading follows the record.
    fireEvent.click(syncButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Lead created'));
    expect(screen.getByRole('heading', { name: 'In Dynamics 365 · Lead' })).toBeTruthy();
  });

  test('no record: the heading names the CRM only', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ provider: 'dynamics', record: null, matchedBy: null })));
    const { started } = mountSidebar({ client });
    await started;
    expect(screen.getByRole('heading', { name: 'In Dynamics 365' })).toBeTruthy();
    expect(screen.getByText('Not in Dynamics 365 yet')).toBeTruthy();
  });
});
