import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A Prometheus registry of the process, with Node's default metrics. */
export const createRegistry = (service: string): Registry => {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
};

/** A counter registered on the given registry. */
export const counter = (registry: Registry, name: string, help: string, labelNames: string[] = []) =>
  new Counter({ name, help, labelNames, registers: [registry] });

/** A gauge registered on the given registry. */
export const gauge = (registry: Registry, name: string, help: string, labelNames: string[] = []) =>
  new Gauge({ name, help, labelNames, registers: [registry] });

/** A histogram (seconds) registered on the given registry. */
export const histogram = (registry: Registry, name: string, help: string, labelNames: string[] = []) =>
  new Histogram({
    name,
    help,
    labelNames,
    registers: [registry],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

export type { Registry };
