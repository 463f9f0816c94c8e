import { loadPriceList, parsePlans, parsePlansFile, PlansFileError } from './plans-file';
import { DEFAULT_PRICE_LIST, priceFor } from './price-list';

describe('plans file', () => {
  it('lays the file over the default prices, plan by plan and currency by currency', () => {
    const prices = parsePlansFile('prices:\n  team:\n    TRY: 120000\n  legacy:\n    USD: 900\n', 'plans.yaml');
    expect(priceFor(prices, 'team', 'TRY')).toBe(120000);
    expect(priceFor(prices, 'team', 'USD')).toBe(DEFAULT_PRICE_LIST.team.USD);
    expect(priceFor(prices, 'legacy', 'USD')).toBe(900);
    expect(priceFor(prices, 'legacy', 'EUR')).toBeNull();
    expect(priceFor(prices, 'team', 'GBP')).toBeNull();
  });

  it.each([
    ['prices:\n  team:\n    GBP: 100\n', /prices\.team: Unrecognized key: "GBP"/],
    ['prices:\n  team:\n    USD: 29.5\n', /prices\.team\.USD/],
    ['plans: {}\n', /plans/],
    ['prices: [\n', /not valid YAML/],
  ])('names the problem in %p', (text, problem) => {
    expect(() => parsePlansFile(text, 'config/plans.yaml')).toThrow(PlansFileError);
    expect(() => parsePlansFile(text, 'config/plans.yaml')).toThrow(problem);
  });

  it('falls back to the defaults only when the default path is missing', () => {
    const missing = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(loadPriceList({ path: 'config/plans.yaml', explicit: false }, missing)).toBe(DEFAULT_PRICE_LIST);
    expect(() => loadPriceList({ path: '/etc/plans.yaml', explicit: true }, missing)).toThrow('/etc/plans.yaml: file not found');
  });
});

describe('plans file intervals', () => {
  it('names billing intervals per plan; plans not named are monthly', () => {
    expect(parsePlans('intervals:\n  enterprise: yearly\n', 'plans.yaml').intervals).toEqual({ enterprise: 'yearly' });
    expect(parsePlans('prices: {}\n', 'plans.yaml').intervals).toEqual({});
    expect(() => parsePlans('intervals:\n  team: weekly\n', 'plans.yaml')).toThrow(/intervals\.team/);
  });
});
