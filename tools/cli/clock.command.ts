import type { Command } from 'commander';
import { CLOCK_CONTROL } from '@lifecycle/clock';
import { parseDuration } from '@lifecycle/time';
import { CONTROL_TIMEOUT_OPTION, parseIsoOption, sendControl, type ControlOptions } from './tick.command';

export function registerClock(program: Command): void {
  const clock = program
    .command('clock')
    .description('move the simulated time of a clock running with CLOCK_MODE=simulated; every slot passed fires, in order');
  clock
    .command('advance')
    .description('move simulated time forward; answers once every tick passed is published')
    .argument('<duration>', 'e.g. 90m, 6h, 3d, 1d12h, 1w')
    .option('--json', "print the clock's reply as JSON")
    .option(...CONTROL_TIMEOUT_OPTION)
    .action(async (duration: string, options: ControlOptions) => {
      parseDuration(duration);
      parseDuration(options.timeout);
      await sendControl(CLOCK_CONTROL.advance, { duration }, options);
    });
  clock
    .command('set')
    .description('set simulated time; a later time fires every slot passed, an earlier one fires nothing (fired slots never fire again)')
    .argument('<ISO>', 'e.g. 2026-12-01T09:00:00Z')
    .option('--json', "print the clock's reply as JSON")
    .option(...CONTROL_TIMEOUT_OPTION)
    .action(async (at: string, options: ControlOptions) => {
      parseDuration(options.timeout);
      await sendControl(CLOCK_CONTROL.set, { at: parseIsoOption(at, 'time') }, options);
    });
}
