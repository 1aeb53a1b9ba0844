import * as E from 'fp-ts/Either';
import { loadConfig, unknownVariables, type Config } from './config';

/** Extra rules of one process (e.g. a service that needs Kafka); each returned line is a bad value. */
export type ServiceRequirements = (config: Config) => ReadonlyArray<string>;

/**
 * The configuration of a process from its environment. A bad value prints one line each,
 * `<service>: bad configuration: ...`, on stderr and exits with code 2; an unknown `LEADFLOW_*`
 * variable prints a warning and is ignored (an older release may run beside a newer setting).
 */
export const loadConfigOrExit = (service: string, requirements?: ServiceRequirements): Config => {
  const env = process.env;
  const loaded = loadConfig(env);
  const problems = E.isLeft(loaded) ? loaded.left : [...(requirements?.(loaded.right) ?? [])];
  if (E.isLeft(loaded) || problems.length > 0) {
    for (const line of problems) process.stderr.write(`${service}: bad configuration: ${line}\n`);
    process.exit(2);
  }
  for (const name of unknownVariables(env))
    process.stderr.write(`${service}: warning: unknown configuration variable ${name} is ignored\n`);
  return loaded.right;
};
