import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which service a piece of work belongs to, for the all-in-one process: its five services share one
 * logger (Nest's loggers are process-wide), so each line takes its `service` from the async context the
 * work started in. A service's boot runs inside `runAsService`, and so do its timers, NATS subscriptions
 * and HTTP requests, which inherit the context.
 */
const current = new AsyncLocalStorage<string>();

export function runAsService<T>(service: string, work: () => T): T {
  return current.run(service, work);
}

export function currentService(): string | undefined {
  return current.getStore();
}
