import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CURRENCIES } from '@lifecycle/contracts';
import { DEFAULT_PRICE_LIST, type PriceList } from './price-list';

export const DEFAULT_PLANS_PATH = 'config/plans.yaml';

export class PlansFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'PlansFileError';
  }
}

const amount = z.int().nonnegative();
const fileSchema = z.strictObject({
  prices: z.record(z.string().min(1).max(20), z.partialRecord(z.enum(CURRENCIES), amount)).nullish(),
});

/** The default price list with the file's entries laid over it, plan by plan and currency by currency. */
export function parsePlansFile(text: string, file: string): PriceList {
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
  return prices;
}

/** The prices from `file`; the defaults when the default path does not exist. A named file that is missing is an error. */
export function loadPriceList(file: { path: string; explicit: boolean }, readFile: (path: string) => string): PriceList {
  let text: string;
  try {
    text = readFile(file.path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && !file.explicit) return DEFAULT_PRICE_LIST;
    throw new PlansFileError(file.path, missing ? 'file not found' : `cannot read the file: ${(error as Error).message}`);
  }
  return parsePlansFile(text, file.path);
}
