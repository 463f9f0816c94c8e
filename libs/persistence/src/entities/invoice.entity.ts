import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type InvoiceStatus = 'draft' | 'sent' | 'paid' | 'void';

@Entity({ name: 'invoices' })
export class InvoiceEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'company_id', type: 'integer' })
  companyId!: number;

  @Column({ name: 'payment_id', type: 'integer', unique: true, nullable: true })
  paymentId!: number | null;

  /** INV-YYYY-NNNNN */
  @Column({ name: 'invoice_number', type: 'varchar', length: 50, unique: true })
  invoiceNumber!: string;

  @Column({ type: 'integer' })
  subtotal!: number;

  @Column({ name: 'tax_amount', type: 'integer' })
  taxAmount!: number;

  @Column({ name: 'total_amount', type: 'integer' })
  totalAmount!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ name: 'period_start', type: 'timestamp' })
  periodStart!: Date;

  @Column({ name: 'period_end', type: 'timestamp' })
  periodEnd!: Date;

  @Column({ name: 'invoice_date', type: 'timestamp' })
  invoiceDate!: Date;

  @Column({ name: 'due_date', type: 'timestamp' })
  dueDate!: Date;

  @Column({ name: 'paid_at', type: 'timestamp', nullable: true })
  paidAt!: Date | null;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status!: InvoiceStatus;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'created_at', type: 'timestamp' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamp' })
  updatedAt!: Date;
}
