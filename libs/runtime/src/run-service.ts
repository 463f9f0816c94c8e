import 'reflect-metadata';
import type { z } from 'zod';
import { createLogger, resolveLogFormat } from '@lifecycle/observability';
import { createServiceApp, loadServiceEnv } from './service-app';
import type { ServiceSpec } from './service-spec';
import { stopOnSignals } from './stop-on-signals';

export type { ServiceSpec } from './service-spec';

/** Boots one service as its own process: env → logger → Nest app with the JetStream transport → HTTP. */
export async function runService<S extends z.ZodObject>(spec: ServiceSpec<S>): Promise<void> {
  const env = await loadServiceEnv(spec);
  const logger = createLogger({
    service: spec.service,
    level: env.LOG_LEVEL,
    file: env.LOG_FILE,
    stdout: env.LOG_TO_STDOUT,
    format: resolveLogFormat(env.LOG_FORMAT),
  });
  try {
    const app = await createServiceApp(spec, env, logger);
    await app.listen(env.HTTP_PORT, env.HTTP_HOST);
    logger.info({ port: env.HTTP_PORT, host: env.HTTP_HOST }, `${spec.service} started`);
    stopOnSignals(spec.service, logger, () => app.close());
  } catch (error) {
    logger.fatal({ err: error }, `${spec.service} failed to start: ${error instanceof Error ? error.message : String(error)}`);
    logger.flush?.();
    process.exit(1);
  }
}
