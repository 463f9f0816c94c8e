import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope } from '@lifecycle/contracts';
import type { JetStreamContext } from '@lifecycle/messaging';
import { guardEventFrom, type ApplyGuardEvent, type GuardSubject } from '@lifecycle/workspace-guard';
import type { GuardRetrySettings } from './workspace-guard.env';
import { APPLY_GUARD_EVENT, GUARD_RETRY } from './workspace-guard.tokens';

/** The events that decide whether a company's workspaces run. */
@Controller()
export class LifecycleEventController {
  constructor(
    @Inject(APPLY_GUARD_EVENT) private readonly guard: ApplyGuardEvent,
    @Inject(GUARD_RETRY) private readonly retry: GuardRetrySettings,
  ) {}

  @EventPattern<string>('trial.expired')
  async trialExpired(@Payload() event: Envelope<'trial.expired'>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.apply(event, ctx);
  }

  @EventPattern<string>('subscription.suspended')
  async subscriptionSuspended(@Payload() event: Envelope<'subscription.suspended'>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.apply(event, ctx);
  }

  @EventPattern<string>('subscription.reactivated')
  async subscriptionReactivated(@Payload() event: Envelope<'subscription.reactivated'>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.apply(event, ctx);
  }

  private async apply(event: Envelope<GuardSubject>, ctx: JetStreamContext): Promise<void> {
    await this.guard.execute(guardEventFrom(event), { finalAttempt: ctx.deliveryCount >= this.retry.maxAttempts });
  }
}
