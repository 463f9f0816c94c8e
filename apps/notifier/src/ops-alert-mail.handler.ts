import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope } from '@lifecycle/contracts';
import type { MailOutcome, Notifier } from '@lifecycle/notifier';
import { NOTIFIER } from './notifier.tokens';

/** Health alerts mailed to OPS_ALERT_EMAIL (skipped while it is unset). */
@Controller()
export class OpsAlertMailHandler {
  constructor(@Inject(NOTIFIER) private readonly notifier: Notifier) {}

  @EventPattern<string>('health.alert.raised')
  alertRaised(@Payload() event: Envelope<'health.alert.raised'>): Promise<MailOutcome> {
    return this.notifier.sendMail.execute(event);
  }

  @EventPattern<string>('health.alert.resolved')
  alertResolved(@Payload() event: Envelope<'health.alert.resolved'>): Promise<MailOutcome> {
    return this.notifier.sendMail.execute(event);
  }
}
