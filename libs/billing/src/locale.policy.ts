import { LOCALES, type Locale } from '@lifecycle/contracts';

export class InvalidLocaleMapError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`invalid currency→locale map "${input}": ${reason}; write it like TRY:tr,USD:en,EUR:en`);
    this.name = 'InvalidLocaleMapError';
  }
}

/** The language of a company's billing mail, from the currency it pays in (docs/billing.md, "Locale"). */
export class LocalePolicy {
  static readonly DEFAULT_MAP: Readonly<Record<string, Locale>> = { TRY: 'tr' };

  constructor(
    private readonly byCurrency: Readonly<Record<string, Locale>> = LocalePolicy.DEFAULT_MAP,
    private readonly fallback: Locale = 'en',
  ) {}

  localeFor(currency: string | null | undefined): Locale {
    return (currency && this.byCurrency[currency.toUpperCase()]) || this.fallback;
  }

  /** Parses `TRY:tr,USD:en`; an empty text is the empty map. */
  static parseMap(input: string): Record<string, Locale> {
    const map: Record<string, Locale> = {};
    for (const entry of input.split(',').map((e) => e.trim()).filter(Boolean)) {
      const match = /^([A-Za-z]{3}):([a-z]{2})$/.exec(entry);
      if (!match) throw new InvalidLocaleMapError(input, `"${entry}" is not CURRENCY:locale`);
      const locale = match[2] as Locale;
      if (!LOCALES.includes(locale)) throw new InvalidLocaleMapError(input, `unknown locale "${locale}" (known: ${LOCALES.join(', ')})`);
      map[match[1].toUpperCase()] = locale;
    }
    return map;
  }
}
