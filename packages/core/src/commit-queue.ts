import type { SessionRecord } from "./types.js";

/** One session id's queue: its tail, how many commits wait in it, and what the last one saw. */
export interface QueueEntry {
  /**
   * The record the last commit in this process wrote (or found: `"gone"` after a destroy), so the
   * next queued commit starts its compare-and-set from it instead of conflicting through the store.
   */
  last: SessionRecord | "gone" | undefined;
}

/** What one member of a group got: its result, or the error that was its alone. */
export type GroupOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Commits waiting to be carried out together in one turn (see `CommitQueue.joinGroup`). */
interface Group {
  members: unknown[];
  /** Settles every member after the first (the first gets the turn's own promise). */
  joiners: Array<{ resolve(value: unknown): void; reject(error: unknown): void }>;
}

interface Slot extends QueueEntry {
  tail: Promise<void>;
  waiting: number;
  /** The group queued on this id that has not started yet: later joiners ride along. */
  open: Group | undefined;
}

/**
 * Serialises the compare-and-set commits (updates, regenerations) to one session id inside this
 * process. Concurrent requests on one hot session then take turns, and each turn starts from the
 * record the previous one wrote, so they do not conflict through the store (no failed
 * compare-and-set, no re-read, no backoff). Updates that arrive while a turn is in flight wait
 * as one group and are written together in the next turn (see `joinGroup`), so a burst of N
 * writers costs about two store writes instead of N. Commits from other processes still meet
 * through compare-and-set. An id's entry is dropped as soon as its queue is empty, so the map
 * holds only sessions with a commit in flight.
 */
export class CommitQueue {
  readonly #slots = new Map<string, Slot>();

  /** Runs `task` alone, after every commit queued on `id` before it. */
  run<T>(id: string, task: (entry: QueueEntry) => Promise<T>): Promise<T> {
    const slot = this.#slots.get(id);
    // Whatever arrives after this task must not be carried out before it.
    if (slot) slot.open = undefined;
    return this.#enqueue(id, slot, task);
  }

  /**
   * Adds `member` to the group waiting on `id`, or opens a new group at the end of the queue.
   * When the group's turn comes, `carryOut` runs once with every member that joined until then,
   * and answers one outcome per member, in joining order; if it throws, every member gets the
   * error. All members of one id's groups must pass the same `carryOut`.
   */
  joinGroup<M, R>(
    id: string,
    member: M,
    carryOut: (entry: QueueEntry, members: readonly M[]) => Promise<Array<GroupOutcome<R>>>,
  ): Promise<R> {
    const slot = this.#slots.get(id);
    const open = slot?.open;
    if (open) {
      open.members.push(member);
      return new Promise<R>((resolve, reject) => {
        open.joiners.push({ resolve: resolve as (value: unknown) => void, reject });
      });
    }
    const group: Group = { members: [member], joiners: [] };
    const turn = this.#enqueue(id, slot, async (entry) => {
      const started = entry as Slot;
      if (started.open === group) started.open = undefined;
      let outcomes: Array<GroupOutcome<R>>;
      try {
        outcomes = await carryOut(entry, group.members as M[]);
      } catch (error) {
        for (const joiner of group.joiners) joiner.reject(error);
        throw error;
      }
      group.joiners.forEach((joiner, i) => {
        const outcome = outcomes[i + 1] as GroupOutcome<R>;
        if (outcome.ok) joiner.resolve(outcome.value);
        else joiner.reject(outcome.error);
      });
      const own = outcomes[0] as GroupOutcome<R>;
      if (!own.ok) throw own.error;
      return own.value;
    });
    (this.#slots.get(id) as Slot).open = group;
    return turn;
  }

  async #enqueue<T>(
    id: string,
    existing: Slot | undefined,
    task: (entry: QueueEntry) => Promise<T>,
  ): Promise<T> {
    let slot = existing;
    if (!slot) {
      slot = { tail: Promise.resolve(), waiting: 0, last: undefined, open: undefined };
      this.#slots.set(id, slot);
    }
    slot.waiting++;
    const previous = slot.tail;
    let release = () => {};
    slot.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      return await task(slot);
    } finally {
      release();
      if (--slot.waiting === 0) this.#slots.delete(id);
    }
  }

  /**
   * Records what a commit outside the queue did (a destroy never waits behind writes: a logout
   * lands at once), for the commits still queued on the id.
   */
  note(id: string, last: SessionRecord | "gone"): void {
    const slot = this.#slots.get(id);
    if (slot) slot.last = last;
  }

  /** Ids with a commit in flight or waiting (for tests: an idle engine holds none). */
  get size(): number {
    return this.#slots.size;
  }
}
