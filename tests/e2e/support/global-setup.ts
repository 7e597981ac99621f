/**
 * Fails the browser-test run at once, with the fix in the message, when Chromium or the built
 * extension is missing (instead of every test failing the same way).
 */
import { assertExtensionBuilt, resolveChromium } from '../../../scripts/lib/browser.ts';

export default function globalSetup(): void {
  resolveChromium();
  assertExtensionBuilt();
}
