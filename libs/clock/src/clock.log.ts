/** The clock's log lines; Nest's Logger (pino in the services) satisfies it. */
export interface ClockLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const SILENT_CLOCK_LOG: ClockLog = { log: () => undefined, warn: () => undefined, error: () => undefined };
