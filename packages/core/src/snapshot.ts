import { SessionStateError } from "./errors.js";
import type { SessionState } from "./session.js";
import type { SessionMeta } from "./types.js";

/** A `session.mutate(fn)` in flight: `before` is the data without `fn`'s changes. */
export interface Mutation<D> {
  fn: (data: D) => void;
  before: D;
}

/**
 * What the session held when it was loaded or last written: the base of change detection.
 *
 * The data is serialised lazily, the first time the handler reaches for `session.data`: until
 * then nobody holds a reference to it, so it is unchanged by construction, and a request that
 * never reads the data pays no serialisation for it at all.
 */
export interface Base {
  /** JSON of the data, or null while the handler has not reached for `session.data`. */
  dataJson: string | null;
  userId: string | null;
  metaJson: string;
}

export function serializeData(data: unknown): string {
  try {
    return JSON.stringify(data);
  } catch (error) {
    throw new SessionStateError("Session data must be JSON-serialisable.", { cause: error });
  }
}

export function baseOf(dataJson: string | null, userId: string | null, meta: SessionMeta): Base {
  return { dataJson, userId, metaJson: JSON.stringify(meta) };
}

/**
 * Called before the handler gets hold of the data (the `data` getter and setter, `regenerate`,
 * `mutate`): from here on, the data is compared against this serialisation at commit.
 */
export function captureData<D>(state: SessionState<D>): void {
  if (state.base.dataJson === null) state.base.dataJson = serializeData(state.data);
}

/** The base's data, parsed; null while untouched (this request changed no key). */
export function baseData<D>(state: SessionState<D>): D | null {
  const json = state.base.dataJson;
  return json === null ? null : (JSON.parse(json) as D);
}

/** The data, user and meta a commit writes: copies, immune to the handler's later changes. */
export interface Snapshot<D> {
  data: D;
  userId: string | null;
  meta: SessionMeta;
  /** `data` as JSON, when the commit had it anyway (reused as the next base). */
  dataJson: string;
}

/** What changed since the base, and (lazily) the snapshot a write would store. */
export interface Changes<D> {
  modified: boolean;
  snapshot(): Snapshot<D>;
}

export function changesSince<D>(state: SessionState<D>): Changes<D> {
  const base = state.base;
  const dataJson = base.dataJson === null ? null : serializeData(state.data);
  const metaJson = JSON.stringify(state.meta);
  const modified =
    (dataJson !== null && dataJson !== base.dataJson) ||
    metaJson !== base.metaJson ||
    state.userId !== base.userId;
  const userId = state.userId;
  let snapshot: Snapshot<D> | undefined;
  return {
    modified,
    // Taken before the store call: changes the handler makes while it is in flight belong to
    // the next commit, not half to this one.
    snapshot: () => {
      const json = dataJson ?? serializeData(state.data);
      snapshot ??= {
        data: JSON.parse(json) as D,
        userId,
        meta: JSON.parse(metaJson) as SessionMeta,
        dataJson: json,
      };
      return snapshot;
    },
  };
}
