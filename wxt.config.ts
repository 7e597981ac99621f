import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: '.',
  // WXT_OUT_DIR lets parallel builds (e.g. several engineers' browser tests) use separate folders.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  imports: false,
  manifest: {
    name: 'CRM Sidebar',
    permissions: ['storage', 'alarms'],
  },
});
