/**
 * Serves the Zendesk emulator (proxy/sandbox/zendesk) into a browser at real
 * `https://<account>.zendesk.com/...` URLs through Playwright request routing
 * (https://playwright.dev/docs/api/class-browsercontext#browser-context-route), so the extension's
 * content script (matching `https://*.zendesk.com/agent/*`) runs exactly as on Zendesk, and its
 * same-origin API calls reach the emulator. Shared by the browser tests and the demo.
 */
import type { BrowserContext, Route } from 'playwright-core';
import type { ZendeskSandbox } from '../../proxy/sandbox/zendesk/index.ts';

/** Every Zendesk URL a test or the demo may open. */
export const ZENDESK_URL_PATTERN = 'https://*.zendesk.com/**';

/** Answers one intercepted request from the emulator (in-process, no network). */
async function fulfillFrom(sandbox: Pick<ZendeskSandbox, 'fetch'>, route: Route): Promise<void> {
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
      body: `Zendesk emulator failed: ${(error as Error).message}`,
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
 * Routes every `https://*.zendesk.com/**` request of `context` to `sandbox` (the emulator answers a
 * subdomain other than its account with Zendesk's "no such account" page). Returns a function that
 * removes the route.
 */
export async function serveZendesk(
  context: BrowserContext,
  sandbox: Pick<ZendeskSandbox, 'fetch'>,
): Promise<() => Promise<void>> {
  const handler = (route: Route) => fulfillFrom(sandbox, route);
  await context.route(ZENDESK_URL_PATTERN, handler);
  return () => context.unroute(ZENDESK_URL_PATTERN, handler);
}
