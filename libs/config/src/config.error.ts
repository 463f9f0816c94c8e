export interface ConfigProblem {
  variable: string;
  message: string;
}

/** A bad environment: the message names every variable at fault, never a secret's value. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`${service}: invalid configuration\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
