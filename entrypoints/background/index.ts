/**
 * The background service worker: the only context that calls the sync proxy and opens IndexedDB.
 * Everything is wired in `startBackground` (start.ts); no runtime code lives outside `main`.
 * WXT background entrypoint: https://wxt.dev/guide/essentials/entrypoints.html#background
 */
import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from './start.ts';

export default defineBackground(() => {
  startBackground();
});
