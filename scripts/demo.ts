/**
 * `npm run demo`: the whole product, end to end, on this machine.
 *
 * 1. Starts the sync proxy with the HubSpot sandbox and embedded PGlite in a fresh temporary folder;
 * 2. builds the extension (`wxt build`);
 * 3. opens Chromium with it on the demo Zendesk account (https://demo.zendesk.com, served by the
 *    Zendesk emulator through request routing), configures it through its options page, and walks:
 *    1001 Contact created → 1002 Contact updated → 1003 Conflicts queued → Use chat value / Keep CRM
 *    value → sync again: No changes → 1006 conflicts shown as text → Discard all → a stale conflict
 *    (HubSpot changed behind the agent's back) → 1007 No lookup key → back to 1001, state kept.
 *
 * Each step prints its outcome as it happens and saves a screenshot of the sidebar to the output
 * folder (default ./demo-output). Without a display (or with --headless, or CI set) it runs headless
 * and exits 0 when every step worked, 1 naming the step that did not. With a display it runs headed
 * and then leaves the browser and the proxy running for you to try, until Ctrl-C.
 *
 * Options: --headless | --headed, --out <dir>, --port <n> (proxy port, default 8787 or any free one),
 * --slow-mo <ms> (headed default 250).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { createZendeskSandbox } from '../proxy/sandbox/zendesk/index.ts';
import { type RunningProxy, StartupError, startProxy } from '../proxy/server.ts';
import { type ExtensionBrowser, launchWithExtension } from './lib/browser.ts';
import { findContactsByEmail, getContact, hubspotOf, hubspotRequests, updateContact } from './lib/hubspot.ts';
import { BUILD_DIR, ROOT } from './lib/paths.ts';
import { buildExtension } from './lib/run.ts';
import { type OutcomeText, SidebarView, STALE_SENTENCE } from './lib/sidebar.ts';
import { serveZendesk } from './lib/helpdesk-route.ts';

const DEMO_API_KEY = 'demo-api-key';
const WAIT_MS = 15_000;

const { values: args } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'demo-output') },
    port: { type: 'string' },
    'slow-mo': { type: 'string' },
  },
});

const hasDisplay =
  process.platform === 'darwin' ||
  process.platform === 'win32' ||
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = args.headed ? false : args.headless || Boolean(process.env.CI) || !hasDisplay;
const outDir = path.resolve(args.out);
const slowMo = args['slow-mo'] !== undefined ? Number(args['slow-mo']) : headless ? 0 : 250;

/** A step that did not work; `message` says what the screen showed. */
class StepFailed extends Error {}

const green = (s: string) => (process.stdout.isTTY ? `\u001b[32m${s}\u001b[0m` : s);
const red = (s: string) => (process.stdout.isTTY ? `\u001b[31m${s}\u001b[0m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\u001b[2m${s}\u001b[0m` : s);

let shotNumber = 0;
/** Saves a screenshot of `target` as NN-name.png in the output folder. */
async function screenshot(target: Locator | Page, name: string): Promise<void> {
  shotNumber++;
  const file = path.join(outDir, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await target.screenshot({ path: file, animations: 'disabled' });
}

/** What the sidebar shows right now (status and alert), to explain a failed wait. */
async function sidebarState(sidebar: SidebarView): Promise<string> {
  const texts: string[] = [];
  for (const [label, locator] of [
    ['status', sidebar.root.getByRole('status')],
    ['alert', sidebar.alert],
  ] as const) {
    for (const text of await locator.allInnerTexts().catch(() => [])) {
      if (text.trim()) texts.push(`${label}: "${text.trim()}"`);
    }
  }
  if (texts.length === 0) {
    const visible = await sidebar.root.isVisible().catch(() => false);
    return visible ? 'the sidebar shows no status and no error' : 'the sidebar is not on the page';
  }
  return texts.join(', ');
}

/** Waits until `locator` is visible; throws StepFailed with what was on screen instead. */
async function see(sidebar: SidebarView, locator: Locator, what: string): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: WAIT_MS });
  } catch {
    throw new StepFailed(`expected ${what}, but ${await sidebarState(sidebar)}`);
  }
}

async function gone(sidebar: SidebarView, locator: Locator, what: string): Promise<void> {
  try {
    await locator.waitFor({ state: 'detached', timeout: WAIT_MS });
  } catch {
    throw new StepFailed(`expected ${what} to disappear, but it is still shown (${await sidebarState(sidebar)})`);
  }
}

async function outcome(sidebar: SidebarView, text: OutcomeText): Promise<void> {
  await see(sidebar, sidebar.root.getByRole('status').filter({ hasText: new RegExp(`^${text}$`) }), `"${text}"`);
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new StepFailed(message);
}

interface Demo {
  proxy: RunningProxy;
  browser: ExtensionBrowser;
  zendesk: ReturnType<typeof createZendeskSandbox>;
  page: Page;
  sidebar: SidebarView;
}

/**
 * Clicks a ticket in Zendesk's ticket list (single-page navigation, as an agent does) and waits
 * until the sidebar shows that ticket's requester.
 */
async function openTicket(demo: Demo, id: number): Promise<SidebarView> {
  await demo.page.getByRole('navigation', { name: 'Tickets' }).locator(`a[href="/agent/tickets/${id}"]`).click();
  await demo.page.waitForURL(`**/agent/tickets/${id}`);
  const name = demo.zendesk.store.requester(id).name;
  await see(demo.sidebar, demo.sidebar.root.getByText(name, { exact: true }), `ticket ${id}'s requester "${name}"`);
  return demo.sidebar;
}

/** The demo's steps: a label and what to do; each returns the line printed after ✔. */
function steps(demo: Demo): { name: string; run: () => Promise<string> }[] {
  const hubspot = hubspotOf(demo.proxy);
  const { page, sidebar } = demo;
  const shot = (name: string) => screenshot(sidebar.root, name);

  return [
    {
      name: 'options page: connect to the proxy',
      run: async () => {
        const options = await demo.browser.context.newPage();
        await options.goto(demo.browser.optionsUrl);
        await options.getByLabel('Proxy URL').fill(demo.proxy.url);
        await options.getByLabel('API key', { exact: true }).fill(DEMO_API_KEY);
        await options.getByRole('button', { name: 'Save' }).click();
        await options.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: WAIT_MS });
        await options.getByRole('button', { name: 'Test connection' }).click();
        const connected = options.getByRole('status').filter({ hasText: 'Connected to HubSpot (sandbox).' });
        try {
          await connected.waitFor({ timeout: WAIT_MS });
        } catch {
          const alert = await options.getByRole('alert').allInnerTexts();
          throw new StepFailed(`Test connection did not connect${alert.length ? `: "${alert.join(' ')}"` : ''}`);
        }
        await screenshot(options, 'options-connected');
        await options.close();
        return `Options page → Saved, "Connected to HubSpot (sandbox)." (${demo.proxy.url})`;
      },
    },
    {
      name: '1001 Contact created',
      run: async () => {
        await page.bringToFront();
        await page.goto(demo.zendesk.ticketUrl(1001));
        await see(sidebar, sidebar.root.getByText('Not in HubSpot yet'), '"Not in HubSpot yet"');
        await shot('1001-before-sync');
        await sidebar.syncNow.click();
        await outcome(sidebar, 'Contact created');
        const [contact] = findContactsByEmail(hubspot, 'mj.watson@example.com');
        check(contact !== undefined, 'the sidebar says Contact created, but HubSpot has no mj.watson@example.com');
        check(
          contact!.properties.firstname === 'Mary Jane' && contact!.properties.lastname === 'Watson',
          `HubSpot has firstname "${contact!.properties.firstname}", lastname "${contact!.properties.lastname}"`,
        );
        await see(sidebar, sidebar.openInHubSpot, 'the "Open in HubSpot" link');
        await shot('1001-contact-created');
        await screenshot(page, 'workspace-1001');
        return `1001 Mary Jane Watson → Contact created (HubSpot contact ${contact!.id}, firstname "Mary Jane", lastname "Watson")`;
      },
    },
    {
      name: '1002 Contact updated',
      run: async () => {
        await openTicket(demo, 1002);
        await see(sidebar, sidebar.crmHeading, 'the HubSpot record (contact 101)');
        const before = hubspotRequests(hubspot).length;
        await sidebar.syncNow.click();
        await outcome(sidebar, 'Contact updated');
        const patches = hubspotRequests(hubspot)
          .slice(before)
          .filter((r) => r.method === 'PATCH');
        check(patches.length === 1, `expected one PATCH to HubSpot, saw ${patches.length}`);
        const warnings = (await sidebar.warnings.allInnerTexts()).join(' ').trim();
        await shot('1002-contact-updated');
        const p = getContact(hubspot, '101')?.properties ?? {};
        return `1002 Priya Patel → Contact updated in one PATCH (phone ${p.phone}, company ${p.company}, jobtitle ${p.jobtitle}, city ${p.city})${warnings ? `; warning: ${warnings}` : ''}`;
      },
    },
    {
      name: '1003 Conflicts queued',
      run: async () => {
        await openTicket(demo, 1003);
        await see(sidebar, sidebar.crmHeading, 'the HubSpot record (contact 102)');
        await sidebar.syncNow.click();
        await outcome(sidebar, 'Conflicts queued');
        await see(sidebar, sidebar.conflict('Company'), 'a Company conflict');
        await see(sidebar, sidebar.conflict('Job title'), 'a Job title conflict');
        const rows = await sidebar.conflicts.count();
        check(rows === 2, `expected 2 conflicts (Company, Job title), saw ${rows}`);
        await shot('1003-conflicts-queued');
        return '1003 Jonas Berg → Conflicts queued: Company ("Globex Corporation" vs "Globex"), Job title ("CTO" vs "Chief Technology Officer"); phones equal after normalisation';
      },
    },
    {
      name: '1003 Use chat value (Company)',
      run: async () => {
        await sidebar.useChatValue('Company').click();
        await gone(sidebar, sidebar.conflict('Company'), 'the Company row');
        const company = getContact(hubspot, '102')?.properties.company;
        check(company === 'Globex', `HubSpot company is "${company}", expected "Globex"`);
        await shot('1003-used-chat-value');
        return '1003 Company → Use chat value: HubSpot company is now "Globex"';
      },
    },
    {
      name: '1003 Keep CRM value (Job title)',
      run: async () => {
        await sidebar.keepCrmValue('Job title').click();
        await gone(sidebar, sidebar.conflict('Job title'), 'the Job title row');
        const jobtitle = getContact(hubspot, '102')?.properties.jobtitle;
        check(jobtitle === 'CTO', `HubSpot jobtitle is "${jobtitle}", expected "CTO"`);
        await shot('1003-kept-crm-value');
        return '1003 Job title → Keep CRM value: HubSpot keeps "CTO"';
      },
    },
    {
      name: '1003 sync again: No changes',
      run: async () => {
        await sidebar.syncNow.click();
        await outcome(sidebar, 'No changes');
        const rows = await sidebar.conflicts.count();
        check(rows === 0, `expected no conflict queued again, saw ${rows}`);
        await shot('1003-no-changes');
        return '1003 Sync now again → No changes (the kept value is not queued again)';
      },
    },
    {
      name: '1006 conflicts shown as text, Discard all',
      run: async () => {
        await openTicket(demo, 1006);
        await sidebar.syncNow.click();
        await outcome(sidebar, 'Conflicts queued');
        await see(sidebar, sidebar.conflict('Name'), 'a Name conflict');
        const images = await sidebar.root.locator('img').count();
        check(images === 0, `the sidebar contains ${images} img element(s): markup was rendered as HTML`);
        await shot('1006-conflicts-as-text');
        await sidebar.discardAll.click();
        await gone(sidebar, sidebar.pendingHeading, 'the Pending conflicts list');
        const company = getContact(hubspot, '106')?.properties.company;
        check(company === '<img src=x onerror=alert(1)>', `HubSpot company changed to "${company}"`);
        await shot('1006-discarded');
        return '1006 <img src=x onerror=alert(1)> → Conflicts queued (shown as literal text, nothing ran) → Discard all: HubSpot keeps its values';
      },
    },
    {
      name: '1008 stale conflict',
      run: async () => {
        // The customer updates her Zendesk profile, so the chat now disagrees with HubSpot...
        demo.zendesk.store.updateRequester(1008, { jobTitle: 'CEO' });
        await openTicket(demo, 1008);
        await see(sidebar, sidebar.root.getByText('CEO', { exact: true }), 'the new job title "CEO" from Zendesk');
        await sidebar.syncNow.click();
        await outcome(sidebar, 'Conflicts queued');
        await see(sidebar, sidebar.conflict('Job title'), 'a Job title conflict');
        // ...and while the agent looks at it, a colleague edits the contact in HubSpot.
        updateContact(hubspot, '107', { jobtitle: 'Chief Executive Officer' });
        await sidebar.useChatValue('Job title').click();
        await see(sidebar, sidebar.conflict('Job title').getByText(STALE_SENTENCE), `"${STALE_SENTENCE}"`);
        await see(sidebar, sidebar.conflict('Job title').getByText('Chief Executive Officer'), 'the new HubSpot value');
        const jobtitle = getContact(hubspot, '107')?.properties.jobtitle;
        check(jobtitle === 'Chief Executive Officer', `HubSpot jobtitle was overwritten with "${jobtitle}"`);
        await shot('1008-stale-conflict');
        await sidebar.useChatValue('Job title').click();
        await gone(sidebar, sidebar.conflict('Job title'), 'the Job title row');
        const after = getContact(hubspot, '107')?.properties.jobtitle;
        check(after === 'CEO', `after asking again HubSpot jobtitle is "${after}", expected "CEO"`);
        await shot('1008-resolved');
        return '1008 Olivia Stone → stale conflict: HubSpot changed to "Chief Executive Officer" meanwhile, so Use chat value wrote nothing and asked again; the second Use chat value wrote "CEO"';
      },
    },
    {
      name: '1007 No lookup key',
      run: async () => {
        await openTicket(demo, 1007);
        const before = hubspotRequests(hubspot).length;
        await sidebar.syncNow.click();
        await outcome(sidebar, 'No lookup key');
        const calls = hubspotRequests(hubspot).length - before;
        check(calls === 0, `expected no HubSpot call, saw ${calls}`);
        await shot('1007-no-lookup-key');
        return '1007 Anonymous visitor → No lookup key (no HubSpot call)';
      },
    },
    {
      name: 'back to 1001, state kept',
      run: async () => {
        await openTicket(demo, 1001);
        await see(sidebar, sidebar.root.getByText('Mary Jane Watson').first(), 'Mary Jane Watson');
        await outcome(sidebar, 'Contact created');
        await shot('1001-state-kept');
        return 'Back to 1001 without a reload → still "Contact created"';
      },
    },
  ];
}

/** Resolves on Ctrl-C, SIGTERM, or when the person closes the browser. */
function untilStopped(browser: ExtensionBrowser): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    browser.context.once('close', () => resolve());
  });
}

async function startDemoProxy(dataDir: string): Promise<RunningProxy> {
  const env = {
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PROXY_API_KEY: DEMO_API_KEY,
    LOG_LEVEL: 'warn',
    DATABASE_URL: undefined,
    CRM_PROVIDER: undefined,
    HUBSPOT_ACCESS_TOKEN: undefined,
    HUBSPOT_BASE_URL: undefined,
    PUBLIC_URL: undefined,
  };
  const wanted = args.port !== undefined ? Number(args.port) : 8787;
  try {
    return await startProxy({ env, port: wanted, quiet: true });
  } catch (error) {
    if (args.port !== undefined || !(error instanceof StartupError) || !/already in use/.test(error.message))
      throw error;
    console.log(dim(`  (port ${wanted} is taken: ${(error as Error).message}; using a free port)`));
    return startProxy({ env, port: 0, quiet: true });
  }
}

async function main(): Promise<number> {
  console.log(`CRM sidebar demo — ${headless ? 'headless' : 'headed'} Chromium, screenshots in ${outDir}\n`);
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (/^\d\d-.*\.png$/.test(f)) rmSync(path.join(outDir, f));

  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-sidebar-demo-'));
  const cleanup: (() => Promise<void>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  const shutdown = async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  };

  let current = 'start the sync proxy';
  let demo: Demo | null = null;
  try {
    const proxy = await startDemoProxy(dataDir);
    cleanup.push(() => proxy.close());
    check(proxy.sandbox !== null, 'the proxy did not start its HubSpot sandbox');
    console.log(`${green('✔')} Sync proxy on ${proxy.url} (HubSpot sandbox, embedded PGlite in ${dataDir})`);

    current = 'build the extension';
    const build = await buildExtension({ capture: true });
    if (build.code !== 0) throw new StepFailed(`wxt build failed:\n${build.output}`);
    const script = await readFile(path.join(BUILD_DIR, 'content-scripts', 'sidebar.js')).catch(() => null);
    const size = script ? `, content script ${(gzipSync(script).length / 1024).toFixed(1)} kB gzipped` : '';
    console.log(`${green('✔')} Built the extension into ${path.relative(ROOT, BUILD_DIR)}${size}`);

    current = 'open Chromium with the extension';
    const browser = await launchWithExtension({ headless, slowMo, extensionDir: BUILD_DIR });
    cleanup.push(() => browser.close());
    const zendesk = createZendeskSandbox();
    await serveZendesk(browser.context, zendesk);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('dialog', (dialog) => {
      console.log(red(`✘ A dialog opened ("${dialog.message()}"): a value ran as code`));
      process.exitCode = 1;
      void dialog.dismiss();
    });
    console.log(
      `${green('✔')} Chromium ${browser.context.browser()?.version() ?? ''} with the extension (${browser.extensionId})`,
    );

    demo = { proxy, browser, zendesk, page, sidebar: new SidebarView(page) };
    for (const step of steps(demo)) {
      current = step.name;
      const line = await step.run();
      console.log(`${green('✔')} ${line}`);
    }
    current = '';

    console.log(`\nEvery step worked. Screenshots: ${outDir}`);
    if (headless) return process.exitCode === 1 ? 1 : 0;

    console.log(`
The browser and the proxy stay up for you to try (Ctrl-C to stop):
  Proxy URL  ${proxy.url}
  API key    ${DEMO_API_KEY}
  HubSpot    ${proxy.url}/sandbox/hubspot/app/contacts/${hubspotOf(proxy).portalId}
  Tickets    ${[1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008].map((id) => zendesk.ticketUrl(id)).join('\n             ')}`);
    await untilStopped(browser);
    return 0;
  } catch (error) {
    const reason = error instanceof StepFailed ? error.message : ((error as Error).stack ?? String(error));
    console.log(`${red('✘')} ${current}: ${reason}`);
    if (demo) await screenshot(demo.page, 'failed').catch(() => undefined);
    console.log(`\nThe demo stopped at "${current}". Screenshots so far: ${outDir}`);
    if (demo && !headless) {
      console.log('The browser stays open so you can look (Ctrl-C to stop).');
      await untilStopped(demo.browser);
    }
    return 1;
  } finally {
    await shutdown();
  }
}

process.exitCode = await main();
