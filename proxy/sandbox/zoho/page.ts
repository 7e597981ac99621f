/**
 * The sandbox's stand-in for Zoho CRM's record page (`https://crm.zoho.<tld>/crm/tab/Contacts/<id>`),
 * so the sidebar's "Open in Zoho CRM" link opens something real in the demo. Every value from the
 * store is HTML-escaped: an Account named `<img src=x onerror=alert(1)>` shows that text, it does not
 * run. The app also sends a Content-Security-Policy that forbids scripts altogether.
 */
import { fieldsOf, NAME_FIELD, type SandboxModule } from './fields.ts';
import type { StoredRecord, ZohoStore } from './store.ts';
import { crmPage, escapeHtml, PAGE_CSP } from '../html.ts';

export { escapeHtml, PAGE_CSP };

const STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2a37; background: #f3f5f8; }
  header { background: #e42527; color: #fff; padding: 12px 24px; font-weight: 600; }
  main { max-width: 760px; margin: 24px auto; background: #fff; border: 1px solid #d6dce5; border-radius: 4px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; word-break: break-word; }
  p.meta { margin: 0 0 20px; color: #5b6b7f; }
  dl { display: grid; grid-template-columns: 200px 1fr; gap: 8px 16px; margin: 0; }
  dt { color: #5b6b7f; }
  dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
  ul { padding-left: 20px; }
`;

function layout(title: string, body: string): string {
  return crmPage({ vendor: 'Zoho CRM (sandbox)', style: STYLE, title, body });
}

/** A record's display name: Full_Name / Account_Name, else its Email, else "<Module> <id>". */
export function displayName(store: ZohoStore, record: StoredRecord): string {
  const fields = fieldsOf(record.module);
  const nameField = fields.find((field) => field.api_name === NAME_FIELD[record.module])!;
  const emailField = fields.find((field) => field.api_name === 'Email');
  return (
    store.text(record, nameField) ??
    (emailField ? store.text(record, emailField) : null) ??
    `${record.module.slice(0, -1)} ${record.id}`
  );
}

/** The record page: its name and every field that has a value, labelled. */
export function recordPage(store: ZohoStore, record: StoredRecord): string {
  const name = displayName(store, record);
  const rows = fieldsOf(record.module)
    .map((field) => ({ field, value: store.text(record, field) }))
    .filter((row): row is { field: (typeof row)['field']; value: string } => row.value !== null && row.value !== '')
    .map(({ field, value }) => `<dt>${escapeHtml(field.field_label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('\n');
  const singular = record.module.slice(0, -1);
  return layout(
    `${name} | ${singular} | Zoho CRM (sandbox)`,
    `<h1>${escapeHtml(name)}</h1>
<p class="meta">${singular} ${escapeHtml(record.id)} · last modified ${escapeHtml(record.modifiedAt)}</p>
<dl aria-label="${singular} details">
${rows}
</dl>`,
  );
}

/** The module's list page, each record linking to its page with a relative link (works under any mount prefix). */
export function listPage(store: ZohoStore, module: SandboxModule): string {
  const items = store
    .list(module)
    .map(
      (record) =>
        `<li><a href="${module}/${encodeURIComponent(record.id)}">${escapeHtml(displayName(store, record))}</a></li>`,
    )
    .join('\n');
  return layout(`${module} | Zoho CRM (sandbox)`, `<h1>${module}</h1>\n<ul>\n${items}\n</ul>`);
}

/** The page for a record that does not exist. */
export function notFoundPage(what: string): string {
  return layout('Not found | Zoho CRM (sandbox)', `<h1>Not found</h1>\n<p>${escapeHtml(what)}</p>`);
}
