/**
 * The sidebar speaks each helpdesk's language: Help Scout, Front and Intercom call a ticket a
 * "conversation", and ids read the way their agents know them ("Ticket #1002" on Zendesk,
 * "Conversation cnv_4jc8jt5" on Front — no "#" before an id that is not a number).
 */
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, test } from 'vitest';
import { SidebarApp } from '../../components/SidebarApp.tsx';
import type { TicketRef } from '../../lib/contracts/index.ts';
import { HELPDESK_ADAPTERS } from '../../lib/helpdesks/index.ts';
import { type HelpdeskAdapter, ticketName, ticketTitle } from '../../lib/helpdesks/types.ts';
import { createFakeClient, ok } from './fake-client.ts';
import { customer, lookup, readOk, syncResult } from './fixtures.ts';
import { mountSidebar } from './render.tsx';

afterEach(cleanup);

const adapter = (id: string): HelpdeskAdapter => {
  const found = HELPDESK_ADAPTERS.find((a) => a.id === id);
  if (!found) throw new Error(`no adapter ${id}`);
  return found;
};

/** A ticket of `helpdesk` with the id its URL gives. */
const ticketOf = (helpdesk: HelpdeskAdapter, ticketId: string): TicketRef => ({
  helpdesk: helpdesk.id,
  account: 'demo',
  ticketId,
  url: `https://example.test/${ticketId}`,
});

function mountOn(helpdesk: HelpdeskAdapter, ticketId: string, options: Parameters<typeof mountSidebar>[0] = {}) {
  return mountSidebar({
    ticket: ticketOf(helpdesk, ticketId),
    helpdeskLabel: helpdesk.label,
    words: helpdesk.words,
    read: readOk(customer({ helpdesk: helpdesk.id })),
    ...options,
  });
}

const customerCard = (label: string) => {
  const el = screen.getByRole('heading', { name: `From ${label}` }).closest('section');
  if (!el) throw new Error(`no card From ${label}`);
  return el as HTMLElement;
};

describe('each helpdesk names its tickets in its own words', () => {
  test.each([
    ['zendesk', '1002', 'Ticket #1002'],
    ['freshdesk', '1002', 'Ticket #1002'],
    ['gorgias', '58431002', 'Ticket #58431002'],
    ['zohodesk', '1892000000042034', 'Ticket 1892000000042034'],
    ['helpscout', '2199011258', 'Conversation 2199011258'],
    ['front', 'cnv_4jc8jt5', 'Conversation cnv_4jc8jt5'],
    ['intercom', '215475827415413', 'Conversation 215475827415413'],
  ])('%s ticket %s reads "%s" in the customer card', async (id, ticketId, title) => {
    const helpdesk = adapter(id);
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    const { started } = mountOn(helpdesk, ticketId, { client });
    await started;
    expect(within(customerCard(helpdesk.label)).getByText(title)).toBeTruthy();
  });

  test('only an all-digit id gets a "#" (a custom helpdesk may use "ABC-12")', () => {
    const words = { noun: 'ticket', hashIds: true } as const;
    expect(ticketName(words, '1002')).toBe('ticket #1002');
    expect(ticketTitle(words, 'ABC-12')).toBe('Ticket ABC-12');
  });
});

describe('a conversation helpdesk says "conversation" wherever the sidebar names the ticket', () => {
  test('while reading: "Reading the Help Scout conversation…"', async () => {
    const helpscout = adapter('helpscout');
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup()));
    let finish!: () => void;
    const reading = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const { started } = mountOn(helpscout, '2199011258', {
      client,
      read: async () => {
        await reading;
        return readOk(customer({ helpdesk: 'helpscout' }));
      },
    });
    const note = await screen.findByText('Reading the Help Scout conversation…');
    expect(note.getAttribute('aria-live')).toBe('polite');
    finish();
    await started;
    expect(screen.queryByText(/Reading the Help Scout/)).toBeNull();
  });

  test('a read that throws: the store’s own sentence names the conversation, and both cards say so', async () => {
    const front = adapter('front');
    const { started } = mountOn(front, 'cnv_4jc8jt5', {
      read: () => Promise.reject(new Error('the page went away')),
    });
    await started;
    expect(screen.getByRole('alert').textContent).toBe("Can't read this Front conversation: the page went away");
    expect(
      within(customerCard('Front')).getByText('The customer could not be read from this conversation.'),
    ).toBeTruthy();
    expect(screen.getByText('Nothing to look up until the conversation can be read.')).toBeTruthy();
  });

  test('an adapter’s read error is shown as the adapter wrote it', async () => {
    const intercom = adapter('intercom');
    const message = "Can't read this Intercom conversation: the details sidebar is closed — open it and retry.";
    const { started } = mountOn(intercom, '215475827415413', {
      read: { ok: false, error: { code: 'unreadable', message } },
    });
    await started;
    expect(screen.getByRole('alert').textContent).toBe(message);
  });

  test('a record created by Sync now was "Created from this conversation"', async () => {
    const front = adapter('front');
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ record: null, matchedBy: null })));
    client.queue('sidebar→background:sync', ok(syncResult('created')));
    const { started } = mountOn(front, 'cnv_4jc8jt5', { client });
    await started;
    screen.getByRole('button', { name: 'Sync now' }).click();
    expect(await screen.findByText('Created from this conversation')).toBeTruthy();
  });

  test('Zendesk keeps its words: "Ticket #1003", "Created from this ticket"', async () => {
    const client = createFakeClient();
    client.queue('sidebar→background:lookup', ok(lookup({ record: null, matchedBy: null })));
    client.queue('sidebar→background:sync', ok(syncResult('created')));
    const { started } = mountSidebar({ client });
    await started;
    expect(within(customerCard('Zendesk')).getByText('Ticket #1003')).toBeTruthy();
    screen.getByRole('button', { name: 'Sync now' }).click();
    expect(await screen.findByText('Created from this ticket')).toBeTruthy();
  });
});

describe('the hint on a page without a ticket', () => {
  test.each([
    ['ticket', 'Open a ticket to see its customer in the CRM.'],
    ['conversation', 'Open a conversation to see its customer in the CRM.'],
  ] as const)('says "%s"', (noun, sentence) => {
    render(<SidebarApp store={null} collapsed={false} onToggle={() => {}} noun={noun} />);
    expect(within(screen.getByRole('complementary', { name: 'CRM sidebar' })).getByText(sentence)).toBeTruthy();
  });
});
