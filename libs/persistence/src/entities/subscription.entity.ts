import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CompanyPlan } from './company.entity';

/** The platform's values plus `expired` (a trial that ended unpaid), which this project adds. */
export type SubscriptionStatus = 'trial' | 'active' | 'past_due' | 'cancelled' | 'suspended' | 'expired';

@Entity({ name: 'subscriptions' })
export class SubscriptionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'company_id', type: 'integer', unique: true })
  companyId!: number;

  @Column({ type: 'varchar', length: 20 })
  plan!: CompanyPlan;

  @Column({ type: 'varchar', length: 20, default: 'trial' })
  status!: SubscriptionStatus;

  @Column({ name: 'trial_starts_at', type: 'timestamp', nullable: true })
  trialStartsAt!: Date | null;

  @Column({ name: 'trial_ends_at', type: 'timestamp', nullable: true })
  trialEndsAt!: Date | null;

  @Column({ name: 'current_period_start', type: 'timestamp', nullable: true })
  currentPeriodStart!: Date | null;

  @Column({ name: 'current_period_end', type: 'timestamp', nullable: true })
  currentPeriodEnd!: Date | null;

  @Column({ name: 'paytr_subscription_id', type: 'varchar', length: 100, unique: true, nullable: true })
  paytrSubscriptionId!: string | null;

  @Column({ name: 'cancel_at_period_end', type: 'boolean', default: false })
  cancelAtPeriodEnd!: boolean;

  @Column({ name: 'cancelled_at', type: 'timestamp', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamp' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamp' })
  updatedAt!: Date;
}
