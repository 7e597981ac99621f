/**
 * `npm test`: every test suite of the project, in order, each run whatever happened before it:
 *
 * 1. `vitest run` — all projects (unit, components, helpdesks, proxy), the proxy's on embedded PGlite,
 *    readable output here and a JSON report in test-results/vitest.json;
 * 2. the proxy's database-backed test files once more against a real PostgreSQL server, when
 *    `TEST_DATABASE_URL` names one (`postgres://user:pass@127.0.0.1:5432/db`, a user allowed to
 *    CREATE DATABASE; each file gets a fresh database there, dropped after it — see
 *    tests/proxy/support/db.ts). Without it, or when the server does not answer, this step is
 *    skipped with a note — unless `TEST_DATABASE_REQUIRED=1` (.ci/run), which makes that a failure;
 * 3. `wxt build` — the Chrome extension the browser tests load (and its content-script size, gzipped);
 * 4. `playwright test` — the browser tests (tests/e2e) against the built extension, list output here
 *    and a JSON report in test-results/e2e.json.
 *
 * Then it prints each suite's counts and, as its last line, `N passed, N failed` summed over every
 * test of every suite; a suite that crashed or wrote no report counts as (at least) one failure,
 * named above that line. The totals also go to test-results/summary.json (for .ci/run). Exits 1 if
 * anything failed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { z } from 'zod';
import { BUILD_DIR, E2E_REPORT, RESULTS_DIR, ROOT, SUMMARY_FILE, VITEST_REPORT } from './lib/paths.ts';
import { binScript, buildExtension, runNode } from './lib/run.ts';

/** One line of the summary. `problems` name what failed without being a counted test (crash, no report). */
interface SuiteSummary {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  notes: string[];
  problems: string[];
}

const VitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number().default(0),
  numTodoTests: z.number().default(0),
  success: z.boolean().optional(),
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      message: z.string().optional(),
      assertionResults: z.array(z.object({ status: z.string(), fullName: z.string().optional() })),
    }),
  ),
});

const PlaywrightReport = z.object({
  stats: z.object({
    expected: z.number(),
    unexpected: z.number(),
    flaky: z.number(),
    skipped: z.number(),
    duration: z.number().optional(),
  }),
  errors: z.array(z.object({ message: z.string().optional() }).loose()).default([]),
});

function newSuite(name: string): SuiteSummary {
  return { name, passed: 0, failed: 0, skipped: 0, notes: [], problems: [] };
}

/** Records a failure that is not a counted test (crash, missing report): one failure, named. */
function fail(suite: SuiteSummary, problem: string): SuiteSummary {
  suite.failed = Math.max(suite.failed, 1);
  suite.problems.push(problem);
  return suite;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function firstLine(text: string | undefined): string {
  return (
    stripVTControlCharacters(text ?? '')
      .trim()
      .split('\n')[0] ?? ''
  );
}

/** vitest's JSON report of the PostgreSQL pass. */
const VITEST_POSTGRES_REPORT = path.join(RESULTS_DIR, 'vitest-postgres.json');

/** Runs `vitest run <args>` and reads its JSON report into `suite` (counts per project folder, files that failed to load). */
async function runVitestInto(
  suite: SuiteSummary,
  reportFile: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<SuiteSummary> {
  const run = await runNode(
    binScript('vitest', 'vitest'),
    ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`],
    { env },
  );
  if (!existsSync(reportFile)) return fail(suite, `vitest wrote no report (exit code ${run.code ?? run.signal})`);
  const parsed = VitestReport.safeParse(readJson(reportFile));
  if (!parsed.success) {
    return fail(suite, `vitest's report is not in the expected format: ${parsed.error.issues[0]?.message}`);
  }
  const report = parsed.data;
  suite.passed = report.numPassedTests;
  suite.failed = report.numFailedTests;
  suite.skipped = report.numPendingTests + report.numTodoTests;

  const byProject = new Map<string, { passed: number; failed: number }>();
  for (const file of report.testResults) {
    const rel = path.relative(process.cwd(), file.name);
    const project = /^tests[\\/]([^\\/]+)/.exec(rel)?.[1] ?? 'other';
    const counts = byProject.get(project) ?? { passed: 0, failed: 0 };
    for (const a of file.assertionResults) {
      if (a.status === 'passed') counts.passed++;
      if (a.status === 'failed') counts.failed++;
    }
    byProject.set(project, counts);
    // A file that failed to load (syntax error, failing hook) has no failed test to show for it.
    const failedTests = file.assertionResults.filter((a) => a.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) {
      suite.failed++;
      suite.problems.push(`${rel} failed to run: ${firstLine(file.message)}`);
    }
  }
  suite.notes.push(
    [...byProject]
      .map(([project, c]) => `${project} ${c.passed}${c.failed ? ` (+${c.failed} failed)` : ''}`)
      .join(', '),
  );
  if (run.code !== 0 && suite.failed === 0) {
    fail(suite, `vitest exited with code ${run.code ?? run.signal} although no test failed (see its output above)`);
  }
  return suite;
}

async function runVitest(): Promise<SuiteSummary> {
  // The first pass is the embedded database's, whatever the shell has set.
  return runVitestInto(newSuite('vitest (unit, components, helpdesks, proxy)'), VITEST_REPORT, [], {
    TEST_DATABASE_URL: undefined,
  });
}

/**
 * The proxy test files that open the test database (through `useTestDatabase`, `useProxy` or
 * `useConformanceDatabase`): the ones whose outcome depends on the database engine. Found by
 * reading tests/proxy, so a new database-backed test file is included without a list to keep.
 */
function databaseTestFiles(): string[] {
  const dir = path.join(ROOT, 'tests', 'proxy');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .filter((file) =>
      /\b(useTestDatabase|useProxy|useConformanceDatabase)\(/.test(readFileSync(path.join(dir, file), 'utf8')),
    );
  return files.map((file) => path.posix.join('tests/proxy', file.split(path.sep).join('/'))).sort();
}

/** Whether PostgreSQL answers at `url`; the reason when it does not. */
async function reachable(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    await client.end().catch(() => {});
  }
}

/** host:port/database of a connection URL, never the password. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'TEST_DATABASE_URL';
  }
}

async function runVitestPostgres(): Promise<SuiteSummary> {
  const suite = newSuite('proxy database tests on PostgreSQL');
  const url = process.env.TEST_DATABASE_URL?.trim();
  const required = process.env.TEST_DATABASE_REQUIRED === '1';
  const skip = (reason: string): SuiteSummary => {
    if (required) return fail(suite, `${reason} (and TEST_DATABASE_REQUIRED=1)`);
    console.log(`\nSkipped the proxy's PostgreSQL pass: ${reason}.`);
    return { ...suite, notes: [`skipped: ${reason}`] };
  };
  if (!url) {
    return skip(
      'TEST_DATABASE_URL is not set (e.g. postgres://user:pass@127.0.0.1:5432/db, a user allowed to CREATE DATABASE)',
    );
  }
  const check = await reachable(url);
  if (!check.ok) return skip(`PostgreSQL at ${describeUrl(url)} (TEST_DATABASE_URL) does not answer: ${check.reason}`);
  const files = databaseTestFiles();
  console.log(`\nRunning ${files.length} proxy test files against PostgreSQL at ${describeUrl(url)}…`);
  const started = Date.now();
  await runVitestInto(suite, VITEST_POSTGRES_REPORT, ['--project', 'proxy', ...files], { TEST_DATABASE_URL: url });
  suite.notes.push(`${files.length} files, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return suite;
}

async function runBuild(): Promise<SuiteSummary> {
  const suite = newSuite('extension build (wxt build)');
  const run = await buildExtension();
  if (run.code !== 0) return fail(suite, `wxt build failed (exit code ${run.code ?? run.signal})`);
  const contentScript = path.join(BUILD_DIR, 'content-scripts', 'sidebar.js');
  if (existsSync(contentScript)) {
    const raw = readFileSync(contentScript);
    suite.notes.push(
      `content script ${(raw.length / 1024).toFixed(1)} kB, ${(gzipSync(raw).length / 1024).toFixed(1)} kB gzipped`,
    );
  }
  return suite;
}

async function runPlaywright(): Promise<SuiteSummary> {
  const suite = newSuite('browser tests (playwright)');
  const run = await runNode(binScript('@playwright/test', 'playwright'), ['test']);
  if (!existsSync(E2E_REPORT)) return fail(suite, `playwright wrote no report (exit code ${run.code ?? run.signal})`);
  const parsed = PlaywrightReport.safeParse(readJson(E2E_REPORT));
  if (!parsed.success) {
    return fail(suite, `playwright's report is not in the expected format: ${parsed.error.issues[0]?.message}`);
  }
  const { stats, errors } = parsed.data;
  suite.passed = stats.expected + stats.flaky;
  suite.failed = stats.unexpected;
  suite.skipped = stats.skipped;
  if (stats.flaky > 0) suite.notes.push(`${stats.flaky} passed only on retry (flaky)`);
  if (stats.duration !== undefined) suite.notes.push(`${(stats.duration / 1000).toFixed(0)} s`);
  for (const e of errors) suite.problems.push(`playwright: ${firstLine(e.message)}`);
  if (errors.length > 0) suite.failed = Math.max(suite.failed, 1);
  if (suite.failed === 0 && run.code !== 0) fail(suite, `playwright exited with code ${run.code ?? run.signal}`);
  if (suite.passed + suite.failed === 0) fail(suite, 'playwright ran no test');
  return suite;
}

async function main(): Promise<number> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const f of [VITEST_REPORT, VITEST_POSTGRES_REPORT, E2E_REPORT, SUMMARY_FILE]) rmSync(f, { force: true });
  const started = Date.now();

  const suites: SuiteSummary[] = [];
  for (const step of [runVitest, runVitestPostgres, runBuild, runPlaywright]) {
    try {
      suites.push(await step());
    } catch (error) {
      suites.push(fail(newSuite(step.name), `crashed: ${(error as Error).message}`));
    }
  }

  const passed = suites.reduce((n, s) => n + s.passed, 0);
  const failed = suites.reduce((n, s) => n + s.failed, 0);
  console.log('\n──────── npm test summary ────────');
  for (const s of suites) {
    const ran = s.passed + s.failed + s.skipped > 0 || s.problems.length > 0;
    const counts = s.name.startsWith('extension build')
      ? s.failed
        ? 'FAILED'
        : 'ok'
      : ran
        ? `${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`
        : 'not run';
    const mark = s.failed ? '✘' : ran ? '✔' : '–';
    console.log(`${mark} ${s.name}: ${counts}${s.notes.length ? ` — ${s.notes.join('; ')}` : ''}`);
    for (const p of s.problems) console.log(`    ✘ ${p}`);
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  writeFileSync(SUMMARY_FILE, `${JSON.stringify({ passed, failed, suites }, null, 2)}\n`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
