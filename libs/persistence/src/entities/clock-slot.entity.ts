import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SlotTrigger = 'schedule' | 'catch-up' | 'manual' | 'simulated';

/** One fired slot of a schedule; the primary key keeps clock replicas from firing it twice. */
@Entity({ name: 'clock_slots' })
export class ClockSlotEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  schedule!: string;

  @PrimaryColumn({ type: 'timestamp' })
  slot!: Date;

  @Column({ type: 'varchar', length: 20 })
  trigger!: SlotTrigger;

  /** `<schedule>@<slot ISO time>`, the tick's Nats-Msg-Id. */
  @Column({ name: 'tick_id', type: 'varchar', length: 512, unique: true })
  tickId!: string;

  @Column({ name: 'claimed_by', type: 'varchar', length: 255, nullable: true })
  claimedBy!: string | null;

  @Column({ name: 'claimed_at', type: 'timestamptz' })
  claimedAt!: Date;
}
