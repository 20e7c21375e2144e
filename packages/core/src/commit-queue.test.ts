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
});
