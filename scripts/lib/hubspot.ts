/**
 * Looking at and changing the HubSpot sandbox behind a proxy from outside the extension, as another
 * HubSpot user would. Uses the sandbox's in-process controls (`sandbox.contacts`), which are not
 * logged, so they never disturb a count of the proxy's vendor calls (`sandbox.requests`).
 * Shared by the browser tests and the demo.
 */
import type { HubSpotSandbox, SandboxContact } from '../../proxy/sandbox/hubspot/index.ts';
import type { RunningProxy } from '../../proxy/server.ts';

/** The HubSpot sandbox behind a proxy; throws when the proxy talks to a real CRM or another CRM's sandbox. */
export function hubspotOf(proxy: Pick<RunningProxy, 'sandbox'>): HubSpotSandbox {
  if (!proxy.sandbox) throw new Error('This proxy talks to a real CRM, not a sandbox.');
  if (!proxy.sandbox.hubspot) throw new Error(`This proxy runs the ${proxy.sandbox.provider} sandbox, not HubSpot's.`);
  return proxy.sandbox.hubspot;
}

/** One contact by id (a copy), or null when the sandbox has no such contact. */
export function getContact(sandbox: HubSpotSandbox, id: string): SandboxContact | null {
  return sandbox.contacts.get(id) ?? null;
}

/** Changes a contact as a HubSpot user would (e.g. behind the agent's back); returns it after the change. */
export function updateContact(sandbox: HubSpotSandbox, id: string, properties: Record<string, string>): SandboxContact {
  return sandbox.contacts.update(id, properties);
}

/** Contacts whose email equals `email`, compared case-insensitively as HubSpot does. */
export function findContactsByEmail(sandbox: HubSpotSandbox, email: string): SandboxContact[] {
  const wanted = email.trim().toLowerCase();
  return sandbox.contacts.list().filter((c) => c.properties.email?.toLowerCase() === wanted);
}

/** One vendor call the sandbox answered: method and vendor path (`/crm/v3/objects/contacts/101`). */
export interface HubSpotRequest {
  method: string;
  path: string;
}

/** Every vendor call the sandbox answered so far, oldest first. */
export function hubspotRequests(sandbox: HubSpotSandbox): HubSpotRequest[] {
  return sandbox.requests.map((r) => ({ method: r.method, path: r.path }));
}
