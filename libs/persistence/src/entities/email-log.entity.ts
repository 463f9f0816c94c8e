import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The platform's statuses, plus `pending`: claimed by the notifier, send in progress or outcome unknown (docs/notifier.md). */
export type EmailDeliveryStatus = 'pending' | 'sent' | 'delivered' | 'bounced' | 'failed';

/** Evidence of every customer email, kept for payment disputes. */
@Entity({ name: 'email_logs' })
export class EmailLogEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'timestamp', type: 'timestamp' })
  timestamp!: Date;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  @Column({ name: 'company_id', type: 'integer', nullable: true })
  companyId!: number | null;

  @Column({ name: 'email_type', type: 'varchar', length: 50 })
  emailType!: string;

  @Column({ name: 'recipient_email', type: 'varchar', length: 255 })
  recipientEmail!: string;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  /** SHA-256 of the body sent. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64, nullable: true })
  contentHash!: string | null;

  @Column({ name: 'sent_at', type: 'timestamp' })
  sentAt!: Date;

  @Column({ name: 'delivery_status', type: 'varchar', length: 20, nullable: true, default: 'sent' })
  deliveryStatus!: EmailDeliveryStatus | null;

  @Column({ name: 'mailjet_message_id', type: 'varchar', length: 100, nullable: true })
  mailjetMessageId!: string | null;

  @Column({ name: 'opened_at', type: 'timestamp', nullable: true })
  openedAt!: Date | null;

  @Column({ name: 'clicked_at', type: 'timestamp', nullable: true })
  clickedAt!: Date | null;

  /** At most one email per dedup key, ever (ARCHITECTURE.md, "Delivery guarantees"). */
  @Column({ name: 'dedup_key', type: 'varchar', length: 255, unique: true, nullable: true })
  dedupKey!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
