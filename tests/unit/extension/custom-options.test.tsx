// @vitest-environment jsdom
/**
 * The options page's "Custom helpdesk" section, as a team lead uses it: set up, validation naming the
 * field, the permission prompt (allowed or refused), edit, and remove.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CustomHelpdeskSection, type OriginPermissions } from '../../../entrypoints/options/CustomHelpdesk.tsx';
import { HELPDESK_ADAPTERS } from '../../../lib/helpdesks/index.ts';
import type {
  CustomHelpdeskStatus,
  MessageName,
  MessagingClient,
  Reply,
  ReplyOf,
  RequestOf,
} from '../../../lib/messaging/protocol.ts';
import { ACME_HELP_CONFIG } from '../../../proxy/sandbox/customdesk/index.ts';

const NONE: CustomHelpdeskStatus = { config: null, active: false, permission: false, problem: null };
const ACTIVE: CustomHelpdeskStatus = { config: ACME_HELP_CONFIG, active: true, permission: true, problem: null };

type Answers = { [N in MessageName]?: (payload: RequestOf<N>) => Reply<ReplyOf<N>> };

/** Records every message and permission call in one timeline, to check their order. */
function setup(initial: CustomHelpdeskStatus, answers: Answers = {}, granted = true) {
  const timeline: string[] = [];
  const sent: { type: MessageName; payload: unknown }[] = [];
  const client: MessagingClient = {
    async send<N extends MessageName>(type: N, payload: RequestOf<N>) {
      timeline.push(type);
      sent.push({ type, payload });
      const answer = answers[type] as ((p: RequestOf<N>) => Reply<ReplyOf<N>>) | undefined;
      if (answer) return answer(payload);
      if (type === 'options→background:customHelpdesk') return { ok: true, data: initial } as Reply<ReplyOf<N>>;
      throw new Error(`unexpected message ${type}`);
    },
  };
  const permissions: OriginPermissions = {
    request: vi.fn(async (origins: string[]) => {
      timeline.push(`request ${origins.join(',')}`);
      return granted;
    }),
    remove: vi.fn(async (origins: string[]) => {
      timeline.push(`remove ${origins.join(',')}`);
      return true;
    }),
  };
  render(<CustomHelpdeskSection client={client} permissions={permissions} builtIn={HELPDESK_ADAPTERS} />);
  return { timeline, sent, permissions };
}

const region = () => screen.getByRole('region', { name: 'Custom helpdesk' });
const field = (label: string) => within(region()).getByLabelText(label, { exact: true }) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.input(field(label), { target: { value } });
const button = (name: string) => within(region()).getByRole('button', { name });

async function openForm() {
  fireEvent.click(await screen.findByRole('button', { name: 'Set up a custom helpdesk' }));
  return screen.getByRole('form', { name: 'Custom helpdesk' });
}

function fillAcme() {
  type('Helpdesk name', 'Acme Help');
  type('URL pattern', ' https://support.acme-help.test/tickets/* ');
  type('Customer area', '.requester-box');
  type('Name', '.rq-fullname');
  type('Company', '[data-field="org"]\n.rq-org');
}

afterEach(() => cleanup());

describe('custom helpdesk section', () => {
  it('a fresh install offers to set one up; the form has a label on every input and focuses the first', async () => {
    setup(NONE);
    await openForm();
    for (const label of [
      'Helpdesk name',
      'URL pattern',
      'Ticket id from the URL',
      'Customer area',
      'Name',
      'Email',
      'Phone',
      'Company',
      'Use mailto: and tel: links on the page',
    ]) {
      expect(field(label)).toBeTruthy();
    }
    expect(document.activeElement).toBe(field('Helpdesk name'));
    expect(field('Use mailto: and tel: links on the page').checked).toBe(true);
  });

  it('Save: asks for the origin in the click, then saves and registers; the summary shows it active', async () => {
    const { timeline, sent } = setup(NONE, {
      'options→background:saveCustomHelpdesk': () => ({ ok: true, data: ACTIVE }),
    });
    await openForm();
    fillAcme();
    fireEvent.click(button('Save'));

    await waitFor(() =>
      expect(within(region()).getByRole('status').textContent).toBe(
        'Saved. The sidebar opens on pages matching https://support.acme-help.test/tickets/*; reload ticket pages that are already open.',
      ),
    );
    expect(timeline).toEqual([
      'options→background:customHelpdesk',
      'request https://support.acme-help.test/*',
      'options→background:saveCustomHelpdesk',
    ]);
    expect(sent.at(-1)?.payload).toEqual({ config: ACME_HELP_CONFIG });
    expect(screen.queryByRole('form', { name: 'Custom helpdesk' })).toBeNull();
    expect(region().textContent).toContain('Active: the sidebar opens on these pages.');
  });

  it('an invalid CSS selector: the alert names the field, the field is marked and focused, nothing is asked or saved', async () => {
    const { timeline, permissions } = setup(NONE);
    await openForm();
    fillAcme();
    type('Email', '.email\n..email');
    fireEvent.click(button('Save'));

    expect(within(region()).getByRole('alert').textContent).toBe('Email: “..email” is not a valid CSS selector.');
    expect(field('Email').getAttribute('aria-invalid')).toBe('true');
    expect(field('Email').getAttribute('aria-describedby')).toContain('ch-selectors-email-error');
    expect(document.activeElement).toBe(field('Email'));
    expect(permissions.request).not.toHaveBeenCalled();
    expect(timeline).toEqual(['options→background:customHelpdesk']);
  });

  it('an invalid URL pattern or ticket id expression is reported with its field', async () => {
    setup(NONE);
    await openForm();
    fillAcme();
    type('URL pattern', 'https://*/*');
    type('Ticket id from the URL', '(\\d+');
    fireEvent.click(button('Save'));
    const alert = within(region()).getByRole('alert').textContent ?? '';
    expect(alert).toContain('URL pattern: a host of * matches every website');
    expect(alert).toContain('Ticket id from the URL: “(\\d+” is not a valid regular expression');
    expect(document.activeElement).toBe(field('URL pattern'));
  });

  it('a refused permission: a clear message and nothing saved', async () => {
    const { timeline } = setup(NONE, {}, false);
    await openForm();
    fillAcme();
    fireEvent.click(button('Save'));
    await waitFor(() =>
      expect(within(region()).getByRole('alert').textContent).toBe(
        'Access to https://support.acme-help.test/* was not allowed, so nothing was saved. Save again and choose Allow when the browser asks.',
      ),
    );
    expect(timeline).not.toContain('options→background:saveCustomHelpdesk');
    expect(screen.getByRole('form', { name: 'Custom helpdesk' })).toBeTruthy();
  });

  it('a failed registration: the background’s message, and the permission just granted is given back', async () => {
    const { timeline } = setup(NONE, {
      'options→background:saveCustomHelpdesk': () => ({
        ok: false,
        error: {
          code: 'registration_failed',
          message: "Couldn't add the sidebar … Nothing was saved.",
          retryable: true,
        },
      }),
    });
    await openForm();
    fillAcme();
    fireEvent.click(button('Save'));
    await waitFor(() =>
      expect(within(region()).getByRole('alert').textContent).toBe("Couldn't add the sidebar … Nothing was saved."),
    );
    expect(timeline.at(-1)).toBe('remove https://support.acme-help.test/*');
  });

  it('a saved helpdesk is summarised; Edit shows it with one selector per line', async () => {
    setup(ACTIVE);
    expect((await screen.findByText('Acme Help')).tagName).toBe('DD');
    fireEvent.click(button('Edit custom helpdesk'));
    expect(field('URL pattern').value).toBe('https://support.acme-help.test/tickets/*');
    expect(field('Company').value).toBe('[data-field="org"]\n.rq-org');
    fireEvent.click(button('Cancel'));
    expect(screen.queryByRole('form', { name: 'Custom helpdesk' })).toBeNull();
  });

  it('a revoked permission is shown with what to do', async () => {
    setup({
      ...ACTIVE,
      active: false,
      permission: false,
      problem: 'The browser no longer lets the CRM sidebar read x.',
    });
    expect(await screen.findByText('The browser no longer lets the CRM sidebar read x.')).toBeTruthy();
    expect(region().textContent).toContain('Not active.');
  });

  it('Remove asks first, then unregisters and says the access was given back', async () => {
    const { timeline } = setup(ACTIVE, {
      'options→background:removeCustomHelpdesk': () => ({ ok: true, data: { removed: true, released: true } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Remove custom helpdesk' }));
    const question = screen.getByRole('group', { name: /Remove Acme Help\?/ });
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Remove' }));
    fireEvent.click(within(question).getByRole('button', { name: 'Remove' }));
    await waitFor(() =>
      expect(within(region()).getByRole('status').textContent).toBe(
        'Removed. The sidebar no longer opens on https://support.acme-help.test/tickets/* and the access to https://support.acme-help.test/* was given back.',
      ),
    );
    expect(timeline).toContain('options→background:removeCustomHelpdesk');
    expect(button('Set up a custom helpdesk')).toBeTruthy();
  });

  it('"Keep it" cancels the removal', async () => {
    const { timeline } = setup(ACTIVE);
    fireEvent.click(await screen.findByRole('button', { name: 'Remove custom helpdesk' }));
    fireEvent.click(button('Keep it'));
    expect(button('Remove custom helpdesk')).toBeTruthy();
    expect(timeline).toEqual(['options→background:customHelpdesk']);
  });

  it('a background that cannot answer: the message and a way to try again', async () => {
    let calls = 0;
    setup(NONE, {
      'options→background:customHelpdesk': () =>
        ++calls === 1
          ? {
              ok: false,
              error: { code: 'extension_unavailable', message: 'The CRM sidebar was updated.', retryable: false },
            }
          : { ok: true, data: NONE },
    });
    expect(await screen.findByText('The CRM sidebar was updated.')).toBeTruthy();
    fireEvent.click(button('Try again'));
    expect(await screen.findByRole('button', { name: 'Set up a custom helpdesk' })).toBeTruthy();
  });
});
