/**
 * Looking at and changing the CRM sandbox behind a proxy from outside the extension, for any CRM
 * (HubSpot, Salesforce, Dynamics 365, Zoho CRM, Pipedrive), as a user of that CRM would. Everything
 * goes through the sandbox's vendor-neutral `testing` hooks (proxy/crm/module.ts) — not logged, so
 * they never disturb a count of the proxy's vendor calls — and through the proxy's own history API,
 * which names the record a sync touched without calling the CRM. Field names come from the CRM's
 * default mapping (the proxy's mapping unless a team lead changed it).
 * Shared by the browser tests and the demo.
 */
import {
  CRM_LABELS,
  type CustomerField,
  FieldMapping,
  HistoryList,
  type RecordRef,
} from '../../lib/contracts/index.ts';
import type { CrmSandbox, SandboxRequestLogEntry } from '../../proxy/crm/module.ts';
import type { RunningProxy } from '../../proxy/server.ts';

/** The CRM sandbox behind a proxy; throws when the proxy talks to a real CRM. */
export function crmSandboxOf(proxy: Pick<RunningProxy, 'sandbox'>): CrmSandbox {
  if (!proxy.sandbox) throw new Error('This proxy talks to a real CRM, not a sandbox.');
  return proxy.sandbox.crm;
}

/** "Salesforce", "Dynamics 365", ... for the CRM behind `proxy`. */
export function crmLabelOf(proxy: Pick<RunningProxy, 'config'>): string {
  return CRM_LABELS[proxy.config.crm.provider];
}

/** The CRM fields `field` maps to in the proxy's CRM (default mapping); throws when unmapped. */
export function crmFieldsOf(proxy: Pick<RunningProxy, 'provider'>, field: CustomerField): string[] {
  const entry = proxy.provider
    .defaultMapping()
    .map((m) => FieldMapping.parse(m))
    .find((m) => m.field === field);
  if (!entry) throw new Error(`${proxy.provider.label}'s mapping has no ${field}.`);
  return entry.crmFields;
}

/**
 * The CRM's value of customer field `field` on record `id` (a name joined from first + last), or
 * null when blank. Throws when the sandbox has no such record.
 */
export function crmValue(
  proxy: Pick<RunningProxy, 'sandbox' | 'provider'>,
  id: string,
  field: CustomerField,
): string | null {
  const values = crmSandboxOf(proxy).testing.read(id);
  if (!values) throw new Error(`The ${proxy.provider.label} sandbox has no record ${id}.`);
  const parts = crmFieldsOf(proxy, field)
    .map((name) => values[name]?.trim() ?? '')
    .filter((part) => part !== '');
  return parts.length > 0 ? parts.join(' ') : null;
}

/** Changes customer field `field` of record `id` in the CRM, as a colleague would in the CRM's UI. */
export function editCrmValue(
  proxy: Pick<RunningProxy, 'sandbox' | 'provider'>,
  id: string,
  field: CustomerField,
  value: string,
): void {
  const fields = crmFieldsOf(proxy, field);
  if (fields.length !== 1) throw new Error(`${field} maps to ${fields.length} CRM fields; edit them one by one.`);
  crmSandboxOf(proxy).testing.edit(id, { [fields[0]!]: value });
}

/**
 * The record the latest sync (or resolution) of customer `customerKey` touched, from the proxy's
 * history (`GET /v1/history`, no CRM call), or null when there is none.
 */
export async function lastRecordOf(
  proxy: Pick<RunningProxy, 'url' | 'config'>,
  customerKey: string,
): Promise<RecordRef | null> {
  const response = await fetch(`${proxy.url}/v1/history?customer=${encodeURIComponent(customerKey)}&limit=20`, {
    headers: { Authorization: `Bearer ${proxy.config.apiKey}` },
  });
  if (!response.ok) throw new Error(`GET /v1/history answered HTTP ${response.status}: ${await response.text()}`);
  const { entries } = HistoryList.parse(await response.json());
  return entries.find((entry) => entry.record !== null)?.record ?? null;
}

/** Vendor calls the sandbox answered so far, oldest first. */
export function vendorRequests(proxy: Pick<RunningProxy, 'sandbox'>): SandboxRequestLogEntry[] {
  return [...crmSandboxOf(proxy).requests];
}

/**
 * Vendor calls that change a record: POST/PATCH/PUT/DELETE, except searches and reads sent as POST
 * (HubSpot `/search` and `/batch/read`) and token requests.
 */
export function isVendorWrite(request: Pick<SandboxRequestLogEntry, 'method' | 'path'>): boolean {
  if (!['POST', 'PATCH', 'PUT', 'DELETE'].includes(request.method)) return false;
  return !/\/(search|batch\/read|query)$|\/oauth2?\/(v\d+\/)?token$/.test(request.path);
}

/**
 * The CRM records whose email is `email`, searched through the proxy's own provider (vendor calls
 * that only read; they appear in the request log), most recently updated first.
 */
export async function findByEmail(
  proxy: Pick<RunningProxy, 'provider'>,
  email: string,
): Promise<{ id: string; objectType: RecordRef['objectType'] }[]> {
  const fields = [...crmFieldsOf(proxy, 'email'), ...crmFieldsOf(proxy, 'name')];
  const records = await proxy.provider.findByEmail(email.trim().toLowerCase(), fields);
  return records
    .sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''))
    .map((record) => ({ id: record.id, objectType: record.objectType }));
}
