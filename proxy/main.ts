/**
 * `npm run proxy`: starts the sync proxy from the environment (see proxy/env.ts) and stops it
 * cleanly on SIGINT/SIGTERM (server closed, database closed). A bad configuration or a failed
 * start prints what is wrong and exits with status 1. `npm run proxy -- --help` lists the
 * variables, every CRM's included (from each CRM module's `envVars`).
 */
import { CRM_MODULES, CrmConfigError } from './crm/index.ts';
import { DatabaseError } from './db/index.ts';
import { ConfigError } from './env.ts';
import { type RunningProxy, StartupError, startProxy } from './server.ts';

/** The text of `--help`: the proxy's own variables and each CRM's. */
function helpText(): string {
  const general: [string, string][] = [
    ['HOST', 'interface to listen on (default 127.0.0.1)'],
    ['PORT', 'TCP port (default 8787; 0 = any free port)'],
    ['DATA_DIR', 'embedded database folder (default ./.data), unless DATABASE_URL'],
    ['DATABASE_URL', 'postgres:// URL of a PostgreSQL server'],
    ['PROXY_API_KEY', 'the API key the extension sends; required with a real CRM'],
    ['CRM_PROVIDER', `which CRM: ${CRM_MODULES.map((m) => m.id).join(', ')} (default hubspot)`],
    ['DEFAULT_REGION', 'region for phone numbers without a country code (default US)'],
    ['SANDBOX_RATE_LIMIT', 'sandbox requests per 10 s before it answers 429'],
    ['PUBLIC_URL', "the proxy's URL as browsers reach it (sandbox record links)"],
    ['LOG_LEVEL', 'debug, info, warn, error or silent (default info)'],
  ];
  const width = Math.max(
    ...[...general, ...CRM_MODULES.flatMap((m) => Object.entries(m.envVars))].map(([k]) => k.length),
  );
  const line = ([name, meaning]: [string, string]) => `  ${name.padEnd(width)}  ${meaning}`;
  return [
    'Usage: npm run proxy   (configured by environment variables)',
    '',
    "Without credentials for the chosen CRM the proxy runs that CRM's sandbox.",
    '',
    ...general.map(line),
    ...CRM_MODULES.flatMap((module) => [
      '',
      `${module.label} (CRM_PROVIDER=${module.id}):`,
      ...Object.entries(module.envVars).map(line),
    ]),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(helpText());
    return;
  }
  let proxy: RunningProxy;
  try {
    proxy = await startProxy();
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof CrmConfigError ||
      error instanceof DatabaseError ||
      error instanceof StartupError
    ) {
      process.stderr.write(`The sync proxy did not start.\n${error.message}\n`);
    } else {
      process.stderr.write(`The sync proxy did not start: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
    return;
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`Received ${signal} again; exiting now.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`Received ${signal}; stopping the sync proxy…\n`);
    proxy.close().then(
      () => {
        process.stdout.write('Stopped.\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Error while stopping: ${(error as Error)?.message ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
