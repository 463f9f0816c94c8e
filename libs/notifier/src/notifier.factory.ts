import type { LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '@lifecycle/time';
import { EmailLogRepository } from './email-log.repository';
import { FileMailer } from './file.mailer';
import { LogMailer } from './log.mailer';
import { MailComposer } from './mail-composer';
import { MailTemplates } from './mail-templates';
import type { Mailer } from './mailer.port';
import { NodeMailjetApi, type MailjetApi } from './mailjet.api';
import { MAILJET_MAX_BATCH, MailjetBatcher } from './mailjet-batcher';
import { MailjetMailer } from './mailjet.mailer';
import { MailjetWebhookUseCase } from './mailjet-webhook.use-case';
import type { NotifierMetrics } from './notifier.metrics';
import type { NotifierSettings, TransportSettings, WebhookSettings } from './notifier.settings';
import { SendMailUseCase } from './send-mail.use-case';

export interface NotifierDeps {
  dataSource: DataSource;
  clock: Clock;
  settings: NotifierSettings;
  transport: TransportSettings;
  webhook: WebhookSettings;
  metrics: NotifierMetrics;
  logger: Pick<LoggerService, 'log' | 'warn'>;
  /** Tests and the benchmark may bring their own; default: node-mailjet. */
  mailjetApi?: MailjetApi;
}

export interface Notifier {
  sendMail: SendMailUseCase;
  webhook: MailjetWebhookUseCase;
  mailer: Mailer;
  close(): Promise<void>;
}

/** The notifier's composition root; compiles every template first (throws TemplateError). */
export async function createNotifier(deps: NotifierDeps): Promise<Notifier> {
  const templates = await MailTemplates.load();
  const ledger = new EmailLogRepository(deps.dataSource);
  const mailer = createMailer(deps);
  return {
    sendMail: new SendMailUseCase({
      ledger,
      mailer,
      composer: new MailComposer(templates, deps.settings),
      settings: deps.settings,
      clock: deps.clock,
      metrics: deps.metrics,
      logger: deps.logger,
    }),
    webhook: new MailjetWebhookUseCase(ledger, deps.webhook, deps.clock, deps.metrics),
    mailer,
    close: () => mailer.close(),
  };
}

function createMailer(deps: NotifierDeps): Mailer {
  const { transport } = deps;
  switch (transport.transport) {
    case 'file':
      return new FileMailer(transport.mailDir, deps.clock);
    case 'log':
      return new LogMailer(deps.logger);
    case 'mailjet': {
      const api = deps.mailjetApi ?? new NodeMailjetApi(transport.mailjet);
      const batcher = new MailjetBatcher(api, {
        maxBatch: transport.mailjet.batching ? MAILJET_MAX_BATCH : 1,
        lingerMs: transport.mailjet.batching ? transport.mailjet.lingerMs : 0,
        retryAfterCapMs: transport.mailjet.retryAfterCapMs,
        metrics: deps.metrics,
      });
      return new MailjetMailer(api, batcher);
    }
  }
}
