import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope, HealthCheckName } from '@lifecycle/contracts';
import type { HealthService } from '@lifecycle/health';
import { HEALTH } from './health.tokens';

type Tick = Envelope<'clock.tick.workspace-health' | 'clock.tick.billing-health' | 'clock.tick.email-health'>;

/** The ticks health reacts to; "now" is the tick's scheduledAt. The pipeline checks run with workspace-health. */
@Controller()
export class TickController {
  private readonly logger = new Logger('health');

  constructor(@Inject(HEALTH) private readonly health: HealthService) {}

  @EventPattern<string>('clock.tick.workspace-health')
  workspaceHealth(@Payload() tick: Envelope<'clock.tick.workspace-health'>): Promise<void> {
    return this.run('workspace-health', tick);
  }

  @EventPattern<string>('clock.tick.billing-health')
  billingHealth(@Payload() tick: Envelope<'clock.tick.billing-health'>): Promise<void> {
    return this.run('billing-health', tick);
  }

  @EventPattern<string>('clock.tick.email-health')
  emailHealth(@Payload() tick: Envelope<'clock.tick.email-health'>): Promise<void> {
    return this.run('email-health', tick);
  }

  private async run(check: HealthCheckName, tick: Tick): Promise<void> {
    const summary = await this.health.runCheck.execute(check, { now: new Date(tick.data.scheduledAt), tickId: tick.id });
    this.logger.log({
      msg: `${check} ${tick.id}: ${summary.issues} issue(s), ${summary.raised} raised, ${summary.resolved} resolved`,
      summary,
    });
  }
}
