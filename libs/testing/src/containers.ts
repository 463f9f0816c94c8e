import { hostname } from 'node:os';
import { GenericContainer, getContainerRuntimeClient, Wait, type ContainerRuntimeClient } from 'testcontainers';

interface StartedContainers {
  databaseUrl: string;
  natsUrl: string;
}

/**
 * The images of the test containers: the upstream ones unless POSTGRES_IMAGE / NATS_IMAGE name others
 * (the same variables docker-compose.yml reads; `scripts/container-images.sh --env` prints the local
 * stand-ins of a machine without an image registry).
 */
export const CONTAINER_IMAGES = {
  postgres: { variable: 'POSTGRES_IMAGE', upstream: 'postgres:15-alpine' },
  nats: { variable: 'NATS_IMAGE', upstream: 'nats:2.10-alpine' },
} as const;

/** Marks the containers of this harness with the process that owns them, for the cleanup below. */
export const OWNER_LABEL = 'io.lifecycle.test-owner';

export function containerImage(kind: keyof typeof CONTAINER_IMAGES, env: NodeJS.ProcessEnv = process.env): string {
  const { variable, upstream } = CONTAINER_IMAGES[kind];
  return env[variable]?.trim() || upstream;
}

const NATS_PORT = 4222;
const running: { stop(): Promise<unknown> }[] = [];

/** Starts PostgreSQL and NATS (JetStream) containers when a container runtime answers; null otherwise. */
export async function startContainers(): Promise<StartedContainers | null> {
  // A local engine's published ports answer on the loopback address. testcontainers would say the
  // bridge gateway when it finds itself in a container (/.dockerenv), as on a sandboxed CI machine.
  if (!/^(tcp|https?|ssh):/.test(process.env.DOCKER_HOST ?? '')) process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  let client: ContainerRuntimeClient;
  try {
    client = await getContainerRuntimeClient();
  } catch {
    return null;
  }
  // Ryuk (testcontainers' reaper) is an image of its own that a machine without a registry lacks: it is
  // off unless asked for, and the harness cleans up itself: globalTeardown stops the containers, and a
  // run that was killed before that has its containers removed by the next run (reapOrphans).
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  await reapOrphans(client);
  const labels = { [OWNER_LABEL]: ownerId(process.pid) };
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const [postgres, nats] = await Promise.allSettled([
    withImageHint('postgres', (image) => new PostgreSqlContainer(image).withLabels(labels).withUsername('postgres').withPassword('postgres').start()),
    // Not @testcontainers/nats' NatsContainer: it always sets a user and password, and the services take
    // a bare NATS_URL (nats.js v3 reads no credentials from the URL). Same port and wait strategy.
    withImageHint('nats', (image) =>
      new GenericContainer(image).withLabels(labels).withCommand(['-js']).withExposedPorts(NATS_PORT)
        .withWaitStrategy(Wait.forLogMessage(/Server is ready/)).withStartupTimeout(120_000).start()),
  ]);
  // What did start is stopped when the other one fails.
  for (const started of [postgres, nats]) if (started.status === 'fulfilled') running.push(started.value);
  if (postgres.status === 'rejected' || nats.status === 'rejected') {
    await stopContainers();
    throw postgres.status === 'rejected' ? postgres.reason : (nats as PromiseRejectedResult).reason;
  }
  const databaseUrl = new URL(postgres.value.getConnectionUri());
  databaseUrl.hostname = loopback(databaseUrl.hostname);
  return { databaseUrl: databaseUrl.toString(), natsUrl: `nats://${loopback(nats.value.getHost())}:${nats.value.getMappedPort(NATS_PORT)}` };
}

export async function stopContainers(): Promise<void> {
  await Promise.all(running.splice(0).map((c) => c.stop()));
}

/** testcontainers says `localhost` for a local engine: the published ports answer on 127.0.0.1, as the local services do. */
function loopback(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host;
}

async function withImageHint<T>(kind: keyof typeof CONTAINER_IMAGES, start: (image: string) => Promise<T>): Promise<T> {
  const image = containerImage(kind);
  try {
    return await start(image);
  } catch (error) {
    const { variable } = CONTAINER_IMAGES[kind];
    throw new Error(
      `testcontainers could not start ${kind} from image "${image}": ${(error as Error).message}\n` +
        `Set ${variable} to an image this engine has (scripts/container-images.sh builds local stand-ins: ` +
        `eval "$(scripts/container-images.sh --env)"), or LC_TEST_CONTAINERS=off to use the local services.`,
    );
  }
}

function ownerId(pid: number): string {
  return `${hostname()}:${pid}`;
}

/** Removes the containers of earlier runs on this host whose owning process is gone. */
export async function reapOrphans(client: ContainerRuntimeClient): Promise<string[]> {
  const containers = await client.container.dockerode.listContainers({ all: true, filters: { label: [OWNER_LABEL] } });
  const orphans = containers.filter((c) => {
    const [host, pid] = (c.Labels[OWNER_LABEL] ?? '').split(':');
    return host === hostname() && !isAlive(Number(pid));
  });
  await Promise.all(orphans.map((c) => client.container.dockerode.getContainer(c.Id).remove({ force: true, v: true })));
  return orphans.map((c) => c.Id);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
