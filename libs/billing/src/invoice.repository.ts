import type { EntityManager } from 'typeorm';
import type { InvoiceDraft } from './dunning.store';
import { formatInvoiceNumber, invoiceYear } from './invoice-number';

// (UPDATE … RETURNING inside a WITH: TypeORM returns a bare UPDATE's rows as [rows, count].)
const NEXT = `WITH n AS (UPDATE invoice_counters SET last_number = last_number + 1 WHERE year = $1 RETURNING last_number) SELECT last_number FROM n`;

// The highest INV-<year>-N already in invoices (e.g. issued by the platform): a full scan, run only when a
// year's counter is created or a number turns out to be taken.
const HIGHEST = `
  SELECT COALESCE(max(substring(invoice_number FROM '^INV-[0-9]{4}-([0-9]+)$')::int), 0) AS n
  FROM invoices WHERE invoice_number LIKE 'INV-' || $1::int || '-%'`;

const SEED = `
  INSERT INTO invoice_counters (year, last_number) VALUES ($1, $2 + 1)
  ON CONFLICT (year) DO UPDATE SET last_number = GREATEST(invoice_counters.last_number, $2) + 1
  RETURNING last_number`;

const INSERT = `
  INSERT INTO invoices (company_id, payment_id, invoice_number, subtotal, tax_amount, total_amount, currency, period_start, period_end,
                        invoice_date, due_date, paid_at, status, description, notes, created_at, updated_at)
  VALUES ($1, $2, $3, $4, 0, $4, $5, $6, $7, $8, $8, $8, 'paid', $9, $10, $11, $11)
  RETURNING id`;

const TAKEN = 'invoices_invoice_number_key';

/**
 * Issues the invoice of a successful payment, numbered `INV-YYYY-NNNNN` from the year's row in
 * invoice_counters, incremented in the caller's transaction: a rollback returns the number, so numbers are
 * gapless (a PostgreSQL SEQUENCE would not be: nextval is never rolled back). The row lock serialises
 * issuers until commit; it is taken last, after the charge, to keep that short.
 */
export async function issueInvoice(manager: EntityManager, draft: InvoiceDraft): Promise<{ id: number; number: string }> {
  const year = invoiceYear(draft.issuedAt);
  for (let attempt = 1; ; attempt++) {
    await manager.query('SAVEPOINT issue_invoice');
    try {
      const sequence = await next(manager, year, attempt > 1);
      const number = formatInvoiceNumber(year, sequence);
      const rows: { id: number }[] = await manager.query(INSERT, [
        draft.companyId,
        draft.paymentId,
        number,
        draft.amount,
        draft.currency,
        draft.periodStart,
        draft.periodEnd,
        draft.issuedAt,
        draft.description,
        draft.notes,
        draft.at,
      ]);
      await manager.query('RELEASE SAVEPOINT issue_invoice');
      return { id: rows[0].id, number };
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT issue_invoice');
      // Someone else (the platform) used the number: catch the counter up with the invoices and take the next.
      if ((error as { constraint?: string }).constraint !== TAKEN || attempt >= 3) throw error;
    }
  }
}

async function next(manager: EntityManager, year: number, reseed: boolean): Promise<number> {
  if (!reseed) {
    const rows: { last_number: number }[] = await manager.query(NEXT, [year]);
    if (rows.length > 0) return rows[0].last_number;
  }
  const highest: { n: number }[] = await manager.query(HIGHEST, [year]);
  const seeded: { last_number: number }[] = await manager.query(SEED, [year, highest[0].n]);
  return seeded[0].last_number;
}
