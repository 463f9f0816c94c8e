import { PlatformTables1767225600000 } from './1767225600000-platform-tables';
import { LifecycleColumns1767225660000 } from './1767225660000-lifecycle-columns';
import { OwnTables1767225720000 } from './1767225720000-own-tables';
import { NotifierLedger1767400000000 } from './1767400000000-notifier-ledger';
import { WorkspaceGuardTables1767500000000 } from './1767500000000-workspace-guard-tables';
import { BillingIndexes1767600000000 } from './1767600000000-billing-indexes';
import { Dunning1767610000000 } from './1767610000000-dunning';
import { HealthRuns1767700000000 } from './1767700000000-health-runs';
import { RetentionIndexes1767800000000 } from './1767800000000-retention-indexes';
import { OutboxVacuum1767900000000 } from './1767900000000-outbox-vacuum';
import { HealthWorkspaceFactsIndex1767950000000 } from './1767950000000-health-workspace-facts-index';
import { BillingSweepKeyset1767960000000 } from './1767960000000-billing-sweep-keyset';
import { OutboxWithoutNotify1767970000000 } from './1767970000000-outbox-without-notify';
import { EmailUnknownOutcomes1767980190000 } from './1767980190000-email-unknown-outcomes';
import { PaymentOutcomes1767985000000 } from './1767985000000-payment-outcomes';

/** In timestamp order; add a new migration at the end with a later timestamp. */
export const MIGRATIONS = [
  PlatformTables1767225600000,
  LifecycleColumns1767225660000,
  OwnTables1767225720000,
  NotifierLedger1767400000000,
  WorkspaceGuardTables1767500000000,
  BillingIndexes1767600000000,
  Dunning1767610000000,
  HealthRuns1767700000000,
  RetentionIndexes1767800000000,
  OutboxVacuum1767900000000,
  HealthWorkspaceFactsIndex1767950000000,
  BillingSweepKeyset1767960000000,
  OutboxWithoutNotify1767970000000,
  EmailUnknownOutcomes1767980190000,
  PaymentOutcomes1767985000000,
];

/** Not TypeORM's default `migrations`: the database is shared with the platform, so the name says whose it is. */
export const MIGRATIONS_TABLE = 'lifecycle_migrations';
