import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';
import { checkNotifierMailEnv, notifierMailEnv } from '@lifecycle/notifier';

/** Every variable the notifier service reads, validated at boot (README lists them; docs/notifier.md explains them). */
export const notifierEnvSchema = z.object({ ...serviceEnv(8083), ...notifierMailEnv }).superRefine(checkNotifierMailEnv);

export type NotifierEnv = z.infer<typeof notifierEnvSchema>;
