import { cloneJson } from "./data-merge.js";
import { SessionStateError } from "./errors.js";
import type { SessionState } from "./session.js";
import type { SessionMeta } from "./types.js";

/** A `session.mutate(fn)` in flight: `before` is the data without `fn`'s changes. */
export interface Mutation<D> {
  fn: (data: D) => void;
  before: D;
}

export function serialize(data: unknown, userId: string | null, meta: SessionMeta): string {
  try {
    return JSON.stringify([data, userId, meta]);
  } catch (error) {
    throw new SessionStateError("Session data must be JSON-serialisable.", { cause: error });
  }
}

/** The data, user and meta a commit writes, parsed back from their serialisation. */
export interface Snapshot<D> {
  data: D;
  userId: string | null;
  meta: SessionMeta;
}

export function parseSnapshot<D>(serialized: string): Snapshot<D> {
  const [data, userId, meta] = JSON.parse(serialized) as [D, string | null, SessionMeta];
  return { data, userId, meta };
}

export function baseOf<D>(
  data: D,
  userId: string | null,
  meta: SessionMeta,
): SessionState<D>["base"] {
  return {
    data: cloneJson(data),
    userId,
    meta: cloneJson(meta),
    serialized: serialize(data, userId, meta),
  };
}
