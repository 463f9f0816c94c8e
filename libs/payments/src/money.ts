import type { Currency } from '@lifecycle/contracts';

/** 2900 → `29.00` (PayTR's `payment_amount` of the Direct API). */
export function decimalAmount(minorUnits: number): string {
  const sign = minorUnits < 0 ? '-' : '';
  const abs = Math.abs(minorUnits);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** PayTR names the lira `TL`. */
export function paytrCurrency(currency: Currency): string {
  return currency === 'TRY' ? 'TL' : currency;
}
