import { defineConfig } from 'wxt';

/**
 * Origins a team lead may grant at run time for a custom helpdesk (options page → Save →
 * `permissions.request`). Optional: the installed extension holds no host permission for them until
 * the team lead allows one origin. https://developer.chrome.com/docs/extensions/reference/manifest/optional-host-permissions
 */
const CUSTOM_HELPDESK_ORIGINS = ['https://*/*', 'http://*/*'];

export default defineConfig({
  srcDir: '.',
  // WXT_OUT_DIR lets parallel builds (e.g. several engineers' browser tests) use separate folders.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  imports: false,
  manifest: ({ manifestVersion }) => ({
    name: 'CRM Sidebar',
    // scripting: register the sidebar for a custom helpdesk's pattern and run "Test on this page";
    // activeTab: that test reads the tab the team lead clicked the toolbar button on, nothing else.
    permissions: ['storage', 'alarms', 'scripting', 'activeTab'],
    // MV2 (Firefox) has no optional_host_permissions: origins go in optional_permissions there.
    ...(manifestVersion === 3
      ? { optional_host_permissions: CUSTOM_HELPDESK_ORIGINS }
      : { optional_permissions: CUSTOM_HELPDESK_ORIGINS }),
  }),
  hooks: {
    /**
     * The sidebar loads its stylesheet into its shadow root from the extension
     * (`createShadowRootUi` fetches `content-scripts/sidebar.css`), which a page may only do for a
     * web-accessible resource; WXT lists it for the built-in helpdesks' origins only. A custom
     * helpdesk lives at an origin known at run time, so the content scripts' stylesheets are also
     * web-accessible to the origins a team lead may grant — with `use_dynamic_url`, so pages cannot
     * probe a fixed URL to detect the extension.
     * https://developer.chrome.com/docs/extensions/reference/manifest/web-accessible-resources
     */
    'build:manifestGenerated'(_wxt, manifest) {
      if (manifest.manifest_version !== 3) return;
      const entries = (manifest.web_accessible_resources ?? []) as { resources: string[]; matches?: string[] }[];
      const stylesheets = [
        ...new Set(entries.flatMap((e) => e.resources).filter((r) => /^content-scripts\/.+\.css$/.test(r))),
      ];
      if (stylesheets.length === 0) return;
      manifest.web_accessible_resources = [
        ...entries,
        { resources: stylesheets, matches: CUSTOM_HELPDESK_ORIGINS, use_dynamic_url: true },
      ] as typeof manifest.web_accessible_resources;
    },
  },
});
