/** The keys whose wanted value differs from what the server holds; keys we do not set are the server's business. */
export function configDrift<T extends object>(current: T, wanted: Partial<T>, ignore: readonly (keyof T)[] = []): (keyof T)[] {
  return (Object.keys(wanted) as (keyof T)[]).filter(
    (key) => wanted[key] !== undefined && !ignore.includes(key) && !sameValue(current[key], wanted[key]),
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
