/** A program the private infrastructure needs is not installed, or not where it was looked for. */
export class MissingBinaryError extends Error {
  constructor(readonly binary: string, readonly hint: string, readonly searched: readonly string[]) {
    super(`${binary} not found (looked in ${searched.join(', ') || 'nothing'}): ${hint}`);
    this.name = 'MissingBinaryError';
  }
}

/** A command of the private infrastructure (initdb, pg_ctl, nats-server) failed; the message carries its output. */
export class InfraCommandError extends Error {
  constructor(readonly command: string, readonly exitCode: number | null, readonly output: string) {
    super(`${command} failed (exit ${exitCode ?? 'by signal'}): ${output.trim().split('\n').slice(-15).join('\n')}`);
    this.name = 'InfraCommandError';
  }
}
