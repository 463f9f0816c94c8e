import type { DataSource } from 'typeorm';
import {
  createDunning,
  NO_DUNNING_METRICS,
  PaymentRetryPreviewRepository,
  planRetries,
  type BillingSettings,
  type DetectionSummary,
  type DunningSettings,
  type RetryPreview,
} from '@lifecycle/billing';
import { isoId } from '@lifecycle/contracts';
import { decimalAmount, type ChargeOutcome, type ChargeStatus, type GatewayName, type PaymentGateway } from '@lifecycle/payments';
import { FakeClock } from '@lifecycle/time';

export interface PaymentRetryPreviewResult {
  schedule: 'payment-retry';
  at: string;
  gateway: GatewayName;
  /** Failed payments the tick would take into dunning first (their retries are listed when already due). */
  detection: DetectionSummary;
  /** Attempts whose outcome is unknown: the tick asks the provider about them before any new retry. */
  inFlight: number;
  retries: RetryPreview[];
  warnings: string[];
}

/** Stands in for the configured gateway: detection reads only its `charges`; anything else would be a bug, so it throws. */
function previewGateway(name: GatewayName): PaymentGateway {
  const refuse = (): Promise<never> => Promise.reject(new Error('preview never charges'));
  return {
    name,
    charges: name !== 'none',
    testMode: false,
    charge: refuse as () => Promise<ChargeOutcome>,
    status: refuse as () => Promise<ChargeStatus>,
  };
}

/**
 * `lifecyclectl preview payment-retry`: detection as the tick would run it (as of `at`), then the chains due
 * at `at`, in one transaction that is always rolled back. Nothing is charged, no provider is called, nothing
 * is written; like the other previews its row locks can make a sweep at the same moment skip those rows.
 */
export async function previewPaymentRetry(
  dataSource: DataSource,
  at: Date,
  config: { gateway: GatewayName; settings: BillingSettings; dunning: DunningSettings },
): Promise<PaymentRetryPreviewResult> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const warnings: string[] = [];
  try {
    await runner.startTransaction();
    const dunning = createDunning({
      manager: runner.manager,
      clock: new FakeClock(at),
      settings: config.settings,
      dunning: config.dunning,
      gateway: previewGateway(config.gateway),
      paytrCallback: null,
      metrics: NO_DUNNING_METRICS,
      logger: { log: () => undefined, warn: (message) => void warnings.push(message) },
    });
    const detection = await dunning.detection.execute();
    const reads = new PaymentRetryPreviewRepository(runner.manager);
    const retries = planRetries(await reads.dueChains(at), config.gateway, config.dunning, at);
    return { schedule: 'payment-retry', at: isoId(at), gateway: config.gateway, detection, inFlight: await reads.inFlight(), retries, warnings };
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

const ACTIONS: Record<RetryPreview['action'], string> = {
  charge: 'charge the stored card',
  payment_request: 'payment-request mail (pay in the app)',
  resolved: 'none: paid meanwhile, chain resolved',
  closed: 'none: subscription left billing, chain closed',
};

function onFailure(r: RetryPreview): string {
  if (!r.onFailure) return '';
  return r.onFailure.kind === 'retry' ? `next attempt at ${r.onFailure.nextRetryAt}` : 'last attempt: subscription suspended, workspaces stopped';
}

export function formatPaymentRetryPreview(result: PaymentRetryPreviewResult): string {
  const lines = [`preview of payment-retry@${result.at} with PAYMENT_GATEWAY=${result.gateway} (rolled back: nothing was changed, nothing charged)`];
  lines.push(...result.warnings.map((w) => `warning: ${w}`));
  if (result.gateway === 'none') lines.push('PAYMENT_GATEWAY=none: failed payments are announced, never retried');
  const d = result.detection;
  lines.push(`detection first: ${d.entered} failed payment(s) would enter dunning, ${d.ignored} ignored, ${d.skipped} waiting`);
  if (result.inFlight > 0) lines.push(`${result.inFlight} attempt(s) in flight: their status is asked first, never charged again`);
  lines.push(`would handle ${result.retries.length} due retry(ies):`);
  for (const r of result.retries) {
    lines.push(
      `  chain ${r.chainId}  company ${r.companyId} ${r.companyName ?? '?'}  ${decimalAmount(r.amount)} ${r.currency}  attempt ${r.attempt} of ${r.maxAttempts}` +
        `  card ${r.card}  → ${ACTIONS[r.action]}${r.onFailure ? `; on failure: ${onFailure(r)}` : ''}`,
    );
  }
  const count = (action: RetryPreview['action']) => result.retries.filter((r) => r.action === action).length;
  lines.push(`totals: ${count('charge')} charge(s), ${count('payment_request')} payment request(s), ${count('resolved')} resolved, ${count('closed')} closed`);
  return `${lines.join('\n')}\n`;
}
