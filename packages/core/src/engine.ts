import { casWrite } from "./cas-write.js";
import { planCommit } from "./commit-plan.js";
import { cloneJson, reapplyChangedKeys } from "./data-merge.js";
import { observedDevice, refreshDevice } from "./device-meta.js";
import { SessionStateError } from "./errors.js";
import { debug, emit } from "./events.js";
import { GuardedStore } from "./guarded-store.js";
import type { CommitResult, SessionInput } from "./io.js";
import type { ResolvedSessionOptions } from "./options.js";
import { isLive, nextExpiry } from "./record.js";
import { Session, type SessionDriver, type SessionState, stateOf } from "./session.js";
import { persistentCookieOf } from "./session-lifetime.js";
import { createTokenSigner, type TokenSigner } from "./signer.js";
import {
  baseOf,
  type Mutation,
  parseSnapshot,
  replaceContents,
  type Snapshot,
  serialize,
} from "./snapshot.js";
import { storeKeyFor } from "./token.js";
import { clearTokenHeader, issueTokenHeader, readPresentedToken } from "./transport.js";
import type { SessionMeta, SessionRecord } from "./types.js";

/**
 * The request lifecycle: load a session from a request, and commit what happened to it. The
 * decisions come from `planCommit`; this file only carries them out against the store.
 */
export class SessionEngine<D> implements SessionDriver<D> {
  readonly options: ResolvedSessionOptions;
  readonly store: GuardedStore;
  readonly signer: TokenSigner;

  constructor(options: ResolvedSessionOptions) {
    this.options = options;
    this.store = new GuardedStore(options.store, options.storeTimeout);
    this.signer = createTokenSigner(options.secrets);
  }

  now(): number {
    return this.options.clock.now();
  }

  isLive = (record: SessionRecord<D>): boolean =>
    isLive(this.options, record as SessionRecord, this.now());

  async load(input: SessionInput): Promise<Session<D>> {
    const presented = readPresentedToken(this.options, input);
    if (presented === undefined) return this.fresh(input, false);
    const verified = this.signer.verify(presented);
    if (!verified) {
      emit(this.options.onEvent, { type: "invalid-token" });
      return this.fresh(input, true);
    }
    const id = storeKeyFor(verified.token);
    const record = (await this.store.get(id)) as SessionRecord<D> | null;
    if (!record) {
      emit(this.options.onEvent, { type: "unknown-token", id });
      return this.fresh(input, true);
    }
    if (!this.isLive(record)) {
      emit(this.options.onEvent, { type: "expired", id, userId: record.userId });
      return this.fresh(input, true);
    }
    const state: SessionState<D> = {
      token: verified.token,
      id,
      isNew: false,
      stored: true,
      presentedToken: true,
      rotated: verified.rotated,
      version: record.version,
      createdAt: record.createdAt,
      lastActiveAt: record.lastActiveAt,
      expiresAt: record.expiresAt,
      userId: record.userId,
      meta: record.meta ?? {},
      data: record.data,
      base: baseOf(record.data, record.userId, record.meta ?? {}),
      regenerate: null,
      destroy: false,
      touchRequested: false,
      headers: new Map(),
      input,
    };
    return new Session<D>(state, this);
  }

  /** A new, unsaved session with a new token: a client-chosen token is never adopted. */
  fresh(input: SessionInput, presentedToken: boolean): Session<D> {
    const data = {} as D;
    const now = this.now();
    const token = this.newToken();
    const meta: SessionMeta = observedDevice(input);
    const tenantId = this.options.tenant?.(input);
    if (typeof tenantId === "string" && tenantId !== "") meta.tenantId = tenantId;
    const state: SessionState<D> = {
      token,
      id: storeKeyFor(token),
      isNew: true,
      stored: false,
      presentedToken,
      rotated: false,
      version: 0,
      createdAt: now,
      lastActiveAt: now,
      expiresAt: nextExpiry(this.options, now, now),
      userId: null,
      meta,
      data,
      base: baseOf(data, null, meta),
      regenerate: null,
      destroy: false,
      touchRequested: false,
      headers: new Map(),
      input,
    };
    return new Session<D>(state, this);
  }

  newToken(): string {
    const token = this.options.generateToken();
    if (typeof token !== "string" || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
      throw new SessionStateError("generateToken must return 16 to 128 base64url characters.");
    }
    return token;
  }

  /** End of request: persist (unless the handler failed) and return the headers to send. */
  async commit(session: Session<D>, outcome: { failed?: boolean } = {}): Promise<CommitResult> {
    await this.persist(session, { failed: outcome.failed === true });
    const state = stateOf(session);
    const headers = [...state.headers.entries()];
    state.headers.clear();
    return { headers };
  }

  save(session: Session<D>): Promise<void> {
    return this.persist(session, {});
  }

  async mutate(session: Session<D>, fn: (data: D) => void): Promise<void> {
    const state = stateOf(session);
    // Applied in place, so code holding `session.data` sees the change.
    const before = cloneJson(state.data);
    fn(state.data);
    await this.persist(session, { mutation: { fn, before } });
  }

  /**
   * Carries out `planCommit` for the session now. `force` writes even an unmodified session
   * (the manager's `create`); `mutation` re-runs its function on conflict.
   */
  async persist(
    session: Session<D>,
    how: { failed?: boolean; force?: boolean; mutation?: Mutation<D> },
  ): Promise<void> {
    const { failed = false, force = false, mutation } = how;
    const state = stateOf(session);
    const now = this.now();
    const serialized = serialize(state.data, state.userId, state.meta);
    // What this commit writes is fixed here: changes the handler makes while the store call is
    // in flight belong to the next commit, not half to this one.
    let snapshot = parseSnapshot<D>(serialized);
    const plan = planCommit(
      {
        failed,
        isNew: !state.stored,
        presentedToken: state.presentedToken,
        modified: serialized !== state.base.serialized || mutation !== undefined || force,
        regenerate: state.regenerate !== null,
        destroy: state.destroy,
        touchRequested: state.touchRequested,
        rotated: state.rotated,
        now,
        lastActiveAt: state.lastActiveAt,
      },
      {
        saveUninitialized: this.options.saveUninitialized,
        rolling: this.options.rolling,
        touchAfter: this.options.touchAfter,
        expiryTravelsWithToken:
          this.options.transport.kind === "cookie" && persistentCookieOf(this.options, state.meta),
      },
    );
    debug("commit %s: store=%s token=%s (%s)", state.id, plan.store, plan.token, plan.reason);
    if (plan.reason === "handler-failed") return;
    // A changed User-Agent or IP rides on a write or touch that happens anyway (a touch becomes
    // an update: still one store call); on its own it never causes one. See device-meta.ts.
    const carriesMeta =
      plan.store === "update" || plan.store === "touch" || plan.store === "regenerate";
    if (carriesMeta && refreshDevice(state.meta, state.input)) {
      snapshot = parseSnapshot<D>(serialize(state.data, state.userId, state.meta));
      if (plan.store === "touch") plan.store = "update";
    }

    let token = plan.token;
    switch (plan.store) {
      case "create":
        if (state.regenerate) this.assignToken(state, this.newToken());
        await this.writeNew(state, now, state.createdAt, snapshot);
        emit(this.options.onEvent, { type: "created", id: state.id, userId: state.userId });
        break;
      case "regenerate": {
        const previousId = state.id;
        const createdAt = state.regenerate?.signIn ? now : state.createdAt;
        this.assignToken(state, this.newToken());
        await this.writeNew(state, now, createdAt, snapshot);
        await this.store.destroy(previousId);
        emit(this.options.onEvent, {
          type: "regenerated",
          id: state.id,
          previousId,
          userId: state.userId,
        });
        break;
      }
      case "update":
        if (!(await this.update(state, now, snapshot, mutation))) token = this.lose(state);
        break;
      case "touch": {
        const expiresAt = nextExpiry(this.options, state.createdAt, now, state.meta);
        if (await this.store.touch(state.id, expiresAt, now)) {
          state.expiresAt = expiresAt;
          state.lastActiveAt = now;
        } else {
          token = this.lose(state);
        }
        break;
      }
      case "destroy":
        await this.store.destroy(state.id);
        state.stored = false;
        emit(this.options.onEvent, { type: "destroyed", id: state.id, userId: state.userId });
        break;
      case "none":
        break;
    }
    state.regenerate = null;
    state.touchRequested = false;
    state.rotated = false;

    const header =
      token === "issue"
        ? issueTokenHeader(
            this.options,
            state.input,
            this.signer.sign(state.token),
            state.expiresAt,
            now,
            persistentCookieOf(this.options, state.meta),
          )
        : token === "clear"
          ? clearTokenHeader(this.options, state.input)
          : undefined;
    if (header) state.headers.set(header[0], header[1]);
  }

  assignToken(state: SessionState<D>, token: string): void {
    state.token = token;
    state.id = storeKeyFor(token);
  }

  async writeNew(state: SessionState<D>, now: number, createdAt: number, snapshot: Snapshot<D>) {
    const record: SessionRecord<D> = {
      id: state.id,
      userId: snapshot.userId,
      data: snapshot.data,
      createdAt,
      lastActiveAt: now,
      expiresAt: nextExpiry(this.options, createdAt, now, snapshot.meta),
      meta: snapshot.meta,
      version: 1,
    };
    if (!(await this.store.set(record as SessionRecord, null))) {
      // Only a broken token generator gets here: 256 random bits do not collide.
      throw new SessionStateError("A newly generated session token is already in use.");
    }
    Object.assign(state, {
      stored: true,
      version: 1,
      createdAt,
      lastActiveAt: now,
      expiresAt: record.expiresAt,
      base: baseOf(snapshot.data, snapshot.userId, snapshot.meta),
    });
  }

  /** Compare-and-set of this request's changes; false when the session is gone. */
  async update(
    state: SessionState<D>,
    now: number,
    snapshot: Snapshot<D>,
    mutation?: Mutation<D>,
  ): Promise<boolean> {
    const base = state.base;
    const mine = {
      data: mutation ? mutation.before : snapshot.data,
      userId: snapshot.userId,
      meta: snapshot.meta,
    };
    const userChanged = mine.userId !== base.userId;
    const metaChanged = JSON.stringify(mine.meta) !== JSON.stringify(base.meta);
    const loaded: SessionRecord<D> = {
      id: state.id,
      userId: base.userId,
      data: base.data,
      createdAt: state.createdAt,
      lastActiveAt: state.lastActiveAt,
      expiresAt: state.expiresAt,
      meta: base.meta,
      version: state.version,
    };
    const written = await casWrite(
      this.store,
      loaded,
      (current, attempt) => {
        let data = snapshot.data;
        if (attempt > 0) {
          data = reapplyChangedKeys(
            current.data as object,
            base.data as object,
            mine.data as object,
          ) as D;
          if (mutation) mutation.fn(data);
        }
        const meta = metaChanged ? mine.meta : current.meta;
        return {
          id: current.id,
          userId: userChanged ? mine.userId : current.userId,
          data,
          createdAt: current.createdAt,
          lastActiveAt: now,
          expiresAt: nextExpiry(this.options, current.createdAt, now, meta),
          meta,
          version: current.version + 1,
        };
      },
      this.isLive,
      this.options.maxWriteRetries,
    );
    if (!written) return false;
    if (written.data !== snapshot.data) {
      // A concurrent writer won first: show this request the merged result, in place, so code
      // holding `session.data` or `session.meta` sees it too.
      replaceContents(state.data as object, written.data as object);
      replaceContents(state.meta, written.meta);
      state.userId = written.userId;
    }
    Object.assign(state, {
      version: written.version,
      createdAt: written.createdAt,
      lastActiveAt: written.lastActiveAt,
      expiresAt: written.expiresAt,
      base: baseOf(written.data, written.userId, written.meta),
    });
    return true;
  }

  /**
   * The session was destroyed (or expired) by someone else while this request ran: its changes
   * are dropped, never written back, and the request carries on with a fresh anonymous session
   * under a new token. The client's token is cleared unless that new session gets saved.
   */
  lose(state: SessionState<D>): "clear" {
    emit(this.options.onEvent, { type: "lost", id: state.id });
    const now = this.now();
    this.assignToken(state, this.newToken());
    const data = {} as D;
    Object.assign(state, {
      stored: false,
      version: 0,
      createdAt: now,
      lastActiveAt: now,
      expiresAt: nextExpiry(this.options, now, now),
      userId: null,
      data,
      base: baseOf(data, null, state.meta),
      regenerate: null,
    });
    return "clear";
  }
}
