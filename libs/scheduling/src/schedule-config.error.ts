export interface ScheduleConfigProblem {
  /** Absent for a problem with the file as a whole. */
  schedule?: string;
  message: string;
}

/** A bad schedules file: every line names the file and, where there is one, the schedule at fault. */
export class ScheduleConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ScheduleConfigProblem[],
  ) {
    const where = (p: ScheduleConfigProblem) => (p.schedule === undefined ? source : `${source}: schedule "${p.schedule}"`);
    super(problems.map((p) => `${where(p)}: ${p.message}`).join('\n'));
    this.name = 'ScheduleConfigError';
  }
}
