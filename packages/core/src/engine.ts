import { type CommitPlan, type CommitState, planCommit } from "./commit-plan.js";
import { CommitQueue } from "./commit-queue.js";
import { cloneJson } from "./data-merge.js";
import { carriesDevice, refreshDevice } from "./device-meta.js";
import type { EngineContext } from "./engine-context.js";
import { createRecord } from "./engine-create.js";
import { loadState } from "./engine-load.js";
import { regenerateRecord } from "./engine-regenerate.js";
import { assignToken, freshState, resetToFresh } from "./engine-state.js";
import { updateRecord } from "./engine-update.js";
import { SessionStateError } from "./errors.js";
import { debug, emit } from "./events.js";
import { GuardedStore } from "./guarded-store.js";
import type { CommitResult, SessionInput } from "./io.js";
import type { ResolvedSessionOptions } from "./options.js";
import { isLive, nextExpiry, type RecordStatus, statusOf } from "./record.js";
import { Session, type SessionDriver, type SessionState, stateOf } from "./session.js";
import { persistentCookieOf } from "./session-lifetime.js";
import { createTokenSigner, type TokenSigner } from "./signer.js";
import { type Mutation, parseSnapshot, type Snapshot, serialize } from "./snapshot.js";
import { clearTokenHeader, issueTokenHeader } from "./transport.js";
import type { SessionRecord } from "./types.js";

/**
 * The request lifecycle: load a session from a request, and commit what happened to it. The
 * decisions come from `planCommit`; this file carries them out against the store, one
 * operation per file (`engine-create`, `engine-update`, `engine-regenerate`).
 */
export class SessionEngine<D> implements SessionDriver<D>, EngineContext<D> {
  readonly options: ResolvedSessionOptions;
  readonly store: GuardedStore;
  readonly signer: TokenSigner;
  /** Commits to one session id in this process take turns (see `CommitQueue`). */
  readonly queue = new CommitQueue();

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

  statusOf = (record: SessionRecord<D> | null): RecordStatus =>
    statusOf(this.options, record as SessionRecord | null, this.now());

  async load(input: SessionInput): Promise<Session<D>> {
    const state = await loadState<D>(
      this.options,
      this.store,
      this.signer,
      () => this.newToken(),
      input,
    );
    return new Session<D>(state, this);
  }

  /** A new, unsaved session with a new token: a client-chosen token is never adopted. */
  fresh(input: SessionInput): Session<D> {
    return new Session<D>(freshState<D>(this.options, input, this.newToken(), "none"), this);
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
    const facts: CommitState = {
      failed,
      isNew: !state.stored,
      presentedToken: state.client !== "none",
      deadToken: state.client === "dead",
      replaced: state.client === "replaced",
      modified: serialized !== state.base.serialized || mutation !== undefined || force,
      regenerate: state.regenerate !== null,
      signIn: state.regenerate?.signIn === true,
      destroy: state.destroy,
      touchRequested: state.touchRequested,
      rotated: state.rotated,
      now,
      lastActiveAt: state.lastActiveAt,
    };
    let plan = this.plan(facts, state);
    // A changed User-Agent or IP rides on a write or touch that happens anyway (a due touch
    // becomes an update: still one store call); on its own it never causes one (device-meta.ts).
    if (carriesDevice(plan.store) && refreshDevice(state.meta, state.input)) {
      snapshot = parseSnapshot<D>(serialize(state.data, state.userId, state.meta));
      if (plan.store === "touch") plan = { ...plan, store: "update" };
    }
    debug("commit %s: store=%s token=%s (%s)", state.id, plan.store, plan.token, plan.reason);
    const status = await this.carryOut(plan, state, now, snapshot, mutation);
    if (status !== "live") {
      emit(this.options.onEvent, { type: "lost", id: state.id });
      resetToFresh(
        this.options,
        state,
        this.newToken(),
        status === "replaced" ? "replaced" : "dead",
      );
      plan = this.plan({ ...facts, lost: status }, state);
    }
    state.regenerate = null;
    state.touchRequested = false;
    state.rotated = false;
    this.setTokenHeader(state, plan, now);
  }

  plan(facts: CommitState, state: SessionState<D>): CommitPlan {
    return planCommit(facts, {
      saveUninitialized: this.options.saveUninitialized,
      rolling: this.options.rolling,
      touchAfter: this.options.touchAfter,
      expiryTravelsWithToken:
        this.options.transport.kind === "cookie" && persistentCookieOf(this.options, state.meta),
    });
  }

  /**
   * The plan's store operation. Resolves `"live"` once carried out, or how the session turned
   * out to be lost (`"gone"`, `"replaced"`) when the store no longer holds what it loaded.
   */
  async carryOut(
    plan: CommitPlan,
    state: SessionState<D>,
    now: number,
    snapshot: Snapshot<D>,
    mutation: Mutation<D> | undefined,
  ): Promise<RecordStatus> {
    const options = this.options;
    switch (plan.store) {
      case "regenerate": {
        const previousId = state.id;
        const next = { token: this.newToken(), restartLifetime: plan.restartLifetime };
        const status = await this.queue.run(previousId, (queued) =>
          regenerateRecord(this, queued, state, now, snapshot, next, mutation),
        );
        if (status === "live") {
          emit(options.onEvent, {
            type: "regenerated",
            id: state.id,
            previousId,
            userId: state.userId,
          });
        }
        return status;
      }
      case "update":
        return this.queue.run(state.id, (queued) =>
          updateRecord(this, queued, state, now, snapshot, mutation),
        );
      case "touch": {
        const expiresAt = nextExpiry(options, state.createdAt, now, state.meta);
        if (!(await this.store.touch(state.id, expiresAt, now))) return "gone";
        state.expiresAt = expiresAt;
        state.lastActiveAt = now;
        return "live";
      }
      case "destroy":
        await this.store.destroy(state.id);
        this.queue.note(state.id, "gone");
        state.stored = false;
        state.client = "none";
        emit(options.onEvent, { type: "destroyed", id: state.id, userId: state.userId });
        return "live";
      case "create":
        await this.create(plan, state, now, snapshot);
        return "live";
      case "none":
        return "live";
    }
  }

  /** A new record: a new id, so nothing to queue behind. */
  async create(plan: CommitPlan, state: SessionState<D>, now: number, snapshot: Snapshot<D>) {
    if (plan.newToken) assignToken(state, this.newToken());
    const createdAt = plan.restartLifetime ? now : state.createdAt;
    await createRecord(this, state, now, createdAt, snapshot);
    emit(this.options.onEvent, { type: "created", id: state.id, userId: state.userId });
  }

  setTokenHeader(state: SessionState<D>, plan: CommitPlan, now: number): void {
    let header: [string, string] | undefined;
    if (plan.token === "issue") {
      const signed = this.signer.sign(state.token);
      const persistent = persistentCookieOf(this.options, state.meta);
      header = issueTokenHeader(
        this.options,
        state.input,
        signed,
        state.expiresAt,
        now,
        persistent,
      );
      state.client = "live";
    } else if (plan.token === "clear") {
      header = clearTokenHeader(this.options, state.input);
      if (state.client === "dead") state.client = "none";
    }
    if (header) state.headers.set(header[0], header[1]);
  }
}
