import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Pids of the servers this process started (nats-server, the postmaster, services). They are killed
 * when this process exits without disposing of them, and, through a watchdog, even when it is killed
 * outright (a CI timeout, jest's SIGTERM to a worker), so a crashed run leaves no orphans behind.
 */
const owned = new Set<number>();
const pidFile = join(tmpdir(), `lc-owned-${process.pid}.pids`);
let hooked = false;

function record(): void {
  try {
    writeFileSync(pidFile, [...owned].join('\n'));
  } catch {
    // the watchdog then finds nothing to kill; the exit hook still does
  }
}

/** A detached shell that waits for this process to end and SIGKILLs whatever the pid file still lists. */
function startWatchdog(): void {
  const script =
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ` +
    `for p in $(cat '${pidFile}' 2>/dev/null); do kill -9 "$p" 2>/dev/null; done; rm -f '${pidFile}'`;
  spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

export function ownProcess(pid: number | undefined): void {
  if (pid === undefined) return;
  owned.add(pid);
  record();
  if (hooked) return;
  hooked = true;
  startWatchdog();
  process.once('exit', killOwnedProcesses);
}

export function releaseProcess(pid: number | undefined): void {
  if (pid === undefined || !owned.delete(pid)) return;
  record();
}

/** SIGKILLs every process started here and still running. */
export function killOwnedProcesses(): void {
  for (const id of owned) {
    try {
      process.kill(id, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  owned.clear();
  rmSync(pidFile, { force: true });
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
