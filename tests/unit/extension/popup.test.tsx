// @vitest-environment jsdom
/**
 * The toolbar popup's "Test on this page": what the saved selectors read, which selector found each
 * value, what found nothing, and what the sidebar will say — plus how the probe is injected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupApp } from '../../../entrypoints/popup/App.tsx';
import { PROBE_SCRIPT, type ProbeRun, runProbe, targetTabId } from '../../../entrypoints/popup/run-probe.ts';
import { probePage } from '../../../lib/helpdesks/custom/probe.ts';
import type { CustomHelpdeskRead } from '../../../lib/helpdesks/custom/storage.ts';
import { ACME_HELP_CONFIG } from '../../../proxy/sandbox/customdesk/index.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'helpdesks', 'custom', 'fixtures');
const page = (name: string) => new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
const SAVED: CustomHelpdeskRead = { ok: true, config: ACME_HELP_CONFIG };

function probeOf(fixture: string, href: string): ProbeRun {
  return { ok: true, result: probePage(SAVED, page(fixture), new URL(href)) };
}

function renderPopup(read: CustomHelpdeskRead, run: ProbeRun = { ok: false, message: 'unused' }) {
  const test = vi.fn(async () => run);
  const openOptions = vi.fn();
  render(<PopupApp load={async () => read} test={test} openOptions={openOptions} />);
  return { test, openOptions };
}

async function clickTest() {
  fireEvent.click(await screen.findByRole('button', { name: 'Test on this page' }));
  return screen.findByRole('table', { name: 'What the selectors read' });
}

const row = (table: HTMLElement, label: string) => within(table).getByRole('row', { name: new RegExp(`^${label}\\b`) });

afterEach(() => cleanup());

describe('popup', () => {
  it('without a custom helpdesk it offers to set one up in the settings', async () => {
    const { openOptions } = renderPopup({ ok: true, config: null });
    fireEvent.click(await screen.findByRole('button', { name: 'Set up a custom helpdesk' }));
    expect(openOptions).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Test on this page' })).toBeNull();
  });

  it('Test on this page: every field’s value and the selector or link that found it', async () => {
    renderPopup(SAVED, probeOf('acme-ticket-1003.html', 'https://support.acme-help.test/tickets/1003'));
    expect((await screen.findByText('Acme Help')).tagName).toBe('STRONG');
    const table = await clickTest();
    expect(screen.getByRole('status').textContent).toBe('This is ticket 1003. The selectors read:');
    expect(row(table, 'Name').textContent).toBe('NameJonas Berg.rq-fullname');
    expect(row(table, 'Email').textContent).toBe('Emailjonas.berg@example.commailto: links');
    expect(row(table, 'Phone').textContent).toBe('Phone+12125550199tel: links');
    expect(row(table, 'Company').textContent).toBe('CompanyGlobex[data-field="org"]');
    expect(screen.getByText('The sidebar can read this customer.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Selectors that found nothing' })).toBeNull();
  });

  it('when selectors find nothing: "Nothing matched", what each selector found, and the sidebar’s exact message', async () => {
    const config = { ...ACME_HELP_CONFIG, customerArea: '', useLinks: false };
    const run: ProbeRun = {
      ok: true,
      result: probePage(
        { ok: true, config },
        page('no-customer.html'),
        new URL('https://support.acme-help.test/tickets/1001'),
      ),
    };
    renderPopup({ ok: true, config }, run);
    const table = await clickTest();
    expect(row(table, 'Name').textContent).toBe('NameNothing matched—');
    expect(row(table, 'Email').textContent).toBe('EmailNot set up—');
    const misses = screen.getByRole('region', { name: 'Selectors that found nothing' });
    expect(
      within(misses)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Name: .rq-fullname nothing matched',
      'Company: [data-field="org"] nothing matched',
      'Company: .rq-org nothing matched',
    ]);
    expect(screen.getByText(/^The sidebar will say: /).textContent).toBe(
      'The sidebar will say: Can\'t read this Acme Help ticket: nothing usable on the page matched Name (.rq-fullname) or Company ([data-field="org"], .rq-org). Check the selectors in the CRM sidebar options.',
    );
  });

  it('on a page outside the URL pattern it says the sidebar will not appear there', async () => {
    renderPopup(SAVED, probeOf('acme-ticket-1003.html', 'https://support.acme-help.test/reports/1'));
    await clickTest();
    expect(screen.getByRole('status').textContent).toBe(
      'This page does not match https://support.acme-help.test/tickets/*, so the sidebar will not appear here. The selectors read:',
    );
  });

  it('a page the extension cannot read: the reason in an alert', async () => {
    renderPopup(SAVED, {
      ok: false,
      message: 'The CRM sidebar cannot read this page (Cannot access a chrome:// URL).',
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Test on this page' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The CRM sidebar cannot read this page (Cannot access a chrome:// URL).',
    );
  });

  it('values from the page are text, never markup', async () => {
    renderPopup(SAVED, probeOf('acme-ticket-1006.html', 'https://support.acme-help.test/tickets/1006'));
    const table = await clickTest();
    expect(row(table, 'Name').textContent).toBe('Name<img src=x onerror=alert(1)>.rq-fullname');
    expect(table.querySelector('img')).toBeNull();
  });
});

describe('runProbe', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.restoreAllMocks());

  const scripting = fakeBrowser.scripting as unknown as { executeScript: unknown };

  it('injects the probe script into the tab and validates its answer', async () => {
    const result = probePage(
      SAVED,
      page('acme-ticket-1003.html'),
      new URL('https://support.acme-help.test/tickets/1003'),
    );
    const executeScript = vi.fn(async () => [{ frameId: 0, result: JSON.parse(JSON.stringify(result)) }]);
    scripting.executeScript = executeScript;
    expect(await runProbe(7)).toEqual({ ok: true, result });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7 }, files: [PROBE_SCRIPT] });
  });

  it('an answer that does not fit the schema, a refused injection, or no tab: a sentence, not a crash', async () => {
    scripting.executeScript = vi.fn(async () => [{ frameId: 0, result: { status: 'read' } }]);
    expect(await runProbe(7)).toEqual({
      ok: false,
      message: 'The test did not return a readable answer. Reload the page and try again.',
    });
    scripting.executeScript = vi.fn(async () => {
      throw new Error('Cannot access contents of the page.');
    });
    expect(await runProbe(7)).toMatchObject({
      ok: false,
      message: expect.stringContaining('The CRM sidebar cannot read this page (Cannot access contents of the page.)'),
    });
    expect(await runProbe(null)).toEqual({
      ok: false,
      message: 'There is no page to test: open a ticket in this window first.',
    });
  });

  it('the target is ?tab=<id> when given, else the active tab of the popup’s window', async () => {
    expect(await targetTabId('?tab=42')).toBe(42);
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async () => [{ id: 5 }]) as never);
    expect(await targetTabId('?tab=abc')).toBe(5);
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
  });
});
