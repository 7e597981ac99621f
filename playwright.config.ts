/**
 * Browser tests: Chromium with the built extension (.output/chrome-mv3, `npx wxt build`) on Zendesk
 * ticket pages served by the Zendesk emulator, against a real sync proxy with the HubSpot sandbox.
 * Each test gets its own browser profile, proxy and database (see tests/e2e/support/fixtures.ts).
 *
 * `npm run test:e2e` builds and runs them; `npm test` runs them after the unit tests.
 */
import { defineConfig } from '@playwright/test';
import { E2E_REPORT } from './scripts/lib/paths.ts';

const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Playwright empties this folder at start: keep it apart from the other reports in test-results/.
  outputDir: 'test-results/e2e-artifacts',
  globalSetup: './tests/e2e/support/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // Each worker runs a Chromium and a proxy with an in-memory PGlite (~0.5 GB together).
  workers: Number(process.env.E2E_WORKERS) || 2,
  // One retry in CI only; `npm test` reports any test that passed on retry as flaky.
  retries: CI ? 1 : 0,
  forbidOnly: CI,
  reporter: [['list'], ['json', { outputFile: E2E_REPORT }]],
});
