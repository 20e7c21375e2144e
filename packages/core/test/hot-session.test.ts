import { describe, expect, it } from "vitest";
import { createSessionManager, SessionLimitError, type SessionRecord } from "../src/index.js";
import { CountingStore } from "./counting-store.js";

/** A CountingStore whose next `set` can be held in flight until released. */
class GatedStore extends CountingStore {
  #gate: Promise<void> | undefined;
  #started = () => {};

  /**
   * Holds every `set` from now on until `release()`; `started` resolves when the first one
   * reaches the store.
   */
  holdWrites(): { started: Promise<void>; release(): void } {
    let release = () => {};
    this.#gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started = new Promise<void>((resolve) => {
      this.#started = resolve;
    });
    return {
      started,
      release: () => {
        this.#gate = undefined;
        release();
      },
    };
  }

  override async set(record: SessionRecord, expectedVersion: number | null) {
    const gate = this.#gate;
    if (gate) {
      this.#started();
      await gate;
    }
    return super.set(record, expectedVersion);
  }
}

function setup(options: { maxSessionBytes?: number } = {}) {
  const store = new GatedStore();
  const manager = createSessionManager<Record<string, unknown>>({
    secret: "hot-session-secret-0123456789abcdefgh",
    store,
    ...options,
  });
  const request = (token?: string) => ({
    header: (name: string) => (name === "cookie" && token ? `sid=${token}` : undefined),
    secure: false,
  });
  return { store, manager, request };
}

async function created(h: ReturnType<typeof setup>): Promise<string> {
  const { token } = await h.manager.create({ data: { hits: [] } });
  h.store.reset();
  return token;
}

describe("one hot session in one process", () => {
  it("writes concurrent commits together: one store write, no conflict, nothing lost", async () => {
    const h = setup();
    const token = await created(h);
    const sessions = await Promise.all(
      Array.from({ length: 10 }, () => h.manager.load(h.request(token))),
    );
    await Promise.all(
      sessions.map(async (session, i) => {
        session.data[`key${i}`] = i;
        await h.manager.commit(session);
      }),
    );
    expect(h.store.conflicts).toBe(0);
    expect(h.store.count("set")).toBe(1);
    expect(h.store.count("get")).toBe(10); // the loads only
    const all = {
      hits: [],
      ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`key${i}`, i])),
    };
    expect((await h.manager.load(h.request(token))).data).toEqual(all);
    // Every request shows what the store holds after its write, and owns its copy of it.
    for (const session of sessions) expect(session.data).toEqual(all);
    const [one, two] = sessions as [(typeof sessions)[number], (typeof sessions)[number]];
    (one.data.hits as number[]).push(1);
    expect(two.data.hits).toEqual([]);
  });

  it("commits arriving while one is in flight wait as one group: two writes for ten", async () => {
    const h = setup();
    const token = await created(h);
    const sessions = await Promise.all(
      Array.from({ length: 10 }, () => h.manager.load(h.request(token))),
    );
    const writes = h.store.holdWrites();
    const [head, ...rest] = sessions as [(typeof sessions)[number], ...typeof sessions];
    head.data.head = true;
    const headCommit = h.manager.commit(head);
    await writes.started; // the head's write is in flight
    const restCommits = rest.map((session, i) => {
      session.data[`key${i}`] = i;
      return h.manager.commit(session);
    });
    writes.release();
    await Promise.all([headCommit, ...restCommits]);
    expect(h.store.calls.slice(10)).toEqual(["set", "set"]);
    expect(h.store.conflicts).toBe(0);
    const final = await h.manager.load(h.request(token));
    expect(Object.keys(final.data).sort()).toEqual(
      ["head", "hits", ...rest.map((_, i) => `key${i}`)].sort(),
    );
    // Version: created (1), the head's write (2), the group's one write (3).
    expect((await h.store.get(final.id))?.version).toBe(3);
  });

  it("a request too large for the limit fails alone; the rest of its group lands", async () => {
    const h = setup({ maxSessionBytes: 2_000 });
    const token = await created(h);
    const sessions = await Promise.all(
      Array.from({ length: 4 }, () => h.manager.load(h.request(token))),
    );
    const results = await Promise.allSettled(
      sessions.map(async (session, i) => {
        session.data[`key${i}`] = i === 2 ? "x".repeat(3_000) : i;
        await h.manager.commit(session);
      }),
    );
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(SessionLimitError);
    const final = await h.manager.load(h.request(token));
    expect(final.data).toEqual({ hits: [], key0: 0, key1: 1, key3: 3 });
    expect(h.store.conflicts).toBe(0);
  });

  it("a mutate that throws when re-run fails alone; the rest of its group lands", async () => {
    const h = setup();
    const token = await created(h);
    const sessions = await Promise.all(
      Array.from({ length: 3 }, () => h.manager.load(h.request(token))),
    );
    let runs = 0;
    const results = await Promise.allSettled(
      sessions.map((session, i) =>
        session.mutate((data) => {
          if (i === 1 && ++runs > 1) throw new Error("refuses to run twice");
          (data.hits as number[]).push(i);
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toHaveProperty(
      "message",
      "refuses to run twice",
    );
    expect((await h.manager.get(token))?.data.hits).toEqual([0, 2]);
  });

  it("a failing store fails every request of the group, and the queue goes on", async () => {
    const h = setup();
    const token = await created(h);
    const sessions = await Promise.all(
      Array.from({ length: 3 }, () => h.manager.load(h.request(token))),
    );
    const set = h.store.set;
    h.store.set = async () => {
      throw new Error("store down");
    };
    const results = await Promise.allSettled(
      sessions.map((session, i) => {
        session.data[`key${i}`] = i;
        return h.manager.commit(session);
      }),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    h.store.set = set;
    const next = await h.manager.load(h.request(token));
    next.data.after = true;
    await h.manager.commit(next);
    expect((await h.manager.get(token))?.data).toEqual({ hits: [], after: true });
  });

  it("concurrent mutate appends all land without a conflict", async () => {
    const h = setup();
    const token = await created(h);
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const session = await h.manager.load(h.request(token));
        await session.mutate((data) => {
          (data.hits as number[]).push(i);
        });
        await h.manager.commit(session);
      }),
    );
    expect(h.store.conflicts).toBe(0);
    const hits = (await h.manager.get(token))?.data.hits as number[];
    expect([...hits].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("a commit queued behind a sign-in learns of it without a store call", async () => {
    const h = setup();
    const token = await created(h);
    const [signIn, late] = await Promise.all([
      h.manager.load(h.request(token)),
      h.manager.load(h.request(token)),
    ]);
    signIn.userId = "hot-user";
    late.data.late = true;
    const [signedIn, lateResult] = await Promise.all([
      h.manager.commit(signIn),
      h.manager.commit(late),
    ]);
    expect(signedIn.headers).toHaveLength(1);
    expect(lateResult.headers).toEqual([]); // replaced: the new cookie is left alone
    expect(h.store.conflicts).toBe(0);
    // The tombstone and the new record; the late commit wrote nothing and read nothing.
    expect(h.store.calls).toEqual(["get", "get", "set", "set"]);
  });

  it("a logout does not wait behind a slow write, and the write does not bring it back", async () => {
    const h = setup();
    const token = await created(h);
    const [slow, logout] = await Promise.all([
      h.manager.load(h.request(token)),
      h.manager.load(h.request(token)),
    ]);
    slow.data.late = true;
    logout.destroy();
    const [slowResult] = await Promise.all([h.manager.commit(slow), h.manager.commit(logout)]);
    expect(await h.manager.get(token)).toBeNull();
    expect(slowResult.headers[0]?.[1] ?? "").not.toMatch(/^sid=[^;]/);
  });
});
