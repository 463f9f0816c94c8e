import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event written in its producer's transaction, published by the outbox relay. */
@Entity({ name: 'outbox_events' })
export class OutboxEventEntity {
  /** bigserial: pg returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The envelope id, sent as Nats-Msg-Id. */
  @Column({ name: 'event_id', type: 'varchar', length: 512, unique: true })
  eventId!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  /** Events of one aggregate (e.g. `subscription:42`) are published in commit order. */
  @Column({ type: 'varchar', length: 255 })
  aggregate!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
