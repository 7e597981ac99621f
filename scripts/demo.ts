/**
 * `npm run demo`: the whole product, end to end, on this machine — on any CRM and any helpdesk.
 *
 * 1. Starts the sync proxy with a CRM sandbox (HubSpot's, or the one `--crm <id>` or CRM_PROVIDER
 *    names: hubspot, salesforce, dynamics, zoho, pipedrive) and embedded PGlite in a fresh
 *    temporary folder;
 * 2. builds the extension (`wxt build`, into WXT_OUT_DIR when set);
 * 3. opens Chromium with it on a helpdesk emulator (Zendesk's, or the one `--helpdesk <id>` names
 *    from proxy/sandbox/helpdesks.ts `HELPDESK_SANDBOXES`), served at the helpdesk's real URLs
 *    through request routing, configures it through its options page, and walks the demo tickets:
 *    1001 created (a Contact; a Lead where the CRM creates leads) → 1002 updated in one write →
 *    1003 Conflicts queued → a stale conflict (a colleague changed the CRM meanwhile) → Use chat
 *    value / Keep CRM value → sync again: No changes → 1006 conflicts shown as text → Discard all →
 *    1004 found by phone → 1009 Lead already exists (only on a CRM that reports existing leads, e.g.
 *    Dynamics 365, and a helpdesk emulator that has ticket 1009) → 1007 No lookup key → back to 1001.
 *
 * Each step prints its outcome as it happens and saves a screenshot of the sidebar to the output
 * folder (default ./demo-output). Without a display (or with --headless, or CI set) it runs headless
 * and exits 0 when every step worked, 1 naming the step that did not. With a display it runs headed
 * and then leaves the browser and the proxy running for you to try, until Ctrl-C.
 *
 * Options: --crm <id>, --helpdesk <id>, --headless | --headed, --out <dir>, --port <n> (proxy port,
 * default 8787 or any free one), --slow-mo <ms> (headed default 250), --skip-build (use the
 * extension already built in .output, or WXT_OUT_DIR).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { CRM_LABELS, type CrmProviderId, outcomeLabel } from '../lib/contracts/index.ts';
import { SUPPORTED_CRM_PROVIDERS, unsetCrmEnv } from '../proxy/crm/index.ts';
import {
  findHelpdeskSandbox,
  HELPDESK_SANDBOXES,
  type HelpdeskSandbox,
  type HelpdeskSandboxModule,
} from '../proxy/sandbox/helpdesks.ts';
import { ACME_HELP_CONFIG } from '../proxy/sandbox/customdesk/index.ts';
import { type RunningProxy, StartupError, startProxy } from '../proxy/server.ts';
import { type ExtensionBrowser, launchWithExtension } from './lib/browser.ts';
import { crmFieldsOf, crmValue, editCrmValue, findByEmail, isVendorWrite, vendorRequests } from './lib/crm.ts';
import { serveHelpdesk } from './lib/helpdesk-route.ts';
import { BUILD_DIR, ROOT } from './lib/paths.ts';
import { buildExtension } from './lib/run.ts';
import { type OutcomeText, SidebarView, staleSentence } from './lib/sidebar.ts';

const DEMO_API_KEY = 'demo-api-key';
const WAIT_MS = 15_000;

/**
 * A copy of the built extension whose manifest grants `origins` at install. The custom helpdesk's
 * Save asks for its origin with `permissions.request`, whose prompt a script cannot click; the
 * granted origin stands in for the team lead clicking Allow (as tests/e2e/helpdesk-custom.spec.ts
 * does). Returns the copy's folder.
 */
function copyWithGrantedOrigins(source: string, origins: readonly string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'crm-sidebar-demo-ext-'));
  cpSync(source, dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...origins];
  writeFileSync(file, JSON.stringify(manifest));
  return dir;
}

/** The requester of each demo ticket, as every helpdesk emulator seeds it (proxy/sandbox/zendesk/data.ts). */
const REQUESTERS: Record<number, string> = {
  1001: 'Mary Jane Watson',
  1002: 'Priya Patel',
  1003: 'Jonas Berg',
  1004: 'Sam Lee',
  1005: 'Dana Cruz',
  1006: '<img src=x onerror=alert(1)>',
  1007: 'Anonymous visitor',
  1008: 'Olivia Stone',
  1009: 'Noah Kim',
};

const { values: args } = parseArgs({
  options: {
    crm: { type: 'string' },
    helpdesk: { type: 'string', default: 'zendesk' },
    headless: { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'demo-output') },
    port: { type: 'string' },
    'slow-mo': { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
  },
});

const crmId = (args.crm ?? process.env.CRM_PROVIDER ?? 'hubspot').trim().toLowerCase() as CrmProviderId;
if (!SUPPORTED_CRM_PROVIDERS.includes(crmId)) {
  console.error(`--crm must be one of ${SUPPORTED_CRM_PROVIDERS.join(', ')} (got ${JSON.stringify(crmId)}).`);
  process.exit(2);
}
const crmLabel = CRM_LABELS[crmId];
const deskModule = findHelpdeskSandbox(args.helpdesk.trim().toLowerCase());
if (!deskModule) {
  console.error(
    `--helpdesk must be one of ${HELPDESK_SANDBOXES.map((m) => m.id).join(', ')} (got ${JSON.stringify(args.helpdesk)}).`,
  );
  process.exit(2);
}

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

async function outcome(sidebar: SidebarView, text: OutcomeText | string): Promise<void> {
  await see(sidebar, sidebar.root.getByRole('status').filter({ hasText: new RegExp(`^${text}$`) }), `"${text}"`);
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new StepFailed(message);
}

/**
 * Whether the helpdesk emulator has demo ticket `id` (its page, fetched in-process, names the
 * requester). Ticket 1009 (Noah Kim) came after 1001–1008, so an emulator may lack it.
 */
async function hasDemoTicket(desk: HelpdeskSandbox, id: number): Promise<boolean> {
  try {
    const response = await desk.fetch(new Request(desk.ticketUrl(id)));
    return response.ok && (await response.text()).includes(REQUESTERS[id]!);
  } catch {
    return false;
  }
}

interface Demo {
  /** Whether the helpdesk emulator has ticket 1009. */
  hasTicket1009: boolean;
  proxy: RunningProxy;
  browser: ExtensionBrowser;
  desk: HelpdeskSandbox;
  deskModule: HelpdeskSandboxModule;
  page: Page;
  sidebar: SidebarView;
}

/** Opens demo ticket `id` in the helpdesk and waits until the sidebar shows its requester. */
async function openTicket(demo: Demo, id: number): Promise<SidebarView> {
  await demo.page.bringToFront();
  await demo.page.goto(demo.desk.ticketUrl(id));
  const name = REQUESTERS[id]!;
  await see(demo.sidebar, demo.sidebar.root.getByText(name, { exact: true }), `ticket ${id}'s requester "${name}"`);
  return demo.sidebar;
}

/** The one CRM record with `email` (searched through the proxy's provider); fails the step otherwise. */
async function recordByEmail(demo: Demo, email: string): Promise<{ id: string; objectType: string }> {
  const found = await findByEmail(demo.proxy, email);
  check(found.length === 1, `${crmLabel} has ${found.length} records with ${email}, expected 1`);
  return found[0]!;
}

/** Runs `action` and returns the vendor writes the proxy made meanwhile. */
async function writesDuring(demo: Demo, action: () => Promise<void>): Promise<string[]> {
  const before = vendorRequests(demo.proxy).length;
  await action();
  return vendorRequests(demo.proxy)
    .slice(before)
    .filter(isVendorWrite)
    .map((r) => `${r.method} ${r.path}`);
}

/** The demo's steps: a label, whether it applies here, and what to do; each returns the line printed after ✔. */
function steps(demo: Demo): { name: string; skip?: string; run: () => Promise<string> }[] {
  const { page, sidebar, proxy } = demo;
  const shot = (name: string) => screenshot(sidebar.root, name);
  const createdWords = outcomeLabel('created', proxy.provider.createsObjectType);
  // A custom helpdesk is read by the selectors a team lead configures: name, email, phone and company
  // only (lib/helpdesks/custom/config.ts), so the job-title steps have nothing to compare there.
  const noJobTitle = demo.deskModule.id === 'custom' ? `${demo.deskModule.label} shows no job titles` : undefined;

  const customSetup = {
    name: 'options page: set up the custom helpdesk',
    run: async () => {
      const options = await demo.browser.context.newPage();
      await options.goto(demo.browser.optionsUrl);
      const region = options.getByRole('region', { name: 'Custom helpdesk' });
      await region.getByRole('button', { name: 'Set up a custom helpdesk' }).click();
      const form = options.getByRole('form', { name: 'Custom helpdesk' });
      const config = ACME_HELP_CONFIG;
      await form.getByLabel('Helpdesk name', { exact: true }).fill(config.name);
      await form.getByLabel('URL pattern', { exact: true }).fill(config.urlPattern);
      await form.getByLabel('Customer area', { exact: true }).fill(config.customerArea);
      for (const [field, label] of [
        ['name', 'Name'],
        ['email', 'Email'],
        ['phone', 'Phone'],
        ['company', 'Company'],
      ] as const) {
        await form.getByLabel(label, { exact: true }).fill(config.selectors[field].join('\n'));
      }
      const links = form.getByLabel('Use mailto: and tel: links on the page');
      if ((await links.isChecked()) !== config.useLinks) await links.click();
      await form.getByRole('button', { name: 'Save' }).click();
      try {
        await region
          .getByRole('status')
          .filter({ hasText: /^Saved\./ })
          .waitFor({ timeout: WAIT_MS });
      } catch {
        const alert = await region.getByRole('alert').allInnerTexts();
        throw new StepFailed(`the custom helpdesk was not saved${alert.length ? `: "${alert.join(' ')}"` : ''}`);
      }
      await screenshot(options, 'options-custom-helpdesk');
      await options.close();
      return `Options page → custom helpdesk "${config.name}" saved for ${config.urlPattern}`;
    },
  };

  return [
    // Only a custom helpdesk needs a team lead to describe it first.
    ...(demo.deskModule.id === 'custom' ? [customSetup] : []),
    {
      name: 'options page: connect to the proxy',
      run: async () => {
        const options = await demo.browser.context.newPage();
        await options.goto(demo.browser.optionsUrl);
        await options.getByLabel('Proxy URL').fill(proxy.url);
        await options.getByLabel('API key', { exact: true }).fill(DEMO_API_KEY);
        await options.getByRole('button', { name: 'Save' }).click();
        await options.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: WAIT_MS });
        await options.getByRole('button', { name: 'Test connection' }).click();
        const expected = `Connected to ${crmLabel} (sandbox).`;
        try {
          await options.getByRole('status').filter({ hasText: expected }).waitFor({ timeout: WAIT_MS });
        } catch {
          const alert = await options.getByRole('alert').allInnerTexts();
          throw new StepFailed(`Test connection did not connect${alert.length ? `: "${alert.join(' ')}"` : ''}`);
        }
        await screenshot(options, 'options-connected');
        await options.close();
        return `Options page → Saved, "${expected}" (${proxy.url})`;
      },
    },
    {
      name: `1001 ${createdWords}`,
      run: async () => {
        await openTicket(demo, 1001);
        await see(sidebar, sidebar.notInCrm, `"Not in ${crmLabel} yet"`);
        await shot('1001-before-sync');
        await sidebar.syncNow.click();
        await outcome(sidebar, createdWords);
        const record = await recordByEmail(demo, 'mj.watson@example.com');
        const name = crmValue(proxy, record.id, 'name');
        check(name === 'Mary Jane Watson', `${crmLabel} has the name "${name}"`);
        await see(sidebar, sidebar.openInCrm, `the "Open in ${crmLabel}" link`);
        await shot('1001-created');
        await screenshot(page, 'workspace-1001');
        const split =
          crmFieldsOf(proxy, 'name').length === 2 ? 'name split "Mary Jane" + "Watson"' : 'name "Mary Jane Watson"';
        return `1001 Mary Jane Watson → ${createdWords} (${crmLabel} ${record.objectType} ${record.id}, ${split})`;
      },
    },
    {
      name: '1002 Contact updated',
      run: async () => {
        await openTicket(demo, 1002);
        await see(sidebar, sidebar.crmHeading, `the ${crmLabel} record (Priya Patel)`);
        const writes = await writesDuring(demo, async () => {
          await sidebar.syncNow.click();
          await outcome(sidebar, 'Contact updated');
        });
        check(writes.length === 1, `expected one write to ${crmLabel}, saw ${writes.length}: ${writes.join(', ')}`);
        const warnings = (await sidebar.warnings.allInnerTexts().catch(() => [])).join(' ').trim();
        await shot('1002-contact-updated');
        const { id } = await recordByEmail(demo, 'priya.patel@example.com');
        const filled = (['phone', 'company', 'jobTitle'] as const)
          .map((field) => [field, crmValue(proxy, id, field)] as const)
          .filter(([, value]) => value !== null)
          .map(([field, value]) => `${field} ${value}`)
          .join(', ');
        return `1002 Priya Patel → Contact updated in one write (${writes[0]}: ${filled})${warnings ? `; warning: ${warnings}` : ''}`;
      },
    },
    {
      name: '1003 Conflicts queued',
      skip: noJobTitle,
      run: async () => {
        await openTicket(demo, 1003);
        await see(sidebar, sidebar.crmHeading, `the ${crmLabel} record (Jonas Berg)`);
        await sidebar.syncNow.click();
        await outcome(sidebar, 'Conflicts queued');
        await see(sidebar, sidebar.conflict('Job title'), 'a Job title conflict');
        const rows = await sidebar.conflicts.count();
        await shot('1003-conflicts-queued');
        return `1003 Jonas Berg → Conflicts queued (${rows}): Job title ("CTO" vs "Chief Technology Officer")${rows > 1 ? ', Company ("Globex Corporation" vs "Globex")' : ''}; phones equal after normalisation`;
      },
    },
    {
      name: '1003 Keep CRM value (Job title), then sync again: No changes',
      skip: noJobTitle,
      run: async () => {
        const { id } = await recordByEmail(demo, 'jonas.berg@example.com');
        await sidebar.keepCrmValue('Job title').click();
        await gone(sidebar, sidebar.conflict('Job title'), 'the Job title row');
        check(
          crmValue(proxy, id, 'jobTitle') === 'CTO',
          `${crmLabel} job title is "${crmValue(proxy, id, 'jobTitle')}"`,
        );
        await shot('1003-kept-crm-value');
        // Where the company is mapped both ways (HubSpot), its conflict is settled with the chat's value.
        const used: string[] = [];
        const labels = await sidebar.conflicts.evaluateAll((groups) =>
          groups.map((g) => g.getAttribute('aria-label') ?? ''),
        );
        for (const label of labels) {
          await sidebar.useChatValue(label).click();
          await gone(sidebar, sidebar.conflict(label), `the ${label} row`);
          used.push(label);
        }
        await sidebar.syncNow.click();
        await outcome(sidebar, 'No changes');
        const rows = await sidebar.conflicts.count();
        check(rows === 0, `expected no conflict queued again, saw ${rows}`);
        await shot('1003-no-changes');
        const also =
          used.length > 0
            ? `; ${used.join(', ')} → Use chat value (${crmLabel} company now "${crmValue(proxy, id, 'company')}")`
            : '';
        return `1003 Job title → Keep CRM value: ${crmLabel} keeps "CTO"${also}; Sync now again → No changes (the decision is remembered)`;
      },
    },
    {
      name: '1003 stale conflict',
      skip: noJobTitle,
      run: async () => {
        const { id } = await recordByEmail(demo, 'jonas.berg@example.com');
        // A colleague changes the job title in the CRM: a new difference, queued again...
        editCrmValue(proxy, id, 'jobTitle', 'VP Engineering');
        await sidebar.syncNow.click();
        await outcome(sidebar, 'Conflicts queued');
        const row = sidebar.conflict('Job title');
        await see(sidebar, row.getByText('VP Engineering'), `the new ${crmLabel} value "VP Engineering"`);
        // ...and changes it again while the agent looks at the conflict.
        editCrmValue(proxy, id, 'jobTitle', 'Head of Engineering');
        const stale = await writesDuring(demo, async () => {
          await sidebar.useChatValue('Job title').click();
          await see(sidebar, row.getByText(staleSentence(crmLabel)), `"${staleSentence(crmLabel)}"`);
          await see(sidebar, row.getByText('Head of Engineering'), `the newest ${crmLabel} value`);
        });
        check(stale.length === 0, `the stale resolution wrote to ${crmLabel}: ${stale.join(', ')}`);
        check(crmValue(proxy, id, 'jobTitle') === 'Head of Engineering', `${crmLabel}'s job title was overwritten`);
        await shot('1003-stale-conflict');
        // Nothing was written; asked again with the value the CRM holds now, the agent's choice goes through.
        await sidebar.useChatValue('Job title').click();
        await gone(sidebar, row, 'the Job title row');
        const after = crmValue(proxy, id, 'jobTitle');
        check(after === 'Chief Technology Officer', `${crmLabel} job title is "${after}"`);
        await shot('1003-resolved');
        return `1003 stale conflict → ${crmLabel} changed to "Head of Engineering" while the agent looked, so Use chat value wrote nothing and asked again; the second Use chat value wrote "Chief Technology Officer"`;
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
        const writes = await writesDuring(demo, async () => {
          await sidebar.discardAll.click();
          await gone(sidebar, sidebar.pendingHeading, 'the Pending conflicts list');
        });
        check(writes.length === 0, `Discard all wrote to ${crmLabel}: ${writes.join(', ')}`);
        const { id } = await recordByEmail(demo, 'lin.chen@example.com');
        check(
          crmValue(proxy, id, 'name') === 'Lin Chen',
          `${crmLabel} name changed to "${crmValue(proxy, id, 'name')}"`,
        );
        await shot('1006-discarded');
        return `1006 <img src=x onerror=alert(1)> → Conflicts queued (shown as literal text, nothing ran) → Discard all: ${crmLabel} keeps its values`;
      },
    },
    {
      name: '1004 found by phone',
      run: async () => {
        await openTicket(demo, 1004);
        await see(sidebar, sidebar.root.getByText('Matched by phone'), '"Matched by phone"');
        await sidebar.syncNow.click();
        // Sam's job title (Support Lead) is written where the helpdesk shows it.
        const words = noJobTitle ? 'No changes' : 'Contact updated';
        await outcome(sidebar, words);
        await shot('1004-found-by-phone');
        return `1004 Sam Lee (no email) → found by phone "+1 646-555-0142" (typed differently in ${crmLabel}), ${words}`;
      },
    },
    {
      name: '1009 Lead already exists',
      skip: !proxy.provider.reportsExistingLeads
        ? `${crmLabel} has no leads to report; 1009 is simply a new record there`
        : !demo.hasTicket1009
          ? `${demo.deskModule.label}'s emulator has no ticket 1009`
          : undefined,
      run: async () => {
        await openTicket(demo, 1009);
        await see(sidebar, sidebar.openInCrm, `the ${crmLabel} lead`);
        const writes = await writesDuring(demo, async () => {
          await sidebar.syncNow.click();
          await outcome(sidebar, 'Lead already exists');
        });
        check(writes.length === 0, `expected no write to ${crmLabel}, saw ${writes.join(', ')}`);
        const found = await recordByEmail(demo, 'noah.kim@example.com');
        check(found.objectType === 'lead', `Noah Kim is a ${found.objectType} in ${crmLabel}`);
        await shot('1009-lead-already-exists');
        return `1009 Noah Kim → Lead already exists (${crmLabel} lead ${found.id}; no second lead, nothing written)`;
      },
    },
    {
      name: '1007 No lookup key',
      run: async () => {
        await openTicket(demo, 1007);
        const before = vendorRequests(proxy).length;
        await sidebar.syncNow.click();
        await outcome(sidebar, 'No lookup key');
        const calls = vendorRequests(proxy).length - before;
        check(calls === 0, `expected no ${crmLabel} call, saw ${calls}`);
        await shot('1007-no-lookup-key');
        return `1007 Anonymous visitor → No lookup key (no ${crmLabel} call)`;
      },
    },
    {
      name: 'back to 1001',
      run: async () => {
        await openTicket(demo, 1001);
        await see(sidebar, sidebar.root.getByText('Linked to this customer'), '"Linked to this customer"');
        await see(sidebar, sidebar.openInCrm, `the "Open in ${crmLabel}" link`);
        await shot('1001-linked');
        return `Back to 1001 → the ${crmLabel} record at once, through the stored link`;
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
    ...unsetCrmEnv(),
    CRM_PROVIDER: crmId,
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
  console.log(
    `CRM sidebar demo on ${crmLabel} (sandbox) and ${deskModule!.label} (emulator) — ` +
      `${headless ? 'headless' : 'headed'} Chromium, screenshots in ${outDir}\n`,
  );
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
    check(proxy.sandbox?.provider === crmId, `the proxy did not start the ${crmLabel} sandbox`);
    console.log(`${green('✔')} Sync proxy on ${proxy.url} (${crmLabel} sandbox, embedded PGlite in ${dataDir})`);

    current = 'build the extension';
    if (!args['skip-build']) {
      const build = await buildExtension({ capture: true });
      if (build.code !== 0) throw new StepFailed(`wxt build failed:\n${build.output}`);
    }
    const script = await readFile(path.join(BUILD_DIR, 'content-scripts', 'sidebar.js')).catch(() => null);
    const size = script ? `, content script ${(gzipSync(script).length / 1024).toFixed(1)} kB gzipped` : '';
    const where = path.relative(ROOT, BUILD_DIR).startsWith('..') ? BUILD_DIR : path.relative(ROOT, BUILD_DIR);
    console.log(
      `${green('✔')} ${args['skip-build'] ? 'Using the extension built in' : 'Built the extension into'} ${where}${size}`,
    );

    current = 'open Chromium with the extension';
    let extensionDir = BUILD_DIR;
    if (deskModule!.id === 'custom') {
      // e.g. `https://support.acme-help.test/**` → `https://support.acme-help.test/*`
      const origins = deskModule!.urlPatterns.map((pattern) => `${new URL(pattern.replace(/\*+/g, 'x')).origin}/*`);
      extensionDir = copyWithGrantedOrigins(BUILD_DIR, origins);
      const copy = extensionDir;
      cleanup.push(async () => rmSync(copy, { recursive: true, force: true }));
    }
    const browser = await launchWithExtension({ headless, slowMo, extensionDir });
    cleanup.push(() => browser.close());
    const desk = deskModule!.create();
    await serveHelpdesk(browser.context, desk, deskModule!.urlPatterns);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('dialog', (dialog) => {
      console.log(red(`✘ A dialog opened ("${dialog.message()}"): a value ran as code`));
      process.exitCode = 1;
      void dialog.dismiss();
    });
    console.log(
      `${green('✔')} Chromium ${browser.context.browser()?.version() ?? ''} with the extension (${browser.extensionId})`,
    );

    console.log(`${green('✔')} ${deskModule!.label} emulator at ${desk.ticketUrl(1001).replace(/\/[^/]*$/, '/…')}`);

    const sidebar = new SidebarView(page, { crm: crmLabel, helpdesk: deskModule!.label });
    const hasTicket1009 = await hasDemoTicket(desk, 1009);
    demo = { proxy, browser, desk, deskModule: deskModule!, page, sidebar, hasTicket1009 };
    for (const step of steps(demo)) {
      current = step.name;
      if (step.skip) {
        console.log(dim(`– ${step.name}: skipped (${step.skip})`));
        continue;
      }
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
  ${crmLabel.padEnd(10)} sandbox at ${proxy.url}/sandbox/${crmId} (record pages: "Open in ${crmLabel}")
  Tickets    ${[1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008].map((id) => desk.ticketUrl(id)).join('\n             ')}`);
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
