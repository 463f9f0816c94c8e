import { MAILJET_WEBHOOK_BODY_LIMIT, MAILJET_WEBHOOK_PATH, mailjetWebhookGate, webhookSettingsFromEnv } from '@lifecycle/notifier';
import type { ServiceSpec } from '@lifecycle/runtime';
import { notifierConsumers } from './notifier.consumers';
import { notifierEnvSchema } from './notifier.env';
import { NotifierModule } from './notifier.module';

export const notifierService: ServiceSpec<typeof notifierEnvSchema> = {
  service: 'notifier',
  envSchema: notifierEnvSchema,
  imports: (env) => [NotifierModule.forRoot(env)],
  consumers: notifierConsumers,
  // The Event API's basic auth is checked before its body is read.
  bodies: (env) => [
    { path: MAILJET_WEBHOOK_PATH, type: 'json', limit: MAILJET_WEBHOOK_BODY_LIMIT, gate: mailjetWebhookGate(webhookSettingsFromEnv(env)) },
  ],
};
