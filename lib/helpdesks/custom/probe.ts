/**
 * "Test on this page": what the custom helpdesk's configuration reads on the page in front of the
 * team lead, right now (no waiting). Runs inside the page (entrypoints/custom-probe.ts, injected by the
 * toolbar popup with `scripting.executeScript`) and returns plain JSON, which the popup validates with
 * {@link ProbeResult} before showing it — it crosses a boundary like any other message.
 */
import { z } from 'zod';
import { createCustomAdapter, customerFromReading, patternIncludes } from '../custom.ts';
import type { CustomHelpdeskConfig } from './config.ts';
import { PageReading, readPage } from './read.ts';
import type { CustomHelpdeskRead } from './storage.ts';

/**
 * The probe's answer:
 * - `not_configured`: no custom helpdesk is saved;
 * - `invalid_config`: the saved one does not validate (`problem` says why);
 * - `read`: the page's address, whether it matches the URL pattern, the ticket id found in it (null:
 *   none), every field's reading, and what the sidebar would make of it: the customer's key and name,
 *   or the exact "Can't read this … ticket" message.
 */
export const ProbeResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('not_configured') }),
  z.object({ status: z.literal('invalid_config'), problem: z.string() }),
  z.object({
    status: z.literal('read'),
    helpdesk: z.string(),
    urlPattern: z.string(),
    url: z.string(),
    matchesPattern: z.boolean(),
    ticketId: z.string().nullable(),
    reading: PageReading,
    outcome: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), customerId: z.string() }),
      z.object({ ok: z.literal(false), message: z.string() }),
    ]),
  }),
]);
export type ProbeResult = z.infer<typeof ProbeResult>;

/** Reads `doc` at `url` with `config` (see {@link ProbeResult}). Never throws. */
export function probeWithConfig(config: CustomHelpdeskConfig, doc: Document, url: URL): ProbeResult {
  const ticket = createCustomAdapter(config).detect(url);
  const reading = readPage(doc, config);
  const result = customerFromReading(config, ticket ?? { account: url.host || 'page', ticketId: '?' }, reading);
  return {
    status: 'read',
    helpdesk: config.name,
    urlPattern: config.urlPattern,
    url: url.href,
    matchesPattern: patternIncludes(config, url),
    ticketId: ticket?.ticketId ?? null,
    reading,
    outcome: result.ok ? { ok: true, customerId: result.customer.id } : { ok: false, message: result.error.message },
  };
}

/** The probe on a stored configuration (as loaded by `loadCustomHelpdesk`). */
export function probePage(read: CustomHelpdeskRead, doc: Document, url: URL): ProbeResult {
  if (!read.ok) return { status: 'invalid_config', problem: read.problem };
  if (!read.config) return { status: 'not_configured' };
  return probeWithConfig(read.config, doc, url);
}
