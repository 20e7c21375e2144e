import { casWrite } from "./cas-write.js";
import { cloneJson } from "./data-merge.js";
import { SessionEngine } from "./engine.js";
import { SessionConfigError } from "./errors.js";
import { emit } from "./events.js";
import type { CommitResult, SessionInput } from "./io.js";
import { optionalUserId, requireId, requireToken } from "./manager-input.js";
import { type ResolvedSessionOptions, resolveOptions, type SessionOptions } from "./options.js";
import { nextExpiry } from "./record.js";
import type { RequestOutcome } from "./request-outcome.js";
import { type Session, stateOf } from "./session.js";
import { MAX_LIST_LIMIT, type SessionListQuery } from "./store.js";
import { decodeListCursor } from "./store-input.js";
import { storeKeyFor } from "./token.js";
import type { SessionData, SessionMeta, SessionRecord } from "./types.js";

/** A session created outside a request: `token` is what the client presents (signed). */
export interface CreatedSession<D> {
  token: string;
  record: SessionRecord<D>;
}

export interface CreateSessionInit<D> {
  userId?: string | null;
  data?: D;
  meta?: SessionMeta;
}

/**
 * The whole session lifecycle, with or without HTTP. Bindings use `load` and `commit`; admin
 * endpoints, background jobs and tests use the rest.
 */
export interface SessionManager<D = SessionData> {
  readonly options: ResolvedSessionOptions;
  /** Reads the request's token and loads its session (one store read), or starts a fresh one. */
  load(input: SessionInput): Promise<Session<D>>;
  /**
   * `load`, answered synchronously when no store read is needed (no token, or a badly signed
   * one); else the promise `load` returns. Throws synchronously what `load` would reject with.
   */
  loadNow(input: SessionInput): Session<D> | Promise<Session<D>>;
  /**
   * Persists what happened to the session and returns the headers to send; nothing is
   * persisted when the request failed (`requestFailed`: an error, or a 5xx answer). Resolves
   * only after the store has finished.
   */
  commit(session: Session<D>, outcome?: RequestOutcome): Promise<CommitResult>;
  /**
   * `commit`, answered synchronously when nothing needs the store (an anonymous visitor, a read
   * inside the touch window), so a binding can let the response go without holding it; else the
   * same promise `commit` returns. Throws synchronously what `commit` would reject with.
   */
  commitNow(session: Session<D>, outcome?: RequestOutcome): CommitResult | Promise<CommitResult>;
  /** Creates a stored session, e.g. for a user signing in through an API. */
  create(init?: CreateSessionInit<D>): Promise<CreatedSession<D>>;
  /** The live session a signed token refers to, or null. */
  get(token: string): Promise<SessionRecord<D> | null>;
  /** Extends a live session's idle expiry; null when it is gone. */
  refresh(token: string): Promise<SessionRecord<D> | null>;
  /** Compare-and-set update of the data (`fn` re-runs on conflict); null when the session is gone. */
  // biome-ignore lint/suspicious/noConfusingVoidType: fn either mutates the draft or returns new data.
  update(token: string, fn: (data: D) => D | void): Promise<SessionRecord<D> | null>;
  /** Deletes the session a token refers to. */
  destroy(token: string): Promise<void>;
  /** A user's live sessions ("signed-in devices"), most recent activity first. */
  listByUser(userId: string): Promise<SessionRecord<D>[]>;
  /** Deletes one session by its handle (`record.id`, `session.id`). */
  revoke(id: string): Promise<void>;
  /** Deletes all of a user's sessions, optionally except one handle; resolves how many. */
  revokeAll(userId: string, options?: { except?: string }): Promise<number>;
  /**
   * One page of live sessions, all or one user's or one tenant's (`limit` 1–1000, default 50;
   * `cursor` from the previous page). Needs a store with `listSessions`.
   */
  listSessions(query?: ListSessionsQuery): Promise<ListedSessions<D>>;
  /** Deletes every live session of a tenant (`meta.tenantId`), page by page; resolves how many. */
  revokeTenant(tenantId: string): Promise<number>;
  /** Removes expired sessions from the store; resolves how many. */
  cleanup(): Promise<number>;
}

export interface ListSessionsQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
  userId?: string | undefined;
  tenantId?: string | undefined;
}

export interface ListedSessions<D> {
  sessions: SessionRecord<D>[];
  nextCursor: string | null;
}

/**
 * Validates `options` once and returns the manager every binding is built on.
 *
 * @throws SessionConfigError when an option is invalid (the message names it).
 * @example
 * const sessions = createSessionManager({ secret: process.env.SESSION_SECRET!, store: new MemoryStore() });
 * const { token } = await sessions.create({ userId: "u1", meta: { userAgent: "cli" } });
 */
export function createSessionManager<D = SessionData>(options: SessionOptions): SessionManager<D> {
  const engine = new SessionEngine<D>(resolveOptions(options));
  const { store, signer } = engine;
  const onEvent = engine.options.onEvent;
  // Fail at construction, not on the first request, when a custom generator is broken.
  engine.newToken();

  async function live(token: string): Promise<SessionRecord<D> | null> {
    const verified = signer.verify(requireToken(token));
    if (!verified) return null;
    const record = (await store.get(storeKeyFor(verified.token))) as SessionRecord<D> | null;
    return engine.statusOf(record) === "live" ? record : null;
  }

  return {
    options: engine.options,
    load: (input) => engine.load(input),
    loadNow: (input) => engine.loadNow(input),
    commit: (session, outcome) => engine.commit(session, outcome),
    commitNow: (session, outcome) => engine.commitNow(session, outcome),

    async create(init = {}) {
      if (typeof init !== "object" || init === null) {
        throw new TypeError("create() takes an object: { userId?, data?, meta? }");
      }
      const userId = optionalUserId(init.userId);
      const input: SessionInput = { header: () => undefined, secure: false };
      const session = engine.fresh(input);
      const state = stateOf(session);
      state.data = cloneJson(init.data ?? ({} as D));
      state.userId = userId;
      // `replaced` marks a regeneration's tombstone: never set by callers.
      const { replaced: _internal, ...meta } = init.meta ?? {};
      state.meta = meta;
      await engine.persist(session, { force: true });
      return {
        token: signer.sign(state.token),
        record: {
          id: state.id,
          userId: state.userId,
          data: cloneJson(state.data),
          createdAt: state.createdAt,
          lastActiveAt: state.lastActiveAt,
          expiresAt: state.expiresAt,
          meta: cloneJson(state.meta),
          version: state.version,
        },
      };
    },

    get: live,

    async refresh(token) {
      const record = await live(token);
      if (!record) return null;
      const now = engine.now();
      const expiresAt = nextExpiry(engine.options, record.createdAt, now, record.meta);
      if (!(await store.touch(record.id, expiresAt, now))) return null;
      return { ...record, expiresAt, lastActiveAt: now };
    },

    async update(token, fn) {
      if (typeof fn !== "function") throw new TypeError("update() takes a function of the data");
      const record = await live(token);
      if (!record) return null;
      const outcome = await casWrite(
        store,
        record,
        (current) => {
          const now = engine.now();
          const draft = cloneJson(current.data);
          const data = fn(draft) ?? draft;
          return {
            ...current,
            data,
            lastActiveAt: now,
            expiresAt: nextExpiry(engine.options, current.createdAt, now, current.meta),
            version: current.version + 1,
          };
        },
        engine.statusOf,
        engine.options.maxWriteRetries,
      );
      return outcome.written ?? null;
    },

    async destroy(token) {
      const record = await live(token);
      if (!record) return;
      await store.destroy(record.id);
      emit(onEvent, { type: "destroyed", id: record.id, userId: record.userId });
    },

    async listByUser(userId) {
      const records = (await store.listByUser(requireId("userId", userId))) as SessionRecord<D>[];
      return records.filter(engine.isLive);
    },

    async revoke(id) {
      await store.destroy(requireId("id (the session handle)", id));
      emit(onEvent, { type: "revoked", id, userId: null, count: 1 });
    },

    async revokeAll(userId, revokeOptions = {}) {
      requireId("userId", userId);
      const except = revokeOptions?.except;
      if (except !== undefined) requireId("except (a session handle)", except);
      const count = await store.destroyByUser(userId, except);
      emit(onEvent, { type: "revoked", id: null, userId, count });
      return count;
    },

    async listSessions(query = {}) {
      const limit = query.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
        throw new SessionConfigError("limit", `must be an integer from 1 to ${MAX_LIST_LIMIT}`);
      }
      // A bad cursor is the caller's mistake (a TypeError here), not a store failure.
      if (query.cursor) decodeListCursor(query.cursor);
      const storeQuery: SessionListQuery = { limit };
      if (query.cursor) storeQuery.cursor = query.cursor;
      if (query.userId !== undefined) storeQuery.userId = query.userId;
      if (query.tenantId !== undefined) storeQuery.tenantId = query.tenantId;
      const page = await store.listSessions(storeQuery);
      // A regeneration's short-lived tombstone is no one's session: never list it.
      const sessions = (page.records as SessionRecord<D>[]).filter(
        (record) => engine.isLive(record) && record.meta.replaced !== true,
      );
      return { sessions, nextCursor: page.cursor };
    },

    async revokeTenant(tenantId) {
      let count = 0;
      if (store.destroysByTenant) {
        count = await store.destroyByTenant(tenantId);
      } else {
        // Page from the start each time: the previous page's sessions are gone by then.
        for (;;) {
          const page = await store.listSessions({ tenantId, limit: 200 });
          for (const record of page.records) await store.destroy(record.id);
          count += page.records.length;
          if (page.cursor === null) break;
        }
      }
      emit(onEvent, { type: "revoked", id: null, userId: null, count });
      return count;
    },

    cleanup: () => store.cleanup(),
  };
}
