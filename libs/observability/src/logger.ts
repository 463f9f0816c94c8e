import pino, { type Logger, type LevelWithSilent, type LoggerOptions as PinoOptions } from 'pino';
import { CENSOR, redactKeys, scrubLine } from './log-redaction';

/**
 * Paths pino censors in its serialized request objects (pino-http). Everything else is redacted by
 * log-redaction.ts: secret-named fields at any depth, and secret values anywhere in a line.
 */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie'];

/** The pino options every logger of the product shares: redaction by path, by key and by value. */
export function redactionOptions(): Pick<PinoOptions, 'redact' | 'formatters' | 'hooks'> {
  return {
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    formatters: { log: (object) => redactKeys(object) as Record<string, unknown> },
    hooks: { streamWrite: scrubLine },
  };
}

export interface LoggerOptions {
  service: string;
  level: LevelWithSilent;
  /** Also write to this file, rotated at 10 MB keeping 5 files (as the design document's RotatingFileHandler). */
  file?: string;
  /** Write to stdout (default true); the demo keeps stdout for its timeline and logs to the file only. */
  stdout?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, base: { service: options.service }, ...redactionOptions() };
  const stdout = options.stdout ?? true;
  if (!options.file) return stdout ? pino(base) : pino({ ...base, level: 'silent' });
  const transport = pino.transport({
    targets: [
      ...(stdout ? [{ target: 'pino/file', level: options.level, options: { destination: 1 } }] : []),
      {
        target: 'pino-roll',
        level: options.level,
        options: { file: options.file, size: '10m', limit: { count: 5 }, mkdir: true },
      },
    ],
  });
  return pino(base, transport);
}
