/**
 * The sandbox's stand-in for a Dynamics 365 record form
 * (`<org>/main.aspx?etn=<table>&id=<guid>&pagetype=entityrecord`, the URL form documented at
 * https://learn.microsoft.com/en-us/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url),
 * so the sidebar's "Open in Dynamics 365" link opens something real in the demo, plus a list of a
 * table's rows (`pagetype=entitylist`). Every value is HTML-escaped — an account named
 * `<img src=x onerror=alert(1)>` shows that text — and the app sends a Content-Security-Policy that
 * forbids scripts altogether.
 */
import { ENTITIES, type EntityDefinition } from './metadata.ts';
import type { DataverseStore, Row } from './store.ts';
import { crmPage, escapeHtml, PAGE_CSP } from '../html.ts';

export { escapeHtml, PAGE_CSP };

const STYLE = `
  body { font: 14px/1.45 "Segoe UI", system-ui, sans-serif; margin: 0; color: #242424; background: #f3f2f1; }
  header { background: #002050; color: #fff; padding: 10px 24px; font-weight: 600; }
  main { max-width: 780px; margin: 24px auto; background: #fff; border: 1px solid #e1dfdd; border-radius: 4px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; word-break: break-word; }
  p.meta { margin: 0 0 20px; color: #605e5c; }
  dl { display: grid; grid-template-columns: 220px 1fr; gap: 8px 16px; margin: 0; }
  dt { color: #605e5c; }
  dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
  ul { padding-left: 20px; }
`;

function layout(title: string, body: string): string {
  return crmPage({ vendor: 'Dynamics 365 (sandbox)', style: STYLE, title, body });
}

/** A relative link to a row's form (works under any mount prefix). */
export function recordHref(entity: string, id: string): string {
  return `main.aspx?etn=${encodeURIComponent(entity)}&id=${encodeURIComponent(id)}&pagetype=entityrecord`;
}

/** A row's display name: its primary name column, else the email, else "<Table> <id>". */
export function displayName(entity: EntityDefinition, row: Row): string {
  const name = row.values[entity.primaryNameAttribute];
  if (typeof name === 'string' && name.trim() !== '') return name;
  const email = row.values.emailaddress1;
  if (typeof email === 'string' && email !== '') return email;
  return `${entity.displayName} ${row.id}`;
}

function formatValue(entity: EntityDefinition, name: string, value: string | number | boolean): string {
  const option = entity.attributes.find((a) => a.logicalName === name)?.options?.find((o) => o.value === value);
  return option ? option.label : String(value);
}

/** The form of one row: its name, every column that has a value (labelled), and the parent account link. */
export function recordPage(store: DataverseStore, row: Row): string {
  const entity = ENTITIES[row.entity];
  const name = displayName(entity, row);
  const rows: string[] = [];
  for (const attribute of entity.attributes) {
    if (attribute.logicalName === entity.primaryIdAttribute) continue;
    if (attribute.type === 'Customer' || attribute.type === 'Lookup') {
      const target = store.navigate(row, `${attribute.logicalName}_account`);
      if (target) {
        const label = displayName(ENTITIES.account, target);
        rows.push(
          `<dt>${escapeHtml(attribute.displayName)}</dt><dd><a href="${escapeHtml(recordHref('account', target.id))}">${escapeHtml(label)}</a></dd>`,
        );
      }
      continue;
    }
    const value = store.property(row, attribute.logicalName);
    if (value === null || value === undefined || value === '') continue;
    rows.push(
      `<dt>${escapeHtml(attribute.displayName)}</dt><dd>${escapeHtml(formatValue(entity, attribute.logicalName, value))}</dd>`,
    );
  }
  return layout(
    `${name} - ${entity.displayName} - Dynamics 365 (sandbox)`,
    `<h1>${escapeHtml(name)}</h1>
<p class="meta">${escapeHtml(entity.displayName)} ${escapeHtml(row.id)} · modified ${escapeHtml(row.modifiedon)}</p>
<dl aria-label="${escapeHtml(entity.displayName)} fields">
${rows.join('\n')}
</dl>`,
  );
}

/** Every visible row of a table, each linking to its form. */
export function listPage(store: DataverseStore, entity: EntityDefinition): string {
  const items = store
    .list(entity.logicalName)
    .map(
      (row) =>
        `<li><a href="${escapeHtml(recordHref(entity.logicalName, row.id))}">${escapeHtml(displayName(entity, row))}</a></li>`,
    )
    .join('\n');
  return layout(
    `${entity.displayName} - Dynamics 365 (sandbox)`,
    `<h1>${escapeHtml(entity.displayName)} records</h1>\n<ul>\n${items}\n</ul>`,
  );
}

/** The page for a table or row that does not exist. */
export function notFoundPage(what: string): string {
  return layout('Record not found - Dynamics 365 (sandbox)', `<h1>Record not found</h1>\n<p>${escapeHtml(what)}</p>`);
}
