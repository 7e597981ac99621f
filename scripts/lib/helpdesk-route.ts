/**
 * Serves a helpdesk emulator (proxy/sandbox/<helpdesk>) into a browser at the helpdesk's real URLs
 * (e.g. `https://<account>.zendesk.com/...`) through Playwright request routing
 * (https://playwright.dev/docs/api/class-browsercontext#browser-context-route), so the extension's
 * content script runs exactly as on the real helpdesk, and its same-origin API calls reach the
 * emulator. Shared by the browser tests and the demo.
 */
import type { BrowserContext, Route } from 'playwright-core';
import type { FetchLike } from '../../proxy/crm/types.ts';

/** Anything that answers requests in-process: a helpdesk emulator's `fetch`. */
export interface HelpdeskEmulator {
  fetch: FetchLike;
}

/** Every Zendesk URL a test or the demo may open. */
export const ZENDESK_URL_PATTERN = 'https://*.zendesk.com/**';

/** Answers one intercepted request from the emulator (in-process, no network). */
async function fulfillFrom(sandbox: HelpdeskEmulator, route: Route): Promise<void> {
  const request = route.request();
  const method = request.method();
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers())) {
    if (!name.startsWith(':')) headers.set(name, value);
  }
  const posted = method === 'GET' || method === 'HEAD' ? null : request.postDataBuffer();
  const body = posted ? new Uint8Array(posted) : undefined;
  let response: Response;
  try {
    response = await sandbox.fetch(new Request(request.url(), { method, headers, body }));
  } catch (error) {
    await route.fulfill({
      status: 500,
      contentType: 'text/plain',
      body: `Helpdesk emulator failed: ${(error as Error).message}`,
    });
    return;
  }
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    responseHeaders[name] = value;
  });
  await route.fulfill({
    status: response.status,
    headers: responseHeaders,
    body: Buffer.from(await response.arrayBuffer()),
  });
}

/**
 * Routes every request of `context` matching one of `patterns` (Playwright URL globs such as
 * `https://*.zendesk.com/**`) to `sandbox`. Returns a function that removes the routes.
 */
export async function serveHelpdesk(
  context: BrowserContext,
  sandbox: HelpdeskEmulator,
  patterns: readonly string[],
): Promise<() => Promise<void>> {
  const handler = (route: Route) => fulfillFrom(sandbox, route);
  for (const pattern of patterns) await context.route(pattern, handler);
  return async () => {
    for (const pattern of patterns) await context.unroute(pattern, handler);
  };
}

/**
 * Routes every `https://*.zendesk.com/**` request of `context` to the Zendesk emulator (it answers a
 * subdomain other than its account with Zendesk's "no such account" page).
 */
export function serveZendesk(context: BrowserContext, sandbox: HelpdeskEmulator): Promise<() => Promise<void>> {
  return serveHelpdesk(context, sandbox, [ZENDESK_URL_PATTERN]);
}
