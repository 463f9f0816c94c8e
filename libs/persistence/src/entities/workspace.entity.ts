import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type WorkspaceStatus = 'pending' | 'active' | 'suspended' | 'failed';

@Entity({ name: 'workspaces' })
@Unique(['companyId', 'name'])
export class WorkspaceEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 50, unique: true })
  subdomain!: string;

  @Column({ name: 'linux_username', type: 'varchar', length: 50, unique: true })
  linuxUsername!: string;

  @Column({ type: 'integer', unique: true })
  port!: number;

  // Never read or logged by this project, hence not selected by default.
  @Column({ name: 'code_server_password', type: 'varchar', length: 255, select: false })
  codeServerPassword!: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status!: WorkspaceStatus;

  @Column({ name: 'is_running', type: 'boolean', default: false })
  isRunning!: boolean;

  @Column({ name: 'last_started_at', type: 'timestamp', nullable: true })
  lastStartedAt!: Date | null;

  @Column({ name: 'last_stopped_at', type: 'timestamp', nullable: true })
  lastStoppedAt!: Date | null;

  @Column({ name: 'disk_quota_gb', type: 'integer', default: 10 })
  diskQuotaGb!: number;

  @Column({ name: 'company_id', type: 'integer' })
  companyId!: number;

  @Column({ name: 'owner_id', type: 'integer' })
  ownerId!: number;

  @Column({ name: 'created_at', type: 'timestamp' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamp' })
  updatedAt!: Date;
}
