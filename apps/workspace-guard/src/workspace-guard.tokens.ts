/** DI tokens of the workspace-guard app. */
export const APPLY_GUARD_EVENT = Symbol('APPLY_GUARD_EVENT');
export const GUARD_RETRY = Symbol('GUARD_RETRY');
