/** DI token of the HealthService (libs/health's composition root). */
export const HEALTH = Symbol('HEALTH');

/** DI token of the status page's files, read once at boot. */
export const STATUS_ASSETS = Symbol('STATUS_ASSETS');
