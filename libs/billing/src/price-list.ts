import { CURRENCIES, type Currency } from '@lifecycle/contracts';

/** Minor units per plan and currency: plan → currency → amount. */
export type PriceList = Readonly<Record<string, Readonly<Partial<Record<Currency, number>>>>>;

/**
 * Used for a renewal reminder when the subscription has no successful payment yet (docs/billing.md).
 * Round monthly prices, roughly equal in value; config/plans.yaml overrides them.
 */
export const DEFAULT_PRICE_LIST: PriceList = {
  starter: { USD: 1500, EUR: 1400, TRY: 49900 },
  team: { USD: 2900, EUR: 2700, TRY: 99900 },
  enterprise: { USD: 9900, EUR: 9200, TRY: 339900 },
};

export function isCurrency(value: string | null | undefined): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value ?? '');
}

export function priceFor(prices: PriceList, plan: string, currency: string): number | null {
  if (!isCurrency(currency)) return null;
  return prices[plan]?.[currency] ?? null;
}
