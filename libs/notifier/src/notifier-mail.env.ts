import { z } from 'zod';
import { booleanFlag, positiveInt } from '@lifecycle/config';
import { LOCALES } from '@lifecycle/contracts';
import { parseDuration } from '@lifecycle/time';
import { notifierSettings, type NotifierSettings, type TransportSettings, type WebhookSettings } from './notifier.settings';
import { parseTemplateIdMap } from './template-id-map';

const succeeds = (fn: () => unknown) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

// Kept as text so the README shows the default as written; notifierSettingsFromEnv converts it.
const duration = (fallback: string, example: string) =>
  z
    .string()
    .refine((v) => succeeds(() => parseDuration(v)), { message: `must be a duration such as ${example}` })
    .default(fallback);

const path = (fallback: string) =>
  z.string().regex(/^\/[^\s]*$/, 'must be a path starting with "/"').default(fallback);

/** The notifier's own variables (ARCHITECTURE.md lists the shared ones); docs/notifier.md explains them. */
export const notifierMailEnv = {
  MAIL_TRANSPORT: z.enum(['file', 'mailjet', 'log']).default('file').describe('`file` (writes under `MAIL_DIR`), `mailjet` or `log`'),
  MAIL_DIR: z.string().min(1).default('var/mail').describe('where the `file` transport writes `.eml`, `.html` and `index.html`'),
  MAIL_FROM: z.email().default('billing@localhost').describe('sender address'),
  MAIL_FROM_NAME: z.string().min(1).max(100).optional().describe('sender display name'),
  MAIL_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine((v) => succeeds(() => new Intl.DateTimeFormat('en-US', { timeZone: v })), { message: 'must be an IANA time zone, e.g. UTC or Europe/Istanbul' })
    .describe('time zone in which mails state dates and times'),
  APP_BASE_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL, e.g. https://app.example.com' })
    .default('http://localhost:5000')
    .describe('base URL of the platform; mail links are built from it'),
  APP_BILLING_PATH: path('/billing').describe('path of the billing page (where to pay), appended to `APP_BASE_URL`'),
  APP_UPGRADE_PATH: path('/billing/upgrade').describe('path of the upgrade page, appended to `APP_BASE_URL`'),
  OPS_ALERT_EMAIL: z.email().optional().describe('where operator alerts are mailed (not mailed when unset)'),
  OPS_ALERT_LOCALE: z.enum(LOCALES).default('en').describe('language of operator alert mail'),
  MAILJET_API_KEY: z.string().min(1).optional().describe('Mailjet API key (required with `MAIL_TRANSPORT=mailjet`)'),
  MAILJET_API_SECRET: z.string().min(1).optional().describe('Mailjet API secret (required with `MAIL_TRANSPORT=mailjet`)'),
  MAILJET_API_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
    .default('https://api.mailjet.com')
    .describe('Mailjet API base URL (tests point it at a local fake)'),
  MAILJET_TEMPLATE_IDS: z
    .string()
    .default('')
    .refine((v) => succeeds(() => parseTemplateIdMap(v)), {
      message: 'must look like trial_expired:12345,renewal_reminder:23456 (email_type:Mailjet template id)',
    })
    .describe('email types designed in Mailjet, e.g. `trial_expired:12345`: sent as `TemplateID` + `Variables`'),
  MAILJET_TIMEOUT: duration('15s', '15s').describe('timeout of one Mailjet API request'),
  MAILJET_RETRY_AFTER_CAP: duration('60s', '60s')
    .describe('longest `Retry-After` of a 429 waited for in place; a longer one retries the event with back-off'),
  MAILJET_LOOKUP_GRACE: duration('10m', '10m, or 0s to re-send at once').describe(
    'a mail whose send outcome is unknown (timeout, reset, 5xx) is looked up by CustomID 5 s after, then at doubling intervals, and re-sent only when no lookup over this window found it',
  ),
  MAILJET_WEBHOOK_USER: z.string().min(1).optional().describe('basic-auth user of `POST /webhooks/mailjet` (with the password)'),
  MAILJET_WEBHOOK_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters')
    .optional()
    .describe('basic-auth password of `POST /webhooks/mailjet`; the endpoint answers 503 while unset'),
  BATCHING: booleanFlag.default(true).describe('send up to 50 mails per Mailjet Send API request (`false`: one per request)'),
  MAIL_BATCH_LINGER: duration('25ms', '25ms').describe('how long a Mailjet batch waits to fill before it is sent'),
  MAIL_CONCURRENCY: positiveInt
    .max(1000)
    .default(200)
    .describe('events pulled at once per notifier subject (JetStream consumer); they wait for one of the `MAIL_IN_FLIGHT` slots'),
  MAIL_IN_FLIGHT: positiveInt
    .max(1000)
    .default(100)
    .describe(
      'events rendered and sent at once by the process, across all subjects (bounds its memory); at least 50 lets a Mailjet batch fill',
    ),
  MAIL_MAX_DELIVERIES: positiveInt
    .max(10_000)
    .default(100)
    .describe('deliveries of an event before it is dead-lettered; transient send failures retry with back-off up to 10 min'),
};

export const notifierMailEnvSchema = z.object(notifierMailEnv);
export type NotifierMailEnv = z.infer<typeof notifierMailEnvSchema>;

/** Cross-field rules of the notifier's environment (add to the app schema with superRefine). */
export function checkNotifierMailEnv(env: NotifierMailEnv, ctx: z.RefinementCtx): void {
  if (env.MAIL_TRANSPORT === 'mailjet') {
    for (const key of ['MAILJET_API_KEY', 'MAILJET_API_SECRET'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when MAIL_TRANSPORT=mailjet' });
    }
  }
  if (!env.MAILJET_WEBHOOK_USER !== !env.MAILJET_WEBHOOK_PASSWORD) {
    const missing = env.MAILJET_WEBHOOK_USER ? 'MAILJET_WEBHOOK_PASSWORD' : 'MAILJET_WEBHOOK_USER';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'is required with the other MAILJET_WEBHOOK_* variable' });
  }
}

export function notifierSettingsFromEnv(env: NotifierMailEnv): NotifierSettings {
  const base = env.APP_BASE_URL.replace(/\/+$/, '');
  return notifierSettings({
    from: { email: env.MAIL_FROM, name: env.MAIL_FROM_NAME },
    opsAlert: { to: env.OPS_ALERT_EMAIL ?? null, locale: env.OPS_ALERT_LOCALE },
    links: { billing: `${base}${env.APP_BILLING_PATH}`, upgrade: `${base}${env.APP_UPGRADE_PATH}` },
    timeZone: env.MAIL_TIME_ZONE,
    templateIds: parseTemplateIdMap(env.MAILJET_TEMPLATE_IDS),
    lookupGraceMs: parseDuration(env.MAILJET_LOOKUP_GRACE),
    maxInFlight: env.MAIL_IN_FLIGHT,
  });
}

export function transportSettingsFromEnv(env: NotifierMailEnv): TransportSettings {
  return {
    transport: env.MAIL_TRANSPORT,
    mailDir: env.MAIL_DIR,
    mailjet: {
      apiKey: env.MAILJET_API_KEY ?? '',
      apiSecret: env.MAILJET_API_SECRET ?? '',
      apiUrl: env.MAILJET_API_URL,
      timeoutMs: parseDuration(env.MAILJET_TIMEOUT),
      batching: env.BATCHING,
      lingerMs: parseDuration(env.MAIL_BATCH_LINGER),
      retryAfterCapMs: parseDuration(env.MAILJET_RETRY_AFTER_CAP),
    },
  };
}

export function webhookSettingsFromEnv(env: NotifierMailEnv): WebhookSettings {
  const { MAILJET_WEBHOOK_USER: user, MAILJET_WEBHOOK_PASSWORD: password } = env;
  return { credentials: user && password ? { user, password } : null };
}
