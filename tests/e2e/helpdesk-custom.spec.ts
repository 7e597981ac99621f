/**
 * The custom helpdesk, end to end with the built extension: a team lead sets up "Acme Help" (the
 * in-house helpdesk emulator, proxy/sandbox/customdesk, served at https://support.acme-help.test) in
 * the options page without code; the sidebar then appears on its ticket pages with the values the
 * selectors read, Sync now creates the contact, "Test on this page" shows what each selector reads,
 * and Remove takes the sidebar away again.
 *
 * The permission prompt: Save calls `permissions.request` for the helpdesk's origin, and headless
 * Chromium cannot click the browser's Allow button (no Chromium switch auto-accepts it). So these tests
 * load a copy of the built extension whose manifest differs in one line: the emulator's origin is listed
 * in `host_permissions`, granted at install, so `permissions.request` resolves true at once without a
 * prompt — standing in for the team lead clicking Allow. Everything else (the options page's validation
 * and request, the background's dynamic registration with the sidebar's files from the manifest, the
 * content script, the popup's probe) runs as in production. The production build itself grants no host
 * at all (checked below); refusing the prompt is covered by the unit tests
 * (tests/unit/extension/custom-options.test.tsx, custom-helpdesk.test.ts).
 *
 * "Test on this page" is the toolbar popup, which Playwright cannot open by clicking the toolbar; the
 * tests open popup.html as a page with `?tab=<id>` naming the ticket's tab (the popup's documented
 * way to target a tab when it is not opened from the toolbar), and it reads that tab through the same
 * `scripting.executeScript` call.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import {
  ACME_HELP_ORIGIN,
  type AcmeHelpSandbox,
  createAcmeHelpSandbox,
  customdeskSandboxModule,
} from '../../proxy/sandbox/customdesk/index.ts';
import { type ExtensionBrowser, launchWithExtension } from '../../scripts/lib/browser.ts';
import { serveHelpdesk } from '../../scripts/lib/helpdesk-route.ts';
import { findContactsByEmail, hubspotOf } from '../../scripts/lib/hubspot.ts';
import { EXTENSION_DIR } from '../../scripts/lib/paths.ts';
import { SidebarView } from '../../scripts/lib/sidebar.ts';
import { test as base, expect } from './support/fixtures.ts';

/** The host permission Save asks for. */
const ACME_ORIGIN_PATTERN = `${ACME_HELP_ORIGIN}/*`;

interface BuiltManifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[]; js?: string[] }[];
}

const readManifest = (dir: string): BuiltManifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

/** A copy of the built extension with the emulator's origin granted at install (see the file comment). */
function copyWithGrantedOrigin(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-sidebar-custom-e2e-'));
  cpSync(source, dir, { recursive: true });
  const manifest = readManifest(dir);
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ACME_ORIGIN_PATTERN];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** The `chrome` global inside the service worker, as far as these tests use it. */
interface ChromeGlobal {
  chrome: {
    scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[]; js?: string[] }[]> };
    tabs: { query(q: { url: string }): Promise<{ id?: number }[]> };
  };
}

const test = base.extend<{ acme: AcmeHelpSandbox }, { grantedExtensionDir: string }>({
  grantedExtensionDir: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument
    async ({}, use) => {
      const dir = copyWithGrantedOrigin(EXTENSION_DIR);
      try {
        await use(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker' },
  ],

  extension: async ({ grantedExtensionDir }, use, testInfo) => {
    const extension = await launchWithExtension({ extensionDir: grantedExtensionDir });
    const consoleLines: string[] = [];
    extension.context.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.location().url}: ${m.text()}`));
    extension.context.on('weberror', (e) => consoleLines.push(`[pageerror] ${e.error().message}`));
    try {
      await use(extension);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        for (const [i, page] of extension.context.pages().entries()) {
          if (page.isClosed() || page.url() === 'about:blank') continue;
          const shot = await page.screenshot({ fullPage: true }).catch(() => null);
          if (shot) await testInfo.attach(`page-${i}.png`, { body: shot, contentType: 'image/png' });
        }
        await testInfo.attach('console.txt', { body: consoleLines.join('\n'), contentType: 'text/plain' });
      }
      await extension.close();
    }
  },

  acme: async ({ extension }, use) => {
    const sandbox = createAcmeHelpSandbox();
    const unroute = await serveHelpdesk(extension.context, sandbox, customdeskSandboxModule.urlPatterns);
    try {
      await use(sandbox);
    } finally {
      await unroute();
    }
  },
});

/** The options page's "Custom helpdesk" section. */
const section = (page: Page) => page.getByRole('region', { name: 'Custom helpdesk' });
const form = (page: Page) => page.getByRole('form', { name: 'Custom helpdesk' });

/** Opens the options page's custom helpdesk form from a fresh install. */
async function openSetUp(extension: ExtensionBrowser): Promise<Page> {
  const page = await extension.context.newPage();
  await page.goto(extension.optionsUrl);
  await section(page).getByRole('button', { name: 'Set up a custom helpdesk' }).click();
  await expect(form(page)).toBeVisible();
  return page;
}

/** Types the Acme Help configuration (proxy/sandbox/customdesk `ACME_HELP_CONFIG`) as a team lead would. */
async function fillAcmeHelp(page: Page): Promise<void> {
  const f = form(page);
  await f.getByLabel('Helpdesk name', { exact: true }).fill('Acme Help');
  await f.getByLabel('URL pattern', { exact: true }).fill(`${ACME_HELP_ORIGIN}/tickets/*`);
  await f.getByLabel('Customer area', { exact: true }).fill('.requester-box');
  await f.getByLabel('Name', { exact: true }).fill('.rq-fullname');
  await f.getByLabel('Company', { exact: true }).fill('[data-field="org"]\n.rq-org');
  await expect(f.getByLabel('Use mailto: and tel: links on the page')).toBeChecked();
}

async function registeredScripts(extension: ExtensionBrowser) {
  return extension.serviceWorker.evaluate(() =>
    (globalThis as unknown as ChromeGlobal).chrome.scripting.getRegisteredContentScripts(),
  );
}

/** Opens the toolbar popup as a page aimed at the tab showing `url`, and runs Test on this page. */
async function testOnPage(extension: ExtensionBrowser, url: string): Promise<{ popup: Page; table: Locator }> {
  const [tabId] = await extension.serviceWorker.evaluate(
    async (pattern) =>
      (await (globalThis as unknown as ChromeGlobal).chrome.tabs.query({ url: pattern })).map((t) => t.id),
    url,
  );
  expect(tabId, `a tab showing ${url}`).toBeDefined();
  const popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html?tab=${tabId}`);
  await popup.getByRole('button', { name: 'Test on this page' }).click();
  const table = popup.getByRole('table', { name: 'What the selectors read' });
  await expect(table).toBeVisible();
  return { popup, table };
}

const fromAcme = (sidebar: SidebarView) => sidebar.root.getByRole('heading', { name: 'From Acme Help', exact: true });

test('the production manifest grants no host at install: custom helpdesk origins are optional', () => {
  const manifest = readManifest(EXTENSION_DIR);
  expect(manifest.host_permissions ?? []).toEqual([]);
  expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
  expect(manifest.permissions).toEqual(expect.arrayContaining(['scripting', 'activeTab']));
});

test('set up in the options page: the sidebar reads the in-house helpdesk, Sync now creates the contact, Test on this page shows each selector', async ({
  extension,
  agent,
  syncProxy: proxy,
  acme,
}) => {
  await agent.connectTo(proxy);
  const options = await openSetUp(extension);
  await fillAcmeHelp(options);

  // A typo in a selector is caught before anything is asked or saved, naming the field.
  const email = form(options).getByLabel('Email', { exact: true });
  await email.fill('..email');
  await form(options).getByRole('button', { name: 'Save' }).click();
  await expect(section(options).getByRole('alert')).toHaveText('Email: “..email” is not a valid CSS selector.');
  await expect(email).toBeFocused();
  expect(await registeredScripts(extension)).toEqual([]);

  await email.fill('');
  await form(options).getByRole('button', { name: 'Save' }).click();
  await expect(section(options).getByRole('status')).toHaveText(
    `Saved. The sidebar opens on pages matching ${ACME_HELP_ORIGIN}/tickets/*; reload ticket pages that are already open.`,
  );
  await expect(section(options)).toContainText('Active: the sidebar opens on these pages.');

  // The sidebar's own script, found in the manifest, registered for the pattern's site.
  const manifest = readManifest(EXTENSION_DIR);
  const sidebarJs = manifest.content_scripts?.find((c) => c.matches?.includes('https://*.zendesk.com/agent/*'))?.js;
  expect(await registeredScripts(extension)).toEqual([
    expect.objectContaining({
      id: 'crm-sidebar-custom-helpdesk',
      matches: [ACME_ORIGIN_PATTERN], // the whole site: single-page navigation into a ticket is followed
      js: sidebarJs,
      persistAcrossSessions: true,
    }),
  ]);

  // The ticket page: the sidebar works exactly as on Zendesk.
  const page = await agent.page();
  await page.goto(acme.ticketUrl(1001));
  const sidebar = new SidebarView(page);
  await expect(fromAcme(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('Mary Jane Watson');
  await expect(sidebar.root).toContainText('mj.watson@example.com');
  await expect(sidebar.root).toContainText('+442079460958');
  await expect(sidebar.root).toContainText('Daily Bugle');
  await expect(sidebar.root).toContainText('Not in HubSpot yet');
  // Its stylesheet reached the shadow root (web-accessible to the granted origin).
  const css = await page.evaluate(
    () => document.querySelector('crm-sidebar')?.shadowRoot?.querySelector('style')?.textContent ?? '',
  );
  expect(css.length).toBeGreaterThan(1000);

  await sidebar.syncNow.click();
  await expect(sidebar.outcome).toHaveText('Contact created');
  const created = findContactsByEmail(hubspotOf(proxy), 'mj.watson@example.com');
  expect(created).toHaveLength(1);
  expect(created[0]?.properties).toMatchObject({ firstname: 'Mary Jane', lastname: 'Watson', company: 'Daily Bugle' });

  // Test on this page: what each selector reads right now.
  const { popup, table } = await testOnPage(extension, acme.ticketUrl(1001));
  await expect(popup.getByRole('status')).toHaveText('This is ticket 1001. The selectors read:');
  await expect(table.getByRole('row', { name: /^Name/ })).toHaveText('NameMary Jane Watson.rq-fullname');
  await expect(table.getByRole('row', { name: /^Email/ })).toHaveText('Emailmj.watson@example.commailto: links');
  await expect(table.getByRole('row', { name: /^Phone/ })).toHaveText('Phone+442079460958tel: links');
  await expect(table.getByRole('row', { name: /^Company/ })).toHaveText('CompanyDaily Bugle[data-field="org"]');
  await expect(popup.getByText('The sidebar can read this customer.')).toBeVisible();

  // Single-page navigation: from the ticket list (no sidebar there) into a ticket that renders late.
  await page.bringToFront();
  await page.goto(`${ACME_HELP_ORIGIN}/tickets`);
  await expect(page.getByRole('heading', { name: 'Open tickets' })).toBeVisible();
  await expect(fromAcme(sidebar)).toHaveCount(0);
  await page.evaluate(async () => {
    const html = await (await fetch('/tickets/1002')).text();
    history.pushState({}, '', '/tickets/1002');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the app fetches, then draws the ticket
    const next = new DOMParser().parseFromString(html, 'text/html').querySelector('main');
    if (next) document.querySelector('main')?.replaceWith(document.importNode(next, true));
  });
  await expect(fromAcme(sidebar)).toBeVisible();
  await expect(sidebar.root).toContainText('Ticket #1002');
  await expect(sidebar.root).toContainText('Priya Patel');
  await expect(sidebar.root).toContainText('PRIYA.PATEL@Example.com');
});

test('edit to selectors the page does not have: the sidebar names them, Test on this page shows what each found; Remove takes the sidebar away', async ({
  extension,
  agent,
  syncProxy: proxy,
  acme,
}) => {
  await agent.connectTo(proxy);
  const options = await openSetUp(extension);
  await fillAcmeHelp(options);
  await form(options).getByRole('button', { name: 'Save' }).click();
  await expect(section(options).getByRole('status')).toContainText('Saved.');

  // The helpdesk "was redesigned": the team lead's selectors are now out of date.
  await section(options).getByRole('button', { name: 'Edit custom helpdesk' }).click();
  await form(options).getByLabel('Customer area', { exact: true }).fill('');
  await form(options).getByLabel('Name', { exact: true }).fill('.customer-name\n.person .name');
  await form(options).getByLabel('Company', { exact: true }).fill('.org');
  await form(options).getByLabel('Use mailto: and tel: links on the page').uncheck();
  await form(options).getByLabel('Email', { exact: true }).fill('.customer-email');
  await form(options).getByRole('button', { name: 'Save' }).click();
  await expect(section(options).getByRole('status')).toContainText('Saved.');

  const page = await agent.page();
  await page.goto(acme.ticketUrl(1003));
  const sidebar = new SidebarView(page);
  await expect(sidebar.alert).toHaveText(
    /Can't read this Acme Help ticket: nothing usable on the page matched Name \(\.customer-name, \.person \.name\), Email \(\.customer-email\) or Company \(\.org\)\./,
  );
  await expect(sidebar.root).toContainText('The customer could not be read from this ticket.');
  await expect(sidebar.syncNow).toBeDisabled();

  const { popup, table } = await testOnPage(extension, acme.ticketUrl(1003));
  await expect(table.getByRole('row', { name: /^Name/ })).toHaveText('NameNothing matched—');
  await expect(table.getByRole('row', { name: /^Phone/ })).toHaveText('PhoneNot set up—');
  const misses = popup.getByRole('region', { name: 'Selectors that found nothing' });
  await expect(misses.getByRole('listitem')).toHaveText([
    'Name: .customer-name nothing matched',
    'Name: .person .name nothing matched',
    'Email: .customer-email nothing matched',
    'Company: .org nothing matched',
  ]);

  // Remove: unregistered; new page loads get no sidebar.
  await options.bringToFront();
  await section(options).getByRole('button', { name: 'Remove custom helpdesk' }).click();
  await section(options)
    .getByRole('group', { name: /Remove Acme Help\?/ })
    .getByRole('button', { name: 'Remove' })
    .click();
  // This test build requires the origin in its manifest, so the browser keeps it (a real install gives it back).
  await expect(section(options).getByRole('status')).toHaveText(
    `Removed. The sidebar no longer opens on ${ACME_HELP_ORIGIN}/tickets/*.`,
  );
  expect(await registeredScripts(extension)).toEqual([]);
  await expect(section(options).getByRole('button', { name: 'Set up a custom helpdesk' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: /#1003/ })).toBeVisible();
  await page.waitForTimeout(1000); // a content script runs at document_idle: give it time to (not) appear
  await expect(page.locator('crm-sidebar')).toHaveCount(0);
  expect(acme.requests.filter((r) => r.path === '/tickets/1003').length).toBe(2);
});
