import { GatewayDisabledError } from './payment-gateway.errors';
import type { ChargeOutcome, ChargeStatus, PaymentGateway } from './payment-gateway.port';

/** `PAYMENT_GATEWAY=none`: the customer is told about a failed payment, nothing is retried (docs/dunning.md). */
export class NoneGateway implements PaymentGateway {
  readonly name = 'none';
  readonly charges = false;
  readonly testMode = false;

  charge(): Promise<ChargeOutcome> {
    return Promise.reject(new GatewayDisabledError());
  }

  status(): Promise<ChargeStatus> {
    return Promise.resolve({ status: 'pending', detail: 'PAYMENT_GATEWAY=none knows no charges' });
  }
}
