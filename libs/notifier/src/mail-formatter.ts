import type { Locale } from '@lifecycle/contracts';

const INTL_LOCALE: Record<Locale, string> = { en: 'en-US', tr: 'tr-TR' };

// Plan codes are free varchar(20) on the platform; an unknown one is shown as written.
const PLAN_NAMES: Record<string, Record<Locale, string>> = {
  starter: { en: 'Starter', tr: 'Başlangıç' },
  team: { en: 'Team', tr: 'Ekip' },
  enterprise: { en: 'Enterprise', tr: 'Kurumsal' },
};

// Building an Intl format costs far more than using one: they are made once per locale, zone and currency.
const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let format = formats.get(key) as F | undefined;
  if (!format) formats.set(key, (format = make()));
  return format;
}

/** Dates, money and plan names as a reader of `locale` expects them, in the configured time zone. */
export class MailFormatter {
  private readonly dateTimeFormat: Intl.DateTimeFormat;
  private readonly dateFormat: Intl.DateTimeFormat;

  constructor(
    readonly locale: Locale,
    readonly timeZone: string,
  ) {
    const tag = INTL_LOCALE[locale];
    this.dateTimeFormat = cached(`dt:${tag}:${timeZone}`, () => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone }));
    this.dateFormat = cached(`d:${tag}:${timeZone}`, () => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone }));
  }

  /** "December 8, 2026 at 9:00 AM (UTC)" / "8 Aralık 2026 09:00 (UTC)". */
  dateTime(iso: string): string {
    return `${this.dateTimeFormat.format(new Date(iso))} (${this.timeZone})`;
  }

  /** "December 8, 2026" / "8 Aralık 2026". */
  date(iso: string): string {
    return this.dateFormat.format(new Date(iso));
  }

  /** Minor units → "$29.00" / "$29,00", "₺1.250,00". */
  money(minorUnits: number, currency: string): string {
    const tag = INTL_LOCALE[this.locale];
    const format = cached(`n:${tag}:${currency}`, () => new Intl.NumberFormat(tag, { style: 'currency', currency }));
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minorUnits / 10 ** digits);
  }

  plan(code: string): string {
    return PLAN_NAMES[code.toLowerCase()]?.[this.locale] ?? code;
  }
}
