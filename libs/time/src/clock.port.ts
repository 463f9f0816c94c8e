/**
 * The only way services read "now" for timestamps they record themselves (ARCHITECTURE.md,
 * "Time enters only through ticks"). Business decisions take their time from a tick instead.
 */
export abstract class Clock {
  abstract now(): Date;
}
