import { connect, type NatsConnection } from '@nats-io/transport-node';

export interface NatsConnectionOptions {
  url: string;
  name: string;
  user?: string;
  pass?: string;
  token?: string;
  /** How long the first connection may take before giving up; reconnects after that are unlimited. */
  connectTimeoutMs?: number;
}

/** The first connection failed; names the servers (credentials removed) and the variable, as a bad value would. */
export class NatsUnreachableError extends Error {
  constructor(servers: string, cause: unknown) {
    super(`cannot connect to NATS at ${servers} (NATS_URL): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'NatsUnreachableError';
  }
}

function withoutCredentials(urls: string): string {
  return urls
    .split(',')
    .map((u) => u.trim().replace(/\/\/[^@/]*@/, '//'))
    .join(',');
}

/** Connects with unlimited reconnects; callers drain on shutdown. */
export async function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  try {
    return await connectOnce(options);
  } catch (error) {
    throw new NatsUnreachableError(withoutCredentials(options.url), error);
  }
}

function connectOnce(options: NatsConnectionOptions): Promise<NatsConnection> {
  return connect({
    servers: options.url.split(',').map((s) => s.trim()),
    name: options.name,
    user: options.user,
    pass: options.pass,
    token: options.token,
    timeout: options.connectTimeoutMs ?? 5_000,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    waitOnFirstConnect: false,
  });
}

/** Drains (flushing pending acks and publishes) and closes; falls back to a plain close when draining hangs. */
export async function closeNats(nc: NatsConnection, timeoutMs = 10_000): Promise<void> {
  if (nc.isClosed()) return;
  if (nc.isDraining()) {
    await nc.closed();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    nc.drain().then(
      () => true,
      () => false,
    ),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (!drained && !nc.isClosed()) await nc.close();
}
