/**
 * The second way in for adapters that read their helpdesk's API first (Freshdesk, Gorgias, Zoho
 * Desk): when the API gives no customer — refused, rate limited, changed — the customer widget the
 * page itself shows beside the ticket is read instead (text only, through `dom.ts`).
 *
 * Two rules keep that honest:
 * - a ticket the API says does not exist (`not_found`) is reported as such, never read from a page
 *   that may still show the previous ticket;
 * - a page that shows another ticket than the one being read (the agent moved on) gives nothing.
 * When the page shows no customer either, the API's reason is what the agent sees.
 */
import { Customer, type HelpdeskId } from '../contracts/customer.ts';
import { queryFirst, type SelectorList } from './dom.ts';
import type { DetectedTicket, ReadContext, ReadResult } from './types.ts';
import { readError } from './types.ts';

/** The fields a customer widget shows; the id comes from its profile link, the rest is not shown. */
export type WidgetFields = Pick<
  Customer,
  'name' | 'email' | 'phone' | 'company' | 'jobTitle' | 'location' | 'timeZone'
>;

/** How one helpdesk's customer widget is found and read. */
export interface CustomerWidget {
  helpdesk: HelpdeskId;
  /** The widget beside the ticket, newest markup first. */
  widget: SelectorList;
  /** The link to the person's page inside the widget… */
  profileLink: SelectorList;
  /** …and the pattern over its `href` whose first group is the person's id. */
  profileId: RegExp;
  /** The fields the widget shows (text only; null when not shown). */
  read(widget: Element): WidgetFields;
  /** True when the page shows another ticket than `ticket` (see `showsOtherTicket`). */
  showsAnotherTicket(document: Document, ticket: DetectedTicket): boolean;
}

/**
 * True when `document`'s address is a page of the helpdesk (`isHelpdeskHost`) that is not
 * `ticket` (another ticket, or a list): the agent navigated while the API was answering.
 */
export function showsOtherTicket(
  document: Document,
  ticket: DetectedTicket,
  isHelpdeskHost: (hostname: string) => boolean,
  detect: (url: URL) => DetectedTicket | null,
): boolean {
  let shown: URL;
  try {
    shown = new URL(document.URL);
  } catch {
    return false;
  }
  return isHelpdeskHost(shown.hostname) && detect(shown)?.ticketId !== ticket.ticketId;
}

/**
 * The customer as `spec`'s widget shows it for `ticket`, or null when the page shows none of this
 * ticket: another ticket on screen, no widget, no profile link with an id, values the `Customer`
 * contract refuses, or none of name, email and phone.
 */
export function customerFromWidget(document: Document, ticket: DetectedTicket, spec: CustomerWidget): Customer | null {
  if (spec.showsAnotherTicket(document, ticket)) return null;
  const widget = queryFirst(document, spec.widget);
  if (!widget) return null;
  const href = queryFirst(widget, spec.profileLink)?.getAttribute('href') ?? '';
  const id = spec.profileId.exec(href)?.[1];
  if (!id) return null;
  const parsed = Customer.safeParse({
    helpdesk: spec.helpdesk,
    account: ticket.account,
    id,
    ...spec.read(widget),
    notes: null,
    updatedAt: null,
  });
  if (!parsed.success) return null;
  const c = parsed.data;
  return c.name || c.email || c.phone ? c : null;
}

/** Polls `probe` every 200 ms until it answers (non-null), `waitMs` passes or `signal` aborts; its last answer. */
export async function poll<T>(probe: () => T | null, waitMs: number, signal: AbortSignal): Promise<T | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const found = probe();
    if (found !== null || signal.aborted || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(0, deadline - Date.now()))));
  }
}

/** What {@link readApiThenPage} needs besides the API read. */
export interface ApiThenPageOptions {
  /** The helpdesk's name, for the error of an API read that threw. */
  label: string;
  /** The page's customer widget. */
  widget: CustomerWidget;
  /** Longest wait for the widget when the API gives no customer (ms). */
  pageWaitMs: number;
}

/**
 * A `readCustomer` that runs `readFromApi` (a throw becomes `unreadable` "unexpected error (…)")
 * and, when that fails for any reason but `not_found` and the page is at hand, waits up to
 * `pageWaitMs` for the page's customer widget. It answers the page's customer (no actor), or the
 * API's failure when the page shows none. Never throws.
 */
export function readApiThenPage(
  readFromApi: (ctx: ReadContext) => Promise<ReadResult>,
  options: ApiThenPageOptions,
): (ctx: ReadContext) => Promise<ReadResult> {
  return async (ctx) => {
    let result: ReadResult;
    try {
      result = await readFromApi(ctx);
    } catch (error) {
      result = readError(options.label, 'unreadable', `unexpected error (${String(error)}).`);
    }
    if (result.ok || result.error.code === 'not_found' || !ctx.document) return result;
    const document = ctx.document;
    const fromPage = await poll(
      () => customerFromWidget(document, ctx.ticket, options.widget),
      options.pageWaitMs,
      ctx.signal,
    );
    return fromPage ? { ok: true, customer: fromPage } : result;
  };
}
