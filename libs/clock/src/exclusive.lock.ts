/** Runs one critical section at a time across every clock replica (time-control.repository.ts). */
export interface ExclusiveLock {
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}
