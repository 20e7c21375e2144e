import { storeIdProblem } from "./store-input.js";

/**
 * Runtime checks of what callers hand the manager. Its arguments often come straight from a
 * request (an admin form, a JSON body), where TypeScript's types no longer hold: a `{ $ne: "x" }`
 * object or an empty string must be refused here, before anything reaches a store's query.
 */

/** A user id or session handle: a non-empty string a store accepts (see `storeIdProblem`). */
export function requireId(what: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string, got ${describe(value)}`);
  }
  const problem = storeIdProblem(value);
  if (problem !== null) throw new TypeError(`${what} ${problem}`);
  return value;
}

/** A user id, or null/undefined for an anonymous session. */
export function optionalUserId(value: unknown): string | null {
  return value === undefined || value === null ? null : requireId("userId", value);
}

/** A signed token as the client presented it. */
export function requireToken(value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(`token must be a string, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return "an empty string";
  return `a value of type ${typeof value}`;
}
