import 'reflect-metadata';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import express, { type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import { assertOpsSurfaceProtected, ConfigError, httpEnv, loadEnv, logEnv } from '@lifecycle/config';
import { MessagingHealth } from '@lifecycle/messaging';
import { createLogger, MetricsRegistry, OpsTokenGuard, resolveLogFormat, runAsService } from '@lifecycle/observability';
import { DatabaseHealth } from '@lifecycle/persistence';
import { noBody } from './request-bodies';
import { createServiceApp, loadServiceEnv } from './service-app';
import type { ServiceSpec } from './service-spec';
import { stopOnSignals } from './stop-on-signals';

/** The all-in-one process's own variables: one HTTP port for every service (default 8080). */
export const allInOneEnvSchema = z.object({ ...httpEnv(8080), ...logEnv });

/** Paths a service serves besides the ops endpoints; anything else goes to health (the status page). */
const ROUTES: { prefix: string; service: string }[] = [
  { prefix: '/webhooks/mailjet', service: 'notifier' },
  { prefix: '/webhooks/paytr', service: 'billing' },
];

// Five pools in one process: keep the total near what one service would use.
const ALL_IN_ONE_POOL_SIZE = 4;

export interface AllInOne {
  apps: Map<string, INestApplication>;
  port: number;
  close(): Promise<void>;
}

/** The services in one process and one HTTP port: for small installs, the demo and end-to-end tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each spec has its own env type
export async function startAllInOne(specs: ServiceSpec<any>[]): Promise<AllInOne> {
  const hostEnv = loadEnv('all-in-one', allInOneEnvSchema);
  assertOpsSurfaceProtected('all-in-one', hostEnv);
  // One logger for the five services: each line names the service whose work wrote it (runAsService).
  const logger = createLogger({
    service: 'all-in-one',
    shared: true,
    level: hostEnv.LOG_LEVEL,
    file: hostEnv.LOG_FILE,
    stdout: hostEnv.LOG_TO_STDOUT,
    format: resolveLogFormat(hostEnv.LOG_FORMAT),
  });
  const metrics = new MetricsRegistry('all-in-one');
  const apps = new Map<string, INestApplication>();
  let server: Server | undefined;
  const close = async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const app of [...apps.values()].reverse()) await app.close();
  };
  try {
    for (const spec of specs) {
      const env = await loadServiceEnv(spec);
      env.DATABASE_POOL_SIZE = Math.min(env.DATABASE_POOL_SIZE, ALL_IN_ONE_POOL_SIZE);
      // Its timers, subscriptions and connections are made inside, and keep the service's name in their lines.
      const app = await runAsService(spec.service, async () => {
        const created = await createServiceApp(spec, env, logger, { metrics });
        await created.init();
        return created;
      });
      apps.set(spec.service, app);
    }
    const host = hostApp(apps, metrics, hostEnv.OPS_TOKEN);
    server = await new Promise<Server>((resolve, reject) => {
      const listening = host.listen(hostEnv.HTTP_PORT, hostEnv.HTTP_HOST, () => resolve(listening)).once('error', reject);
    });
    logger.info({ port: hostEnv.HTTP_PORT, services: [...apps.keys()] }, 'all-in-one started');
    return { apps, port: hostEnv.HTTP_PORT, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each spec has its own env type
export async function runAllInOne(specs: ServiceSpec<any>[]): Promise<void> {
  const logger = createLogger({ service: 'all-in-one', level: 'info' });
  try {
    const running = await startAllInOne(specs);
    stopOnSignals('all-in-one', logger, running.close);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    logger.fatal({ err: error }, `all-in-one failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

function hostApp(apps: Map<string, INestApplication>, metrics: MetricsRegistry, opsToken: string | undefined): express.Express {
  const host = express();
  host.disable('x-powered-by');
  const guard = new OpsTokenGuard(opsToken);
  host.get('/healthz', noBody, (_req, res) => void res.json({ status: 'ok' }));
  host.get('/readyz', noBody, (_req, res, next) => void readiness(apps).then((body) => res.status(body.status === 'ok' ? 200 : 503).json(body), next));
  host.get('/metrics', noBody, (req, res, next) => {
    try {
      guard.canActivate({ switchToHttp: () => ({ getRequest: () => req }) } as never);
    } catch {
      return void res.status(401).json({ message: 'a valid OPS_TOKEN bearer token is required' });
    }
    metrics.registry.metrics().then((text) => res.type('text/plain; version=0.0.4').send(text), next);
  });
  host.use((req: Request, res: Response, next: NextFunction) => {
    const route = ROUTES.find((r) => req.path.startsWith(r.prefix));
    const service = route?.service ?? 'health';
    const target = apps.get(service);
    if (!target) return next();
    return runAsService(service, () => (target.getHttpAdapter().getInstance() as express.Express)(req, res, next));
  });
  return host;
}

async function readiness(apps: Map<string, INestApplication>): Promise<{ status: string; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  await Promise.all(
    [...apps].flatMap(([service, app]) =>
      [app.get(DatabaseHealth), app.get(MessagingHealth)].map(async (check) => {
        checks[`${service}.${check.name}`] = (await check.isReady().catch(() => false)) ? 'up' : 'down';
      }),
    ),
  );
  return { status: Object.values(checks).every((v) => v === 'up') ? 'ok' : 'error', checks };
}
