import { z } from 'zod';

export const isoDateTimeSchema = z.iso.datetime();
export const entityIdSchema = z.int().positive();
export const minorUnitsSchema = z.int().nonnegative().describe('Integer minor units (2900 = 29.00)');

export const CURRENCIES = ['TRY', 'USD', 'EUR'] as const;
export const currencySchema = z.enum(CURRENCIES);
export type Currency = z.infer<typeof currencySchema>;

export const LOCALES = ['en', 'tr'] as const;
export type Locale = (typeof LOCALES)[number];

// The platform stores plans as free varchar(20); a plan added there must not make billing's facts unpublishable.
export const planSchema = z.string().min(1).max(20).meta({ examples: ['starter', 'team', 'enterprise'] });

// Addresses come unvalidated from the platform; the mailer judges them, and a bad one becomes
// notification.email.failed rather than an event billing cannot publish.
export const emailAddressSchema = z.string().min(1).max(320);

/** The company admin who receives billing mail; billing skips companies without one, so it is never null. */
export const adminSchema = z.object({
  userId: entityIdSchema,
  email: emailAddressSchema,
  fullName: z.string(),
  locale: z.enum(LOCALES),
});
export type Admin = z.infer<typeof adminSchema>;

/** Fields every billing fact carries so that consumers need not query back. */
export const subscriptionFactShape = {
  subscriptionId: entityIdSchema,
  companyId: entityIdSchema,
  companyName: z.string().min(1),
  plan: planSchema,
  admin: adminSchema,
};
