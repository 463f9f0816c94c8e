import pino, { type Logger, type LevelWithSilent, type LoggerOptions as PinoOptions } from 'pino';
import { CENSOR, redactKeys, scrubLine } from './log-redaction';
import { prettyLine } from './pretty-lines';
import { currentService } from './service-context';

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

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  /** The service every line names; in the all-in-one process, the default for work outside any service. */
  service: string;
  level: LevelWithSilent;
  /** Also write to this file, rotated at 10 MB keeping 5 files (as the design document's RotatingFileHandler). */
  file?: string;
  /** Write to stdout (default true); the demo keeps stdout for its timeline and logs to the file only. */
  stdout?: boolean;
  /** stdout's format (default json); the file is always JSON. */
  format?: LogFormat;
  /** Several services share this logger (all-in-one): each line names the service whose work wrote it (service-context.ts). */
  shared?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const base: PinoOptions = {
    level: options.level,
    ...redactionOptions(),
    ...(options.shared
      ? { base: {}, mixin: () => ({ service: currentService() ?? options.service }) }
      : { base: { service: options.service } }),
  };
  const stdout = options.stdout ?? true;
  const pretty = options.format === 'pretty';
  if (!options.file) {
    if (!stdout) return pino({ ...base, level: 'silent' });
    return pretty ? pino(base, { write: (line: string) => void process.stdout.write(prettyLine(line, process.stdout.isTTY === true)) }) : pino(base);
  }
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

/** `auto`: pretty when stdout is a terminal, JSON elsewhere (a pipe, a file, journald, a container log). */
export function resolveLogFormat(setting: 'auto' | LogFormat): LogFormat {
  if (setting !== 'auto') return setting;
  return process.stdout.isTTY ? 'pretty' : 'json';
}
