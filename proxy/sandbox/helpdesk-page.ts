/**
 * What the helpdesk emulators' pages share (proxy/sandbox/<helpdesk>/page.ts): escaping, the HTML
 * document around a page, and — for the emulators whose agent page is a single-page app drawn from
 * the helpdesk's own JSON API (Zendesk, Freshdesk, Gorgias, Zoho Desk) — the page script's
 * plumbing: building elements as text, fetching the API, marking the current ticket link, and
 * following ticket links with `history.pushState` and Back/Forward with `popstate`.
 *
 * The emulators of DOM-read helpdesks (Help Scout, Front, Intercom) swap server-rendered views
 * instead; their script is in ./dom-helpdesk.ts. What each helpdesk draws stays in its page.ts.
 */

import { escapeHtml, type HtmlPage, htmlPage } from './html.ts';

export { escapeHtml, type HtmlPage, htmlPage };

/**
 * The `<script>` of a ticket app drawn from its JSON API. `app` is plain browser JavaScript (kept as
 * text so no bundler helper leaks into the page) run inside the shared scope, which gives it:
 * - `pane`: the element with id `paneId`, where the ticket is drawn;
 * - `generation`: bumped by `show` at its start, so an answer for a ticket left meanwhile is dropped
 *   (`const mine = ++generation; … if (mine !== generation) return;`);
 * - `el(tag, props, children)`: an element whose `text` prop is set as `textContent` (never HTML);
 * - `notice(title, text)`: an alert in the pane;
 * - `getJson(url, headers)`: `{status, body}` of a same-origin GET (`body` null when not JSON);
 * - `row(attribute, key, label, value, href)`: a `<dt>`/`<dd>` pair for a value (none when blank),
 *   the value marked with `attribute="key"` and linked when `href` is given.
 * `app` must define `idFromPath(path)` (the ticket id in a path, or null) and `show(id)` (draws
 * ticket `id`, or the list when null). The scope marks the link `a[data-ticket-id]` of the shown
 * ticket `aria-current="page"`, follows clicks on such links with `history.pushState`, and
 * Back/Forward with `popstate`.
 */
export function ticketAppScript(paneId: string, app: string): string {
  return `<script>
(() => {
  const pane = document.getElementById(${JSON.stringify(paneId)});
  let generation = 0;
  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) for (const [k, v] of Object.entries(props)) {
      if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }
  function notice(title, text) {
    pane.replaceChildren(el('section', { class: 'notice', role: 'alert' }, [el('h1', { text: title }), el('p', { text: text })]));
  }
  async function getJson(url, headers) {
    const res = await fetch(url, { headers: Object.assign({ accept: 'application/json' }, headers || {}), credentials: 'same-origin' });
    let body = null;
    try { body = await res.json(); } catch { body = null; }
    return { status: res.status, body };
  }
  function row(attribute, key, label, value, href) {
    if (!value) return [];
    const props = href ? { href: href, text: value } : { text: value };
    props[attribute] = key;
    return [el('dt', { text: label }), el('dd', null, [el(href ? 'a' : 'span', props)])];
  }
${app}
  function markCurrent(id) {
    for (const a of document.querySelectorAll('a[data-ticket-id]')) {
      if (id !== null && a.dataset.ticketId === String(id)) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
  }
  function go() {
    const id = idFromPath(location.pathname);
    markCurrent(id);
    show(id);
  }
  document.addEventListener('click', (event) => {
    const a = event.target instanceof Element ? event.target.closest('a[data-ticket-id]') : null;
    if (!a || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const href = a.getAttribute('href');
    if (href !== location.pathname) history.pushState({}, '', href);
    go();
  });
  window.addEventListener('popstate', go);
  go();
})();
</script>`;
}
