import {
  type CommitResult,
  createSessionManager,
  type SessionInput,
  type SessionManager,
  type SessionOptions,
  type SessionStore,
} from "@sessionkit/core";
import { FakeClock } from "../fixtures/fake-clock.js";
import { RecordingStore } from "../fixtures/recording-store.js";

export const SECRET = "lifecycle-suite-secret-0123456789abcdef";
export const OLD_SECRET = "lifecycle-suite-old-secret-0123456789abc";
export const MINUTE = 60_000;

export type Data = Record<string, unknown>;

/** One manager over a recording wrapper of the store under test, with a fake clock. */
export interface LifecycleHarness {
  manager: SessionManager<Data>;
  store: RecordingStore;
  clock: FakeClock;
  /** A request that presents `token` in the session cookie (or nothing). */
  request(token?: string): SessionInput;
  /** Another manager on the same store and clock, with different options. */
  withOptions(options: Partial<SessionOptions>): SessionManager<Data>;
}

export function createHarness(
  inner: SessionStore,
  options: Partial<SessionOptions> = {},
): LifecycleHarness {
  const store = new RecordingStore(inner);
  const clock = new FakeClock();
  const base: SessionOptions = {
    secret: SECRET,
    store,
    clock,
    idleTimeout: 30 * MINUTE,
    absoluteTimeout: 8 * 60 * MINUTE,
    touchAfter: MINUTE,
    ...options,
  };
  return {
    manager: createSessionManager<Data>(base),
    store,
    clock,
    request: (token) => ({
      header: (name) => (name === "cookie" && token ? `sid=${token}` : undefined),
      secure: false,
    }),
    withOptions: (more) => createSessionManager<Data>({ ...base, ...more }),
  };
}

/** The signed token a commit issued in its Set-Cookie header, if any. */
export function issuedToken(result: CommitResult): string | undefined {
  const cookie = result.headers.find(([name]) => name === "set-cookie")?.[1];
  const match = cookie && /^sid=([^;]*)/.exec(cookie);
  return match ? decodeURIComponent(match[1] ?? "") || undefined : undefined;
}

export function setCookie(result: CommitResult): string | undefined {
  return result.headers.find(([name]) => name === "set-cookie")?.[1];
}

/** Creates a stored session through a request and returns its token. */
export async function signedInSession(h: LifecycleHarness, data: Data = { n: 1 }): Promise<string> {
  const session = await h.manager.load(h.request());
  Object.assign(session.data, data);
  const token = issuedToken(await h.manager.commit(session));
  if (!token) throw new Error("the harness could not create a session");
  return token;
}
