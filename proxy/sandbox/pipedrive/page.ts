/**
 * The sandbox's stand-in for Pipedrive's person page (`https://<company>.pipedrive.com/person/<id>`),
 * so the sidebar's "Open in Pipedrive" link opens something real in the demo. Every value from the
 * store is HTML-escaped: an organization named `<img src=x onerror=alert(1)>` shows that text, it does
 * not run. The app also sends a Content-Security-Policy that forbids scripts altogether.
 */
import { CUSTOM_FIELDS, TIER_FIELD_KEY } from './fields.ts';
import { type PipedriveStore, type StoredPerson, tierLabel } from './store.ts';
import { crmPage, escapeHtml, PAGE_CSP } from '../html.ts';

export { escapeHtml, PAGE_CSP };

const STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #192435; background: #f5f6f7; }
  header { background: #1a1a1a; color: #fff; padding: 12px 24px; font-weight: 600; }
  main { max-width: 760px; margin: 24px auto; background: #fff; border: 1px solid #dcdfe3; border-radius: 6px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; word-break: break-word; }
  p.meta { margin: 0 0 20px; color: #6a7580; }
  dl { display: grid; grid-template-columns: 180px 1fr; gap: 8px 16px; margin: 0; }
  dt { color: #6a7580; }
  dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
  ul { padding-left: 20px; margin: 0; }
`;

function layout(title: string, body: string): string {
  return crmPage({ vendor: 'Pipedrive (sandbox)', style: STYLE, title, body });
}

/** A person's display name: their name, else their primary email, else "Person <id>". */
export function personName(person: StoredPerson): string {
  return person.name.trim() || person.emails.find((e) => e.primary)?.value || `Person ${person.id}`;
}

/** A list of emails or phones: each value with its label, "(primary)" on the primary one. */
function listHtml(entries: StoredPerson['emails']): string {
  return `<ul>${entries
    .map(
      (entry) =>
        `<li>${escapeHtml(entry.value)} <small>(${escapeHtml(entry.label)}${entry.primary ? ', primary' : ''})</small></li>`,
    )
    .join('')}</ul>`;
}

/** The person page: name, organization, emails and phones (every entry), and the other values set. */
export function personPage(store: PipedriveStore, person: StoredPerson): string {
  const name = personName(person);
  const org = person.org_id ? store.organization(person.org_id) : undefined;
  const rows: [string, string][] = [];
  if (org) rows.push(['Organization', escapeHtml(org.name)]);
  if (person.emails.length > 0) rows.push(['Email', listHtml(person.emails)]);
  if (person.phones.length > 0) rows.push(['Phone', listHtml(person.phones)]);
  if (person.job_title) rows.push(['Job title', escapeHtml(person.job_title)]);
  if (person.postal_address) rows.push(['Postal address', escapeHtml(person.postal_address.value)]);
  if (person.notes) rows.push(['Notes', escapeHtml(person.notes)]);
  for (const [key, field] of CUSTOM_FIELDS) {
    const value = person.custom_fields[key];
    if (value === undefined || value === null) continue;
    const text = key === TIER_FIELD_KEY ? tierLabel(value) : String(value);
    if (text) rows.push([field.field_name, escapeHtml(text)]);
  }
  return layout(
    `${name} | Person | Pipedrive (sandbox)`,
    `<h1>${escapeHtml(name)}</h1>
<p class="meta">Person ${person.id} · last updated ${escapeHtml(person.update_time)}</p>
<dl aria-label="Person details">
${rows.map(([label, html]) => `<dt>${escapeHtml(label)}</dt><dd>${html}</dd>`).join('\n')}
</dl>`,
  );
}

/** Every person (served at `/persons/list`), each linking to its page with a relative link. */
export function personListPage(persons: readonly StoredPerson[]): string {
  const items = persons
    .map((person) => `<li><a href="../person/${person.id}">${escapeHtml(personName(person))}</a></li>`)
    .join('\n');
  return layout('Persons | Pipedrive (sandbox)', `<h1>Persons</h1>\n<ul>\n${items}\n</ul>`);
}

/** The page for a person that does not exist. */
export function notFoundPage(what: string): string {
  return layout('Not found | Pipedrive (sandbox)', `<h1>Not found</h1>\n<p>${escapeHtml(what)}</p>`);
}
