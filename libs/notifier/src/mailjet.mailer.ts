import { Mailer, type SendResult } from './mailer.port';
import type { MailjetApi, MailjetMessage } from './mailjet.api';
import type { MailjetBatcher } from './mailjet-batcher';
import { TransientMailError } from './mail.errors';
import type { OutgoingMail } from './outgoing-mail';

/** Mailjet Send API v3.1 through the batcher; CustomID = dedup key, so a send can be found again. */
export class MailjetMailer extends Mailer {
  readonly transport = 'mailjet' as const;

  constructor(
    private readonly api: MailjetApi,
    private readonly batcher: MailjetBatcher,
  ) {
    super();
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const outcome = await this.batcher.send(toMailjetMessage(mail));
    if (outcome.ok) return { status: 'sent', messageId: outcome.messageId };
    if (!outcome.permanent) throw new TransientMailError(outcome.error);
    return { status: 'rejected', error: outcome.error };
  }

  async find(dedupKey: string): Promise<{ messageId: string | null } | null> {
    const messageId = await this.api.findByCustomId(dedupKey);
    return messageId === null ? null : { messageId };
  }

  override async close(): Promise<void> {
    this.batcher.flush();
  }
}

export function toMailjetMessage(mail: OutgoingMail): MailjetMessage {
  const address = (a: { email: string; name?: string }) => (a.name ? { Email: a.email, Name: a.name } : { Email: a.email });
  const common = {
    From: address(mail.from),
    To: [address(mail.to)],
    Subject: mail.subject,
    CustomID: mail.dedupKey,
    // echoed in every Event API event of the message as `Payload`
    EventPayload: JSON.stringify({ emailType: mail.emailType, companyId: mail.companyId }),
  };
  if (mail.template) {
    return { ...common, TemplateID: mail.template.id, TemplateLanguage: true, Variables: mail.template.variables };
  }
  return { ...common, TextPart: mail.text, HTMLPart: mail.html };
}
