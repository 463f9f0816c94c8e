import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHAOS_OUTPUT } from './chaos-world';

export interface ScenarioResult {
  scenario: string;
  injected: string;
  operations: Record<string, number | string>;
  checks: string[];
  durationMs: number;
  notes?: string[];
}

/** One JSON line per scenario run in test-output/chaos/results.jsonl: the figures docs/reliability.md quotes. */
export function recordResult(result: ScenarioResult): void {
  mkdirSync(CHAOS_OUTPUT, { recursive: true });
  appendFileSync(join(CHAOS_OUTPUT, 'results.jsonl'), `${JSON.stringify({ ...result, at: new Date().toISOString() })}\n`);
  process.stdout.write(`\n[chaos] ${result.scenario}: ${JSON.stringify(result.operations)} in ${(result.durationMs / 1000).toFixed(1)} s\n`);
}
