import type { EntityManager } from 'typeorm';

/** PayTR notifications billing could not pass on to the platform, until one gets through (health's billing.paytr_forwarding). */
export interface PaytrForwardLog {
  failed(merchantOid: string, reason: string, at: Date): Promise<void>;
  forwarded(merchantOid: string, at: Date): Promise<void>;
}

export class PaytrForwardRepository implements PaytrForwardLog {
  constructor(private readonly manager: EntityManager) {}

  async failed(merchantOid: string, reason: string, at: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO paytr_forwards (merchant_oid, status, attempts, last_error, first_at, last_at) VALUES ($1, 'failing', 1, $2, $3, $3)
       ON CONFLICT (merchant_oid) DO UPDATE SET status = 'failing', attempts = paytr_forwards.attempts + 1, last_error = EXCLUDED.last_error,
         last_at = EXCLUDED.last_at`,
      [merchantOid.slice(0, 100), reason.slice(0, 500), at],
    );
  }

  async forwarded(merchantOid: string, at: Date): Promise<void> {
    await this.manager.query(`UPDATE paytr_forwards SET status = 'forwarded', last_at = $2 WHERE merchant_oid = $1 AND status = 'failing'`, [merchantOid.slice(0, 100), at]);
  }
}
