import type { Currency } from '@lifecycle/contracts';

export const GATEWAY_NAMES = ['none', 'fake', 'paytr'] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];

/** One dunning attempt to charge a stored card. */
export interface ChargeRequest {
  /** The attempt's order id; a gateway charges one merchantOid at most once. */
  merchantOid: string;
  /** Minor units (2900 = 29.00). */
  amount: number;
  currency: Currency;
  companyId: number;
  subscriptionId: number;
  /** 2 for the first retry: attempt 1 is the platform's own charge that failed. */
  attempt: number;
  customer: { email: string; name: string; companyName: string };
  /** PayTR's user token (`utoken`) of the customer's stored cards; null when the platform has none. */
  userToken: string | null;
  /** What is bought, e.g. `team plan`. */
  description: string;
}

/**
 * The failure code of a charge that could not be made because the customer has no stored card to charge
 * (no PayTR `utoken`, or none of its cards can be charged without a CVV). Nothing was charged: dunning asks
 * the customer to pay in the app instead (docs/dunning.md, "Without a stored card").
 */
export const NO_STORED_CARD = 'no_stored_card';

/** The result of a charge: `pending` means the outcome is not known yet (it arrives later, or a status query tells). */
export type ChargeOutcome =
  | { status: 'succeeded'; transactionId: string | null }
  | { status: 'failed'; code: string; message: string }
  | { status: 'pending'; detail: string };

/** What the gateway knows of a merchantOid; `not_found`: it never received that charge. */
export type ChargeStatus = ChargeOutcome | { status: 'not_found' };

/**
 * The payment provider behind dunning (STYLE.md: every side effect behind a port). Implementations charge a
 * merchantOid at most once: a second charge of the same merchantOid returns the first outcome and never
 * charges again (docs/dunning.md, "Never charged twice").
 */
export interface PaymentGateway {
  readonly name: GatewayName;
  /** false for `none`: failed payments are announced but never retried. */
  readonly charges: boolean;
  /** Recorded as `payments.test_mode` of the attempts it charges. */
  readonly testMode: boolean;
  /** Throws ChargeNotSentError only when the charge certainly did not reach the provider. */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  status(merchantOid: string): Promise<ChargeStatus>;
}
