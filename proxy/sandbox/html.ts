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

/** One sandbox page (helpdesk emulators, CRM record pages): its title (escaped here), style sheet, extra `<head>` markup, `<body>` attributes and content. */
export interface HtmlPage {
  title: string;
  style: string;
  /** Markup added to `<head>` after the style (trusted: built by the emulator). */
  head?: string;
  /** Attributes of `<body>`, e.g. ` data-base="/agent/demo/support"` (trusted, already escaped). */
  bodyAttributes?: string;
  /** The body's markup (trusted, every value in it already escaped). */
  body: string;
}

/** The whole HTML document of an emulator page (UTF-8, English, a mobile viewport). */
export function htmlPage(page: HtmlPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>${page.head ? `\n${page.head}` : ''}
</head>
<body${page.bodyAttributes ?? ''}>
${page.body}
</body>
</html>`;
}

/**
 * A sandbox CRM's record or list page: {@link htmlPage} with a header naming the sandbox
 * (`vendor`, e.g. "HubSpot (sandbox)", trusted) above `body` in `<main>` (trusted markup, every
 * value in it already escaped with {@link escapeHtml}); `style` is the vendor's look.
 */
export function crmPage(page: { vendor: string; style: string; title: string; body: string }): string {
  return htmlPage({
    title: page.title,
    style: page.style,
    body: `<header>${page.vendor}</header>\n<main>\n${page.body}\n</main>`,
  });
}
