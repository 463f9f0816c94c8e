import { MAIL_SUBJECTS } from '@lifecycle/notifier';
import type { JetStreamServerOptions } from '@lifecycle/messaging';
import type { NotifierEnv } from './notifier.env';

/**
 * Per notifier subject (so an all-in-one runner can merge them with other apps' settings): enough
 * events pulled for the Mailjet batcher to fill a 50-message request, and transient send failures
 * retried for hours rather than dead-lettered after minutes (docs/notifier.md, "Retries"). What is
 * rendered and sent at once is bounded for the whole process by MAIL_IN_FLIGHT (SendMailUseCase),
 * not per consumer: pulled events wait for it unrendered.
 */
export function notifierConsumers(env: NotifierEnv): Pick<JetStreamServerOptions, 'consumers'> {
  const settings = {
    concurrency: env.MAIL_CONCURRENCY,
    maxDeliver: env.MAIL_MAX_DELIVERIES,
    backoffMs: [1_000, 5_000, 30_000, 120_000, 600_000],
  };
  return { consumers: Object.fromEntries(MAIL_SUBJECTS.map((subject) => [subject, settings])) };
}
