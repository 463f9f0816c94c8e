/** DI token of the BillingSweeps (libs/billing's composition root). */
export const BILLING_SWEEPS = Symbol('BILLING_SWEEPS');
