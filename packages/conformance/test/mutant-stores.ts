import type { SessionRecord } from "@sessionkit/core";
import { type ReferenceBackend, ReferenceStore } from "./reference-store.js";

// More broken stores for store-mutants.test.ts: each one gets a single rule wrong the way a real
// driver, schema or query tends to (a missing WHERE, a lossy column type, an index that is never
// updated), so that every case of the store suite is shown to catch at least one of them.

/** Applies `change` to every string (keys and values) inside `data` on the way into storage. */
export abstract class TransformsData extends ReferenceStore {
  protected abstract change(value: unknown, depth: number): unknown;

  protected override write(record: SessionRecord): void {
    super.write({ ...record, data: this.change(record.data, 0) as Record<string, unknown> });
  }
}

/** Rewrites every string, key or value, with `rewrite` (escaping and charset bugs). */
export class RewritesStrings extends TransformsData {
  readonly #rewrite: (text: string) => string;

  constructor(backend: ReferenceBackend, namespace: string, rewrite: (text: string) => string) {
    super(backend, namespace);
    this.#rewrite = rewrite;
  }

  protected change(value: unknown): unknown {
    if (typeof value === "string") return this.#rewrite(value);
    if (Array.isArray(value)) return value.map((item) => this.change(item));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [this.#rewrite(key), this.change(item)]),
    );
  }
}

/** A serialiser that omits "empty" values: null, "", [] and {}. */
export class DropsEmptyValues extends TransformsData {
  protected change(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.change(item));
    if (value === null || typeof value !== "object") return value;
    const kept = Object.entries(value).filter(([, item]) => !isEmpty(item));
    return Object.fromEntries(kept.map(([key, item]) => [key, this.change(item)]));
  }
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value as object).length === 0;
}

/** A serialiser with a depth limit: deeper objects become null. */
export class CutsDeepValues extends TransformsData {
  protected change(value: unknown, depth: number): unknown {
    if (value === null || typeof value !== "object") return value;
    if (depth >= 10) return null;
    if (Array.isArray(value)) return value.map((item) => this.change(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, this.change(item, depth + 1)]),
    );
  }
}

/** Numbers through a 32-bit float column. */
export class SinglePrecisionNumbers extends TransformsData {
  protected change(value: unknown): unknown {
    if (typeof value === "number") return Math.fround(value);
    if (Array.isArray(value)) return value.map((item) => this.change(item));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.change(item)]));
  }
}

/** Meta only in the INSERT: an update never changes it. */
export class MetaWrittenOnce extends ReferenceStore {
  protected override write(record: SessionRecord): void {
    const stored = this.read(record.id);
    super.write(stored ? { ...record, meta: stored.meta } : record);
  }
}

/** An UPDATE that merges the new data and meta into the old instead of replacing them. */
export class MergesOnUpdate extends ReferenceStore {
  protected override write(record: SessionRecord): void {
    const stored = this.read(record.id);
    if (!stored) {
      super.write(record);
      return;
    }
    super.write({
      ...record,
      data: { ...stored.data, ...record.data },
      meta: { ...stored.meta, ...record.meta },
    });
  }
}

/** An UPDATE without its WHERE clause: every record in the namespace gets the new data. */
export class UpdatesEveryRecord extends ReferenceStore {
  override async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    const ok = await super.set(record, expectedVersion);
    if (ok && expectedVersion !== null) {
      for (const other of this.all()) super.write({ ...other, data: record.data });
    }
    return ok;
  }
}

/** Writes a create but reports it as refused. */
export class CreateReportsFailure extends ReferenceStore {
  override async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    const ok = await super.set(record, expectedVersion);
    return expectedVersion === null ? false : ok;
  }
}

/** Writes an update but reports it as refused (an affected-rows count read the wrong way). */
export class UpdateReportsFailure extends ReferenceStore {
  override async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    const ok = await super.set(record, expectedVersion);
    return expectedVersion === null ? ok : false;
  }
}

/** Only one create at a time: a second create started while one is in flight is refused. */
export class OneCreateAtATime extends ReferenceStore {
  #creating = false;
  override async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    if (expectedVersion !== null) return super.set(record, expectedVersion);
    if (this.#creating) return false;
    this.#creating = true;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await super.set(record, expectedVersion);
    } finally {
      this.#creating = false;
    }
  }
}

/** A lookup that falls back to the most recently written record when the id is unknown. */
export class GetFallsBackToLatest extends ReferenceStore {
  #latest: string | undefined;
  protected override write(record: SessionRecord): void {
    this.#latest = record.id;
    super.write(record);
  }
  override async get(id: string): Promise<SessionRecord | null> {
    const found = await super.get(id);
    return found ?? (this.#latest === undefined ? null : super.get(this.#latest));
  }
}

/** Treats a record as expired five minutes before its deadline. */
export class ExpiresEarly extends ReferenceStore {
  protected override live(record: SessionRecord): boolean {
    return Date.now() + 300_000 < record.expiresAt;
  }
}

export class DestroyDoesNothing extends ReferenceStore {
  override async destroy(): Promise<void> {}
}

export class DestroyRejectsUnknown extends ReferenceStore {
  override async destroy(id: string): Promise<void> {
    if (this.read(id) === undefined) throw new Error(`no session ${id}`);
    return super.destroy(id);
  }
}

/** A DELETE without its WHERE clause. */
export class DestroyRemovesEverything extends ReferenceStore {
  override async destroy(): Promise<void> {
    for (const record of this.all()) this.remove(record.id);
  }
}

/** destroy() only marks the record deleted; get() honours the mark, listByUser() forgets it. */
export class DestroyOnlyHidesFromGet extends ReferenceStore {
  readonly #deleted = new Set<string>();
  override async destroy(id: string): Promise<void> {
    this.#deleted.add(id);
  }
  override async get(id: string): Promise<SessionRecord | null> {
    return this.#deleted.has(id) ? null : super.get(id);
  }
}

/** destroyByUser() with a LIMIT 1. */
export class DestroyByUserRemovesOne extends ReferenceStore {
  override async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    const [first] = (await this.listByUser(userId)).filter((r) => r.id !== exceptId);
    if (!first) return 0;
    this.remove(first.id);
    return 1;
  }
}

/** destroyByUser() that also takes the anonymous sessions (a `userId = ? OR userId IS NULL`). */
export class DestroyByUserTakesAnonymous extends ReferenceStore {
  override async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    const count = await super.destroyByUser(userId, exceptId);
    for (const record of this.all()) if (record.userId === null) this.remove(record.id);
    return count;
  }
}

/** destroyByUser() that reports how many records the namespace holds, not how many it removed. */
export class DestroyByUserCountsEverything extends ReferenceStore {
  override async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    const total = this.all().length;
    await super.destroyByUser(userId, exceptId);
    return total;
  }
}

/** listByUser() whose filter is dropped: every signed-in session. */
export class ListsEveryUser extends ReferenceStore {
  override async listByUser(): Promise<SessionRecord[]> {
    const all = this.all().filter((r) => r.userId !== null && this.live(r));
    return all.sort((a, b) => b.lastActiveAt - a.lastActiveAt);
  }
}

/** listByUser() from a summary projection: data left out. */
export class ListsWithoutData extends ReferenceStore {
  override async listByUser(userId: string): Promise<SessionRecord[]> {
    return (await super.listByUser(userId)).map((record) => ({ ...record, data: {} }));
  }
}

/**
 * Keeps a separate user index (as Redis sets or a side table would): ids are added when a
 * record is written under a user and never moved when the user changes; the lookups trust it.
 */
export class StaleUserIndex extends ReferenceStore {
  protected readonly index = new Map<string, Set<string>>();

  protected override write(record: SessionRecord): void {
    super.write(record);
    if (record.userId === null) return;
    const ids = this.index.get(record.userId) ?? new Set<string>();
    this.index.set(record.userId, ids.add(record.id));
  }

  protected indexed(userId: string): SessionRecord[] {
    const ids = [...(this.index.get(userId) ?? [])];
    const records = ids.map((id) => this.read(id)).filter((r) => r !== undefined);
    return records.filter((r) => this.live(r));
  }

  override async listByUser(userId: string): Promise<SessionRecord[]> {
    return this.indexed(userId).sort((a, b) => b.lastActiveAt - a.lastActiveAt);
  }

  override async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    const doomed = this.indexed(userId).filter((r) => r.id !== exceptId);
    for (const record of doomed) this.remove(record.id);
    return doomed.length;
  }
}

/** A correct user index, except that cleanup() drops the whole index of any user it touches. */
export class CleanupDropsUserIndex extends StaleUserIndex {
  protected override write(record: SessionRecord): void {
    for (const ids of this.index.values()) ids.delete(record.id);
    super.write(record);
  }

  override async cleanup(): Promise<number> {
    for (const record of this.all()) {
      if (!this.live(record) && record.userId !== null) this.index.delete(record.userId);
    }
    return super.cleanup();
  }
}

/** cleanup() that answers undefined instead of 0 when nothing expired. */
export class CleanupReturnsNothingWhenIdle extends ReferenceStore {
  override async cleanup(): Promise<number> {
    const count = await super.cleanup();
    return count === 0 ? (undefined as unknown as number) : count;
  }
}

export class CloseTwiceRejects extends ReferenceStore {
  #closed = false;
  override async close(): Promise<void> {
    if (this.#closed) throw new Error("the store is already closed");
    this.#closed = true;
  }
}

/** User ids compared the way MySQL's PAD SPACE collations compare: trailing spaces ignored. */
export class PadsUserIds extends ReferenceStore {
  protected override write(record: SessionRecord): void {
    super.write(record.userId === null ? record : { ...record, userId: record.userId.trimEnd() });
  }
  override listByUser(userId: string): Promise<SessionRecord[]> {
    return super.listByUser(userId.trimEnd());
  }
  override destroyByUser(userId: string, exceptId?: string): Promise<number> {
    return super.destroyByUser(userId.trimEnd(), exceptId);
  }
}

/** Passes whatever it is given on to its queries. */
export class UncheckedIds extends ReferenceStore {
  protected override checkId(): void {}
}

/** Checks only that an id is a string: the empty one and any length reach its queries. */
export class TypeOnlyIds extends ReferenceStore {
  protected override checkId(operation: string, argument: string, value: unknown): void {
    if (typeof value !== "string") super.checkId(operation, argument, value);
  }
}
