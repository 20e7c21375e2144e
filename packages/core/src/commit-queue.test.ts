import { describe, expect, it } from "vitest";
import { CommitQueue } from "./commit-queue.js";

describe("CommitQueue", () => {
  it("runs one id's tasks one at a time, in arrival order, other ids alongside", async () => {
    const queue = new CommitQueue();
    const log: string[] = [];
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const first = queue.run("a", async () => {
      log.push("a1 start");
      await gate;
      log.push("a1 end");
    });
    const second = queue.run("a", async () => {
      log.push("a2");
    });
    const other = queue.run("b", async () => {
      log.push("b1");
    });
    await other;
    expect(log).toEqual(["a1 start", "b1"]);
    open();
    await Promise.all([first, second]);
    expect(log).toEqual(["a1 start", "b1", "a1 end", "a2"]);
  });

  it("hands the next task what the previous one recorded, and forgets idle ids", async () => {
    const queue = new CommitQueue();
    const seen: unknown[] = [];
    await Promise.all([
      queue.run("a", async (entry) => {
        entry.last = "gone";
      }),
      queue.run("a", async (entry) => {
        seen.push(entry.last);
      }),
    ]);
    expect(seen).toEqual(["gone"]);
    expect(queue.size).toBe(0);
    await queue.run("a", async (entry) => {
      seen.push(entry.last);
    });
    expect(seen).toEqual(["gone", undefined]);
  });

  it("keeps going after a task fails", async () => {
    const queue = new CommitQueue();
    const failed = queue.run("a", async () => {
      throw new Error("store down");
    });
    const next = queue.run("a", async () => "ran");
    await expect(failed).rejects.toThrow("store down");
    await expect(next).resolves.toBe("ran");
    expect(queue.size).toBe(0);
  });

  it("carries out the members that joined a waiting group together, one outcome each", async () => {
    const queue = new CommitQueue();
    const turns: string[][] = [];
    const carryOut = async (_entry: unknown, members: readonly string[]) => {
      turns.push([...members]);
      return members.map((m) =>
        m === "bad" ? { ok: false as const, error: new Error(m) } : { ok: true as const, value: m },
      );
    };
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const inFlight = queue.run("a", () => gate);
    const joined = ["u1", "bad", "u2"].map((m) => queue.joinGroup("a", m, carryOut));
    open();
    const settled = await Promise.allSettled([inFlight, ...joined]);
    expect(turns).toEqual([["u1", "bad", "u2"]]);
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : "rejected"))).toEqual([
      undefined,
      "u1",
      "rejected",
      "u2",
    ]);
  });

  it("lets nothing join a group across a task queued after it", async () => {
    const queue = new CommitQueue();
    const log: string[] = [];
    const carryOut = async (_entry: unknown, members: readonly string[]) => {
      log.push(members.join("+"));
      return members.map((m) => ({ ok: true as const, value: m }));
    };
    await Promise.all([
      queue.joinGroup("a", "u1", carryOut),
      queue.run("a", async () => {
        log.push("regenerate");
      }),
      queue.joinGroup("a", "u2", carryOut),
      queue.joinGroup("a", "u3", carryOut),
    ]);
    expect(log).toEqual(["u1", "regenerate", "u2+u3"]);
    expect(queue.size).toBe(0);
  });

  it("rejects every member of a group when carrying it out throws, and goes on", async () => {
    const queue = new CommitQueue();
    const failing = async (): Promise<Array<{ ok: true; value: string }>> => {
      throw new Error("store down");
    };
    const members = ["u1", "u2"].map((m) => queue.joinGroup("a", m, failing));
    const next = queue.run("a", async () => "ran");
    for (const member of members) await expect(member).rejects.toThrow("store down");
    await expect(next).resolves.toBe("ran");
    expect(queue.size).toBe(0);
  });
});
