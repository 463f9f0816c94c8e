import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CURRENCIES } from '@lifecycle/contracts';
import { BILLING_INTERVALS, type BillingInterval } from './billing-interval';
import { DEFAULT_PRICE_LIST, type PriceList } from './price-list';

export const DEFAULT_PLANS_PATH = 'config/plans.yaml';

export class PlansFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'PlansFileError';
  }
}

const amount = z.int().nonnegative();
const plan = z.string().min(1).max(20);
const fileSchema = z.strictObject({
  prices: z.record(plan, z.partialRecord(z.enum(CURRENCIES), amount)).nullish(),
  intervals: z.record(plan, z.enum(BILLING_INTERVALS)).nullish(),
});

/** What the plans file says: list prices, and each plan's billing interval (monthly when not named). */
export interface Plans {
  prices: PriceList;
  intervals: Readonly<Record<string, BillingInterval>>;
}

/** The default price list with the file's entries laid over it, plan by plan and currency by currency. */
export function parsePlansFile(text: string, file: string): PriceList {
  return parsePlans(text, file).prices;
}

export function parsePlans(text: string, file: string): Plans {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new PlansFileError(file, `not valid YAML: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new PlansFileError(file, problems.join('; '));
  }
  const prices: Record<string, Record<string, number>> = {};
  for (const [plan, byCurrency] of Object.entries(DEFAULT_PRICE_LIST)) prices[plan] = { ...byCurrency };
  for (const [plan, byCurrency] of Object.entries(parsed.data.prices ?? {})) prices[plan] = { ...prices[plan], ...byCurrency };
  return { prices, intervals: { ...(parsed.data.intervals ?? {}) } };
}

/** The prices from `file`; the defaults when the default path does not exist. A named file that is missing is an error. */
export function loadPriceList(file: { path: string; explicit: boolean }, readFile: (path: string) => string): PriceList {
  return loadPlans(file, readFile).prices;
}

export function loadPlans(file: { path: string; explicit: boolean }, readFile: (path: string) => string): Plans {
  let text: string;
  try {
    text = readFile(file.path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && !file.explicit) return { prices: DEFAULT_PRICE_LIST, intervals: {} };
    throw new PlansFileError(file.path, missing ? 'file not found' : `cannot read the file: ${(error as Error).message}`);
  }
  return parsePlans(text, file.path);
}
