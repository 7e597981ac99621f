/**
 * HTML helpers every sandbox page shares, CRM record pages and helpdesk emulator pages alike.
 * Values in those pages come from the stores (seeded or written by tests and the demo) and are
 * untrusted: each goes through {@link escapeHtml}, and the CRM record pages also send
 * {@link PAGE_CSP}, so a contact named `<img src=x onerror=alert(1)>` shows that text and runs nothing.
 */

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * `Content-Security-Policy` of the sandbox CRMs' record pages: no scripts, no remote anything,
 * inline styles only (https://developer.mozilla.org/docs/Web/HTTP/Headers/Content-Security-Policy).
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'";
