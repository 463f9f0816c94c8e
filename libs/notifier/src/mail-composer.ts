import { createHash } from 'node:crypto';
import type { MailPlan } from './mail-plan';
import type { MailTemplates } from './mail-templates';
import type { NotifierSettings } from './notifier.settings';
import type { OutgoingMail } from './outgoing-mail';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Renders a plan into the mail every transport sends; the same plan always renders the same bytes. */
export class MailComposer {
  constructor(
    private readonly templates: MailTemplates,
    private readonly settings: NotifierSettings,
  ) {}

  compose(plan: MailPlan): OutgoingMail {
    const parts = this.templates.render(plan.emailType, plan.locale, plan.view);
    const templateId = this.settings.templateIds[plan.emailType];
    const template = templateId === undefined ? undefined : { id: templateId, variables: { ...plan.view, locale: plan.locale } };
    return {
      dedupKey: plan.dedupKey,
      emailType: plan.emailType,
      locale: plan.locale,
      from: this.settings.from,
      to: plan.to,
      ...parts,
      // email_logs.content_hash: what the recipient got, for disputes (platform-schema.md)
      contentHash: template ? sha256(JSON.stringify({ templateId: template.id, variables: template.variables })) : sha256(parts.html),
      template,
      companyId: plan.companyId,
      userId: plan.userId,
    };
  }
}
