/**
 * The sidebar names the CRM it talks to — "In Salesforce", "Open in Dynamics 365", "Not in Zoho CRM
 * yet" — for every CRM the product supports, and says "Lead created" / "Lead updated" / "Lead
 * already exists" when the synced record is a lead.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { CRM_LABELS, CRM_PROVIDERS } from '../../lib/contracts/crm.ts';
import { LEAD_OUTCOME_LABELS, OUTCOME_LABELS, outcomeLabel, SYNC_OUTCOMES } from '../../lib/contracts/sync.ts';
import { createFakeClient, ok } from './fake-client.ts';
import { lookup, record, syncResult } from './fixtures.ts';
import { mountSidebar } from './render.tsx';

afterEach(cleanup);

const section = (name: string) => {
  const el = screen.getByRole('heading', { name }).closest('section');
  if (!el) throw new Error(`no section for ${name}`);
  return el as HTMLElement;
};
const syncButton = () => screen.getByRole('button', { name: 'Sync now' });

describe.each(CRM_PROVIDERS.map((id) => [CRM_LABELS[id], id] as const))('a sidebar talking to %s', (label, id) => {
  const url = `https://crm.example/${id}/record/R1`;

  test(`shows the record under "In ${label}" with an "Open in ${label}" link`, async () => {
    const client = createFakeClient();
    client.queue(
      'sidebar→background:lookup',
      ok(lookup({ provider: id, record: record({}, { provider: id, id: 'R1', url }) })),
    );
    const { started } = mountSidebar({ client });
    await started;
    const card = section(`In ${label}`);
    expect(within(card).getByText('Globex Corporation')).toBeTruthy();
    const link = within(card).getByRole('link', { name: `Open in ${label}` }) as HTMLAnchorElement;
    expect(link.href).toBe(url);
  });

  test(`says "Not in ${label} yet" when nothing matched`, async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ provider: id, record: null, matchedBy: null })));
    const { started } = mountSidebar({ client });
    await started;
    expect(within(section(`In ${label}`)).getByText(`Not in ${label} yet`)).toBeTruthy();
  });
});

describe('outcome words for leads', () => {
  test.each([
    ['created', 'Lead created'],
    ['updated', 'Lead updated'],
    ['existing_lead', 'Lead already exists'],
  ] as const)('a %s lead shows "%s"', async (outcome, words) => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ provider: 'dynamics', record: null, matchedBy: null })));
    client.queue(
      'sidebar→background:sync',
      ok(
        syncResult(outcome, { provider: 'dynamics', record: record({}, { provider: 'dynamics', objectType: 'lead' }) }),
      ),
    );
    const { started } = mountSidebar({ client });
    await started;
    fireEvent.click(syncButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(words));
    expect(screen.queryByText(/^Contact /)).toBeNull();
  });

  test('a contact keeps the contact words', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ provider: 'salesforce', record: null, matchedBy: null })));
    client.queue(
      'sidebar→background:sync',
      ok(syncResult('created', { provider: 'salesforce', record: record({}, { provider: 'salesforce' }) })),
    );
    const { started } = mountSidebar({ client });
    await started;
    fireEvent.click(syncButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Contact created'));
  });

  test('outcomeLabel: lead words only for created/updated of a lead', () => {
    expect(LEAD_OUTCOME_LABELS).toEqual({ created: 'Lead created', updated: 'Lead updated' });
    for (const outcome of SYNC_OUTCOMES) {
      expect(outcomeLabel(outcome, 'contact')).toBe(OUTCOME_LABELS[outcome]);
      expect(outcomeLabel(outcome, null)).toBe(OUTCOME_LABELS[outcome]);
      const lead = outcomeLabel(outcome, 'lead');
      expect(lead).toBe(
        outcome === 'created' || outcome === 'updated' ? LEAD_OUTCOME_LABELS[outcome] : OUTCOME_LABELS[outcome],
      );
    }
  });
});
