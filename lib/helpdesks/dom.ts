/**
 * Reading someone else's DOM, for adapters that cannot (or need not) call an API.
 *
 * Selectors that depend on a helpdesk's markup are lists of fallbacks, newest markup first, each
 * with a dated note saying when the older ones may be dropped, e.g.
 *
 * ```ts
 * const REQUESTER_EMAIL = [
 *   '[data-test-id="requester-email"]', // 2026-10 markup
 *   '.requester .email',                // before 2026-10; drop after 2027-04
 * ] as const;
 * ```
 */

/** A list of CSS selectors tried in order; the first that matches wins. */
export type SelectorList = readonly string[];

/**
 * The first element matched by any selector of `selectors`, tried in order, or null.
 * An invalid selector is skipped (a helpdesk-specific pseudo-class must not break the others).
 */
export function queryFirst(root: ParentNode, selectors: SelectorList): Element | null {
  for (const selector of selectors) {
    try {
      const found = root.querySelector(selector);
      if (found) return found;
    } catch {
      // Invalid selector: try the next fallback.
    }
  }
  return null;
}

/**
 * The trimmed text of the first element matched by `selectors` (form fields give their value),
 * or null when nothing matches or the text is blank. Whitespace runs collapse to one space.
 */
export function textFrom(root: ParentNode, selectors: SelectorList): string | null {
  const el = queryFirst(root, selectors);
  if (!el) return null;
  const isField = el.tagName === 'INPUT' || el.tagName === 'TEXTAREA';
  const raw = isField ? (el as HTMLInputElement | HTMLTextAreaElement).value : (el.textContent ?? '');
  const text = raw.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}
