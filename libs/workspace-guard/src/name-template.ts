import { InvalidLinuxUsernameError } from './workspace-driver.error';
import type { DriverWorkspace } from './workspace-driver.port';

export const LINUX_USERNAME_PLACEHOLDER = '{linux_username}';

// useradd's portable names, plus "."; nothing a shell interprets, since the systemd driver's command
// prefix may be `ssh host …`, which hands its arguments to a remote shell.
const LINUX_USERNAME = /^[a-z_][a-z0-9_.-]{0,31}$/;

export function isValidLinuxUsername(value: string): boolean {
  return LINUX_USERNAME.test(value) && value !== '.' && value !== '..';
}

/**
 * A name built from a workspace's `linux_username`, e.g. `code-server@{linux_username}.service`.
 * `allowed` is the character class the rest of the template may use.
 */
export class NameTemplate {
  constructor(
    readonly template: string,
    private readonly rendered: RegExp,
  ) {}

  /** Why the template is unusable, or null. */
  static problem(template: string, allowed: RegExp): string | null {
    if (!template.includes(LINUX_USERNAME_PLACEHOLDER)) return `must contain ${LINUX_USERNAME_PLACEHOLDER}`;
    const rest = template.split(LINUX_USERNAME_PLACEHOLDER).join('');
    return [...rest].every((c) => allowed.test(c)) ? null : `may contain only ${allowed.source} besides ${LINUX_USERNAME_PLACEHOLDER}`;
  }

  render(workspace: Pick<DriverWorkspace, 'id' | 'linuxUsername'>): string {
    const name = this.template.split(LINUX_USERNAME_PLACEHOLDER).join(workspace.linuxUsername);
    if (!isValidLinuxUsername(workspace.linuxUsername) || !this.rendered.test(name)) throw new InvalidLinuxUsernameError(workspace.id);
    return name;
  }
}
