/**
 * What the helpdesk emulators' servers share (proxy/sandbox/<helpdesk>/index.ts): a Hono app that
 * logs every request it answered — tests read the log ("the page loaded the ticket once", "every
 * call carried the orgId") — and that serves only its helpdesk's hosts, as the real one does.
 */
import { type Context, Hono } from 'hono';

/** One request an emulator answered. */
export interface EmulatorRequest {
  method: string;
  /** Path and query, e.g. `/api/v2/tickets/1001?include=requester,company`. */
  path: string;
  status: number;
}

/** How {@link emulatorApp} serves. */
export interface EmulatorAppOptions<R extends EmulatorRequest> {
  /** The log every answered request is appended to (oldest first). */
  requests: R[];
  /** True for a host the emulator serves (`demo.zendesk.com`); other hosts get `wrongHost`. */
  serves(hostname: string): boolean;
  /** The helpdesk's answer on a host it does not serve ("This help center no longer exists"). */
  wrongHost(c: Context): Response | Promise<Response>;
  /** The log entry of an answered request, when the emulator logs more than method, path and status. */
  logEntry?(c: Context, entry: EmulatorRequest): R;
}

/** A Hono app that logs what it answered and refuses other hosts (its routes are the caller's to add). */
export function emulatorApp<R extends EmulatorRequest = EmulatorRequest>(options: EmulatorAppOptions<R>): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    const url = new URL(c.req.url);
    const entry = { method: c.req.method, path: url.pathname + url.search, status: c.res.status };
    options.requests.push(options.logEntry ? options.logEntry(c, entry) : (entry as R));
  });
  app.use('*', async (c, next) => {
    if (!options.serves(new URL(c.req.url).hostname)) return options.wrongHost(c);
    await next();
  });
  return app;
}
