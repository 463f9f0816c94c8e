/** Occurrences per key. */
export function tally<T>(items: Iterable<T>, key: (item: T) => string | number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = String(key(item));
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** What differs between an expected and an observed count per key: missing, doubled, unexpected (at most `limit` of each). */
export function compareCounts(what: string, expected: Map<string, number>, observed: Map<string, number>, limit = 5): string[] {
  const missing: string[] = [];
  const wrong: string[] = [];
  const unexpected: string[] = [];
  for (const [key, n] of expected) {
    const seen = observed.get(key) ?? 0;
    if (seen === 0) missing.push(key);
    else if (seen !== n) wrong.push(`${key} ×${seen} (expected ${n})`);
  }
  for (const key of observed.keys()) if (!expected.has(key)) unexpected.push(key);
  const line = (label: string, keys: string[]) =>
    keys.length ? [`${what}: ${keys.length} ${label}, e.g. ${keys.slice(0, limit).join(', ')}`] : [];
  return [...line('missing', missing), ...line('with a wrong count', wrong), ...line('unexpected', unexpected)];
}

export const once = (keys: Iterable<string | number>) => new Map([...keys].map((k) => [String(k), 1]));
