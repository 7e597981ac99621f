/**
 * Helpdesk emulators (proxy/sandbox/<helpdesk>): stateful stand-ins for a helpdesk's agent pages and
 * same-origin API, served into a browser at the helpdesk's real URLs by Playwright routing
 * (scripts/lib/helpdesk-route.ts). One `HelpdeskSandboxModule` per helpdesk, listed once in
 * `HELPDESK_SANDBOXES` below; the demo (`npm run demo -- --helpdesk <id>`) and the browser tests
 * pick from this list.
 *
 * Every emulator seeds the same demo customers (agreement §5 of the build notes: tickets 1001–1008:
 * Mary Jane Watson, Priya Patel, Jonas Berg, Sam Lee, Dana Cruz, the `<img …>` name, Anonymous
 * visitor, Olivia Stone) so the demo walk works on any helpdesk; `ticketUrl(1003)` is the agent's
 * page of the Jonas Berg ticket in that helpdesk, whatever its own ids look like.
 */
import type { HelpdeskId } from '../../lib/contracts/index.ts';
import type { FetchLike } from '../crm/types.ts';
import { createZendeskSandbox, DEMO_ZENDESK_ACCOUNT } from './zendesk/index.ts';
import { freshdeskSandboxModule } from './freshdesk/index.ts';
import { gorgiasSandboxModule } from './gorgias/index.ts';
import { zohodeskSandboxModule } from './zohodesk/index.ts';
import { customdeskSandboxModule } from './customdesk/index.ts';
import { helpscoutSandboxModule } from './helpscout/index.ts';
import { frontSandboxModule } from './front/index.ts';
import { intercomSandboxModule } from './intercom/index.ts';

/** A running helpdesk emulator. */
export interface HelpdeskSandbox {
  /** Answers a request for any URL the module's `urlPatterns` match, in-process. */
  fetch: FetchLike;
  /** The agent's page of demo ticket `demoTicket` (1001–1008, see the module comment). */
  ticketUrl(demoTicket: number): string;
  /** Back to the seed. */
  reset(): void;
}

export interface HelpdeskSandboxModule {
  id: HelpdeskId;
  label: string;
  /** Playwright URL globs the emulator answers (e.g. `https://*.zendesk.com/**`). */
  urlPatterns: readonly string[];
  create(): HelpdeskSandbox;
}

export const zendeskSandboxModule: HelpdeskSandboxModule = {
  id: 'zendesk',
  label: 'Zendesk',
  urlPatterns: ['https://*.zendesk.com/**'],
  create: () => createZendeskSandbox({ account: DEMO_ZENDESK_ACCOUNT }),
};

/** Every helpdesk emulator, one line each. */
export const HELPDESK_SANDBOXES: readonly HelpdeskSandboxModule[] = [
  zendeskSandboxModule,
  freshdeskSandboxModule,
  gorgiasSandboxModule,
  zohodeskSandboxModule,
  customdeskSandboxModule,
  helpscoutSandboxModule,
  frontSandboxModule,
  intercomSandboxModule,
];

/** The emulator of helpdesk `id`, or undefined. */
export function findHelpdeskSandbox(id: string): HelpdeskSandboxModule | undefined {
  return HELPDESK_SANDBOXES.find((module) => module.id === id);
}
