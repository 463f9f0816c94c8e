// PayTR's merchant_oid must be alphanumeric (at most 64 characters); one per attempt, so that an attempt can
// never be charged twice: the provider refuses a merchant_oid it has seen (docs/dunning.md, "Never charged twice").
const PATTERN = /^LCR(\d{1,18})A(\d{1,3})$/;

/** `LCR<chain head id>A<attempt>`: attempt 2 is the first retry of payment `headId`. */
export function attemptMerchantOid(headId: number, attempt: number): string {
  return `LCR${headId}A${attempt}`;
}

/** The chain head and attempt of a merchant_oid billing made; null for any other order id. */
export function parseAttemptMerchantOid(merchantOid: string): { headId: number; attempt: number } | null {
  const match = PATTERN.exec(merchantOid);
  return match ? { headId: Number(match[1]), attempt: Number(match[2]) } : null;
}
