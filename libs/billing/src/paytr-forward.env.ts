import { z } from 'zod';
import { parseDuration } from '@lifecycle/time';

/** Forwarding of PayTR notifications that are not billing's (docs/dunning.md, "One notification URL per store"). */
export const paytrForwardEnv = {
  PAYTR_FORWARD_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
    .optional()
    .describe(
      "the platform's PayTR callback (e.g. `https://app.example.com/billing/callback`): notifications of orders that are not billing's retries are passed on to it unchanged, and PayTR is answered `OK` only after it answered `OK`",
    ),
  PAYTR_FORWARD_TIMEOUT: z
    .string()
    .default('10s')
    .refine((v) => {
      try {
        parseDuration(v);
        return true;
      } catch {
        return false;
      }
    }, { message: 'must be a duration such as 10s' })
    .describe("how long billing waits for the platform's callback to answer a forwarded notification"),
};

export type PaytrForwardEnv = z.infer<z.ZodObject<typeof paytrForwardEnv>>;

export function paytrForwardSettingsFromEnv(env: PaytrForwardEnv): { url: string; timeoutMs: number } | null {
  return env.PAYTR_FORWARD_URL ? { url: env.PAYTR_FORWARD_URL, timeoutMs: parseDuration(env.PAYTR_FORWARD_TIMEOUT) } : null;
}
