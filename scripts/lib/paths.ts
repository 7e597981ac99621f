/** Paths shared by the scripts and the browser tests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in scripts/lib). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Where `wxt build` writes the Chrome MV3 extension: `<WXT_OUT_DIR>/chrome-mv3` when the
 * WXT_OUT_DIR environment variable names another output folder (as wxt.config.ts honours it), else
 * .output/chrome-mv3.
 */
export const BUILD_DIR = path.join(path.resolve(ROOT, process.env.WXT_OUT_DIR ?? '.output'), 'chrome-mv3');

/**
 * The built extension the browser tests load: BUILD_DIR, unless the EXTENSION_DIR environment
 * variable names another copy of a build.
 */
export const EXTENSION_DIR = process.env.EXTENSION_DIR ? path.resolve(process.env.EXTENSION_DIR) : BUILD_DIR;

/** Where `npm test` writes its machine-readable reports (gitignored). */
export const RESULTS_DIR = path.join(ROOT, 'test-results');

/** vitest's JSON report, written by `npm test`. */
export const VITEST_REPORT = path.join(RESULTS_DIR, 'vitest.json');

/** Playwright's JSON report (playwright.config.ts writes it; `npm test` reads it). */
export const E2E_REPORT = path.join(RESULTS_DIR, 'e2e.json');

/** `npm test`'s totals `{passed, failed, suites}`, read by .ci/run to add its own checks. */
export const SUMMARY_FILE = path.join(RESULTS_DIR, 'summary.json');
