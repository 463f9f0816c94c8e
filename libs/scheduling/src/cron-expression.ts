import { validateCronExpression } from 'cron';
import { WallClockCron } from './wall-clock-cron';

const REFERENCE_WALL_TIME = Date.UTC(2000, 0, 1);

/** Why the cron library rejects the expression, or undefined when it is usable. */
export function cronExpressionProblem(expression: string): string | undefined {
  const { valid, error } = validateCronExpression(expression);
  if (!valid) return error?.message ?? 'not a cron expression';
  try {
    WallClockCron.of(expression).next(REFERENCE_WALL_TIME);
  } catch {
    return 'it never matches';
  }
  return undefined;
}
