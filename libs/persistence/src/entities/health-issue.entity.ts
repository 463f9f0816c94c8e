import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type HealthSeverity = 'info' | 'warning' | 'critical';

/** An issue health found; at most one open row per (code, resource). */
@Entity({ name: 'health_issues' })
export class HealthIssueEntity {
  /** bigserial: pg returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  code!: string;

  @Column({ type: 'varchar', length: 255 })
  resource!: string;

  @Column({ type: 'varchar', length: 20 })
  severity!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'first_seen_at', type: 'timestamp' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamp' })
  lastSeenAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamp', nullable: true })
  resolvedAt!: Date | null;
}
