import type { LoggerService } from '@nestjs/common';
import { Mailer, type SendResult } from './mailer.port';
import type { OutgoingMail } from './outgoing-mail';

/** One log line per mail, never the body: for trying the system out without mail. */
export class LogMailer extends Mailer {
  readonly transport = 'log' as const;

  constructor(private readonly logger: Pick<LoggerService, 'log'>) {
    super();
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    this.logger.log({
      msg: `mail ${mail.emailType} to ${mail.to.email}: ${mail.subject}`,
      emailType: mail.emailType,
      dedupKey: mail.dedupKey,
      locale: mail.locale,
      contentHash: mail.contentHash,
    });
    return { status: 'sent', messageId: null };
  }

  /** A log cannot be asked: after a crash in the window before recording, the line is written again. */
  async find(): Promise<null> {
    return null;
  }
}
