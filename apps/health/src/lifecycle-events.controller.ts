import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope } from '@lifecycle/contracts';
import type { HealthService } from '@lifecycle/health';
import { HEALTH } from './health.tokens';

/** The patterns counted; health.service.ts lets many of their events be in flight (their handlers only count). */
export const COUNTED_SUBJECTS = ['trial.>', 'renewal.>', 'payment.>', 'subscription.>', 'workspace.>', 'notification.>'] as const;

/** Every lifecycle event, only counted (`lifecycle_events_total{type}`): no database writes. */
@Controller()
export class LifecycleEventsController {
  constructor(@Inject(HEALTH) private readonly health: HealthService) {}

  @EventPattern<string>('trial.>')
  trial(@Payload() event: Envelope): void {
    this.count(event);
  }

  @EventPattern<string>('renewal.>')
  renewal(@Payload() event: Envelope): void {
    this.count(event);
  }

  @EventPattern<string>('payment.>')
  payment(@Payload() event: Envelope): void {
    this.count(event);
  }

  @EventPattern<string>('subscription.>')
  subscription(@Payload() event: Envelope): void {
    this.count(event);
  }

  @EventPattern<string>('workspace.>')
  workspace(@Payload() event: Envelope): void {
    this.count(event);
  }

  @EventPattern<string>('notification.>')
  notification(@Payload() event: Envelope): void {
    this.count(event);
  }

  private count(event: Envelope): void {
    this.health.metrics?.lifecycleEvent(event.type);
  }
}
