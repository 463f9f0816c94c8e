/** DI token of the BillingSweeps (libs/billing's composition root). */
export const BILLING_SWEEPS = Symbol('BILLING_SWEEPS');

/** DI token of Dunning (libs/billing's dunning composition root). */
export const DUNNING = Symbol('DUNNING');

/** DI token of the PaymentGateway PAYMENT_GATEWAY names. */
export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');
