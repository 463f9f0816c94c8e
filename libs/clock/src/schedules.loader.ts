import { readFileSync } from 'node:fs';
import { DEFAULT_SCHEDULES_PATH, loadSchedules, type ScheduleDefinition } from '@lifecycle/scheduling';

/**
 * The schedules of SCHEDULES_FILE (a path relative to the working directory). Unset: config/schedules.yaml
 * when it exists, the defaults otherwise; a file named explicitly must exist. Throws ScheduleConfigError.
 */
export function loadClockSchedules(schedulesFile: string | undefined): readonly ScheduleDefinition[] {
  return loadSchedules({ path: schedulesFile ?? DEFAULT_SCHEDULES_PATH, explicit: schedulesFile !== undefined }, (path) =>
    readFileSync(path, 'utf8'),
  );
}
