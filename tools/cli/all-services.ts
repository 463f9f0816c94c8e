import type { ServiceSpec } from '@lifecycle/runtime';
import { billingService } from '../../apps/billing/src/billing.service';
import { clockService } from '../../apps/clock/src/clock.service';
import { healthService } from '../../apps/health/src/health.service';
import { notifierService } from '../../apps/notifier/src/notifier.service';
import { workspaceGuardService } from '../../apps/workspace-guard/src/workspace-guard.service';

/** Every service, in start order: the clock last, so nothing ticks before its consumers listen. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each spec has its own env type
export const ALL_SERVICES: Record<string, ServiceSpec<any>> = {
  billing: billingService,
  notifier: notifierService,
  'workspace-guard': workspaceGuardService,
  health: healthService,
  clock: clockService,
};
