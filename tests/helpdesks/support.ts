/**
 * What the helpdesk adapter tests share: saved fixtures, a fake same-origin fetch answering by path,
 * reading a ticket through an adapter with it, and reading demo tickets from the in-process
 * emulators (proxy/sandbox/<helpdesk>) to compare them with Zendesk's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import type { Customer } from '../../lib/contracts/customer.ts';
import type { DomReadOptions } from '../../lib/helpdesks/dom-panel.ts';
import type { DetectedTicket, HelpdeskAdapter, ReadContext, ReadError, ReadResult } from '../../lib/helpdesks/types.ts';
import { zendesk } from '../../lib/helpdesks/zendesk.ts';
import type { HelpdeskSandbox } from '../../proxy/sandbox/helpdesks.ts';
import { createZendeskSandbox } from '../../proxy/sandbox/zendesk/index.ts';

/** The saved answers of a helpdesk (`<dir>/fixtures/<name>`): as text, as JSON, and as a parsed page. */
export function fixturesIn(dir: string) {
  const fixture = (name: string) => readFileSync(join(dir, 'fixtures', name), 'utf8');
  return {
    fixture,
    json: (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>,
    page: (name: string) => new DOMParser().parseFromString(fixture(name), 'text/html'),
  };
}

/** A JSON answer (`contentType` as the helpdesk writes it). */
export function jsonResponse(body: unknown, status = 200, contentType = 'application/json; charset=utf-8'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

/** An HTML answer (a sign-in or error page). */
export function htmlResponse(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** An answer, or a function making one (to throw, to wait, or to answer differently each time). */
export type Route = Response | (() => Response | Promise<Response>);
/** Answers by URL path. */
export type Routes = Record<string, Route>;
/** One request the fake fetch was asked for. */
export interface Seen {
  url: string;
  init: RequestInit | undefined;
}

/** How the fake helpdesk answers what no route names, and what it refuses before routing. */
export interface FakeHelpdesk {
  /** The helpdesk's own 404 answer. */
  notFound: () => Response;
  /** An answer given before routing (e.g. Zoho Desk's 422 without an `orgId` header), or null. */
  guard?: (path: string, init: RequestInit | undefined) => Response | null;
}

/** A fetch answering by path from `routes` (each `Response` cloned, so a route may answer twice); records every request. */
export function fakeFetch(routes: Routes, helpdesk: FakeHelpdesk) {
  const seen: Seen[] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    seen.push({ url, init });
    const path = new URL(url).pathname;
    const refused = helpdesk.guard?.(path, init);
    if (refused) return refused;
    const route = routes[path];
    if (!route) return helpdesk.notFound();
    return typeof route === 'function' ? route() : route.clone();
  }) as typeof fetch;
  return { fetch: fn, seen };
}

/** Options of one read by {@link apiReader}. */
export interface ReadOptions<A extends HelpdeskAdapter> {
  ticket?: DetectedTicket;
  document?: Document;
  /** Another adapter of the same helpdesk (other options). */
  with?: A;
}

/**
 * `read(routes, options)`: reads `ticket` on the page `url` with `adapter` (or a fresh one from it
 * per read, for adapters that remember across reads), the API answering from `routes` like
 * `helpdesk`; gives the result and the requests made.
 */
export function apiReader<A extends HelpdeskAdapter>(
  adapter: A | (() => A),
  page: { url: URL; ticket: DetectedTicket },
  helpdesk: FakeHelpdesk,
) {
  return async (routes: Routes, options: ReadOptions<A> = {}) => {
    const { fetch, seen } = fakeFetch(routes, helpdesk);
    const ctx: ReadContext = {
      url: page.url,
      ticket: options.ticket ?? page.ticket,
      fetch,
      signal: new AbortController().signal,
      ...(options.document ? { document: options.document } : {}),
    };
    const reader = options.with ?? (typeof adapter === 'function' ? adapter() : adapter);
    const result = await reader.readCustomer(ctx);
    return { result, seen };
  };
}

/**
 * Reads `ticket` on `url` with `adapter` over a fetch that never answers, then aborts the read as
 * the content script's timeout does (`TimeoutError`); gives the result.
 */
export async function readTimingOut(adapter: HelpdeskAdapter, url: URL, ticket: DetectedTicket): Promise<ReadResult> {
  const controller = new AbortController();
  const fetch = ((_url: RequestInfo | URL, init?: RequestInit) =>
    new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    })) as typeof globalThis.fetch;
  const pending = adapter.readCustomer({ url, ticket, fetch, signal: controller.signal });
  controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
  return pending;
}

/** Short waits for DOM adapters, so the failure paths take milliseconds; the logic is the same as in the browser. */
export const DOM_TIMING: DomReadOptions = { timeoutMs: 500, pollMs: 10, closedGraceMs: 50, staleGraceMs: 250 };

/**
 * A DOM adapter's reader: `reader(timing)` builds the adapter with `timing` (default `DOM_TIMING`)
 * and gives `read(doc, ticketId?, signal?)`, reading conversation `ticketId` (default
 * `defaultTicketId`) at `urlOf(ticketId)` in account `account`, and the `fetch` it was given — which
 * fails the read if called: a DOM adapter must not fetch.
 */
export function domReader(
  create: (timing: Partial<DomReadOptions>) => HelpdeskAdapter,
  page: { account: string; urlOf: (ticketId: string) => string; defaultTicketId: string },
) {
  return (timing: Partial<DomReadOptions> = DOM_TIMING) => {
    const adapter = create(timing);
    const fetch = vi.fn(() => Promise.reject(new Error('a DOM adapter must not fetch')));
    const read = (doc: Document | undefined, ticketId = page.defaultTicketId, signal = new AbortController().signal) =>
      adapter.readCustomer({
        url: new URL(page.urlOf(ticketId)),
        ticket: { account: page.account, ticketId },
        fetch: fetch as unknown as typeof globalThis.fetch,
        signal,
        document: doc,
      });
    return { read, fetch };
  };
}

/** The error of a read that must have failed (the test fails if it did not). */
export function failure(result: ReadResult): ReadError | null {
  expect(result.ok).toBe(false);
  return result.ok ? null : result.error;
}

/** After `ms`, puts the content of `from`'s element `viewId` into `doc`'s, as a single-page app swaps its view. */
export function swapViewLater(doc: Document, from: Document, viewId: string, ms: number): void {
  const html = from.getElementById(viewId)?.innerHTML ?? '';
  setTimeout(() => {
    const view = doc.getElementById(viewId);
    if (view) view.innerHTML = html;
  }, ms);
}

/** Reads the ticket at `href` with `helpdesk`, the emulator `sandbox` answering in-process. */
export async function readAt(helpdesk: HelpdeskAdapter, sandbox: HelpdeskSandbox, href: string): Promise<ReadResult> {
  const url = new URL(href);
  const ticket = helpdesk.detect(url);
  if (!ticket) throw new Error(`${url.href} is not a ticket URL`);
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    sandbox.fetch(new Request(input, init))) as typeof globalThis.fetch;
  return helpdesk.readCustomer({ url, ticket, fetch, signal: new AbortController().signal });
}

/** Reads demo ticket `demoTicket` (1001–1008) of the emulator `sandbox` with `helpdesk`. */
export function readFrom(helpdesk: HelpdeskAdapter, sandbox: HelpdeskSandbox, demoTicket: number): Promise<ReadResult> {
  return readAt(helpdesk, sandbox, sandbox.ticketUrl(demoTicket));
}

/** The fields every emulator shows as the Zendesk emulator does. */
export const SAME_AS_ZENDESK = ['name', 'email', 'phone', 'company', 'jobTitle', 'location', 'notes'] as const;

/**
 * Tests that each demo ticket 1001–1008 of `create()`'s emulator reads, with `adapter`, as the same
 * person as on the Zendesk emulator (the `SAME_AS_ZENDESK` fields), keyed by `key`, with the same
 * agent as actor when `readsActor` (else none); `also` checks what else this helpdesk shares with
 * Zendesk.
 */
export function demoTicketsReadAsOnZendesk(
  adapter: HelpdeskAdapter,
  create: () => HelpdeskSandbox,
  expected: { key: Pick<Customer, 'helpdesk' | 'account'>; readsActor: boolean },
  also: (own: Customer, onZendesk: Customer) => void = () => {},
): void {
  test.each([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008])(
    'demo ticket %i reads as the same person as on Zendesk',
    async (demoTicket) => {
      const [own, onZendesk] = await Promise.all([
        readFrom(adapter, create(), demoTicket),
        readFrom(zendesk, createZendeskSandbox(), demoTicket),
      ]);
      if (!own.ok || !onZendesk.ok) throw new Error(JSON.stringify([own, onZendesk]));
      for (const field of SAME_AS_ZENDESK) expect(own.customer[field], field).toBe(onZendesk.customer[field]);
      expect(own.customer).toMatchObject(expected.key);
      also(own.customer, onZendesk.customer);
      expect(own.actor).toEqual(expected.readsActor ? onZendesk.actor : undefined);
    },
  );
}
