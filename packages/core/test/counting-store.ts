import type { SessionRecord } from "../src/index.js";
import { MapStore } from "./map-store.js";

/**
 * A MapStore that records every call the engine makes, by operation, and the compare-and-sets
 * that failed. (MapStore's own `set` reads through `get`; that read is not counted.)
 */
export class CountingStore extends MapStore {
  calls: string[] = [];
  conflicts = 0;

  count(operation?: string): number {
    return operation ? this.calls.filter((call) => call === operation).length : this.calls.length;
  }

  reset(): void {
    this.calls = [];
    this.conflicts = 0;
  }

  override async get(id: string) {
    this.calls.push("get");
    return super.get(id);
  }

  override async set(record: SessionRecord, expectedVersion: number | null) {
    this.calls.push("set");
    const current = this.records.get(record.id);
    const live = current && this.now() < current.expiresAt ? current : null;
    if (expectedVersion === null ? live !== null : live?.version !== expectedVersion) {
      this.conflicts++;
      return false;
    }
    this.records.set(record.id, structuredClone(record));
    return true;
  }

  override async touch(id: string, expiresAt: number, lastActiveAt: number) {
    this.calls.push("touch");
    const current = this.records.get(id);
    if (!current || this.now() >= current.expiresAt) return false;
    this.records.set(id, { ...current, expiresAt, lastActiveAt });
    return true;
  }

  override async destroy(id: string) {
    this.calls.push("destroy");
    return super.destroy(id);
  }

  override async listByUser(_userId: string): Promise<SessionRecord[]> {
    this.calls.push("listByUser");
    return [];
  }

  async destroyByUser(_userId: string, _exceptId?: string): Promise<number> {
    this.calls.push("destroyByUser");
    return 0;
  }
}
