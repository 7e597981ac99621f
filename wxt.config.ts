import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  imports: false,
  manifest: {
    name: 'CRM Sidebar',
    permissions: ['storage', 'alarms'],
  },
});
