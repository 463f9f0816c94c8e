import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { ModuleMetadata } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import type { z } from 'zod';
import type { ServiceName } from '@lifecycle/contracts';
import { ConfigError, loadEnv, type ServiceEnv } from '@lifecycle/config';
import { JetStreamExceptionFilter, JetStreamServer, NATS_CONNECTION, Namespace, type JetStreamServerOptions } from '@lifecycle/messaging';
import { createLogger } from '@lifecycle/observability';
import { ServiceModule } from './service-module';

export interface ServiceSpec<S extends z.ZodObject> {
  service: ServiceName;
  envSchema: S;
  imports: (env: z.infer<S>) => NonNullable<ModuleMetadata['imports']>;
  /** Runs after env validation and before Nest boots: load and validate files the app needs (exit 1 on a ConfigError). */
  prepare?: (env: z.infer<S>) => Promise<void> | void;
  /** Consumer settings for this app's handlers: defaults and per-subject overrides. */
  consumers?: (env: z.infer<S>) => Pick<JetStreamServerOptions, 'consumer' | 'consumers'>;
}

/** Boots one service as its own process: env → logger → Nest app with the JetStream transport → HTTP. */
export async function runService<S extends z.ZodObject>(spec: ServiceSpec<S>): Promise<void> {
  let env: z.infer<S> & ServiceEnv;
  try {
    env = loadEnv(spec.service, spec.envSchema) as z.infer<S> & ServiceEnv;
    await spec.prepare?.(env);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `${spec.service}: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ service: spec.service, level: env.LOG_LEVEL, file: env.LOG_FILE });
  try {
    const app = await NestFactory.create(ServiceModule.forRoot({ service: spec.service, env, logger, imports: spec.imports(env) }), {
      bufferLogs: true,
      abortOnError: false,
    });
    app.useLogger(app.get(Logger));
    // Without it Nest's RPC filter turns handler errors into "Internal server error" (no error text in dead letters).
    app.useGlobalFilters(new JetStreamExceptionFilter(app.getHttpAdapter()));
    app.connectMicroservice(
      {
        strategy: new JetStreamServer({
          service: spec.service,
          connection: app.get(NATS_CONNECTION),
          namespace: app.get(Namespace),
          ...spec.consumers?.(env),
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.listen(env.HTTP_PORT, env.HTTP_HOST);
    logger.info({ port: env.HTTP_PORT, host: env.HTTP_HOST }, `${spec.service} started`);
    stopOnSignals(spec.service, logger, () => app.close());
  } catch (error) {
    logger.fatal({ err: error }, `${spec.service} failed to start: ${error instanceof Error ? error.message : String(error)}`);
    logger.flush?.();
    process.exit(1);
  }
}

const SHUTDOWN_TIMEOUT_MS = 45_000;

/** SIGTERM/SIGINT drain the app (in-flight messages finish, the relay ends its batch) and exit 0. */
function stopOnSignals(service: string, logger: PinoLogger, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${service}: ${signal} received, draining`);
    const timer = setTimeout(() => {
      logger.error(`${service}: shutdown took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s, exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    close().then(
      () => {
        logger.info(`${service} stopped`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, `${service}: shutdown failed`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
