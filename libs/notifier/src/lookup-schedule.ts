/** The first CustomID lookup after an unknown outcome; later ones double the attempt's age. */
export const FIRST_LOOKUP_MS = 5_000;

/**
 * When to look an attempt of unknown outcome up again at Mailjet (docs/notifier.md, "Unknown outcomes"):
 * 5 s after it, then each time at twice its age, and the last lookup exactly at MAILJET_LOOKUP_GRACE.
 * With a 10 min grace: at 5, 10, 20, 40, 80, 160, 320 and 600 s. null when the grace has passed (the
 * caller re-sends if that lookup found nothing) or there is no grace.
 */
export function nextLookupDelayMs(attemptAgeMs: number, graceMs: number): number | null {
  if (!(attemptAgeMs < graceMs)) return null;
  const age = Math.max(attemptAgeMs, 0);
  const next = Math.min(graceMs, Math.max(age * 2, age + FIRST_LOOKUP_MS));
  return Math.ceil(next - age);
}
