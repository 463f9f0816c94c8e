import { FakeGateway } from './fake.gateway';
import { FileLedger, MemoryLedger } from './fake-gateway.ledger';
import { NoneGateway } from './none.gateway';
import type { PaymentGateway } from './payment-gateway.port';
import type { GatewaySettings } from './payment-gateway.settings';
import { PaytrGateway } from './paytr.gateway';

/** The gateway PAYMENT_GATEWAY names. */
export function createPaymentGateway(settings: GatewaySettings): PaymentGateway {
  switch (settings.name) {
    case 'none':
      return new NoneGateway();
    case 'fake':
      return new FakeGateway(settings.script, settings.ledgerPath ? new FileLedger(settings.ledgerPath) : new MemoryLedger(), settings.delayMs);
    case 'paytr':
      return new PaytrGateway(settings.paytr);
  }
}
