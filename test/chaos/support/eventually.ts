/** Polls `probe` until `accept` holds; fails after `timeoutMs` with the last value. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    let failure: unknown;
    try {
      value = await probe();
      if (accept(value)) return value;
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) {
      const last = failure instanceof Error ? `error ${failure.message}` : JSON.stringify(value);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last?.slice(0, 2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
