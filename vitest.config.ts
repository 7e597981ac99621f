import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Test projects (all run by `npm run test:unit`, and by `npm test` before the browser tests):
 * - unit: pure code (planner, normalisers, contracts, background logic with WXT's fake browser)
 * - components: Preact components and the store, in jsdom, with @testing-library/preact
 * - helpdesks: helpdesk adapters against saved fixture pages and JSON, in jsdom
 * - proxy: the sync proxy in-process against PGlite (cloned from one migrated template) and the CRM sandbox
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'components',
          include: ['tests/components/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      {
        plugins: [WxtVitest()],
        test: { name: 'helpdesks', include: ['tests/helpdesks/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
      {
        test: {
          name: 'proxy',
          include: ['tests/proxy/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/proxy/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
