/**
 * Reading a helpdesk's own JSON API from its agent page, for the adapters that do (Zendesk,
 * Freshdesk, Gorgias, Zoho Desk): same-origin GETs that carry the agent's session cookie, never
 * throw, and sort every answer into one `JsonAnswer`; the sentence the sidebar shows for each
 * failed answer; and the small value helpers every such adapter parses its answers with.
 *
 * The fetch is the page-context one the content script passes in `ReadContext` (same-origin
 * requests carry the session: https://developer.mozilla.org/en-US/docs/Web/API/RequestInit#credentials).
 * What differs between helpdesks stays in the adapter and is said there: which HTTP statuses mean
 * "not signed in" (`FailureWords.refusedStatuses`: Gorgias adds 419), how the sign-in request reads,
 * extra headers (Zoho Desk's `orgId`) and how a sign-in redirect is recognised (Zoho Desk's accounts
 * server).
 */
import { z } from 'zod';
import type { ReadContext, ReadResult, TicketWords } from './types.ts';
import { readError, ticketName } from './types.ts';

/**
 * What a GET got:
 * - `json`: HTTP 2xx with a JSON body (`body` is the parsed value, not yet validated);
 * - `http`: a status outside 2xx;
 * - `signed_out`: the helpdesk sent the agent to its sign-in page (see `JsonGetterOptions.isSignInRedirect`);
 * - `not_json`: 2xx with an HTML page (a sign-in or error page served with 200);
 * - `bad_json`: 2xx with a body that is not valid JSON (cut off, garbled);
 * - `network`: no answer (offline, refused, timed out, cancelled, body cut off); `reason` is the
 *   end of a sentence ("Zendesk did not answer in time").
 */
export type JsonAnswer =
  | { kind: 'json'; body: unknown }
  | { kind: 'http'; status: number }
  | { kind: 'signed_out' }
  | { kind: 'not_json' }
  | { kind: 'bad_json' }
  | { kind: 'network'; reason: string };

/** A `JsonAnswer` that is not JSON. */
export type FailedAnswer = Exclude<JsonAnswer, { kind: 'json' }>;

/** GETs a same-origin URL (absolute) with extra request headers; never throws. */
export type JsonGetter = (url: string, headers?: Record<string, string>) => Promise<JsonAnswer>;

/** How a helpdesk's answers are read by {@link jsonGetter}. */
export interface JsonGetterOptions {
  /** The helpdesk's name in the `network` reasons ("Freshdesk could not be reached"). */
  label: string;
  /**
   * True when a response is the helpdesk's sign-in page reached by a redirect (e.g. Zoho Desk's
   * `accounts.zoho.*`): reported as `signed_out`. Without it a redirect is read like any answer.
   */
  isSignInRedirect?: (response: Response) => boolean;
}

/**
 * The JSON GET of one read: `fetch` and `signal` from the read's context, `Accept:
 * application/json`, `credentials: 'same-origin'`. The answer is classified (see `JsonAnswer`):
 * an aborted signal whose reason is a `TimeoutError` reads "<Label> did not answer in time", any
 * other abort "the request was cancelled"; an HTML content type, or a body starting with `<`, is
 * `not_json`.
 */
export function jsonGetter(ctx: Pick<ReadContext, 'fetch' | 'signal'>, options: JsonGetterOptions): JsonGetter {
  const { label, isSignInRedirect } = options;
  const { signal } = ctx;
  return async (url, headers = {}) => {
    let response: Response;
    try {
      response = await ctx.fetch(url, {
        method: 'GET',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', ...headers },
        signal,
      });
    } catch (error) {
      if (signal.aborted) {
        const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
        return { kind: 'network', reason: timedOut ? `${label} did not answer in time` : 'the request was cancelled' };
      }
      const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
      return { kind: 'network', reason: `${label} could not be reached${detail}` };
    }
    if (isSignInRedirect?.(response)) return { kind: 'signed_out' };
    if (!response.ok) return { kind: 'http', status: response.status };
    const contentType = response.headers.get('content-type') ?? '';
    let raw: string;
    try {
      raw = await response.text();
    } catch {
      return { kind: 'network', reason: `the answer from ${label} was cut off` };
    }
    if (contentType.includes('text/html') || /^\s*</.test(raw)) return { kind: 'not_json' };
    try {
      return { kind: 'json', body: JSON.parse(raw) };
    } catch {
      return { kind: 'bad_json' };
    }
  };
}

/** The helpdesk's words for {@link describeFailure}. */
export interface FailureWords {
  /** "Zendesk" */
  label: string;
  /** How the ticket is named in "ticket #1002 does not exist or you can't see it." */
  words: TicketWords;
  /** HTTP statuses by which the helpdesk refuses the agent's session (401 and 403 everywhere; Gorgias adds 419). */
  refusedStatuses: readonly number[];
  /** What the agent should do then: "Sign in to Zendesk as an agent and retry." */
  signIn: string;
}

/**
 * The failed read the sidebar shows for a failed ticket request, each sentence starting "Can't
 * read this <Label> ticket: ":
 * - a refused status → `not_signed_in` "<Label> refused the request (HTTP 401). <signIn>";
 * - `signed_out` → `not_signed_in` "<Label> asked to sign in again. Sign in to <Label> and retry.";
 * - 404 → `not_found` "ticket #1002 does not exist or you can't see it.";
 * - 429 → `network` "<Label> is limiting requests (HTTP 429). Retry in a minute.";
 * - any other status → `network` "<Label> answered HTTP 503.";
 * - no answer → `network` with the reason; HTML or bad JSON → `unreadable`.
 */
export function describeFailure(answer: FailedAnswer, ticketId: string, words: FailureWords): ReadResult {
  const { label } = words;
  const noun = words.words.noun;
  const fail = (code: Parameters<typeof readError>[1], why: string) => readError(label, code, why, noun);
  switch (answer.kind) {
    case 'network':
      return fail('network', `${answer.reason}.`);
    case 'signed_out':
      return fail('not_signed_in', `${label} asked to sign in again. Sign in to ${label} and retry.`);
    case 'not_json':
      return fail('unreadable', `${label} answered with a web page instead of ${noun} data.`);
    case 'bad_json':
      return fail('unreadable', `${label}'s answer is not valid JSON.`);
    case 'http':
      if (words.refusedStatuses.includes(answer.status)) {
        return fail('not_signed_in', `${label} refused the request (HTTP ${answer.status}). ${words.signIn}`);
      }
      if (answer.status === 404) {
        return fail('not_found', `${ticketName(words.words, ticketId)} does not exist or you can't see it.`);
      }
      if (answer.status === 429) return fail('network', `${label} is limiting requests (HTTP 429). Retry in a minute.`);
      return fail('network', `${label} answered HTTP ${answer.status}.`);
  }
}

/** "Can't read this Zendesk ticket: Zendesk's answer does not look like a ticket (ticket.id: …)." */
export function notATicket(label: string, error: z.ZodError): ReadResult {
  return readError(label, 'unreadable', `${label}'s answer does not look like a ticket (${describeIssue(error)}).`);
}

/** "Can't read this Zendesk ticket: the requester's data is malformed (email: …)." (`who`: "requester") */
export function malformed(label: string, who: string, error: z.ZodError): ReadResult {
  return readError(label, 'unreadable', `the ${who}'s data is malformed (${describeIssue(error)}).`);
}

/** `value` when it is a string with a non-blank character, else null (helpdesks send "" and "  " for blank). */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The non-blank `parts` joined by `separator`, or null when none is ("Berlin, Germany"). */
export function joined(parts: readonly unknown[], separator: string): string | null {
  return text(parts.filter((p) => text(p) !== null).join(separator));
}

/** The first problem of a zod error as "path: message" ("email: Invalid input: …"), for sentences. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

const IsoDateTime = z.iso.datetime({ offset: true });

/** `value` when it is an ISO 8601 date-time with a zone ("2026-10-02T08:15:00Z"), else null. */
export function isoDateTime(value: unknown): string | null {
  return typeof value === 'string' && IsoDateTime.safeParse(value).success ? value : null;
}
