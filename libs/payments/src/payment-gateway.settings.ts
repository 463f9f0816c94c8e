import type { FakeGatewayScript } from './fake-gateway.script';
import type { PaytrSettings } from './paytr.gateway';

export type GatewaySettings =
  | { name: 'none' }
  | { name: 'fake'; script: FakeGatewayScript; ledgerPath: string | null; delayMs: number }
  | { name: 'paytr'; paytr: PaytrSettings };

export interface PaymentGatewaySettings {
  gateway: GatewaySettings;
  /** Verifies `POST /webhooks/paytr`; null when PAYTR_MERCHANT_KEY/SALT are unset (the endpoint answers 503). */
  paytrCallback: { merchantKey: string; merchantSalt: string } | null;
}
