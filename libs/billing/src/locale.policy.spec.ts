import { InvalidLocaleMapError, LocalePolicy } from './locale.policy';

describe('LocalePolicy', () => {
  it('writes to companies paying in TRY in Turkish and to everyone else in English by default', () => {
    const policy = new LocalePolicy();
    expect(['TRY', 'try', 'USD', 'EUR', '', null].map((c) => policy.localeFor(c))).toEqual(['tr', 'tr', 'en', 'en', 'en', 'en']);
  });

  it('follows LOCALE_BY_CURRENCY and DEFAULT_LOCALE', () => {
    const policy = new LocalePolicy(LocalePolicy.parseMap('EUR:tr, usd:en'), 'tr');
    expect(['EUR', 'USD', 'TRY', 'GBP'].map((c) => policy.localeFor(c))).toEqual(['tr', 'en', 'tr', 'tr']);
    expect(LocalePolicy.parseMap('')).toEqual({});
  });

  it.each(['TRY', 'TRY:de', 'TRY=tr', 'TRYY:tr'])('rejects %p', (input) => {
    expect(() => LocalePolicy.parseMap(input)).toThrow(InvalidLocaleMapError);
  });
});
