import type { SessionRecord, SessionStore, StoreOperation } from "@sessionkit/core";

/** What `ControlStore` does with a call right now. */
export type ControlMode = "pass" | "fail" | "hang";

/**
 * A store wrapper a scenario can switch at run time: pass calls through, fail them like a
 * database that went away, or never answer. The switch is per operation, so "reads work,
 * writes fail" is expressible, and switching back shows what the inner store still holds.
 * `called(op)` resolves at the next call of an operation, for races without sleeps.
 */
export class ControlStore implements SessionStore {
  readonly name = "control-store";
  readonly inner: SessionStore;
  readonly #modes = new Map<StoreOperation, ControlMode>();
  readonly #waiters: Array<{ operation: StoreOperation; resolve: () => void }> = [];

  constructor(inner: SessionStore) {
    this.inner = inner;
  }

  /** Sets the mode of the listed operations (get, set, touch and destroy when none are listed). */
  setMode(mode: ControlMode, operations?: readonly StoreOperation[]): void {
    const list = operations ?? (["get", "set", "touch", "destroy"] as const);
    for (const operation of list) this.#modes.set(operation, mode);
  }

  /** Resolves when `operation` is next called (before it reaches the inner store). */
  called(operation: StoreOperation): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ operation, resolve }));
  }

  #run<T>(operation: StoreOperation, call: () => Promise<T>): Promise<T> {
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const waiter = this.#waiters[i];
      if (waiter?.operation === operation) {
        this.#waiters.splice(i, 1);
        waiter.resolve();
      }
    }
    const mode = this.#modes.get(operation) ?? "pass";
    if (mode === "hang") return new Promise<T>(() => {});
    if (mode === "fail") {
      return Promise.reject(new Error(`connect ECONNREFUSED 127.0.0.1:1 (${operation})`));
    }
    return call();
  }

  get(id: string): Promise<SessionRecord | null> {
    return this.#run("get", () => this.inner.get(id));
  }
  set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    return this.#run("set", () => this.inner.set(record, expectedVersion));
  }
  touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    return this.#run("touch", () => this.inner.touch(id, expiresAt, lastActiveAt));
  }
  destroy(id: string): Promise<void> {
    return this.#run("destroy", () => this.inner.destroy(id));
  }
  listByUser(userId: string): Promise<SessionRecord[]> {
    return this.inner.listByUser ? this.inner.listByUser(userId) : Promise.resolve([]);
  }
  destroyByUser(userId: string, exceptId?: string): Promise<number> {
    return this.inner.destroyByUser
      ? this.inner.destroyByUser(userId, exceptId)
      : Promise.resolve(0);
  }
  cleanup(): Promise<number> {
    return this.inner.cleanup ? this.inner.cleanup() : Promise.resolve(0);
  }
  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
