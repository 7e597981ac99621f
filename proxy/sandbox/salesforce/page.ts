/**
 * The sandbox's stand-in for Salesforce's Lightning record page (`/lightning/r/<Object>/<id>/view`)
 * and list view (`/lightning/o/<Object>/list`), so the sidebar's "Open in Salesforce" link opens
 * something real in the demo. Every value from the store is HTML-escaped: an account named
 * `<img src=x onerror=alert(1)>` shows that text, it does not run; the app also sends a
 * Content-Security-Policy that forbids scripts altogether.
 */
import type { SandboxObjectDef } from './objects.ts';
import type { FieldValue, SandboxRecord } from './store.ts';
import { crmPage, escapeHtml, PAGE_CSP } from '../html.ts';

export { escapeHtml, PAGE_CSP };

const STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #181818; background: #f3f3f3; }
  header { background: #032d60; color: #fff; padding: 12px 24px; font-weight: 600; }
  main { max-width: 800px; margin: 24px auto; background: #fff; border: 1px solid #d8dde6; border-radius: 4px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; word-break: break-word; }
  p.meta { margin: 0 0 20px; color: #5c5c5c; }
  dl { display: grid; grid-template-columns: 220px 1fr; gap: 8px 16px; margin: 0; }
  dt { color: #5c5c5c; }
  dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
  ul { padding-left: 20px; }
`;

function layout(title: string, body: string): string {
  return crmPage({ vendor: 'Salesforce (sandbox)', style: STYLE, title, body });
}

function text(value: FieldValue): string {
  if (value === null) return '';
  return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : value;
}

/** A record's display name: its Name, else its email, else "<Object> <id>". */
export function displayName(record: SandboxRecord): string {
  return text(record.values.Name ?? null) || text(record.values.Email ?? null) || `${record.object} ${record.id}`;
}

/**
 * The record page: its name, its object, and every field with a value, labelled. `related` adds
 * read-through values (e.g. a Contact's "Account Name"), shown after the record's own fields.
 */
export function recordPage(
  record: SandboxRecord,
  object: SandboxObjectDef,
  related: ReadonlyArray<{ label: string; value: string; href?: string }> = [],
): string {
  const name = displayName(record);
  const rows = object.fields
    .filter((f) => text(record.values[f.name] ?? null) !== '' && f.type !== 'reference')
    .map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(text(record.values[f.name] ?? null))}</dd>`);
  for (const r of related) {
    const value = r.href ? `<a href="${escapeHtml(r.href)}">${escapeHtml(r.value)}</a>` : escapeHtml(r.value);
    rows.push(`<dt>${escapeHtml(r.label)}</dt><dd>${value}</dd>`);
  }
  return layout(
    `${name} | ${object.label} | Salesforce (sandbox)`,
    `<h1>${escapeHtml(name)}</h1>
<p class="meta">${escapeHtml(object.label)} ${escapeHtml(record.id)} · last modified ${escapeHtml(text(record.values.LastModifiedDate ?? null))}</p>
<dl aria-label="${escapeHtml(object.label)} fields">
${rows.join('\n')}
</dl>`,
  );
}

/** A list of every record of `object`, each linking to its record page with a relative link. */
export function listPage(records: readonly SandboxRecord[], object: SandboxObjectDef): string {
  const items = records
    .map(
      (r) =>
        `<li><a href="../../r/${encodeURIComponent(object.name)}/${encodeURIComponent(r.id)}/view">${escapeHtml(displayName(r))}</a></li>`,
    )
    .join('\n');
  return layout(
    `${object.labelPlural} | Salesforce (sandbox)`,
    `<h1>${escapeHtml(object.labelPlural)}</h1>\n<ul>\n${items}\n</ul>`,
  );
}

/** The page for a record or object that does not exist. */
export function notFoundPage(what: string): string {
  return layout('Not found | Salesforce (sandbox)', `<h1>Not found</h1>\n<p>${escapeHtml(what)}</p>`);
}
