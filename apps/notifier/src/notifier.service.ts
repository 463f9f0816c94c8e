import type { ServiceSpec } from '@lifecycle/runtime';
import { notifierConsumers } from './notifier.consumers';
import { notifierEnvSchema } from './notifier.env';
import { NotifierModule } from './notifier.module';

export const notifierService: ServiceSpec<typeof notifierEnvSchema> = {
  service: 'notifier',
  envSchema: notifierEnvSchema,
  imports: (env) => [NotifierModule.forRoot(env)],
  consumers: notifierConsumers,
};
