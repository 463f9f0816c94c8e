import { randomBytes } from 'node:crypto';

/** A short lowercase id usable in database names, NATS tokens and stream names. */
export function randomId(length = 8): string {
  return randomBytes(length).toString('hex').slice(0, length);
}
