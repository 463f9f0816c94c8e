/**
 * Pids of the servers this process started (nats-server, the postmaster, services). If the test
 * runner exits without disposing them, they are killed on the way out instead of living on.
 */
const owned = new Set<number>();
let hooked = false;

export function ownProcess(pid: number | undefined): void {
  if (pid === undefined) return;
  owned.add(pid);
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const id of owned) {
      try {
        process.kill(id, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export function releaseProcess(pid: number | undefined): void {
  if (pid !== undefined) owned.delete(pid);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}
