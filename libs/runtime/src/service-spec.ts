import type { ModuleMetadata } from '@nestjs/common';
import type { z } from 'zod';
import type { ServiceName } from '@lifecycle/contracts';
import type { JetStreamServerOptions } from '@lifecycle/messaging';
import type { BodyRule } from './request-bodies';

/** One service as data: booted alone by runService, or with the others by runAllInOne. */
export interface ServiceSpec<S extends z.ZodObject = z.ZodObject> {
  service: ServiceName;
  envSchema: S;
  imports: (env: z.infer<S>) => NonNullable<ModuleMetadata['imports']>;
  /** Runs after env validation and before Nest boots: load and validate files the app needs (exit 1 on error). */
  prepare?: (env: z.infer<S>) => Promise<void> | void;
  /** Consumer settings for this app's handlers: defaults and per-subject overrides. */
  consumers?: (env: z.infer<S>) => Pick<JetStreamServerOptions, 'consumer' | 'consumers'>;
  /** The request bodies its HTTP routes read (webhooks, forms); every other request must come without one. */
  bodies?: (env: z.infer<S>) => BodyRule[];
}
