import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createExpiredStoreTestRecord, createStoreTestRecord } from "@sessionkit/conformance";
import { SessionConfigError, SessionStateError, SessionStoreError } from "@sessionkit/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startIntervalRunner } from "../src/cleanup-runner.js";
import { SqlStore } from "../src/index.js";
import { openFailingDatabase, openTestDatabase } from "./support/databases.js";
import { openTableStore } from "./support/tables.js";

const INTERVAL = 1_000;

/** A promise and the function that settles it, for awaiting a callback instead of sleeping. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("store.startCleanup", () => {
  const db = openTestDatabase("sqlite-memory");
  const failing = openFailingDatabase("sqlite-memory");
  // The pool starts its own reaping interval with its first connection: open that connection
  // under real timers, so the fake ones below count the runners' timers only.
  beforeAll(async () => {
    await db.knex.raw("select 1");
  });
  afterAll(async () => {
    await db.release();
    await failing.release();
  });
  // Only the interval timers are faked; the database's own I/O runs for real.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs cleanup on every interval and reports what it deleted", async () => {
    const { store, drop } = await openTableStore(db.knex);
    try {
      for (let i = 0; i < 3; i++) await store.set(createExpiredStoreTestRecord(), null);
      const live = createStoreTestRecord();
      await store.set(live, null);
      let reported = deferred<number>();
      const stop = store.startCleanup({
        interval: INTERVAL,
        onCleanup: (n) => reported.resolve(n),
      });
      vi.advanceTimersByTime(INTERVAL);
      expect(await reported.promise).toBe(3);
      reported = deferred<number>();
      vi.advanceTimersByTime(INTERVAL);
      expect(await reported.promise).toBe(0);
      expect(await store.get(live.id)).toEqual(live);
      await stop();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      await drop();
    }
  });

  it("close() stops every runner, and no runner starts after it", async () => {
    const { store, drop } = await openTableStore(db.knex);
    try {
      store.startCleanup({ interval: INTERVAL });
      store.startCleanup({ interval: 5 * INTERVAL });
      expect(vi.getTimerCount()).toBe(2);
      await store.close();
      expect(vi.getTimerCount()).toBe(0);
      expect(() => store.startCleanup({ interval: INTERVAL })).toThrow(SessionStateError);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      await drop();
    }
  });

  it("hands a failed run's SessionStoreError to onError and keeps running", async () => {
    const broken = new SqlStore({ knex: failing.knex });
    let failure = deferred<unknown>();
    const stop = broken.startCleanup({ interval: INTERVAL, onError: (e) => failure.resolve(e) });
    vi.advanceTimersByTime(INTERVAL);
    const error = await failure.promise;
    expect(error).toBeInstanceOf(SessionStoreError);
    expect((error as SessionStoreError).operation).toBe("cleanup");
    failure = deferred<unknown>();
    vi.advanceTimersByTime(INTERVAL);
    expect(await failure.promise).toBeInstanceOf(SessionStoreError);
    await stop();
  });

  it("turns errors into process warnings, never unhandled rejections, without onError or when it throws", async () => {
    const broken = new SqlStore({ knex: failing.knex });
    const warnings: Error[] = [];
    let warned = deferred<void>();
    const onWarning = (warning: Error) => {
      warnings.push(warning);
      warned.resolve();
    };
    process.on("warning", onWarning);
    try {
      const quiet = broken.startCleanup({ interval: INTERVAL });
      vi.advanceTimersByTime(INTERVAL);
      await warned.promise;
      expect(warnings[0]).toBeInstanceOf(SessionStoreError);
      await quiet();

      warned = deferred<void>();
      const thrown = new Error("the logger itself failed");
      const loud = broken.startCleanup({
        interval: INTERVAL,
        onError: () => {
          throw thrown;
        },
      });
      vi.advanceTimersByTime(INTERVAL);
      await warned.promise;
      expect(warnings[1]).toBe(thrown);
      await loud();
    } finally {
      process.off("warning", onWarning);
    }
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
    "rejects an interval of %s ms",
    async (interval) => {
      const { store, drop } = await openTableStore(db.knex);
      try {
        expect(() => store.startCleanup({ interval })).toThrow(SessionConfigError);
        expect(vi.getTimerCount()).toBe(0);
      } finally {
        await drop();
      }
    },
  );
});

describe("startIntervalRunner", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never starts a run while the previous one is still going, and stop waits for it", async () => {
    let calls = 0;
    let finish = deferred<number>();
    const done = deferred<number>();
    const stop = startIntervalRunner(
      () => {
        calls++;
        return finish.promise;
      },
      { interval: INTERVAL, onCleanup: (n) => done.resolve(n) },
    );
    vi.advanceTimersByTime(INTERVAL * 3);
    expect(calls).toBe(1);
    const stopped = stop();
    let settled = false;
    void stopped.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    finish.resolve(7);
    expect(await done.promise).toBe(7);
    await stopped;
    finish = deferred<number>();
    vi.advanceTimersByTime(INTERVAL * 3);
    expect(calls).toBe(1);
  });
});

describe("the cleanup timer", () => {
  it("never keeps the process alive", { timeout: 30_000 }, async () => {
    const script = fileURLToPath(new URL("./fixtures/unref-runner.ts", import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--conditions=@sessionkit/source", "--import", "tsx", script],
      { cwd: fileURLToPath(new URL("..", import.meta.url)), timeout: 20_000 },
    );
    expect(stdout).toBe("runner started\n");
  });
});
