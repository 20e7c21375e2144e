import { type CommitPlan, type CommitState, planCommit } from "./commit-plan.js";
import { CommitQueue } from "./commit-queue.js";
import { cloneJson } from "./data-merge.js";
import { carriesDevice, deviceDiffers, refreshDevice } from "./device-meta.js";
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
import {
  ensureToken,
  type PendingSession,
  pendingOf,
  Session,
  type SessionDriver,
  type SessionState,
  stateOf,
} from "./session.js";
import { persistentCookieOf } from "./session-lifetime.js";
import { createTokenSigner, type TokenSigner } from "./signer.js";
import {
  type Changes,
  captureData,
  changesSince,
  type Mutation,
  type Snapshot,
} from "./snapshot.js";
import { clearTokenHeader, issueTokenHeader } from "./transport.js";
import type { SessionMeta, SessionRecord } from "./types.js";

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
    return new Session<D>(await loadState<D>(this.options, this.store, this.signer, input), this);
  }

  /** A new, unsaved session: a client-chosen token is never adopted. */
  fresh(input: SessionInput): Session<D> {
    return new Session<D>(freshState<D>(this.options, input, "none"), this);
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
    const failed = outcome.failed === true;
    const pending = pendingOf(session);
    if (pending) {
      const headers = this.untouchedHeaders(pending, failed);
      if (headers) return { headers };
    }
    await this.persist(session, { failed });
    const state = stateOf(session);
    const headers = [...state.headers.entries()];
    state.headers.clear();
    return { headers };
  }

  /**
   * The reply for a fresh session nobody used: planned without building it, so an anonymous
   * request costs no token, no hash, no serialisation and no store call. Undefined when the
   * plan stores it after all (`saveUninitialized`).
   */
  untouchedHeaders(
    pending: PendingSession<D>,
    failed: boolean,
  ): Array<[string, string]> | undefined {
    const now = this.now();
    const plan = this.plan({
      failed,
      isNew: true,
      presentedToken: pending.client !== "none",
      deadToken: pending.client === "dead",
      replaced: pending.client === "replaced",
      modified: false,
      regenerate: false,
      destroy: false,
      touchRequested: false,
      rotated: false,
      now,
      lastActiveAt: now,
    });
    if (plan.store !== "none") return undefined;
    return plan.token === "clear" ? [clearTokenHeader(this.options, pending.input)] : [];
  }

  save(session: Session<D>): Promise<void> {
    return this.persist(session, {});
  }

  async mutate(session: Session<D>, fn: (data: D) => void): Promise<void> {
    const state = stateOf(session);
    captureData(state);
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
    let changes = changesSince(state);
    const facts: CommitState = {
      failed,
      isNew: !state.stored,
      presentedToken: state.client !== "none",
      deadToken: state.client === "dead",
      replaced: state.client === "replaced",
      modified: changes.modified || mutation !== undefined || force,
      regenerate: state.regenerate !== null,
      signIn: state.regenerate?.signIn === true,
      destroy: state.destroy,
      touchRequested: state.touchRequested,
      rotated: state.rotated,
      deviceChanged: state.stored && deviceDiffers(state.meta, state.input),
      now,
      lastActiveAt: state.lastActiveAt,
    };
    let plan = this.plan(facts, state.meta);
    if (facts.deviceChanged && carriesDevice(plan.store)) {
      refreshDevice(state.meta, state.input);
      changes = changesSince(state);
    }
    debug("commit %s: store=%s token=%s (%s)", state.id, plan.store, plan.token, plan.reason);
    const status = await this.carryOut(plan, state, now, changes, mutation);
    if (status !== "live") {
      emit(this.options.onEvent, { type: "lost", id: state.id });
      resetToFresh(this.options, state, status === "replaced" ? "replaced" : "dead");
      plan = this.plan({ ...facts, lost: status }, state.meta);
    }
    state.regenerate = null;
    state.touchRequested = false;
    state.rotated = false;
    this.setTokenHeader(state, plan, now);
  }

  plan(facts: CommitState, meta?: SessionMeta): CommitPlan {
    return planCommit(facts, {
      saveUninitialized: this.options.saveUninitialized,
      rolling: this.options.rolling,
      touchAfter: this.options.touchAfter,
      expiryTravelsWithToken:
        this.options.transport.kind === "cookie" && persistentCookieOf(this.options, meta),
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
    changes: Changes<D>,
    mutation: Mutation<D> | undefined,
  ): Promise<RecordStatus> {
    const options = this.options;
    switch (plan.store) {
      case "regenerate": {
        const previousId = state.id;
        const snapshot = changes.snapshot();
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
      case "update": {
        const snapshot = changes.snapshot();
        return this.queue.run(state.id, (queued) =>
          updateRecord(this, queued, state, now, snapshot, mutation),
        );
      }
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
        await this.create(plan, state, now, changes.snapshot());
        return "live";
      case "none":
        return "live";
    }
  }

  /** A new record: a new id, so nothing to queue behind. */
  async create(plan: CommitPlan, state: SessionState<D>, now: number, snapshot: Snapshot<D>) {
    if (plan.newToken) assignToken(state, this.newToken());
    else ensureToken(state, () => this.newToken());
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
