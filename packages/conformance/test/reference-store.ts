import {
  assertStoreId,
  compareListOrder,
  isAfterListPosition,
  parseListQuery,
  type SessionListPage,
  type SessionListQuery,
  type SessionRecord,
  type SessionStore,
  type StoreOperation,
  storeCall,
  toListPage,
} from "@sessionkit/core";

/** One "database" shared by every store of a test file, as a real server would be. */
export type ReferenceBackend = Map<string, string>;

/**
 * The simplest correct store: JSON strings in a shared map, keys prefixed by the namespace, every
 * call wrapped by `storeCall`. With `failing`, the "database" throws on every call. The suite's
 * self-tests run against it, and the mutants in store-mutants.test.ts break it one rule at a time.
 */
export class ReferenceStore implements SessionStore {
  readonly name: string = "store-reference";
  readonly #backend: ReferenceBackend;
  readonly #prefix: string;
  readonly #failing: boolean;

  constructor(backend: ReferenceBackend, namespace: string, options: { failing?: boolean } = {}) {
    this.#backend = backend;
    this.#prefix = `${namespace}:`;
    this.#failing = options.failing ?? false;
  }

  async get(id: string): Promise<SessionRecord | null> {
    this.checkId("get", "id", id);
    return this.call("get", () => {
      const record = this.read(id);
      return record !== undefined && this.live(record) ? record : null;
    });
  }

  async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    this.checkId("set", "record.id", record.id);
    if (record.userId !== null) this.checkId("set", "record.userId", record.userId);
    return this.call("set", () => {
      const current = this.read(record.id);
      const live = current !== undefined && this.live(current) ? current : undefined;
      const ok = expectedVersion === null ? live === undefined : live?.version === expectedVersion;
      if (ok) this.write(record);
      return ok;
    });
  }

  async touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    this.checkId("touch", "id", id);
    return this.call("touch", () => {
      const record = this.read(id);
      if (record === undefined || !this.live(record)) return false;
      this.write({ ...record, expiresAt, lastActiveAt });
      return true;
    });
  }

  async destroy(id: string): Promise<void> {
    this.checkId("destroy", "id", id);
    return this.call("destroy", () => {
      this.remove(id);
    });
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    this.checkId("listByUser", "userId", userId);
    return this.call("listByUser", () => {
      return this.all()
        .filter((record) => record.userId === userId && this.live(record))
        .sort((a, b) => b.lastActiveAt - a.lastActiveAt);
    });
  }

  async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    this.checkId("destroyByUser", "userId", userId);
    if (exceptId !== undefined) this.checkId("destroyByUser", "exceptId", exceptId);
    return this.call("destroyByUser", () => {
      let count = 0;
      for (const record of this.all()) {
        if (record.userId !== userId || record.id === exceptId) continue;
        if (this.live(record)) count++;
        this.remove(record.id);
      }
      return count;
    });
  }

  async listSessions(query: SessionListQuery): Promise<SessionListPage> {
    const { limit, after, userId, tenantId } = parseListQuery(this.name, query);
    return this.call("listSessions", () => {
      const matching = this.all()
        .filter((r) => this.live(r) && isAfterListPosition(r, after))
        .filter((r) => userId === undefined || r.userId === userId)
        .filter((r) => tenantId === undefined || r.meta.tenantId === tenantId)
        .sort(this.listOrder);
      return toListPage(matching.slice(0, limit + 1), limit);
    });
  }

  protected listOrder: (a: SessionRecord, b: SessionRecord) => number = compareListOrder;

  cleanup(): Promise<number> {
    return this.call("cleanup", () => {
      let count = 0;
      for (const record of this.all()) {
        if (this.live(record)) continue;
        this.remove(record.id);
        count++;
      }
      return count;
    });
  }

  async close(): Promise<void> {}

  /** Ids that are not strings never reach the "database" (a real query). */
  protected checkId(operation: string, argument: string, value: unknown): void {
    assertStoreId(this.name, operation, argument, value);
  }

  protected live(record: SessionRecord): boolean {
    return Date.now() < record.expiresAt;
  }

  protected read(id: string): SessionRecord | undefined {
    const json = this.#backend.get(this.#prefix + id);
    return json === undefined ? undefined : (JSON.parse(json) as SessionRecord);
  }

  protected write(record: SessionRecord): void {
    this.#backend.set(this.#prefix + record.id, JSON.stringify(record));
  }

  protected remove(id: string): void {
    this.#backend.delete(this.#prefix + id);
  }

  protected all(): SessionRecord[] {
    const records: SessionRecord[] = [];
    for (const [key, json] of this.#backend) {
      if (key.startsWith(this.#prefix)) records.push(JSON.parse(json) as SessionRecord);
    }
    return records;
  }

  /** Every call goes through here: async like a driver, wrapped like a real store. */
  protected call<T>(operation: StoreOperation, body: () => T): Promise<T> {
    return storeCall(this.name, operation, async () => {
      await Promise.resolve();
      if (this.#failing) throw new Error("connect ECONNREFUSED 127.0.0.1:1");
      return body();
    });
  }
}
