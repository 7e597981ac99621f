/**
 * The options page, as a team lead uses it: type the proxy URL and API key, Save, Test connection.
 */
import { E2E_API_KEY, expect, test } from './support/fixtures.ts';

test('Save and Test connection against the sandbox proxy; a wrong key is reported exactly', async ({
  extension,
  syncProxy: proxy,
}) => {
  const page = await extension.context.newPage();
  await page.goto(extension.optionsUrl);

  await page.getByLabel('Proxy URL').fill(proxy.url);
  await page.getByLabel('API key', { exact: true }).fill(E2E_API_KEY);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');

  // Saved where the sidebar reads it.
  const saved = await extension.serviceWorker.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
    };
    return (await chrome.storage.local.get('settings')).settings;
  });
  expect(saved).toMatchObject({ proxyUrl: proxy.url, apiKey: E2E_API_KEY });

  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status')).toHaveText('Connected to HubSpot (sandbox).');

  await page.getByLabel('API key', { exact: true }).fill('not-the-right-key');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('alert')).toHaveText('The sync proxy rejected the API key.');

  // Settings survive a reload of the page.
  await page.reload();
  await expect(page.getByLabel('Proxy URL')).toHaveValue(proxy.url);
});

test('Test connection names the proxy it cannot reach', async ({ extension }) => {
  const page = await extension.context.newPage();
  await page.goto(extension.optionsUrl);
  await page.getByLabel('Proxy URL').fill('http://127.0.0.1:9');
  await page.getByLabel('API key', { exact: true }).fill('whatever');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('alert')).toContainText("Can't reach the sync proxy at http://127.0.0.1:9");
});

test('the settings text is readable: the page’s own type, not Chrome’s 12px extension-page default', async ({
  extension,
}) => {
  // Chrome gives an extension page's body font-size 75%; the page's stylesheet must win, so the
  // labels read at the same size as the page's base text and never smaller than the hints.
  const page = await extension.context.newPage();
  await page.goto(extension.optionsUrl);
  const label = page.getByText('Proxy URL', { exact: true });
  await expect(label).toBeVisible();
  const sizes = await page.evaluate(() => ({
    root: getComputedStyle(document.documentElement).fontSize,
    body: getComputedStyle(document.body).fontSize,
  }));
  expect(sizes.body).toBe(sizes.root);
  await expect(label).toHaveCSS('font-size', sizes.root);
});
