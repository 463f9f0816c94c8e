import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope, HealthCheckName } from '@lifecycle/contracts';
import type { HealthService } from '@lifecycle/health';
import type { JetStreamContext } from '@lifecycle/messaging';
import { HEALTH } from './health.tokens';

type Tick = Envelope<'clock.tick.workspace-health' | 'clock.tick.billing-health' | 'clock.tick.email-health'>;

/** The tick subjects of the checks; health.service.ts gives each consumer one tick in flight. */
export const CHECK_TICK_SUBJECTS = ['clock.tick.workspace-health', 'clock.tick.billing-health', 'clock.tick.email-health'] as const;

/**
 * The ticks health reacts to; "now" is the tick's scheduledAt. The pipeline checks run with workspace-health.
 * A tick with a later one of its check already queued is acknowledged without a run (HealthTickUseCase).
 */
@Controller()
export class TickController {
  private readonly logger = new Logger('health');

  constructor(@Inject(HEALTH) private readonly health: HealthService) {}

  @EventPattern<string>('clock.tick.workspace-health')
  workspaceHealth(@Payload() tick: Envelope<'clock.tick.workspace-health'>, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.run('workspace-health', tick, ctx);
  }

  @EventPattern<string>('clock.tick.billing-health')
  billingHealth(@Payload() tick: Envelope<'clock.tick.billing-health'>, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.run('billing-health', tick, ctx);
  }

  @EventPattern<string>('clock.tick.email-health')
  emailHealth(@Payload() tick: Envelope<'clock.tick.email-health'>, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.run('email-health', tick, ctx);
  }

  private async run(check: HealthCheckName, tick: Tick, ctx: JetStreamContext): Promise<void> {
    const outcome = await this.health.ticks.execute(check, {
      now: new Date(tick.data.scheduledAt),
      tickId: tick.id,
      newerQueued: ctx.msg.info.pending > 0,
    });
    if (outcome.status === 'ran') {
      const { summary } = outcome;
      this.logger.log({ msg: `${check} ${tick.id}: ${summary.issues} issue(s), ${summary.raised} raised, ${summary.resolved} resolved`, summary });
    } else if (outcome.status === 'superseded') {
      this.logger.log(`${check} ${tick.id}: skipped, a later ${check} tick is queued`);
    } else {
      this.logger.warn(`${check} ${tick.id}: skipped, older than the latest run of ${check} (${outcome.latest.toISOString()})`);
    }
  }
}
