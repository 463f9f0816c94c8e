/** `INV-YYYY-NNNNN` (platform-schema.md, "invoices"); numbers past 99999 simply grow a digit. */
export function formatInvoiceNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`invoice year ${year} is not a four-digit year`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`invoice sequence ${sequence} must be a positive integer`);
  return `INV-${year}-${String(sequence).padStart(5, '0')}`;
}

/** The year an invoice dated `at` is numbered in (UTC, like every platform timestamp). */
export function invoiceYear(at: Date): number {
  return at.getUTCFullYear();
}
