import pino, { type Logger, type LevelWithSilent } from 'pino';

/** Paths never written to a log line (ARCHITECTURE.md: no log line carries a secret). */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'pass',
  '*.pass',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'apiSecret',
  '*.apiSecret',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'password_hash',
  '*.password_hash',
  'code_server_password',
  '*.code_server_password',
  'codeServerPassword',
  '*.codeServerPassword',
];

export interface LoggerOptions {
  service: string;
  level: LevelWithSilent;
  /** Also write to this file, rotated at 10 MB keeping 5 files (as the design document's RotatingFileHandler). */
  file?: string;
  /** Write to stdout (default true); the demo keeps stdout for its timeline and logs to the file only. */
  stdout?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, base: { service: options.service }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
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
