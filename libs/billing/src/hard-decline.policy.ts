/**
 * Decline codes after which retrying is pointless (a stolen or lost card, a closed account, fraud): the
 * chain stops and the subscription is suspended at once (docs/dunning.md, "Hard declines").
 */
export class HardDeclinePolicy {
  /** PayTR `failed_reason_code`s 3 and 11 (fraud checks) and the ISO 8583 bank codes 41, 43, 46, 54. */
  static readonly DEFAULT_CODES = ['3', '11', '41', '43', '46', '54'] as const;

  private readonly codes: ReadonlySet<string>;

  constructor(codes: Iterable<string> = HardDeclinePolicy.DEFAULT_CODES) {
    this.codes = new Set([...codes].map((c) => c.trim().toLowerCase()));
  }

  isHard(code: string | null | undefined): boolean {
    return code != null && this.codes.has(code.trim().toLowerCase());
  }

  list(): string[] {
    return [...this.codes];
  }

  /** `3,11,41,43` (an empty text: no hard declines). */
  static parse(text: string): HardDeclinePolicy {
    const codes = text.split(',').map((c) => c.trim()).filter(Boolean);
    const bad = codes.find((c) => !/^[A-Za-z0-9_]{1,20}$/.test(c));
    if (bad) throw new Error(`"${bad}" is not a decline code (letters, digits and _ only)`);
    return new HardDeclinePolicy(codes);
  }
}
