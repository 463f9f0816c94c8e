import type { z } from 'zod';
import { billingEnvSchema } from '../../apps/billing/src/billing.env';
import { clockEnvSchema } from '../../apps/clock/src/clock.env';
import { healthEnvSchema } from '../../apps/health/src/health.env';
import { notifierEnvSchema } from '../../apps/notifier/src/notifier.env';
import { workspaceGuardEnvSchema } from '../../apps/workspace-guard/src/workspace-guard.env';
import { cliEnvSchema } from '../cli/cli.env';
import { previewEnvSchema } from '../cli/preview.command';
import { workspacesEnvSchema } from '../cli/workspaces.command';

/** Every env schema, by the program that reads it (one schema per app, STYLE.md). */
export const ENV_SCHEMAS: Record<string, z.ZodObject> = {
  clock: clockEnvSchema,
  billing: billingEnvSchema,
  notifier: notifierEnvSchema,
  'workspace-guard': workspaceGuardEnvSchema,
  health: healthEnvSchema,
  lifecyclectl: cliEnvSchema,
  'lifecyclectl preview': previewEnvSchema,
  'lifecyclectl workspaces': workspacesEnvSchema,
};
