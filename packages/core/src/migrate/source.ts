import type { SessionInput } from "../io.js";

/**
 * Where sessions of another library come from, for the `migrate` option: on a request that
 * carries the old library's cookie and no sessionkit session, the core asks the source for the
 * old session, stores it as a sessionkit session under a new token, then removes the old entry
 * and clears the old cookie. `fromExpressSession` and `fromKoaSession` are the sources for the
 * two libraries sessionkit replaces.
 */
export interface MigrationSource {
  /** Names the source in errors, e.g. `"express-session"`. */
  readonly name: string;
  /** Whether the request carries the old cookie at all (no I/O: checked on every request). */
  presentIn(input: SessionInput): boolean;
  /**
   * The old session behind the request's cookie: `"dead"` when the cookie is badly signed or
   * names no session (the client gets a fresh anonymous session, and the cookie is cleared).
   * A failing old store rejects: the request goes to the framework's error path.
   */
  read(input: SessionInput): Promise<OldSession | "dead">;
  /** `Set-Cookie` values that clear the old cookie(s) in the client. */
  clear(input: SessionInput): string[];
}

/** An old library's session as stored, with Passport's field typed for `userId` mappers. */
export type OldSessionData = Record<string, unknown> & { passport?: { user?: unknown } };

/** A session read from the old library. */
export interface OldSession {
  /** The old library's id for it (its store key), unique among concurrent migrations. */
  key: string;
  data: Record<string, unknown>;
  /** The signed-in user, when the source was told how to find it (Passport's `passport.user`). */
  userId: string | null;
  /** Deletes the old entry; called after the new session is stored. */
  remove(): Promise<void>;
}

/** Calls a store method written for callbacks, promises, or both (express-session stores). */
export function settle<T>(
  call: (callback: (error: unknown, value?: T) => void) => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (error: unknown, value?: T) => {
      if (done) return;
      done = true;
      if (error) reject(error);
      else resolve(value as T);
    };
    try {
      const returned = call(finish);
      if (returned && typeof (returned as Promise<T>).then === "function") {
        (returned as Promise<T>).then(
          (value) => finish(null, value),
          (error: unknown) => finish(error ?? new Error("the old store failed")),
        );
      }
    } catch (error) {
      finish(error);
    }
  });
}
