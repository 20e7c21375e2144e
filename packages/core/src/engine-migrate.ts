import { describeDriverError, sanitizedDriverError } from "./driver-error.js";
import type { SessionEngine } from "./engine.js";
import { loadedState } from "./engine-state.js";
import { SessionStoreError } from "./errors.js";
import type { SessionInput } from "./io.js";
import type { MigrationSource, OldSession } from "./migrate/source.js";
import type { PendingSession, SessionState } from "./session.js";
import { isPending, Session, stateOf } from "./session.js";
import { storeKeyFor } from "./token.js";
import type { SessionRecord } from "./types.js";

/**
 * How long a migration's new token is remembered in this process, so that the requests a
 * browser sends with the old cookie before it has the new one (a page's parallel requests)
 * join the same new session instead of each starting its own.
 */
const JOIN_WINDOW_MS = 60_000;

/** Migrations in flight or just done, by the old session's key: the new session's token. */
export class MigrationRuns {
  readonly #runs = new Map<string, Promise<string>>();

  /** Runs `migrate` once per key; later callers within the window get its token instead. */
  run(key: string, migrate: () => Promise<string>): { token: Promise<string>; mine: boolean } {
    const running = this.#runs.get(key);
    if (running) return { token: running, mine: false };
    const token = migrate();
    this.#runs.set(key, token);
    const forget = () => {
      setTimeout(() => this.#runs.delete(key), JOIN_WINDOW_MS).unref();
    };
    token.then(forget, () => this.#runs.delete(key));
    return { token, mine: true };
  }
}

/**
 * The `migrate` option at load: a request that carries the old library's cookie and no live
 * sessionkit session gets the old session moved into the store under a new token (data and
 * user kept), the old entry deleted and the old cookie cleared; a dead old cookie is cleared
 * and the visitor stays anonymous. A request that has a live sessionkit session already only
 * gets the leftover old cookie cleared.
 *
 * @throws SessionStoreError when the old store fails: the request goes to the error path, and
 * the old session stays where it is for the next request.
 */
export async function loadWithMigration<D>(
  engine: SessionEngine<D>,
  loaded: SessionState<D> | PendingSession<D>,
  input: SessionInput,
  source: MigrationSource,
): Promise<Session<D>> {
  const clear = source.clear(input).map((value): [string, string] => ["set-cookie", value]);
  if (!isPending(loaded)) {
    loaded.extraHeaders = clear;
    return new Session(loaded, engine);
  }
  const old = await readOld(source, input);
  const session = new Session<D>(loaded, engine);
  const state = stateOf(session);
  state.extraHeaders = clear;
  if (old === "dead") return session;

  const { token, mine } = engine.migrations.run(old.key, async () => {
    state.data = old.data as D;
    state.userId = old.userId;
    await engine.persist(session, { force: true });
    await old.remove().catch((error: unknown) => {
      throw storeError(source, error);
    });
    return state.token;
  });
  const newToken = await token;
  if (mine) return session;
  // Another request of this process moved the same old session: join it under its token (as if
  // re-issued after a secret rotation, so this reply sends the cookie too).
  const record = (await engine.store.get(storeKeyFor(newToken))) as SessionRecord<D> | null;
  if (!record || engine.statusOf(record) !== "live") return session;
  const joined = loadedState(input, newToken, true, record);
  joined.extraHeaders = clear;
  return new Session(joined, engine);
}

async function readOld(source: MigrationSource, input: SessionInput): Promise<OldSession | "dead"> {
  try {
    return await source.read(input);
  } catch (error) {
    throw storeError(source, error);
  }
}

function storeError(source: MigrationSource, error: unknown): SessionStoreError {
  return new SessionStoreError(`migrate/${source.name}`, "get", describeDriverError(error), {
    cause: sanitizedDriverError(error),
  });
}
