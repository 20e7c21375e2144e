import {
  assertStoreId,
  compareListOrder,
  isAfterListPosition,
  parseListQuery,
  SessionConfigError,
  type SessionListPage,
  type SessionListQuery,
  type SessionRecord,
  type SessionStore,
  SessionStoreError,
  type StoreOperation,
  toListPage,
} from "@sessionkit/core";

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most records kept at once. Past it, the least recently used record is evicted (its
   * session ends early), so a flood of new sessions cannot exhaust the process's memory.
   * @default 10_000
   */
  maxEntries?: number;
  /**
   * Most bytes of session data kept at once (ids, user ids, `data` and `meta` as JSON, UTF-8),
   * so a few huge sessions cannot exhaust memory either. Eviction takes anonymous sessions
   * first, least recently used first; a signed-in session is only ever evicted to make room for
   * another signed-in one. When an anonymous session cannot get room without evicting a
   * signed-in one, its write is refused with a `SessionStoreError` instead.
   * @default 64 MiB
   */
  maxBytes?: number;
  /**
   * Milliseconds between two sweeps of expired records, on a timer that never keeps the process
   * alive. `0` disables the timer; `cleanup()` still works.
   * @default 60_000
   */
  sweepInterval?: number;
  /** The clock expiry is judged by, in epoch ms. Tests inject a fake one. @default Date.now */
  now?: () => number;
}

const STORE_NAME = "store-memory";

/** A record as held here: `data` and `meta` as JSON text, so nothing outside can reach them. */
interface StoredRecord extends Omit<SessionRecord, "data" | "meta"> {
  data: string;
  meta: string;
}

/** What a record counts against `maxBytes`: its strings in UTF-8, plus a fixed overhead. */
function bytesOf(record: StoredRecord): number {
  return (
    RECORD_OVERHEAD +
    Buffer.byteLength(record.id) +
    (record.userId === null ? 0 : Buffer.byteLength(record.userId)) +
    Buffer.byteLength(record.data) +
    Buffer.byteLength(record.meta)
  );
}

/** Numbers and object headers of one record, roughly, so that empty records still count. */
const RECORD_OVERHEAD = 128;

function toStored(record: SessionRecord): StoredRecord {
  return {
    id: record.id,
    userId: record.userId,
    data: JSON.stringify(record.data),
    createdAt: record.createdAt,
    lastActiveAt: record.lastActiveAt,
    expiresAt: record.expiresAt,
    meta: JSON.stringify(record.meta),
    version: record.version,
  };
}

function fromStored(stored: StoredRecord): SessionRecord {
  return {
    id: stored.id,
    userId: stored.userId,
    data: JSON.parse(stored.data) as SessionRecord["data"],
    createdAt: stored.createdAt,
    lastActiveAt: stored.lastActiveAt,
    expiresAt: stored.expiresAt,
    meta: JSON.parse(stored.meta) as SessionRecord["meta"],
    version: stored.version,
  };
}
/** setInterval stores its delay as a signed 32-bit integer and fires at once beyond it. */
const MAX_TIMER_DELAY = 2_147_483_647;

/**
 * A session store in the process's memory: bounded, least-recently-used eviction, expired
 * records swept on an unref'd timer. `data` and `meta` are kept as JSON text, as a database
 * store keeps them: a caller never shares an object with the store, and the copy costs a
 * `JSON.stringify` on the way in and a `JSON.parse` on the way out (several times cheaper
 * than `structuredClone` for session-sized records; see bench/README.md).
 *
 * For one process only: every process has its own sessions, and all of them end on restart.
 * Use the Redis, SQL or MongoDB store when several processes serve the same users.
 *
 * @example
 * const store = new MemoryStore({ maxEntries: 50_000 });
 */
export class MemoryStore implements SessionStore {
  readonly name: string = STORE_NAME;

  readonly #records = new Map<string, StoredRecord>();
  /**
   * Recency, least recently used first (a Set keeps insertion order; an id is re-inserted
   * whenever it is used), anonymous and signed-in apart so eviction can tell them apart.
   */
  readonly #recentAnonymous = new Set<string>();
  readonly #recentSignedIn = new Set<string>();
  /** userId → ids of that user's records, kept in step with `#records` on every change. */
  readonly #byUser = new Map<string, Set<string>>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  /** @throws SessionConfigError when an option is out of range. */
  constructor(options: MemoryStoreOptions = {}) {
    const {
      maxEntries = 10_000,
      maxBytes = 64 * 1024 * 1024,
      sweepInterval = 60_000,
      now = Date.now,
    } = options;
    if (!Number.isSafeInteger(maxEntries) || maxEntries <= 0) {
      throw new SessionConfigError("maxEntries", "must be a positive integer");
    }
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
      throw new SessionConfigError("maxBytes", "must be a positive integer (bytes)");
    }
    if (!Number.isFinite(sweepInterval) || sweepInterval < 0 || sweepInterval > MAX_TIMER_DELAY) {
      throw new SessionConfigError(
        "sweepInterval",
        `must be 0 (no timer) or a number of milliseconds up to ${MAX_TIMER_DELAY}`,
      );
    }
    if (typeof now !== "function") {
      throw new SessionConfigError("now", "must be a function returning epoch milliseconds");
    }
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
    this.#now = now;
    if (sweepInterval > 0) {
      this.#timer = setInterval(() => this.#sweep(), sweepInterval);
      // A session store must never be the reason a process does not exit.
      this.#timer.unref();
    }
  }

  /** How many records are held, expired ones not yet swept included. */
  get size(): number {
    return this.#records.size;
  }

  /** How many bytes the held records count against `maxBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  async get(id: string): Promise<SessionRecord | null> {
    assertStoreId(STORE_NAME, "get", "id", id);
    this.#assertOpen("get");
    const record = this.#live(id);
    if (record === undefined) return null;
    this.#markUsed(id, record);
    return fromStored(record);
  }

  async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    assertStoreId(STORE_NAME, "set", "record.id", record.id);
    if (record.userId !== null) assertStoreId(STORE_NAME, "set", "record.userId", record.userId);
    this.#assertOpen("set");
    const current = this.#live(record.id);
    if (expectedVersion === null ? current !== undefined : current?.version !== expectedVersion) {
      return false;
    }
    this.#write(toStored(record));
    return true;
  }

  async touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    assertStoreId(STORE_NAME, "touch", "id", id);
    this.#assertOpen("touch");
    const record = this.#live(id);
    if (record === undefined) return false;
    record.expiresAt = expiresAt;
    record.lastActiveAt = lastActiveAt;
    this.#markUsed(id, record);
    return true;
  }

  async destroy(id: string): Promise<void> {
    assertStoreId(STORE_NAME, "destroy", "id", id);
    this.#assertOpen("destroy");
    this.#delete(id);
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    assertStoreId(STORE_NAME, "listByUser", "userId", userId);
    this.#assertOpen("listByUser");
    const now = this.#now();
    const live: SessionRecord[] = [];
    for (const id of this.#byUser.get(userId) ?? []) {
      const record = this.#records.get(id);
      if (record !== undefined && now < record.expiresAt) live.push(fromStored(record));
    }
    return live.sort((a, b) => b.lastActiveAt - a.lastActiveAt);
  }

  /** A page of live sessions in listing order (newest first); sorts the matches on each call. */
  async listSessions(query: SessionListQuery): Promise<SessionListPage> {
    this.#assertOpen("listSessions");
    const { limit, after, userId, tenantId } = parseListQuery(this.name, query);
    const now = this.#now();
    const ids =
      userId !== undefined ? [...(this.#byUser.get(userId) ?? [])] : [...this.#records.keys()];
    const matching: SessionRecord[] = [];
    for (const id of ids) {
      const stored = this.#records.get(id);
      if (stored === undefined || now >= stored.expiresAt || !isAfterListPosition(stored, after)) {
        continue;
      }
      const record = fromStored(stored);
      if (tenantId === undefined || record.meta.tenantId === tenantId) matching.push(record);
    }
    return toListPage(matching.sort(compareListOrder).slice(0, limit + 1), limit);
  }

  async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    assertStoreId(STORE_NAME, "destroyByUser", "userId", userId);
    if (exceptId !== undefined) assertStoreId(STORE_NAME, "destroyByUser", "exceptId", exceptId);
    this.#assertOpen("destroyByUser");
    const now = this.#now();
    let destroyed = 0;
    for (const id of [...(this.#byUser.get(userId) ?? [])]) {
      if (id === exceptId) continue;
      const record = this.#records.get(id);
      if (record !== undefined && now < record.expiresAt) destroyed++;
      this.#delete(id);
    }
    return destroyed;
  }

  async cleanup(): Promise<number> {
    this.#assertOpen("cleanup");
    return this.#sweep();
  }

  /** Stops the sweep timer and drops every record. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#records.clear();
    this.#recentAnonymous.clear();
    this.#recentSignedIn.clear();
    this.#byUser.clear();
    this.#bytes = 0;
  }

  /** The stored record if it is live; an expired one is dropped on the spot. */
  #live(id: string): StoredRecord | undefined {
    const record = this.#records.get(id);
    if (record === undefined) return undefined;
    if (this.#now() < record.expiresAt) return record;
    this.#delete(id);
    return undefined;
  }

  #markUsed(id: string, record: StoredRecord): void {
    const recent = this.#recencyOf(record);
    recent.delete(id);
    recent.add(id);
  }

  #recencyOf(record: StoredRecord): Set<string> {
    return record.userId === null ? this.#recentAnonymous : this.#recentSignedIn;
  }

  #write(record: StoredRecord): void {
    const previous = this.#records.get(record.id);
    this.#makeRoom(record, previous);
    if (previous !== undefined) this.#delete(record.id);
    this.#records.set(record.id, record);
    this.#bytes += bytesOf(record);
    this.#recencyOf(record).add(record.id);
    if (record.userId !== null) {
      const ids = this.#byUser.get(record.userId);
      if (ids === undefined) this.#byUser.set(record.userId, new Set([record.id]));
      else ids.add(record.id);
    }
  }

  /**
   * Evicts until `incoming` fits both bounds: least recently used anonymous sessions first,
   * then, for a signed-in `incoming` only, least recently used signed-in ones. Nothing is
   * evicted when it cannot fit anyway.
   * @throws SessionStoreError when it cannot fit without evicting what it may not.
   */
  #makeRoom(incoming: StoredRecord, previous: StoredRecord | undefined): void {
    const needed = bytesOf(incoming) - (previous === undefined ? 0 : bytesOf(previous));
    const fits = (bytes: number, entries: number) =>
      bytes <= this.#maxBytes && entries <= this.#maxEntries;
    const entriesAfter = this.#records.size + (previous === undefined ? 1 : 0);
    if (fits(this.#bytes + needed, entriesAfter)) return;
    // Plan first, evict after: a write that cannot fit must leave the store as it was.
    const victims: string[] = [];
    let bytes = this.#bytes + needed;
    let entries = entriesAfter;
    const pools =
      incoming.userId === null
        ? [this.#recentAnonymous]
        : [this.#recentAnonymous, this.#recentSignedIn];
    for (const pool of pools) {
      for (const id of pool) {
        if (fits(bytes, entries)) break;
        if (id === incoming.id) continue;
        const victim = this.#records.get(id);
        if (victim === undefined) continue;
        victims.push(id);
        bytes -= bytesOf(victim);
        entries -= 1;
      }
    }
    if (!fits(bytes, entries)) {
      const why =
        incoming.userId === null
          ? "without evicting a signed-in session"
          : "even with every other session evicted";
      throw new SessionStoreError(
        STORE_NAME,
        "set",
        `the store is full (maxEntries ${this.#maxEntries}, maxBytes ${this.#maxBytes}): no room for a session of ${bytesOf(incoming)} bytes ${why}`,
      );
    }
    for (const id of victims) this.#delete(id);
  }

  #delete(id: string): boolean {
    const record = this.#records.get(id);
    if (record === undefined) return false;
    this.#records.delete(id);
    this.#recencyOf(record).delete(id);
    this.#bytes -= bytesOf(record);
    this.#unindex(record);
    return true;
  }

  #unindex(record: StoredRecord): void {
    if (record.userId === null) return;
    const ids = this.#byUser.get(record.userId);
    ids?.delete(record.id);
    if (ids?.size === 0) this.#byUser.delete(record.userId);
  }

  #sweep(): number {
    const now = this.#now();
    let removed = 0;
    for (const [id, record] of this.#records) {
      // Deleting the entry being visited is safe while iterating a Map.
      if (now >= record.expiresAt && this.#delete(id)) removed++;
    }
    return removed;
  }

  #assertOpen(operation: StoreOperation): void {
    if (this.#closed) {
      throw new SessionStoreError(STORE_NAME, operation, "the store is closed");
    }
  }
}
