// No imports on purpose: the tests' global setup reads this file outside Vitest's resolver,
// where workspace packages resolve to their (possibly unbuilt) dist.

/** Where `pnpm services` starts a MongoDB-compatible server (mongo-java-server) for development. */
export const DEFAULT_MONGO_URL = "mongodb://127.0.0.1:27018/sessionkit";

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
