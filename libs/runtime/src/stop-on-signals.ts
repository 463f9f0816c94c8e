import type { Logger } from 'pino';

const SHUTDOWN_TIMEOUT_MS = 45_000;

/** SIGTERM/SIGINT drain (in-flight messages finish, the relay ends its batch) and exit 0. */
export function stopOnSignals(name: string, logger: Logger, close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${name}: ${signal} received, draining`);
    const timer = setTimeout(() => {
      logger.error(`${name}: shutdown took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s, exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    close().then(
      () => {
        logger.info(`${name} stopped`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, `${name}: shutdown failed`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
