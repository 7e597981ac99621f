import { render } from 'preact';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';

export default defineContentScript({
  matches: ['https://*.zendesk.com/agent/*'],
  cssInjectionMode: 'ui',
  async main(ctx) {
    const ui = await createShadowRootUi(ctx, {
      name: 'crm-sidebar',
      position: 'overlay',
      onMount(container) {
        render(<aside aria-label="CRM sidebar">{location.pathname}</aside>, container);
        return container;
      },
      onRemove(c) {
        if (c) render(null, c);
      },
    });
    ui.mount();
  },
});
