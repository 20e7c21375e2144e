import { type CommitPlan, type CommitState, planCommit } from "./commit-plan.js";
import { CommitQueue } from "./commit-queue.js";
import { cloneJson } from "./data-merge.js";
import { carriesDevice, refreshDevice } from "./device-meta.js";
import { type CarryOutContext, carryOut } from "./engine-carry-out.js";
import { factsOf, policyOf, untouchedFacts } from "./engine-facts.js";
import { loadState } from "./engine-load.js";
import { loadWithMigration, MigrationRuns } from "./engine-migrate.js";
import { addTokenHeader } from "./engine-reply.js";
import { freshState, resetToFresh } from "./engine-state.js";
import { SessionStateError } from "./errors.js";
import { debug, emit } from "./events.js";
import { GuardedStore } from "./guarded-store.js";
import type { CommitResult, SessionInput } from "./io.js";
import type { ResolvedSessionOptions } from "./options.js";
import { isLive, type RecordStatus, statusOf } from "./record.js";
import { type RequestOutcome, requestFailed } from "./request-outcome.js";
import {
  type PendingSession,
  pendingOf,
  Session,
  type SessionDriver,
  type SessionState,
  stateOf,
} from "./session.js";
import { createTokenSigner, type TokenSigner } from "./signer.js";
import { type Changes, captureData, changesSince, type Mutation } from "./snapshot.js";
import { clearTokenHeader } from "./transport.js";
import type { SessionRecord } from "./types.js";

/**
 * The request lifecycle: load a session from a request, and commit what happened to it. The
 * decisions come from `planCommit` (facts in `engine-facts`); `engine-carry-out` carries them
 * out against the store, one operation per file (`engine-create`, `engine-update`,
 * `engine-regenerate`), and `engine-reply` adds the token header.
 */
export class SessionEngine<D> implements SessionDriver<D>, CarryOutContext<D> {
  readonly options: ResolvedSessionOptions;
  readonly store: GuardedStore;
  readonly signer: TokenSigner;
  /** Commits to one session id in this process take turns (see `CommitQueue`). */
  readonly queue = new CommitQueue();
  /** Sessions moved from another library, so parallel requests join one (see `MigrationRuns`). */
  readonly migrations = new MigrationRuns();

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
    return this.loadNow(input);
  }

  /**
   * `load`, answered synchronously when no store read is needed (no token, or a badly signed
   * one): an anonymous request then costs no promise. Throws synchronously what `load` would
   * reject with.
   */
  loadNow(input: SessionInput): Session<D> | Promise<Session<D>> {
    const loaded = loadState<D>(this.options, this.store, this.signer, input);
    if (loaded instanceof Promise) return loaded.then((state) => this.sessionOf(state, input));
    return this.sessionOf(loaded, input);
  }

  private sessionOf(
    loaded: SessionState<D> | PendingSession<D>,
    input: SessionInput,
  ): Session<D> | Promise<Session<D>> {
    const source = this.options.migrate;
    if (source === undefined || !source.presentIn(input)) return new Session<D>(loaded, this);
    return loadWithMigration(this, loaded, input, source);
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

  /** End of request: persist (unless the request failed) and return the headers to send. */
  async commit(session: Session<D>, outcome: RequestOutcome = {}): Promise<CommitResult> {
    return this.commitNow(session, outcome);
  }

  /**
   * `commit`, answered synchronously when the plan needs no store call (an anonymous visitor, a
   * read inside the touch window): a binding can then let the response go without holding it.
   * Throws synchronously what `commit` would reject with.
   */
  commitNow(
    session: Session<D>,
    outcome: RequestOutcome = {},
  ): CommitResult | Promise<CommitResult> {
    const failed = requestFailed(outcome);
    const pending = pendingOf(session);
    if (pending) {
      const headers = this.untouchedHeaders(pending, failed);
      if (headers) return { headers };
    }
    const planned = this.plan(session, { failed });
    if (planned.plan.store === "none") {
      this.settle(planned.state, planned.plan, planned.now);
      return replyOf(planned.state);
    }
    return this.carry(planned).then(() => replyOf(planned.state));
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
    const plan = planCommit(untouchedFacts(pending, failed, this.now()), policyOf(this.options));
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
  persist(
    session: Session<D>,
    how: { failed?: boolean; force?: boolean; mutation?: Mutation<D> },
  ): Promise<void> {
    return this.carry(this.plan(session, how));
  }

  /** The facts of what happened to the session and the plan for them; no side effect. */
  private plan(
    session: Session<D>,
    how: { failed?: boolean; force?: boolean; mutation?: Mutation<D> },
  ): PlannedCommit<D> {
    const { failed = false, force = false, mutation } = how;
    const state = stateOf(session);
    const now = this.now();
    const changes = changesSince(state);
    const forced = mutation !== undefined || force;
    const facts = factsOf(state, changes, { failed, forced }, now);
    const plan = planCommit(facts, policyOf(this.options, state.meta));
    return { state, now, changes, facts, plan, mutation };
  }

  /** Carries out a plan against the store, then settles the session on what happened. */
  private async carry(planned: PlannedCommit<D>): Promise<void> {
    const { state, now, facts, mutation } = planned;
    let { changes, plan } = planned;
    if (facts.deviceChanged && carriesDevice(plan.store)) {
      refreshDevice(state.meta, state.input);
      changes = changesSince(state);
    }
    debug("commit %s: store=%s token=%s (%s)", state.id, plan.store, plan.token, plan.reason);
    const status = await carryOut(this, plan, state, now, changes, mutation);
    if (status !== "live") {
      emit(this.options.onEvent, { type: "lost", id: state.id });
      resetToFresh(this.options, state, status === "replaced" ? "replaced" : "dead");
      plan = planCommit({ ...facts, lost: status }, policyOf(this.options, state.meta));
    }
    this.settle(state, plan, now);
  }

  /** After the store (or without it): requests cleared, and the token header the plan asks. */
  private settle(state: SessionState<D>, plan: CommitPlan, now: number): void {
    state.regenerate = null;
    state.touchRequested = false;
    state.rotated = false;
    addTokenHeader(this.options, this.signer, state, plan, now);
  }
}

/** A commit planned but not carried out yet. */
interface PlannedCommit<D> {
  state: SessionState<D>;
  now: number;
  changes: Changes<D>;
  facts: CommitState;
  plan: CommitPlan;
  mutation: Mutation<D> | undefined;
}

/** The headers a commit leaves to send (the token's, and any another step added). */
function replyOf<D>(state: SessionState<D>): CommitResult {
  const headers = [...state.headers.entries()];
  state.headers.clear();
  if (state.extraHeaders) {
    headers.push(...state.extraHeaders);
    delete state.extraHeaders;
  }
  return { headers };
}
