/** DI token of the Notifier (libs/notifier's composition root). */
export const NOTIFIER = Symbol('NOTIFIER');
