import type { EntityManager } from 'typeorm';
import { HttpPaytrForwarder, type PaymentGateway } from '@lifecycle/payments';
import type { Clock } from '@lifecycle/time';
import { AttemptSettler } from './attempt-settler';
import type { BillingSettings } from './billing.settings';
import { DetectFailedPaymentsUseCase } from './detect-failed-payments.use-case';
import { DunningDetectionRepository } from './dunning-detection.repository';
import { DunningEvents } from './dunning-events';
import type { DunningMetrics } from './dunning-metrics';
import { DunningRetryRepository } from './dunning-retry.repository';
import type { DunningSettings } from './dunning.settings';
import { PaymentRetryUseCase } from './payment-retry.use-case';
import { PaytrCallbackUseCase } from './paytr-callback.use-case';
import { PaytrForwardRepository } from './paytr-forward.repository';
import { ReactivationRepository } from './reactivation.repository';
import { ReactivationUseCase } from './reactivation.use-case';
import type { SweepLogger } from './sweep.types';

export interface DunningDeps {
  manager: EntityManager;
  clock: Clock;
  settings: BillingSettings;
  dunning: DunningSettings;
  gateway: PaymentGateway;
  /** PAYTR_MERCHANT_KEY/SALT, which verify PayTR's notifications; null: `POST /webhooks/paytr` answers 503. */
  paytrCallback: { merchantKey: string; merchantSalt: string } | null;
  /** PAYTR_FORWARD_URL: where notifications that are not billing's go (the platform's callback); null: answered 503. */
  paytrForward?: { url: string; timeoutMs: number } | null;
  metrics: DunningMetrics;
  logger: SweepLogger;
}

export interface Dunning {
  detection: DetectFailedPaymentsUseCase;
  reactivation: ReactivationUseCase;
  paymentRetry: PaymentRetryUseCase;
  paytrCallback: PaytrCallbackUseCase;
}

/** The composition root of dunning (docs/dunning.md), shared by the billing app and the tests. */
export function createDunning(deps: DunningDeps): Dunning {
  const { manager, clock, settings, dunning, gateway, metrics, logger } = deps;
  const events = new DunningEvents(settings.locales);
  const retryStore = new DunningRetryRepository(manager);
  const settler = new AttemptSettler(settings, dunning, events, clock, metrics, logger);
  const detection = new DetectFailedPaymentsUseCase(new DunningDetectionRepository(manager), settings, dunning, gateway.charges, events, clock, metrics, logger);
  const reactivation = new ReactivationUseCase(new ReactivationRepository(manager), settings, events, clock, metrics, logger);
  return {
    detection,
    reactivation,
    paymentRetry: new PaymentRetryUseCase(retryStore, gateway, settler, detection, reactivation, settings, dunning, clock, metrics, logger),
    paytrCallback: new PaytrCallbackUseCase(
      retryStore,
      settler,
      deps.paytrCallback,
      deps.paytrForward ? new HttpPaytrForwarder(deps.paytrForward.url, deps.paytrForward.timeoutMs) : null,
      new PaytrForwardRepository(manager),
      clock,
      metrics,
      logger,
    ),
  };
}
