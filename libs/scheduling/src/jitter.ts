import { createHash } from 'node:crypto';

/**
 * The delay of one slot, in whole seconds from 0 to `maxJitterMs`: derived from the slot identity, so
 * every replica computes the same delay (ARCHITECTURE.md, "Schedules"), like systemd's
 * RandomizedDelaySec but reproducible.
 */
export function jitterFor(slotId: string, maxJitterMs: number): number {
  const seconds = Math.floor(maxJitterMs / 1000);
  if (seconds <= 0) return 0;
  const draw = createHash('sha256').update(slotId).digest().readUIntBE(0, 6);
  return (draw % (seconds + 1)) * 1000;
}
