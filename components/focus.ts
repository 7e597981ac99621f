/**
 * Focus helpers for the sidebar, which lives in a shadow root: `document.activeElement` is the
 * shadow host while focus is inside it, and the shadow root's `activeElement` names the element.
 */

/** The focused element as seen from `node`'s tree (its shadow root or document), or null. */
export function activeElementOf(node: Node): Element | null {
  const root = node.getRootNode() as Document | ShadowRoot;
  return root.activeElement ?? null;
}

/**
 * True when moving focus programmatically would not steal it from the agent: nothing useful has
 * focus (the page body, a removed or disabled element), or focus is inside `region`.
 * False when the agent has moved on to the helpdesk page or to another control of the sidebar.
 */
export function focusIsIdle(region: Element): boolean {
  const doc = region.ownerDocument;
  const root = region.getRootNode();
  const docActive = doc.activeElement;
  const isShadow = typeof ShadowRoot !== 'undefined' && root instanceof ShadowRoot;
  if (isShadow && docActive && docActive !== doc.body && docActive !== (root as ShadowRoot).host) return false;
  const active = activeElementOf(region);
  if (active === null || active === doc.body || active === doc.documentElement || !active.isConnected) return true;
  if ((active as HTMLButtonElement).disabled === true) return true;
  return region.contains(active);
}

/** Focuses the first enabled button inside `container`; false when there is none. */
export function focusFirstButton(container: Element | null | undefined): boolean {
  const button = container?.querySelector<HTMLButtonElement>('button:not([disabled])');
  if (!button) return false;
  button.focus();
  return true;
}
