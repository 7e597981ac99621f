/**
 * A small leveled logger for the proxy: one line per event, `time LEVEL message {context}` to
 * stderr (warnings and errors) or stdout. Secrets never go in here: callers log key labels, never
 * keys or tokens.
 */
import type { LogLevel } from './env.ts';

export type LogContext = Record<string, unknown>;

export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; defaults to process.stdout / process.stderr. Tests pass an array's push. */
  write?: (line: string, level: Exclude<LogLevel, 'silent'>) => void;
  /** Clock for the timestamp (tests). */
  now?: () => Date;
}

/** Creates a logger that drops events below `level` (`silent` drops everything). */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = RANK[options.level];
  const now = options.now ?? (() => new Date());
  const write =
    options.write ??
    ((line: string, level: Exclude<LogLevel, 'silent'>) =>
      (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(`${line}\n`));
  const emit = (level: Exclude<LogLevel, 'silent'>) => (message: string, context?: LogContext) => {
    if (RANK[level] < threshold) return;
    const extra = context && Object.keys(context).length > 0 ? ` ${safeJson(context)}` : '';
    write(`${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${extra}`, level);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ level: 'silent' });

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v,
    );
  } catch {
    return '[unserialisable context]';
  }
}
