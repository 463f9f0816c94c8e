import { getContainerRuntimeClient } from 'testcontainers';

interface StartedContainers {
  databaseUrl: string;
  natsUrl: string;
}

const running: { stop(): Promise<unknown> }[] = [];

/** Starts PostgreSQL and NATS (JetStream) containers when a container runtime answers; null otherwise. */
export async function startContainers(): Promise<StartedContainers | null> {
  try {
    await getContainerRuntimeClient();
  } catch {
    return null;
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { NatsContainer } = await import('@testcontainers/nats');
  const [postgres, nats] = await Promise.all([
    new PostgreSqlContainer('postgres:15-alpine').withUsername('postgres').withPassword('postgres').start(),
    new NatsContainer('nats:2.10-alpine').withJetStream().start(),
  ]);
  running.push(postgres, nats);
  const natsOptions = nats.getConnectionOptions();
  const natsServer = Array.isArray(natsOptions.servers) ? natsOptions.servers[0] : natsOptions.servers;
  return { databaseUrl: postgres.getConnectionUri(), natsUrl: `nats://${natsServer}` };
}

export async function stopContainers(): Promise<void> {
  await Promise.all(running.splice(0).map((c) => c.stop()));
}
