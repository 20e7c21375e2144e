import type { SessionRecord, SessionStore } from "../src/index.js";

/**
 * The smallest correct store, for testing the core's decisions in isolation. Real stores are
 * tested against their databases by the conformance suite.
 */
export class MapStore implements SessionStore {
  readonly name = "map-store";
  readonly records = new Map<string, SessionRecord>();
  now: () => number = Date.now;

  async get(id: string): Promise<SessionRecord | null> {
    const record = this.records.get(id);
    return record && this.now() < record.expiresAt ? structuredClone(record) : null;
  }

  async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    const current = await this.get(record.id);
    if (expectedVersion === null ? current !== null : current?.version !== expectedVersion) {
      return false;
    }
    this.records.set(record.id, structuredClone(record));
    return true;
  }

  async touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    const current = await this.get(id);
    if (!current) return false;
    this.records.set(id, { ...current, expiresAt, lastActiveAt });
    return true;
  }

  async destroy(id: string): Promise<void> {
    this.records.delete(id);
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    const live = [...this.records.values()].filter(
      (record) => record.userId === userId && this.now() < record.expiresAt,
    );
    return structuredClone(live.sort((a, b) => b.lastActiveAt - a.lastActiveAt));
  }
}
