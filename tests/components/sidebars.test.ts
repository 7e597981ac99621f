import { expect, test } from 'vitest';
import { createTicketSidebars } from '../../entrypoints/sidebar.content/sidebars.ts';
import { createFakeClient, ok } from './fake-client.ts';
import { lookup, readOk } from './fixtures.ts';

function setup(limit?: number) {
  const client = createFakeClient();
  client.on('sidebar→background:lookup', () => ok(lookup()));
  const reads: string[] = [];
  const sidebars = createTicketSidebars({
    client,
    ...(limit ? { limit } : {}),
    reader: (adapter, ticket, url) => async () => {
      reads.push(`${adapter.id}:${ticket.account}:${ticket.ticketId}@${url.pathname}`);
      return readOk();
    },
  });
  return { client, sidebars, reads };
}

test('one store per ticket: returning to a ticket gives back its store without reading again', async () => {
  const { sidebars, reads } = setup();
  const first = sidebars.storeFor('https://demo.zendesk.com/agent/tickets/1002');
  const other = sidebars.storeFor('https://demo.zendesk.com/agent/tickets/1003');
  const again = sidebars.storeFor('https://demo.zendesk.com/agent/tickets/1002/events');
  expect(first).not.toBeNull();
  expect(other).not.toBe(first);
  expect(again).toBe(first);
  await Promise.all([first?.getState().actions.start(), other?.getState().actions.start()]);
  expect(reads).toEqual(['zendesk:demo:1002@/agent/tickets/1002', 'zendesk:demo:1003@/agent/tickets/1003']);
  expect(first?.getState().ticket.ref).toEqual({
    helpdesk: 'zendesk',
    account: 'demo',
    ticketId: '1002',
    url: 'https://demo.zendesk.com/agent/tickets/1002',
  });
  expect(first?.getState().ticket.helpdeskLabel).toBe('Zendesk');
});

test('pages that are not tickets have no store', () => {
  const { sidebars } = setup();
  expect(sidebars.storeFor('https://demo.zendesk.com/agent/filters/360001')).toBeNull();
  expect(sidebars.storeFor('https://example.com/agent/tickets/1')).toBeNull();
  expect(sidebars.size).toBe(0);
});

test('the least recently shown ticket is forgotten past the limit', () => {
  const { sidebars } = setup(2);
  const a = sidebars.storeFor('https://demo.zendesk.com/agent/tickets/1');
  sidebars.storeFor('https://demo.zendesk.com/agent/tickets/2');
  expect(sidebars.storeFor('https://demo.zendesk.com/agent/tickets/1')).toBe(a);
  sidebars.storeFor('https://demo.zendesk.com/agent/tickets/3');
  expect(sidebars.size).toBe(2);
  expect(sidebars.storeFor('https://demo.zendesk.com/agent/tickets/1')).toBe(a);
  expect(sidebars.size).toBe(2);
});
