import { addInterval } from './billing-interval';
import { attemptMerchantOid, parseAttemptMerchantOid } from './attempt-merchant-oid';
import { formatInvoiceNumber, invoiceYear } from './invoice-number';

describe('invoice numbers', () => {
  it('are INV-YYYY-NNNNN, growing a digit past 99999', () => {
    expect(formatInvoiceNumber(2026, 1)).toBe('INV-2026-00001');
    expect(formatInvoiceNumber(2026, 42)).toBe('INV-2026-00042');
    expect(formatInvoiceNumber(2027, 99_999)).toBe('INV-2027-99999');
    expect(formatInvoiceNumber(2027, 100_000)).toBe('INV-2027-100000');
  });

  it.each([[2026, 0], [2026, 1.5], [26, 1]])('rejects year %p, sequence %p', (year, n) => {
    expect(() => formatInvoiceNumber(year, n)).toThrow(RangeError);
  });

  it('take the UTC year of the invoice date', () => {
    expect(invoiceYear(new Date('2026-12-31T23:59:59Z'))).toBe(2026);
    expect(invoiceYear(new Date('2027-01-01T00:00:00Z'))).toBe(2027);
  });
});

describe('billing intervals', () => {
  it.each([
    ['2026-12-01T10:00:00Z', 'monthly', '2027-01-01T10:00:00.000Z'],
    ['2027-01-31T10:00:00Z', 'monthly', '2027-02-28T10:00:00.000Z'],
    ['2028-01-31T00:00:00Z', 'monthly', '2028-02-29T00:00:00.000Z'],
    ['2026-03-31T12:30:00Z', 'monthly', '2026-04-30T12:30:00.000Z'],
    ['2028-02-29T00:00:00Z', 'yearly', '2029-02-28T00:00:00.000Z'],
    ['2026-12-15T08:00:00Z', 'yearly', '2027-12-15T08:00:00.000Z'],
  ] as const)('%s + %s = %s', (from, interval, to) => {
    expect(addInterval(new Date(from), interval).toISOString()).toBe(to);
  });
});

describe('attempt merchant_oid', () => {
  it('is alphanumeric, one per chain and attempt, and parses back', () => {
    expect(attemptMerchantOid(17, 2)).toBe('LCR17A2');
    expect(attemptMerchantOid(17, 2)).toMatch(/^[A-Za-z0-9]{1,64}$/);
    expect(parseAttemptMerchantOid('LCR17A2')).toEqual({ headId: 17, attempt: 2 });
    expect(parseAttemptMerchantOid('T1234')).toBeNull();
    expect(parseAttemptMerchantOid('LCR17A2x')).toBeNull();
  });
});
