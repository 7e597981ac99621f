/**
 * Launching Chromium with the built extension, shared by the browser tests (tests/e2e) and the demo
 * (scripts/demo.ts).
 *
 * Chromium, not Google Chrome: branded Chrome 137+ ignores `--load-extension`
 * (https://groups.google.com/a/chromium.org/g/chromium-extensions/c/1-g8EFx2BBY), so we never fall
 * back to it silently. Extensions load in Chromium's "new" headless mode, which Playwright uses for
 * `headless: true` (https://playwright.dev/docs/chrome-extensions).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import type { Settings } from '../../lib/messaging/protocol.ts';
import { EXTENSION_DIR } from './paths.ts';

const SYSTEM_CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/**
 * The Chromium binary to run: `CHROMIUM_PATH` if set (must exist), else a system Chromium
 * (Debian's /usr/bin/chromium, ...), else the Chromium Playwright downloaded
 * (`npx playwright install chromium`). Throws an Error saying how to install one when none is found.
 */
export function resolveChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH points at ${configured}, which does not exist.`);
    return configured;
  }
  for (const candidate of SYSTEM_CHROMIUM) if (existsSync(candidate)) return candidate;
  let bundled: string | null = null;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = null;
  }
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(
    'No Chromium found. Install it (Debian/Ubuntu: `apt-get install chromium`; macOS: `npx playwright install chromium`) ' +
      'or set CHROMIUM_PATH to a Chromium binary. Google Chrome cannot be used: it ignores --load-extension since version 137.',
  );
}

/** Throws unless the extension has been built (`npx wxt build`). */
export function assertExtensionBuilt(dir: string = EXTENSION_DIR): void {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`The extension is not built: ${dir}/manifest.json is missing. Run \`npx wxt build\` first.`);
  }
}

export interface LaunchOptions {
  /** Default true. */
  headless?: boolean;
  /** Built extension directory (default .output/chrome-mv3). */
  extensionDir?: string;
  /** Chromium binary (default `resolveChromium()`). */
  executablePath?: string;
  /** Window / viewport size (default 1440×900). */
  viewport?: { width: number; height: number };
  /** Slows every Playwright action by this many ms (for watching a headed run). */
  slowMo?: number;
}

/** A Chromium profile with the extension loaded. */
export interface ExtensionBrowser {
  context: BrowserContext;
  /** The extension's background service worker. */
  serviceWorker: Worker;
  /** The extension id (the host of its chrome-extension:// URLs). */
  extensionId: string;
  /** `chrome-extension://<id>/options.html`. */
  optionsUrl: string;
  close(): Promise<void>;
}

/**
 * Starts Chromium with a fresh temporary profile and the built extension, and waits for the
 * extension's service worker. Throws when Chromium or the built extension is missing, or when the
 * service worker does not start within 15 s.
 */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  assertExtensionBuilt(extensionDir);
  const viewport = options.viewport ?? { width: 1440, height: 900 };
  const context = await chromium.launchPersistentContext('', {
    executablePath: options.executablePath ?? resolveChromium(),
    headless: options.headless ?? true,
    viewport,
    slowMo: options.slowMo,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--window-size=${viewport.width},${viewport.height + 120}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const serviceWorker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(serviceWorker.url()).host;
    return {
      context,
      serviceWorker,
      extensionId,
      optionsUrl: `chrome-extension://${extensionId}/options.html`,
      close: () => context.close(),
    };
  } catch (error) {
    await context.close();
    throw new Error(`The extension's service worker did not start: ${(error as Error).message}`);
  }
}

/** The slice of the `chrome` global used from inside the service worker. */
interface ChromeStorageGlobal {
  chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };
}

/**
 * Writes the extension's settings straight into `chrome.storage.local` (key `settings`, the shape of
 * lib/messaging/protocol.ts), as the options page's Save does.
 */
export async function writeSettings(browser: Pick<ExtensionBrowser, 'serviceWorker'>, settings: Settings) {
  await browser.serviceWorker.evaluate(async (value) => {
    const { chrome } = globalThis as unknown as ChromeStorageGlobal;
    await chrome.storage.local.set({ settings: value });
  }, settings);
}
