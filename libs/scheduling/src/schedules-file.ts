import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isScheduleName, SCHEDULE_NAMES } from '@lifecycle/contracts';
import { DEFAULT_SCHEDULES } from './default-schedules';
import { ScheduleConfigError, type ScheduleConfigProblem } from './schedule-config.error';
import { SCHEDULE_OVERRIDE_KEYS, scheduleOverrideSchema } from './schedule-override.schema';
import type { ScheduleDefinition } from './schedule.definition';

export const DEFAULT_SCHEDULES_PATH = 'config/schedules.yaml';

const fileSchema = z.strictObject({ schedules: z.record(z.string(), z.unknown()).nullish() });

function describeIssue(issue: z.core.$ZodIssue, knownKeys: readonly string[]): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `unknown key ${keys} (known keys: ${knownKeys.join(', ')})`;
  }
  if (issue.code === 'custom' || issue.path.length === 0) return issue.message;
  return `${issue.path.join('.')}: ${issue.message}`;
}

function readYaml(yamlText: string, sourceName: string): unknown {
  try {
    return parseYaml(yamlText) ?? {};
  } catch (error) {
    throw new ScheduleConfigError(sourceName, [{ message: `not valid YAML: ${(error as Error).message}` }]);
  }
}

/**
 * The default schedules with the file's overrides applied; each schedule changes only in the keys
 * the file names. Throws ScheduleConfigError listing every problem found.
 */
export function parseSchedulesFile(yamlText: string, sourceName: string): readonly ScheduleDefinition[] {
  const file = fileSchema.safeParse(readYaml(yamlText, sourceName));
  if (!file.success) {
    const problems = file.error.issues.map((issue) => ({ message: describeIssue(issue, ['schedules']) }));
    throw new ScheduleConfigError(sourceName, problems);
  }
  const problems: ScheduleConfigProblem[] = [];
  const overrides = new Map<string, Partial<ScheduleDefinition>>();
  for (const [schedule, entry] of Object.entries(file.data.schedules ?? {})) {
    if (!isScheduleName(schedule)) {
      problems.push({ schedule, message: `unknown schedule (known schedules: ${SCHEDULE_NAMES.join(', ')})` });
      continue;
    }
    const override = scheduleOverrideSchema.safeParse(entry ?? {});
    if (override.success) overrides.set(schedule, override.data);
    else {
      const messages = override.error.issues.map((issue) => describeIssue(issue, SCHEDULE_OVERRIDE_KEYS));
      problems.push(...messages.map((message) => ({ schedule, message })));
    }
  }
  if (problems.length > 0) throw new ScheduleConfigError(sourceName, problems);
  return DEFAULT_SCHEDULES.map((definition) => ({ ...definition, ...overrides.get(definition.name) }));
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * The schedules from `file`, or the defaults when no file is configured or when the default path
 * (not named explicitly) does not exist. An explicitly named file that is missing is an error.
 */
export function loadSchedules(
  file: { path: string; explicit: boolean } | undefined,
  readFile: (path: string) => string,
): readonly ScheduleDefinition[] {
  if (file === undefined) return DEFAULT_SCHEDULES;
  let text: string;
  try {
    text = readFile(file.path);
  } catch (error) {
    if (isNotFound(error) && !file.explicit) return DEFAULT_SCHEDULES;
    const message = isNotFound(error) ? 'file not found' : `cannot read the file: ${(error as Error).message}`;
    throw new ScheduleConfigError(file.path, [{ message }]);
  }
  return parseSchedulesFile(text, file.path);
}
