import { InvalidArgumentError } from 'commander';

/** Commander parser of `--limit 5`, `--keep 7`. */
export function positiveCount(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a positive whole number');
  return Number(value);
}
