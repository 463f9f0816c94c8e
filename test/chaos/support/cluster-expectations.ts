import { DUPLICATE_WINDOW_MS } from '@lifecycle/messaging';
import { READY_BOUND_MS, type ClusterRun } from './cluster-run';

/** What every cluster scenario must show: the model's effects exactly, services alive and ready again within the bound. */
export function expectClusterRunSound(run: ClusterRun): void {
  expect(run.violations).toEqual([]);
  expect(run.services.filter((s) => s.runs !== 1 || !s.running || !s.ready)).toEqual([]);
  expect(Object.entries(run.unreadyMs).filter(([, ms]) => ms > READY_BOUND_MS)).toEqual([]);
  // the fault hit a flowing pipeline (else the stall below measures nothing)
  expect(run.outputsAfterFault).toBeGreaterThan(100);
  // a publish retried after the election must still fall inside the duplicate window to be dropped
  expect(run.stallMs).toBeLessThan(DUPLICATE_WINDOW_MS);
}
