/**
 * Playwright fixtures of the browser tests.
 *
 * Every test gets its own world, so tests can run in any order and in parallel:
 * - `zendesk`: a fresh Zendesk emulator (proxy/sandbox/zendesk) for https://demo.zendesk.com;
 * - `crm`: which CRM's sandbox the proxy runs — HubSpot unless a test file says
 *   `test.use({ crm: 'salesforce' })` (any id of proxy/crm/index.ts `CRM_MODULES`);
 * - `syncProxy`: a real sync proxy (`startProxy`) on a free port with that CRM's sandbox and an
 *   in-memory PGlite loaded from a migrated template (made once per worker), closed after the test;
 * - `extension`: Chromium with a fresh profile and the built extension, the emulator routed in;
 * - `agent`: what an agent does — configure the extension, open tickets, look at the sidebar.
 * On failure, a screenshot of every open page and the pages' console output are attached.
 */
import { PGlite } from '@electric-sql/pglite';
import { test as base, type Page } from '@playwright/test';
import { CRM_LABELS, type CrmProviderId } from '../../../lib/contracts/index.ts';
import type { Settings } from '../../../lib/messaging/protocol.ts';
import { unsetCrmEnv } from '../../../proxy/crm/index.ts';
import { createMigratedTemplate } from '../../../proxy/db/index.ts';
import { createZendeskSandbox, type ZendeskSandbox } from '../../../proxy/sandbox/zendesk/index.ts';
import { type RunningProxy, startProxy } from '../../../proxy/server.ts';
import { type ExtensionBrowser, launchWithExtension, writeSettings } from '../../../scripts/lib/browser.ts';
import { SidebarView } from '../../../scripts/lib/sidebar.ts';
import { serveZendesk } from '../../../scripts/lib/helpdesk-route.ts';

/** The API key every test proxy accepts. */
export const E2E_API_KEY = 'e2e-proxy-api-key';

/**
 * The environment of every test proxy: a CRM sandbox (no CRM credentials of any CRM, whatever the
 * shell has; HubSpot's unless CRM_PROVIDER is added), the e2e API key, errors only in the log.
 */
export const TEST_PROXY_ENV: Record<string, string | undefined> = {
  HOST: '127.0.0.1',
  PROXY_API_KEY: E2E_API_KEY,
  LOG_LEVEL: 'error',
  DATABASE_URL: undefined,
  ...unsetCrmEnv(),
  PUBLIC_URL: undefined,
  SANDBOX_RATE_LIMIT: undefined,
};

/**
 * Starts a proxy like the `syncProxy` fixture does, on `port` (0: any free one), with `crm`'s
 * sandbox (default HubSpot) and a fresh in-memory database loaded from `template`. `close()` stops
 * it and drops the database.
 */
export async function startTestProxy(template: Blob, port = 0, crm: CrmProviderId = 'hubspot'): Promise<RunningProxy> {
  const pglite = await PGlite.create({ loadDataDir: template });
  try {
    const proxy = await startProxy({
      port,
      quiet: true,
      database: { pglite },
      env: { ...TEST_PROXY_ENV, CRM_PROVIDER: crm },
    });
    return {
      ...proxy,
      close: async () => {
        await proxy.close();
        await pglite.close();
      },
    };
  } catch (error) {
    await pglite.close();
    throw error;
  }
}

/** What an agent does in the browser. */
export class Agent {
  readonly extension: ExtensionBrowser;
  readonly zendesk: ZendeskSandbox;
  /** The CRM the agent's proxy talks to (its name in the sidebar: "In Salesforce"). */
  readonly crm: CrmProviderId;
  #page: Page | null = null;

  constructor(extension: ExtensionBrowser, zendesk: ZendeskSandbox, crm: CrmProviderId = 'hubspot') {
    this.extension = extension;
    this.zendesk = zendesk;
    this.crm = crm;
  }

  /** The sidebar on `page`, looked at with this agent's CRM and helpdesk names. */
  sidebarOn(page: Page): SidebarView {
    return new SidebarView(page, { crm: CRM_LABELS[this.crm], helpdesk: 'Zendesk' });
  }

  /** The agent's one browser tab (opened on first use). */
  async page(): Promise<Page> {
    if (!this.#page || this.#page.isClosed()) this.#page = await this.extension.context.newPage();
    return this.#page;
  }

  /** Saves the extension settings directly (as the options page would); `autoSync` defaults to false. */
  async configure(settings: Partial<Settings> & Pick<Settings, 'proxyUrl'>): Promise<void> {
    await writeSettings(this.extension, { apiKey: E2E_API_KEY, autoSync: false, ...settings });
  }

  /** Points the extension at `proxy` with the right API key. */
  async connectTo(proxy: Pick<RunningProxy, 'url'>): Promise<void> {
    await this.configure({ proxyUrl: proxy.url });
  }

  /** Opens a ticket by URL (a full page load) and returns its sidebar once it is on screen. */
  async openTicket(id: number | string): Promise<SidebarView> {
    const page = await this.page();
    await page.goto(this.zendesk.ticketUrl(id));
    const sidebar = this.sidebarOn(page);
    await sidebar.root.waitFor();
    return sidebar;
  }

  /** Clicks a ticket in Zendesk's ticket list (single-page navigation, no reload). */
  async clickTicket(id: number): Promise<SidebarView> {
    const page = await this.page();
    await page.getByRole('navigation', { name: 'Tickets' }).locator(`a[href="/agent/tickets/${id}"]`).click();
    await page.waitForURL(`**/agent/tickets/${id}`);
    return this.sidebarOn(page);
  }
}

interface TestOptions {
  /** The CRM whose sandbox the test proxy runs (default `hubspot`); set with `test.use({ crm })`. */
  crm: CrmProviderId;
}

interface TestFixtures {
  zendesk: ZendeskSandbox;
  /** A sync proxy for this test (named so as not to clash with Playwright's own `proxy` option). */
  syncProxy: RunningProxy;
  extension: ExtensionBrowser;
  agent: Agent;
}
interface WorkerFixtures {
  dbTemplate: Blob;
}

export const test = base.extend<TestOptions & TestFixtures, WorkerFixtures>({
  crm: ['hubspot', { option: true }],

  dbTemplate: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument
    async ({}, use) => {
      await use(await createMigratedTemplate());
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  // eslint-disable-next-line no-empty-pattern -- see above
  zendesk: async ({}, use) => {
    await use(createZendeskSandbox());
  },

  syncProxy: async ({ dbTemplate, crm }, use) => {
    const proxy = await startTestProxy(dbTemplate, 0, crm);
    try {
      await use(proxy);
    } finally {
      await proxy.close();
    }
  },

  extension: async ({ zendesk }, use, testInfo) => {
    const extension = await launchWithExtension();
    const consoleLines: string[] = [];
    extension.context.on('console', (message) => {
      consoleLines.push(`[${message.type()}] ${message.location().url}: ${message.text()}`);
    });
    extension.context.on('weberror', (error) => {
      consoleLines.push(`[pageerror] ${error.error().message}`);
    });
    await serveZendesk(extension.context, zendesk);
    try {
      await use(extension);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        for (const [i, page] of extension.context.pages().entries()) {
          if (page.isClosed() || page.url() === 'about:blank') continue;
          const shot = await page.screenshot({ fullPage: true }).catch(() => null);
          if (shot) await testInfo.attach(`page-${i}.png`, { body: shot, contentType: 'image/png' });
          const sidebarText = await page
            .evaluate(() => document.querySelector('crm-sidebar')?.shadowRoot?.textContent ?? '(no sidebar element)')
            .catch((error: unknown) => `(could not read the sidebar: ${String(error)})`);
          await testInfo.attach(`page-${i}-sidebar.txt`, {
            body: `${page.url()}\n${sidebarText}`,
            contentType: 'text/plain',
          });
        }
        await testInfo.attach('console.txt', { body: consoleLines.join('\n'), contentType: 'text/plain' });
      }
      await extension.close();
    }
  },

  agent: async ({ extension, zendesk, crm }, use) => {
    await use(new Agent(extension, zendesk, crm));
  },
});

export { expect } from '@playwright/test';
