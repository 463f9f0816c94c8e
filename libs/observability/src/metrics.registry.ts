import { collectDefaultMetrics, Registry } from 'prom-client';

/** One Prometheus registry per process, labelled with the service (or `all-in-one`). */
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
