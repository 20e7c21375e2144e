import type { SessionStore } from "@sessionkit/core";
import type { StoreTestId } from "./ids.js";

/**
 * What a store can do beyond the required `get`/`set`/`touch`/`destroy`. Each is `true` by
 * default; `false`, or a string saying why the store leaves the method out, skips the cases that
 * need it, with that reason in the report.
 */
export interface StoreCapabilities {
  /** Implements `listByUser`. Default true. */
  listByUser?: boolean | string;
  /** Implements `destroyByUser`. Default true. */
  destroyByUser?: boolean | string;
  /** Implements `cleanup`. Default true. */
  cleanup?: boolean | string;
  /**
   * Implements `listSessions` (paged listing, by user and by tenant) from indexes. A store that
   * could only serve it by reading every record says `false` and leaves the method out.
   * Default true.
   */
  listSessions?: boolean | string;
  /** Implements `destroyByTenant`. Default true. */
  destroyByTenant?: boolean | string;
}

export interface StoreConformanceOptions<S extends SessionStore = SessionStore> {
  /**
   * A fresh store for one test. `namespace` is unique per call: use it as key prefix, table
   * name suffix or collection name, so tests never see each other's records.
   */
  createStore(ctx: { namespace: string }): S | Promise<S>;
  /** Once before the suite: connect, migrate. */
  beforeAll?(): void | Promise<void>;
  /** Once after the suite: drop what the suite made, disconnect. */
  afterAll?(): void | Promise<void>;
  /** After each test. Default: `store.close?.()`. */
  afterEach?(store: S): void | Promise<void>;
  /**
   * A store whose database fails on every call (a client pointed at a closed port, a closed
   * pool, …), for the error-propagation cases. Without it those cases are skipped with a
   * reason in the report.
   */
  createFailingStore?(ctx: { namespace: string }): S | Promise<S>;
  /** Optional methods the store lacks: the cases that need them are skipped by name. */
  capabilities?: StoreCapabilities;
  /**
   * Cases to skip, each with the reason the report shows. For genuine gaps only: a case that
   * fails because the store is wrong should be fixed, not skipped.
   */
  skip?: Partial<Record<StoreTestId, string>>;
  /**
   * Time limit of one case in ms, store set-up and clean-up included. Cases are never retried:
   * a flaky conformance case is a bug in the store or the suite.
   * @default 30_000
   */
  timeout?: number;
}
