import type { CommitPlan } from "./commit-plan.js";
import type { CommitQueue } from "./commit-queue.js";
import { recordDevice } from "./device-meta.js";
import type { EngineContext } from "./engine-context.js";
import { createRecord } from "./engine-create.js";
import { regenerateRecord } from "./engine-regenerate.js";
import { assignToken } from "./engine-state.js";
import { updateTogether } from "./engine-update.js";
import { emit } from "./events.js";
import { assertSessionSize, limitsUsers, makeRoomForSignIn } from "./limits.js";
import { nextExpiry, type RecordStatus } from "./record.js";
import { ensureToken, type SessionState } from "./session.js";
import { type Changes, changesSince, type Mutation } from "./snapshot.js";

/** What carrying out a plan needs beyond the store: the queue and the token generator. */
export interface CarryOutContext<D> extends EngineContext<D> {
  readonly queue: CommitQueue;
  newToken(): string;
}

/**
 * The plan's store operation. Resolves `"live"` once carried out, or how the session turned out
 * to be lost (`"gone"`, `"replaced"`) when the store no longer holds what it loaded. Updates and
 * regenerations (compare-and-sets) queue per id, updates waiting together written together;
 * creates have a new id; a destroy never waits.
 */
export async function carryOut<D>(
  context: CarryOutContext<D>,
  plan: CommitPlan,
  state: SessionState<D>,
  now: number,
  changes: Changes<D>,
  mutation: Mutation<D> | undefined,
): Promise<RecordStatus> {
  const { options, store, queue } = context;
  switch (plan.store) {
    case "create": {
      const snapshot = recordDevice(state.meta, state.input)
        ? changesSince(state).snapshot()
        : changes.snapshot();
      assertSessionSize(options, snapshot);
      if (snapshot.userId !== null && limitsUsers(options)) {
        await makeRoomForSignIn(context, snapshot.userId);
      }
      if (plan.newToken) assignToken(state, context.newToken());
      else ensureToken(state, () => context.newToken());
      const createdAt = plan.restartLifetime ? now : state.createdAt;
      await createRecord(context, state, now, createdAt, snapshot);
      emit(options.onEvent, { type: "created", id: state.id, userId: state.userId });
      return "live";
    }
    case "regenerate": {
      const previousId = state.id;
      const snapshot = changes.snapshot();
      assertSessionSize(options, snapshot);
      // Only awaited when a limit is set: an await here would let commits queued behind this
      // one (same session, same process) take the queue first.
      if (plan.restartLifetime && snapshot.userId !== null && limitsUsers(options)) {
        await makeRoomForSignIn(context, snapshot.userId, previousId);
      }
      const next = { token: context.newToken(), restartLifetime: plan.restartLifetime };
      const status = await queue.run(previousId, (queued) =>
        regenerateRecord(context, queued, state, now, snapshot, next, mutation),
      );
      if (status === "live") {
        const userId = state.userId;
        emit(options.onEvent, { type: "regenerated", id: state.id, previousId, userId });
      }
      return status;
    }
    case "update": {
      const update = { state, now, snapshot: changes.snapshot(), mutation };
      return queue.joinGroup(state.id, update, (queued, updates) =>
        updateTogether(context, queued, updates),
      );
    }
    case "touch": {
      const expiresAt = nextExpiry(options, state.createdAt, now, state.meta);
      if (!(await store.touch(state.id, expiresAt, now))) return "gone";
      state.expiresAt = expiresAt;
      state.lastActiveAt = now;
      return "live";
    }
    case "destroy":
      await store.destroy(state.id);
      queue.note(state.id, "gone");
      state.stored = false;
      state.client = "none";
      emit(options.onEvent, { type: "destroyed", id: state.id, userId: state.userId });
      return "live";
    case "none":
      return "live";
  }
}
