/**
 * A timestamp a service records for work a tick caused is never earlier than the tick: in simulated
 * mode the shared "now" moves to a slot only after its ticks are committed, so it can trail the tick.
 */
export function notBefore(now: Date, floor: Date): Date {
  return now.getTime() < floor.getTime() ? new Date(floor) : now;
}
