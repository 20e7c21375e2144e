import type { SessionRecord } from "./types.js";

/** One session id's queue: its tail, how many commits wait in it, and what the last one saw. */
export interface QueueEntry {
  /**
   * The record the last commit in this process wrote (or found: `"gone"` after a destroy), so the
   * next queued commit starts its compare-and-set from it instead of conflicting through the store.
   */
  last: SessionRecord | "gone" | undefined;
}

interface Slot extends QueueEntry {
  tail: Promise<void>;
  waiting: number;
}

/**
 * Serialises the compare-and-set commits (updates, regenerations) to one session id inside this
 * process. Concurrent requests on one hot
 * session then take turns, and each starts from the record the previous one wrote, so they do not
 * conflict through the store (no failed compare-and-set, no re-read, no backoff). Commits from
 * other processes still meet through compare-and-set. An id's entry is dropped as soon as its
 * queue is empty, so the map holds only sessions with a commit in flight.
 */
export class CommitQueue {
  readonly #slots = new Map<string, Slot>();

  async run<T>(id: string, task: (entry: QueueEntry) => Promise<T>): Promise<T> {
    let slot = this.#slots.get(id);
    if (!slot) {
      slot = { tail: Promise.resolve(), waiting: 0, last: undefined };
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
