import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChargeOutcome } from './payment-gateway.port';

/** A line of the fake provider's memory: a charge it took, or a second charge of the same merchantOid it refused. */
export type LedgerEntry =
  | { type: 'charge'; merchantOid: string; amount: number; currency: string; outcome: ChargeOutcome }
  | { type: 'refused'; merchantOid: string };

/** What the fake provider remembers; it must outlive a billing process, as a real provider's records do. */
export interface FakeLedger {
  entries(): LedgerEntry[];
  append(entry: LedgerEntry): void;
}

export class MemoryLedger implements FakeLedger {
  private readonly lines: LedgerEntry[] = [];

  entries(): LedgerEntry[] {
    return [...this.lines];
  }

  append(entry: LedgerEntry): void {
    this.lines.push(entry);
  }
}

/**
 * JSON lines in a file, re-read on every call so that several billing processes (and a restarted one)
 * share it. Appends are single small `write`s in append mode.
 */
export class FileLedger implements FakeLedger {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  entries(): LedgerEntry[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LedgerEntry];
        } catch {
          return []; // a line torn by a crash mid-write was never acknowledged to anyone
        }
      });
  }

  append(entry: LedgerEntry): void {
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { flag: 'a' });
  }
}
