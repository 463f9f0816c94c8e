import { AuditLogEntity } from './audit-log.entity';
import { ClockSlotEntity } from './clock-slot.entity';
import { CompanyEntity } from './company.entity';
import { EmailLogEntity } from './email-log.entity';
import { HealthIssueEntity } from './health-issue.entity';
import { InvoiceEntity } from './invoice.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { PaymentEntity } from './payment.entity';
import { ProcessedMessageEntity } from './processed-message.entity';
import { SubscriptionEntity } from './subscription.entity';
import { UserEntity } from './user.entity';
import { WorkspaceEntity } from './workspace.entity';

export * from './audit-log.entity';
export * from './clock-slot.entity';
export * from './company.entity';
export * from './email-log.entity';
export * from './health-issue.entity';
export * from './invoice.entity';
export * from './outbox-event.entity';
export * from './payment.entity';
export * from './processed-message.entity';
export * from './subscription.entity';
export * from './user.entity';
export * from './workspace.entity';

export const ENTITIES = [
  CompanyEntity,
  UserEntity,
  SubscriptionEntity,
  WorkspaceEntity,
  PaymentEntity,
  InvoiceEntity,
  EmailLogEntity,
  AuditLogEntity,
  OutboxEventEntity,
  ProcessedMessageEntity,
  ClockSlotEntity,
  HealthIssueEntity,
];
