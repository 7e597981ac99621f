/**
 * The sandbox's stand-in for HubSpot's contact record page (`https://<uiDomain>/contacts/<portalId>/record/0-1/<id>`),
 * so the sidebar's "Open in HubSpot" link opens something real in the demo. Every value from the
 * store is HTML-escaped: a contact named `<img src=x onerror=alert(1)>` shows that text, it does not
 * run. The app also sends a Content-Security-Policy that forbids scripts altogether.
 */
import type { SandboxProperty } from './properties.ts';
import type { SandboxContact } from './store.ts';
import { crmPage, escapeHtml, PAGE_CSP } from '../html.ts';

export { escapeHtml, PAGE_CSP };

const STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #33475b; background: #f5f8fa; }
  header { background: #2d3e50; color: #fff; padding: 12px 24px; font-weight: 600; }
  main { max-width: 760px; margin: 24px auto; background: #fff; border: 1px solid #cbd6e2; border-radius: 4px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; word-break: break-word; }
  p.meta { margin: 0 0 20px; color: #516f90; }
  dl { display: grid; grid-template-columns: 220px 1fr; gap: 8px 16px; margin: 0; }
  dt { color: #516f90; }
  dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
  ul { padding-left: 20px; }
`;

function layout(title: string, body: string): string {
  return crmPage({ vendor: 'HubSpot (sandbox)', style: STYLE, title, body });
}

/** The contact's display name: first + last name, else the email, else "Contact <id>". */
export function contactDisplayName(contact: SandboxContact): string {
  const name = [contact.properties.firstname, contact.properties.lastname].filter(Boolean).join(' ').trim();
  return name || contact.properties.email || `Contact ${contact.id}`;
}

/** The record page of one contact: its name and every property that has a value, labelled. */
export function contactRecordPage(
  contact: SandboxContact,
  properties: readonly SandboxProperty[],
  portalId: number,
): string {
  const name = contactDisplayName(contact);
  const rows = properties
    .filter((p) => (contact.properties[p.name] ?? '') !== '')
    .map((p) => `<dt>${escapeHtml(p.label)}</dt><dd>${escapeHtml(contact.properties[p.name] ?? '')}</dd>`)
    .join('\n');
  return layout(
    `${name} | Contact | HubSpot (sandbox)`,
    `<h1>${escapeHtml(name)}</h1>
<p class="meta">Contact ${escapeHtml(contact.id)} · portal ${portalId} · last modified ${escapeHtml(contact.updatedAt)}</p>
<dl aria-label="Contact properties">
${rows}
</dl>`,
  );
}

/**
 * A list of every contact (served at `/app/contacts/<portalId>`), each linking to its record page
 * with a relative link, so the page works under any mount prefix.
 */
export function contactListPage(contacts: readonly SandboxContact[], portalId: number): string {
  const items = contacts
    .map(
      (c) =>
        `<li><a href="${portalId}/record/0-1/${encodeURIComponent(c.id)}">${escapeHtml(contactDisplayName(c))}</a></li>`,
    )
    .join('\n');
  return layout(
    'Contacts | HubSpot (sandbox)',
    `<h1>Contacts</h1>\n<p class="meta">Portal ${portalId}</p>\n<ul>\n${items}\n</ul>`,
  );
}

/** The page for a record that does not exist. */
export function notFoundPage(what: string): string {
  return layout('Not found | HubSpot (sandbox)', `<h1>Not found</h1>\n<p>${escapeHtml(what)}</p>`);
}
