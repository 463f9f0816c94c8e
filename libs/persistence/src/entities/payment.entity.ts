import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CompanyPlan, Currency } from './company.entity';

export type PaymentStatus = 'pending' | 'success' | 'failed' | 'refunded';
export type PaymentType = 'initial' | 'recurring' | 'one_time';

@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'company_id', type: 'integer' })
  companyId!: number;

  @Column({ name: 'subscription_id', type: 'integer', nullable: true })
  subscriptionId!: number | null;

  @Column({ name: 'paytr_merchant_oid', type: 'varchar', length: 100, unique: true })
  paytrMerchantOid!: string;

  @Column({ name: 'paytr_transaction_id', type: 'varchar', length: 100, nullable: true })
  paytrTransactionId!: string | null;

  /** Minor units (2900 = 29.00). */
  @Column({ type: 'integer' })
  amount!: number;

  @Column({ type: 'varchar', length: 3, default: 'USD' })
  currency!: Currency;

  @Column({ type: 'varchar', length: 20, nullable: true })
  plan!: CompanyPlan | null;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status!: PaymentStatus;

  @Column({ name: 'payment_type', type: 'varchar', length: 20 })
  paymentType!: PaymentType;

  @Column({ name: 'failure_reason_code', type: 'varchar', nullable: true })
  failureReasonCode!: string | null;

  @Column({ name: 'failure_reason_message', type: 'varchar', nullable: true })
  failureReasonMessage!: string | null;

  @Column({ name: 'test_mode', type: 'boolean', default: true })
  testMode!: boolean;

  @Column({ name: 'created_at', type: 'timestamp', nullable: true })
  createdAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamp', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamp', nullable: true })
  updatedAt!: Date | null;

  @Column({ name: 'retry_count', type: 'integer', default: 0 })
  retryCount!: number;

  @Column({ name: 'next_retry_at', type: 'timestamp', nullable: true })
  nextRetryAt!: Date | null;

  /** The first failed payment a retry belongs to (ARCHITECTURE.md, "Dunning"). */
  @Column({ name: 'retry_of_payment_id', type: 'integer', nullable: true })
  retryOfPaymentId!: number | null;
}
