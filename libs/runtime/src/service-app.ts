import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import type { z } from 'zod';
import { assertOpsSurfaceProtected, ConfigError, loadEnv, type ServiceEnv } from '@lifecycle/config';
import { JetStreamExceptionFilter, JetStreamServer, NATS_CONNECTION, Namespace } from '@lifecycle/messaging';
import type { MetricsRegistry } from '@lifecycle/observability';
import { requestBodies } from './request-bodies';
import { ServiceModule } from './service-module';
import type { ServiceSpec } from './service-spec';

export type LoadedEnv<S extends z.ZodObject> = z.infer<S> & ServiceEnv;

/** Validates the env and runs the spec's prepare step; a problem is printed and the process exits 1. */
export async function loadServiceEnv<S extends z.ZodObject>(spec: ServiceSpec<S>, overrides: Partial<ServiceEnv> = {}): Promise<LoadedEnv<S>> {
  try {
    const env = { ...(loadEnv(spec.service, spec.envSchema) as LoadedEnv<S>), ...overrides };
    assertOpsSurfaceProtected(spec.service, env);
    await spec.prepare?.(env);
    return env;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `${spec.service}: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}

/** The service's Nest app with its JetStream transport started; HTTP is left to the caller (listen or mount). */
export async function createServiceApp<S extends z.ZodObject>(
  spec: ServiceSpec<S>,
  env: LoadedEnv<S>,
  logger: PinoLogger,
  options: { metrics?: MetricsRegistry } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    ServiceModule.forRoot({ service: spec.service, env, logger, imports: spec.imports(env), metrics: options.metrics }),
    // Nest's parsers would read any body on any route: requestBodies reads only the spec's, within limits.
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  app.use(requestBodies(spec.bodies?.(env) ?? []));
  // Whose X-Forwarded-Proto counts for `request.secure` (the status page's Secure cookie); nobody's by default.
  app.set('trust proxy', env.TRUST_PROXY ?? false);
  app.useLogger(app.get(Logger));
  // Without it Nest's RPC filter turns handler errors into "Internal server error" (no error text in dead letters).
  app.useGlobalFilters(new JetStreamExceptionFilter(app.getHttpAdapter()));
  app.connectMicroservice(
    {
      strategy: new JetStreamServer({
        service: spec.service,
        connection: app.get(NATS_CONNECTION),
        namespace: app.get(Namespace),
        replicas: env.STREAM_REPLICAS,
        ...spec.consumers?.(env),
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  return app;
}
