// No imports on purpose: the tests' global setup reads this file outside Vitest's resolver,
// where workspace packages resolve to their (possibly unbuilt) dist.

/** Where `pnpm services` starts Redis for development. */
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
