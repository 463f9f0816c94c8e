import { z } from 'zod';
import { serviceEnv } from '@lifecycle/config';

/** Every variable the health service reads, validated at boot (README lists them). */
export const healthEnvSchema = z.object({
  ...serviceEnv(8085),
});

export type HealthEnv = z.infer<typeof healthEnvSchema>;
