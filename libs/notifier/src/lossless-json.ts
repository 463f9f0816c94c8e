/**
 * JSON.parse that keeps integers beyond 2^53 as their exact decimal text (Mailjet's MessageIDs are
 * such integers). Uses the reviver's source text (Node ≥ 21); elsewhere they stay lossy numbers.
 */
export function parseJsonLossless(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) return context.source;
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}
