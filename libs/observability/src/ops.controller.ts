import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { MetricsRegistry } from './metrics.registry';
import { OpsTokenGuard } from './ops-token.guard';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness';

/** /healthz (alive), /readyz (NATS and database reachable: 200 or 503), /metrics (Prometheus). */
@Controller()
export class OpsController {
  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly metrics: MetricsRegistry,
  ) {}

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HealthCheck()
  readyz(): Promise<HealthCheckResult> {
    return this.health.check(
      this.checks.map((check) => async () => {
        const session = this.indicators.check(check.name);
        return (await check.isReady().catch(() => false)) ? session.up() : session.down();
      }),
    );
  }

  @Get('metrics')
  @UseGuards(OpsTokenGuard)
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
