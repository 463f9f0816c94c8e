import { verifyPaytrCallbackHash } from '@lifecycle/payments';
import type { Clock } from '@lifecycle/time';
import { parseAttemptMerchantOid } from './attempt-merchant-oid';
import type { AttemptSettler } from './attempt-settler';
import type { CallbackResult, DunningMetrics } from './dunning-metrics';
import type { RetryStore } from './dunning.store';
import { InvalidPaytrHashError, MalformedPaytrCallbackError, PaytrCallbackNotConfiguredError } from './paytr-callback.errors';
import type { SweepLogger } from './sweep.types';

const field = (body: Record<string, unknown>, name: string, required: boolean): string | null => {
  const value = body[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  if (required) throw new MalformedPaytrCallbackError(`${name} is missing`);
  return null;
};

/**
 * `POST /webhooks/paytr` (platform-schema.md, "Payments provider: PayTR"): verifies the hash, then completes
 * the pending attempt the notification names, once. PayTR notifies an order more than once and expects
 * the plain text `OK` every time; an order that is not one of billing's attempts is acknowledged and left alone.
 */
export class PaytrCallbackUseCase {
  constructor(
    private readonly store: RetryStore,
    private readonly settler: AttemptSettler,
    private readonly secrets: { merchantKey: string; merchantSalt: string } | null,
    private readonly clock: Clock,
    private readonly metrics: DunningMetrics,
    private readonly logger: SweepLogger,
  ) {}

  /** Resolves when the notification may be answered `OK`; throws the errors of paytr-callback.errors.ts otherwise. */
  async receive(body: Record<string, unknown>): Promise<CallbackResult> {
    if (!this.secrets) throw new PaytrCallbackNotConfiguredError();
    const merchantOid = field(body, 'merchant_oid', true)!;
    const status = field(body, 'status', true)!;
    const totalAmount = field(body, 'total_amount', true)!;
    const hash = field(body, 'hash', true)!;
    if (!verifyPaytrCallbackHash(this.secrets, { merchantOid, status, totalAmount, hash })) {
      this.metrics.callback('bad_hash');
      this.logger.warn(`PayTR notification for ${merchantOid} rejected: bad hash, nothing changed`);
      throw new InvalidPaytrHashError(merchantOid);
    }
    if (status !== 'success' && status !== 'failed') throw new MalformedPaytrCallbackError(`status "${status}" is neither success nor failed`);
    const result = parseAttemptMerchantOid(merchantOid) ? await this.complete(merchantOid, status, body) : null;
    if (result === null) this.logger.log(`PayTR notification for ${merchantOid} (${status}): not a billing retry, acknowledged and ignored`);
    if (result === 'conflict') {
      this.logger.error?.(`PayTR notification for ${merchantOid} says ${status}, which contradicts the outcome already recorded: check the payment by hand`);
    }
    this.metrics.callback(result ?? 'unknown_order');
    return result ?? 'unknown_order';
  }

  private complete(merchantOid: string, status: 'success' | 'failed', body: Record<string, unknown>): Promise<CallbackResult | null> {
    return this.store.withAttempt({ merchantOid }, 'wait', async (tx, attempt) => {
      if (attempt.status !== 'pending') return (attempt.status === 'success') === (status === 'success') ? 'duplicate' : 'conflict';
      const outcome =
        status === 'success'
          ? { status: 'succeeded' as const, transactionId: null }
          : { status: 'failed' as const, code: field(body, 'failed_reason_code', false) ?? '0', message: field(body, 'failed_reason_msg', false) ?? 'declined' };
      const now = this.clock.now();
      await this.settler.settle(tx, attempt, outcome, { now, occurredAt: now, correlationId: `paytr-notification:${merchantOid}` });
      return 'applied';
    });
  }
}
