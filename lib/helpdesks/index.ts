/**
 * The helpdesk registry: a list. Adding a helpdesk = one adapter file, one line below, one fixture
 * folder under tests/helpdesks/<id>/ (its `testUrls` are checked automatically).
 */
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { DetectedTicket, HelpdeskAdapter } from './types.ts';
import { zendesk } from './zendesk.ts';
import { front } from './front.ts';
import { helpscout } from './helpscout.ts';
import { intercom } from './intercom.ts';
import { freshdesk } from './freshdesk.ts';
import { gorgias } from './gorgias.ts';
import { zohodesk } from './zohodesk.ts';

export type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadError, ReadErrorCode, ReadResult } from './types.ts';

/** Every adapter, in the order `findAdapter` tries them. */
export const HELPDESK_ADAPTERS: readonly HelpdeskAdapter[] = [
  zendesk,
  helpscout,
  front,
  intercom,
  freshdesk,
  gorgias,
  zohodesk,
];

/** Every match pattern of every adapter: the content script's `matches`. */
export const CONTENT_SCRIPT_MATCHES: string[] = [...new Set(HELPDESK_ADAPTERS.flatMap((a) => a.matches))];

const compiled = new Map<HelpdeskAdapter, MatchPattern[]>();
function patternsOf(adapter: HelpdeskAdapter): MatchPattern[] {
  let patterns = compiled.get(adapter);
  if (!patterns) {
    patterns = adapter.matches.map((p) => new MatchPattern(p));
    compiled.set(adapter, patterns);
  }
  return patterns;
}

/**
 * The adapter whose match patterns include `url` (a ticket page or any other page of that
 * helpdesk), or null. Accepts a URL object or string; an unparsable string gives null.
 */
export function findAdapter(
  url: URL | string,
  adapters: readonly HelpdeskAdapter[] = HELPDESK_ADAPTERS,
): HelpdeskAdapter | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  return adapters.find((adapter) => patternsOf(adapter).some((p) => p.includes(parsed))) ?? null;
}

/** The adapter for `url` and the ticket it shows (null `ticket` on a non-ticket page of a known helpdesk). */
export function recognise(
  url: URL | string,
  adapters: readonly HelpdeskAdapter[] = HELPDESK_ADAPTERS,
): { adapter: HelpdeskAdapter; ticket: DetectedTicket | null } | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  const adapter = findAdapter(parsed, adapters);
  return adapter ? { adapter, ticket: adapter.detect(parsed) } : null;
}
