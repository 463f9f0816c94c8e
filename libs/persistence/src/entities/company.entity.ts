import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CompanyPlan = 'starter' | 'team' | 'enterprise';
export type CompanyStatus = 'active' | 'suspended' | 'cancelled';
export type Currency = 'TRY' | 'USD' | 'EUR';

@Entity({ name: 'companies' })
export class CompanyEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 50, unique: true })
  subdomain!: string;

  @Column({ type: 'varchar', length: 20, default: 'starter' })
  plan!: CompanyPlan;

  @Column({ type: 'varchar', length: 20, default: 'active' })
  status!: CompanyStatus;

  @Column({ name: 'max_workspaces', type: 'integer', default: 1 })
  maxWorkspaces!: number;

  @Column({ name: 'preferred_currency', type: 'varchar', length: 3, default: 'TRY' })
  preferredCurrency!: Currency;

  @Column({ name: 'created_at', type: 'timestamp' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamp' })
  updatedAt!: Date;
}
