// Time limits an operator tunes through the environment, in seconds, each read the same way:
// unset or empty keeps the default; anything but a number of seconds from 1 to 3600 is a usage
// error naming the variable (AUDIT2GRANT_IAM_DEADLINE: docs/ledger.md, "Time limits";
// AUDIT2GRANT_LOG_DEADLINE: docs/logging-api.md, "Time limits").
import { UsageError } from '../errors.js';

/** The limit `name` sets, in ms, or undefined when it is not set. */
export function secondsFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const s = Number(v);
  if (!Number.isFinite(s) || s < 1 || s > 3600) {
    throw new UsageError(`${name} must be a number of seconds from 1 to 3600 (got ${JSON.stringify(v.slice(0, 20))})`, `e.g. ${name}=120, or unset it for the default`);
  }
  return Math.round(s * 1000);
}
