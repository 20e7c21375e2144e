import type { SessionRecord, SessionStore } from "@sessionkit/core";
import { describeStoreConformance, describeStoreCrud } from "../src/index.js";
import { type ReferenceBackend, ReferenceStore } from "./reference-store.js";

const backend: ReferenceBackend = new Map();

describeStoreConformance("ReferenceStore", {
  createStore: ({ namespace }) => new ReferenceStore(backend, namespace),
  createFailingStore: ({ namespace }) => new ReferenceStore(backend, namespace, { failing: true }),
  afterAll: () => backend.clear(),
});

/** The required methods only: what a minimal third-party store might offer. */
class MinimalStore implements SessionStore {
  readonly #inner: ReferenceStore;
  constructor(namespace: string) {
    this.#inner = new ReferenceStore(backend, namespace);
  }
  get(id: string): Promise<SessionRecord | null> {
    return this.#inner.get(id);
  }
  set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    return this.#inner.set(record, expectedVersion);
  }
  touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    return this.#inner.touch(id, expiresAt, lastActiveAt);
  }
  destroy(id: string): Promise<void> {
    return this.#inner.destroy(id);
  }
}

// Shows in the report how capability gaps and skips look: every such case is listed as skipped
// with its reason, none disappears.
describeStoreConformance("MinimalStore (no optional methods)", {
  createStore: ({ namespace }) => new MinimalStore(namespace),
  capabilities: { listByUser: false, destroyByUser: false, cleanup: false, listSessions: false },
  skip: { "store/values-large": "shows how a skip with a reason appears in the report" },
});

describeStoreCrud("ReferenceStore, crud group alone", {
  createStore: ({ namespace }) => new ReferenceStore(backend, namespace),
});
