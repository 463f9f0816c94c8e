import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';

/** Every variable the notifier service reads, validated at boot (README lists them). */
export const notifierEnvSchema = z.object({
  ...serviceEnv(8083),
  MAIL_TRANSPORT: z.enum(['file', 'mailjet', 'log']).default('file').describe('`file` (writes under `MAIL_DIR`), `mailjet` or `log`'),
  MAIL_DIR: z.string().min(1).default('var/mail').describe('where the `file` transport writes `.eml`, `.html` and `index.html`'),
  MAIL_FROM: z.email().default('billing@localhost').describe('sender address'),
  OPS_ALERT_EMAIL: z.email().optional().describe('where operator alerts are mailed'),
  MAILJET_API_KEY: z.string().min(1).optional().describe('Mailjet API key (required with `MAIL_TRANSPORT=mailjet`)'),
  MAILJET_API_SECRET: z.string().min(1).optional().describe('Mailjet API secret (required with `MAIL_TRANSPORT=mailjet`)'),
  MAILJET_API_URL: z.url().default('https://api.mailjet.com').describe('Mailjet API base URL (tests point it at a local fake)'),
}).superRefine((env, ctx) => {
  if (env.MAIL_TRANSPORT !== 'mailjet') return;
  for (const key of ['MAILJET_API_KEY', 'MAILJET_API_SECRET'] as const) {
    if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when MAIL_TRANSPORT=mailjet' });
  }
});

export type NotifierEnv = z.infer<typeof notifierEnvSchema>;
