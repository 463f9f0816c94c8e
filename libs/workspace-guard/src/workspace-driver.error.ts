/** A driver could not stop, start or inspect a workspace; the transport retries it unless `permanent`. */
export class WorkspaceDriverError extends Error {
  readonly permanent: boolean;

  constructor(message: string, options: { permanent?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'WorkspaceDriverError';
    this.permanent = options.permanent ?? false;
  }
}

/** A `linux_username` that cannot safely become a unit or container name; no retry can fix it. */
export class InvalidLinuxUsernameError extends WorkspaceDriverError {
  constructor(readonly workspaceId: number) {
    // The value itself is not echoed: it came from the database and may hold anything.
    super(`workspace ${workspaceId}: linux_username is not a valid Linux user name (lowercase letters, digits, "_", "-", ".", at most 32)`, {
      permanent: true,
    });
    this.name = 'InvalidLinuxUsernameError';
  }
}
