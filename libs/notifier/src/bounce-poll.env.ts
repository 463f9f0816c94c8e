import { z } from 'zod';
import { parseDuration } from '@lifecycle/time';
import type { MailjetApiSettings } from './mailjet.api';
import { notifierMailEnv } from './notifier-mail.env';

/**
 * What the health service reads to poll Mailjet for bounces when the Event API webhook is absent
 * (docs/notifier.md, "Bounces without the webhook"). The Mailjet variables are the notifier's own, so
 * one environment file serves both.
 */
export const bouncePollEnv = {
  MAILJET_BOUNCE_POLL: z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .describe(
      'each email-health run asks Mailjet for the bounces, blocks and spam of recent messages; `auto`: when `MAILJET_API_KEY` and `MAILJET_API_SECRET` are set and the Event API webhook (`MAILJET_WEBHOOK_USER`) is not',
    ),
  MAILJET_API_KEY: notifierMailEnv.MAILJET_API_KEY,
  MAILJET_API_SECRET: notifierMailEnv.MAILJET_API_SECRET,
  MAILJET_API_URL: notifierMailEnv.MAILJET_API_URL,
  MAILJET_TIMEOUT: notifierMailEnv.MAILJET_TIMEOUT,
  MAILJET_WEBHOOK_USER: notifierMailEnv.MAILJET_WEBHOOK_USER,
};

export type BouncePollEnv = z.infer<z.ZodObject<typeof bouncePollEnv>>;

/** `on` needs the API credentials (add to the app schema with superRefine). */
export function checkBouncePollEnv(env: BouncePollEnv, ctx: z.RefinementCtx): void {
  if (env.MAILJET_BOUNCE_POLL !== 'on') return;
  for (const key of ['MAILJET_API_KEY', 'MAILJET_API_SECRET'] as const) {
    if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required with MAILJET_BOUNCE_POLL=on' });
  }
}

/** The Mailjet API to poll, or null when email-health does not poll. */
export function bouncePollSettingsFromEnv(env: BouncePollEnv): MailjetApiSettings | null {
  const credentials = Boolean(env.MAILJET_API_KEY && env.MAILJET_API_SECRET);
  const enabled = env.MAILJET_BOUNCE_POLL === 'on' || (env.MAILJET_BOUNCE_POLL === 'auto' && credentials && !env.MAILJET_WEBHOOK_USER);
  if (!enabled) return null;
  return { apiKey: env.MAILJET_API_KEY ?? '', apiSecret: env.MAILJET_API_SECRET ?? '', apiUrl: env.MAILJET_API_URL, timeoutMs: parseDuration(env.MAILJET_TIMEOUT) };
}
