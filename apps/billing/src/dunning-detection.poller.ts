import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import type { Dunning, SweepLogger } from '@lifecycle/billing';
import { DUNNING } from './billing.tokens';

const DETECT_INTERVAL = Symbol('DETECT_INTERVAL');

/**
 * Detection between payment-retry ticks (every DUNNING_DETECT_INTERVAL), so that a customer hears of a
 * failed payment within a minute rather than at the next 6-hourly tick. The times it records come from
 * the failure, not from when it runs (docs/dunning.md, "Detection"). The status inquiries of charges without an
 * outcome that fall due between ticks (PAYMENT_STATUS_BACKOFF) are asked here too.
 */
@Injectable()
export class DunningDetectionPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('dunning');
  // Failures that wait (no admin) would warn every minute; the ticks' detection warns about them.
  private readonly quiet: SweepLogger = {
    log: (message) => this.logger.log(message),
    warn: (message) => this.logger.debug(message),
    error: (message) => this.logger.error(message),
  };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(DUNNING) private readonly dunning: Dunning,
    @Inject(DETECT_INTERVAL) private readonly intervalMs: number,
  ) {}

  static providers(intervalMs: number): Provider[] {
    return [{ provide: DETECT_INTERVAL, useValue: intervalMs }, DunningDetectionPoller];
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.run();
    this.timer = setInterval(() => this.run(), this.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private run(): void {
    if (this.running) return;
    this.running = this.dunning.detection
      .execute({ logger: this.quiet })
      .then(() => this.dunning.paymentRetry.inquire())
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`dunning detection or status inquiry failed, retried in ${this.intervalMs} ms: ${(error as Error).message}`))
      .finally(() => (this.running = null));
  }
}
