import { z } from 'zod';
import { WORKSPACE_DRIVERS } from '@lifecycle/contracts';
import { parseDuration } from '@lifecycle/time';
import { CONTAINER_NAME_CHARACTER, DEFAULT_CONTAINER_TEMPLATE, DEFAULT_DOCKER_SOCKET } from './docker.driver';
import { NameTemplate } from './name-template';
import { DEFAULT_UNIT_TEMPLATE, UNIT_NAME_CHARACTER } from './systemd.driver';

const durationMs = (value: string): number | null => {
  try {
    return parseDuration(value);
  } catch {
    return null;
  }
};

const template = (fallback: string, allowed: RegExp) =>
  z
    .string()
    .default(fallback)
    .superRefine((value, ctx) => {
      const problem = NameTemplate.problem(value, allowed);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/** The variables that choose and configure the workspace driver; the workspace-guard app and `lifecyclectl workspaces` read them. */
export const workspaceDriverEnv = {
  WORKSPACE_DRIVER: z
    .enum(WORKSPACE_DRIVERS)
    .default('database')
    .describe('how workspaces are stopped and started: `database` (flags only), `systemd` (`systemctl`) or `docker` (Docker Engine API)'),
  SYSTEMD_UNIT_TEMPLATE: template(DEFAULT_UNIT_TEMPLATE, UNIT_NAME_CHARACTER).describe(
    'systemd driver: the unit of a workspace; `{linux_username}` is replaced by `workspaces.linux_username`',
  ),
  SYSTEMD_COMMAND_PREFIX: z
    .string()
    .regex(/^[^'"\\`$]*$/, 'is split at spaces and may not contain quotes, `\\`, `` ` `` or `$`')
    .optional()
    .describe('systemd driver: words run before `systemctl` to reach the platform host, e.g. `ssh -o BatchMode=yes ops@host sudo`'),
  DOCKER_SOCKET: z.string().min(1).default(DEFAULT_DOCKER_SOCKET).describe('docker driver: the Docker Engine API unix socket'),
  DOCKER_CONTAINER_TEMPLATE: template(DEFAULT_CONTAINER_TEMPLATE, CONTAINER_NAME_CHARACTER).describe(
    'docker driver: the container of a workspace; `{linux_username}` is replaced by `workspaces.linux_username`',
  ),
  DRIVER_TIMEOUT: z
    .string()
    .default('30s')
    .refine((value) => (durationMs(value) ?? 0) >= 100, { message: 'must be a duration of at least 100ms, e.g. 30s or 2m' })
    .describe('how long one stop, start or state call may take before it counts as failed'),
};

export type WorkspaceDriverEnv = z.infer<z.ZodObject<typeof workspaceDriverEnv>>;

export interface WorkspaceDriverSettings {
  driver: WorkspaceDriverEnv['WORKSPACE_DRIVER'];
  timeoutMs: number;
  systemd: { unitTemplate: string; commandPrefix: string[] };
  docker: { socketPath: string; containerTemplate: string };
}

export function workspaceDriverSettings(env: WorkspaceDriverEnv): WorkspaceDriverSettings {
  return {
    driver: env.WORKSPACE_DRIVER,
    timeoutMs: parseDuration(env.DRIVER_TIMEOUT),
    systemd: { unitTemplate: env.SYSTEMD_UNIT_TEMPLATE, commandPrefix: (env.SYSTEMD_COMMAND_PREFIX ?? '').split(/\s+/).filter(Boolean) },
    docker: { socketPath: env.DOCKER_SOCKET, containerTemplate: env.DOCKER_CONTAINER_TEMPLATE },
  };
}
