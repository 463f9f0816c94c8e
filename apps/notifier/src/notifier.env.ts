import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';

/** Every variable the notifier service reads, validated at boot (README lists them). */
export const notifierEnvSchema = z.object({
  ...serviceEnv(8083),
  MAIL_TRANSPORT: z.enum(['file', 'mailjet', 'log']).default('file'),
  MAIL_DIR: z.string().min(1).default('var/mail'),
  MAIL_FROM: z.email().default('billing@localhost'),
  OPS_ALERT_EMAIL: z.email().optional(),
  MAILJET_API_KEY: z.string().min(1).optional(),
  MAILJET_API_SECRET: z.string().min(1).optional(),
  MAILJET_API_URL: z.url().default('https://api.mailjet.com'),
}).superRefine((env, ctx) => {
  if (env.MAIL_TRANSPORT !== 'mailjet') return;
  for (const key of ['MAILJET_API_KEY', 'MAILJET_API_SECRET'] as const) {
    if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when MAIL_TRANSPORT=mailjet' });
  }
});

export type NotifierEnv = z.infer<typeof notifierEnvSchema>;
