/**
 * The Zendesk emulator itself (proxy/sandbox/zendesk), which every other browser test relies on:
 * it must behave like Zendesk's agent workspace and API, or the other tests prove nothing.
 */
import { expect, test } from './support/fixtures.ts';

test('serves Zendesk’s ticket JSON with sideloaded users and organizations, and its errors', async ({ zendesk }) => {
  const get = async (path: string) => {
    const res = await zendesk.fetch(new Request(`${zendesk.origin}${path}`));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const { status, body } = await get('/api/v2/tickets/1002.json?include=users,organizations');
  expect(status).toBe(200);
  const ticket = body.ticket as { requester_id: number; organization_id: number };
  const users = body.users as { id: number; name: string; email: string; user_fields: Record<string, string> }[];
  const orgs = body.organizations as { id: number; name: string }[];
  const requester = users.find((u) => u.id === ticket.requester_id);
  expect(requester).toMatchObject({ name: 'Priya Patel', email: ' PRIYA.PATEL@Example.com' });
  expect(requester?.user_fields).toMatchObject({ job_title: 'Head of Operations', location: 'San Francisco' });
  expect(orgs.find((o) => o.id === ticket.organization_id)?.name).toBe('Northwind Traders');

  // Without include, no sideloads.
  expect(Object.keys((await get('/api/v2/tickets/1002.json')).body)).toEqual(['ticket']);

  expect(await get('/api/v2/tickets/4242.json')).toEqual({
    status: 404,
    body: { error: 'RecordNotFound', description: 'Not found' },
  });
  zendesk.signOut();
  expect(await get('/api/v2/users/me.json')).toEqual({ status: 401, body: { error: "Couldn't authenticate you" } });
  zendesk.signIn();
  expect((await get('/api/v2/users/me.json')).body.user).toMatchObject({ role: 'agent', name: 'Alex Rivera' });

  // Tests can change a requester in-process.
  zendesk.store.updateRequester(1002, { company: 'Contoso', jobTitle: null });
  const changed = (await get('/api/v2/tickets/1002.json?include=users,organizations')).body;
  expect((changed.organizations as { name: string }[]).map((o) => o.name)).toEqual(['Contoso']);
  expect(
    (changed.users as { id: number; user_fields: Record<string, unknown> }[])[0]?.user_fields.job_title,
  ).toBeNull();
});

test('the agent workspace moves between tickets without a reload and shows markup as text', async ({
  agent,
  zendesk,
}) => {
  const page = await agent.page();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(zendesk.ticketUrl(1006));
  await expect(page.getByRole('heading', { name: 'Strange characters in my profile' })).toBeVisible();
  const details = page.getByRole('main').getByRole('definition');
  await expect(details.filter({ hasText: '<img src=x onerror=alert(1)>' })).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Tickets' })).toContainText('#1006 · <img src=x onerror=alert(1)>');

  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));
  await page.getByRole('link', { name: /Renewal questions before March/ }).click();
  await expect(page).toHaveURL(zendesk.ticketUrl(1002));
  await expect(page.getByRole('heading', { name: 'Renewal questions before March' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Conversation' }).getByRole('listitem')).toHaveCount(2);
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Strange characters in my profile' })).toBeVisible();
  expect(loads, 'no page load while switching tickets').toEqual([]);

  await page.goto(zendesk.ticketUrl(31337));
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Ticket #31337 not found');
  expect(dialogs).toEqual([]);
});
