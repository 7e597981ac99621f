/**
 * Plumbing every CRM sandbox (proxy/sandbox/<provider>/index.ts) shares: the rolling rate-limit
 * window each vendor's limit is emulated with, finding the vendor path behind the proxy's mount
 * prefix, and the request log the tests and the demo read. What a vendor answers (its headers,
 * error bodies, paths) stays in its own sandbox.
 */
import type { SandboxRateLimit, SandboxRequestLogEntry } from '../crm/module.ts';

/** What {@link RollingWindow.take} saw. */
export interface WindowTake {
  /** Whether the call fits in the window (it is then counted). */
  allowed: boolean;
  /** Calls in the window, this one included when allowed. */
  used: number;
  /** Calls still allowed in the window. */
  remaining: number;
  /** Milliseconds until the oldest call leaves the window (at least 1; the whole window when empty). */
  waitMs: number;
}

/** A rolling window of `limit.limit` calls per `limit.windowMs` milliseconds. */
export class RollingWindow {
  #hits: number[] = [];
  constructor(readonly limit: SandboxRateLimit) {}

  /** Counts a call at `now` (ms since the epoch) unless the window is full; see {@link WindowTake}. */
  take(now: number): WindowTake {
    const since = now - this.limit.windowMs;
    this.#hits = this.#hits.filter((t) => t > since);
    const waitMs =
      this.#hits.length > 0 ? Math.max(1, this.#hits[0]! + this.limit.windowMs - now) : this.limit.windowMs;
    if (this.#hits.length >= this.limit.limit) {
      return { allowed: false, used: this.#hits.length, remaining: 0, waitMs };
    }
    this.#hits.push(now);
    return { allowed: true, used: this.#hits.length, remaining: this.limit.limit - this.#hits.length, waitMs };
  }
}

/**
 * Where the vendor path starts in `pathname`: the index of the first of `roots` (the sandbox's
 * top-level paths, e.g. `/crm/`), so `/sandbox/hubspot/crm/v3/...` → the index of `/crm/`; 0 when
 * none occurs (the path is already the vendor's).
 */
export function mountPrefixLength(pathname: string, roots: readonly string[]): number {
  let best = -1;
  for (const root of roots) {
    const i = pathname.indexOf(root);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return Math.max(best, 0);
}

/** `pathname` without the proxy's mount prefix (see {@link mountPrefixLength}). */
export function stripMountPrefix(pathname: string, roots: readonly string[]): string {
  return pathname.slice(mountPrefixLength(pathname, roots));
}

/** A logged request body: parsed JSON, else the text as is; null when empty. */
export function loggedBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Appends a request to `requests` with status 0 (the caller sets the answer's status) and returns
 * the entry. `path` is the vendor path (mount prefix already removed), `query` without the `?`.
 */
export function logRequest(
  requests: SandboxRequestLogEntry[],
  request: { method: string; path: string; query: string; body: unknown },
  at: Date,
): SandboxRequestLogEntry {
  const entry: SandboxRequestLogEntry = { ...request, status: 0, at: at.toISOString() };
  requests.push(entry);
  return entry;
}
