import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A consumer's ledger of handled event ids, written in the same transaction as the effect. */
@Entity({ name: 'processed_messages' })
export class ProcessedMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 512 })
  eventId!: string;

  @Column({ name: 'processed_at', type: 'timestamptz' })
  processedAt!: Date;
}
