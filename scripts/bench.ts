/**
 * `npm run bench`: how fast the sync proxy answers, end to end over HTTP, how fast the sync
 * planner plans, how much memory the proxy holds, and how big the content script is, on this machine.
 *
 * Starts a proxy in-process with a CRM sandbox (HubSpot's unless `--crm <id>` or CRM_PROVIDER names
 * another; its rate limit lifted) and embedded PGlite in
 * a fresh temporary folder — the default single-machine setup — then runs three phases of N
 * requests each, C at a time, every response parsed with the API contract (lib/contracts):
 * 1. `POST /v1/sync` for N new customers (each creates a contact: search, create, link, history);
 * 2. `POST /v1/sync` for the same customers again (stored link, read back, No changes);
 * 3. `POST /v1/lookup` for them (stored link, read back).
 * Prints requests per second and latency percentiles per phase; exits 1 if any request failed.
 * The sandbox answers in-process, so this measures the proxy (planner, database, HTTP), not the CRM.
 * Then:
 * 4. the pure planner (lib/sync `planSync`, the CRM's default mapping and field list) over
 *    --plans customers against records that make every kind of plan (create, fill blanks,
 *    conflicts, no changes, remembered decisions), in plans per second and microseconds per plan;
 * 5. memory: the process's resident set and V8 heap after the HTTP phases (proxy, embedded
 *    database and sandbox all live in this process), and the heap growth from start to end after
 *    a garbage collection when Node runs with --expose-gc;
 * 6. the built content script (`.output/chrome-mv3/content-scripts/sidebar.js`), raw and gzipped,
 *    the code injected into every helpdesk page — or a note to run `npm run build` first.
 *
 * Options: --requests N (default 300), --concurrency C (default 8), --plans N (default 20000),
 * --crm <id> (hubspot, salesforce, ...).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { z } from 'zod';
import {
  type CrmFieldInfo,
  type Customer,
  IDEMPOTENCY_HEADER,
  LookupResult,
  SyncResult,
} from '../lib/contracts/index.ts';
import { type PlannerRecord, planSync, resolveMapping, type SettledDecision } from '../lib/sync/index.ts';
import { crmModule, SUPPORTED_CRM_PROVIDERS, unsetCrmEnv } from '../proxy/crm/index.ts';
import type { CrmProvider } from '../proxy/crm/types.ts';
import { startProxy } from '../proxy/server.ts';
import { BUILD_DIR } from './lib/paths.ts';

const API_KEY = 'bench-api-key';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    plans: { type: 'string', default: '20000' },
    crm: { type: 'string' },
  },
});
const crmId = (args.crm ?? process.env.CRM_PROVIDER ?? 'hubspot').trim().toLowerCase();
if (!SUPPORTED_CRM_PROVIDERS.includes(crmId as never)) {
  console.error(`--crm must be one of ${SUPPORTED_CRM_PROVIDERS.join(', ')} (got ${JSON.stringify(crmId)}).`);
  process.exit(2);
}
const total = Number(args.requests);
const concurrency = Number(args.concurrency);
const plans = Number(args.plans);
if (![total, concurrency, plans].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error('--requests, --concurrency and --plans must be positive whole numbers.');
  process.exit(2);
}

function customer(i: number): Customer {
  return {
    helpdesk: 'zendesk',
    account: 'bench',
    id: String(100_000 + i),
    name: `Bench Person ${i}`,
    email: `bench.person.${i}@example.com`,
    phone: `+1 415 555 ${String(i % 10_000).padStart(4, '0')}`,
    company: 'Bench Industries',
    jobTitle: 'Tester',
  };
}

interface PhaseReport {
  name: string;
  durationsMs: number[];
  failures: string[];
  outcomes: Map<string, number>;
  wallMs: number;
}

/** Runs `count` requests, `concurrency` at a time; `send(i)` returns an outcome label or throws. */
async function phase(name: string, send: (i: number) => Promise<string>): Promise<PhaseReport> {
  const report: PhaseReport = { name, durationsMs: [], failures: [], outcomes: new Map(), wallMs: 0 };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        const outcome = await send(i);
        report.outcomes.set(outcome, (report.outcomes.get(outcome) ?? 0) + 1);
      } catch (error) {
        report.failures.push(`#${i}: ${(error as Error).message}`);
      }
      report.durationsMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  report.wallMs = performance.now() - started;
  return report;
}

async function post<T extends z.ZodType>(url: string, body: unknown, schema: T): Promise<z.infer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${API_KEY}`,
      'content-type': 'application/json',
      [IDEMPOTENCY_HEADER]: randomUUID(),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`response does not fit the contract: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function print(report: PhaseReport): void {
  const sorted = [...report.durationsMs].sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const rate = (report.durationsMs.length / report.wallMs) * 1000;
  const outcomes = [...report.outcomes].map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(
    `${report.name.padEnd(22)} ${rate.toFixed(0).padStart(5)} req/s   p50 ${ms(percentile(sorted, 50))}   ` +
      `p95 ${ms(percentile(sorted, 95))}   p99 ${ms(percentile(sorted, 99))}   max ${ms(sorted.at(-1) ?? Number.NaN)}` +
      `   (${outcomes}${report.failures.length ? `, ${report.failures.length} failed` : ''})`,
  );
  for (const failure of report.failures.slice(0, 5)) console.log(`    ✘ ${failure}`);
}

/**
 * Phase 4: `planSync` for `plans` customers against records that give every kind of plan, with the
 * CRM module's default mapping and the sandbox's field list; prints plans per second and the kinds of plan made.
 */
function planner(provider: CrmProvider, crmFields: ReadonlyMap<string, CrmFieldInfo>): void {
  const mapping = resolveMapping(provider.defaultMapping());
  const crmFieldOf = (field: string) => mapping.find((entry) => entry.field === field)?.crmFields ?? [];
  const [emailField] = crmFieldOf('email');
  const [companyField] = crmFieldOf('company');
  const inputs = Array.from({ length: plans }, (_, i) => {
    const who = customer(i);
    const kind = i % 5; // 0 create, 1 fill blanks, 2 conflict, 3 no changes (settled), 4 conflict remembered
    let record: PlannerRecord | null = null;
    let settled: SettledDecision[] = [];
    if (kind !== 0) {
      const values: Record<string, string | null> = {};
      if (emailField) values[emailField] = who.email?.toUpperCase() ?? null;
      if (kind >= 2 && companyField) values[companyField] = kind === 3 ? who.company! : 'Other Corp';
      record = { id: String(i), values, updatedAt: '2026-01-01T00:00:00.000Z' };
      if (kind === 4 && companyField) {
        settled = [{ field: 'company', chatValue: who.company!, crmValue: 'Other Corp' }];
      }
    }
    return { customer: who, record, settled };
  });
  const kinds = new Map<string, number>();
  const started = performance.now();
  for (const input of inputs) {
    const plan = planSync({
      ...input,
      mapping,
      crmFields,
      providerLabel: crmModule(crmId).label,
      options: { defaultRegion: 'US' },
    });
    const kind = plan.kind === 'update' && plan.conflicts.length > 0 ? 'update+conflicts' : plan.kind;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const ms = performance.now() - started;
  console.log(
    `${'planner (planSync)'.padEnd(22)} ${((plans / ms) * 1000).toFixed(0).padStart(5)} plans/s ` +
      `${((ms * 1000) / plans).toFixed(1)} µs per plan   (${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ')})`,
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Phase 6: the built content script's size, or how to get it. */
function contentScriptSize(): void {
  const file = path.join(BUILD_DIR, 'content-scripts', 'sidebar.js');
  if (!existsSync(file)) {
    console.log(`content script           not built (run \`npm run build\` first; looked for ${file})`);
    return;
  }
  const raw = readFileSync(file);
  console.log(
    `content script           ${(raw.length / 1024).toFixed(1)} kB, ${(gzipSync(raw).length / 1024).toFixed(1)} kB gzipped` +
      ` (${path.relative(process.cwd(), file)})`,
  );
}

async function main(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapAtStart = process.memoryUsage().heapUsed;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crm-sidebar-bench-'));
  const proxy = await startProxy({
    port: 0,
    quiet: true,
    env: {
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PROXY_API_KEY: API_KEY,
      SANDBOX_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'error',
      DATABASE_URL: undefined,
      ...unsetCrmEnv(),
      CRM_PROVIDER: crmId,
    },
  });
  try {
    console.log(
      `Sync proxy ${proxy.url} (${proxy.database.description}, ${crmModule(crmId).label} sandbox in-process); ` +
        `${total} requests per phase, ${concurrency} at a time, Node ${process.version}\n`,
    );
    const reports = [
      await phase(
        'sync (create)',
        async (i) => (await post(`${proxy.url}/v1/sync`, { customer: customer(i) }, SyncResult)).outcome,
      ),
      await phase(
        'sync (again)',
        async (i) => (await post(`${proxy.url}/v1/sync`, { customer: customer(i) }, SyncResult)).outcome,
      ),
      await phase('lookup', async (i) => {
        const found = await post(`${proxy.url}/v1/lookup`, { customer: customer(i) }, LookupResult);
        return found.record ? `found by ${found.matchedBy}` : 'not found';
      }),
    ];
    for (const report of reports) print(report);

    const memory = process.memoryUsage();
    console.log(
      `${'memory (this process)'.padEnd(22)} rss ${megabytes(memory.rss)}, heap used ${megabytes(memory.heapUsed)}` +
        ` of ${megabytes(memory.heapTotal)}, external ${megabytes(memory.external)}`,
    );
    const fields = await proxy.provider.describeFields(proxy.provider.createsObjectType);
    planner(proxy.provider, new Map(fields.map((field) => [field.name, field])));
    contentScriptSize();
    if (gc) {
      gc();
      console.log(
        `${'heap growth'.padEnd(22)} ${megabytes(process.memoryUsage().heapUsed - heapAtStart)} after ` +
          `${total * 3} requests and ${plans} plans (after a full GC)`,
      );
    }
    return reports.some((r) => r.failures.length > 0) ? 1 : 0;
  } finally {
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
