/**
 * `npm run proxy`: starts the sync proxy from the environment (see proxy/env.ts) and stops it
 * cleanly on SIGINT/SIGTERM (server closed, database closed). A bad configuration or a failed
 * start prints what is wrong and exits with status 1.
 */
import { DatabaseError } from './db/index.ts';
import { ConfigError } from './env.ts';
import { type RunningProxy, StartupError, startProxy } from './server.ts';

async function main(): Promise<void> {
  let proxy: RunningProxy;
  try {
    proxy = await startProxy();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseError || error instanceof StartupError) {
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
