import type { SessionRecord, SessionStore } from "@sessionkit/core";
import { describe, it } from "vitest";
import { FailingStore } from "../src/fixtures/index.js";
import type { StoreTestId } from "../src/ids.js";
import { runStoreCase } from "../src/store/case.js";
import { STORE_CASE_GROUPS } from "../src/store/index.js";
import * as more from "./mutant-stores.js";
import { type ReferenceBackend, ReferenceStore } from "./reference-store.js";

// Each mutant breaks one rule of the contract. The suite is only worth running if the cases that
// encode that rule fail on it; the unbroken ReferenceStore passes them all (store-suite.test.ts).

const backend: ReferenceBackend = new Map();
const cases = new Map(STORE_CASE_GROUPS.flatMap((group) => group.cases).map((c) => [c.id, c]));

type Factory = (namespace: string) => SessionStore;

class IgnoresExpiryOnGet extends ReferenceStore {
  override async get(id: string): Promise<SessionRecord | null> {
    return this.read(id) ?? null;
  }
}

class IgnoresExpiryEverywhere extends ReferenceStore {
  protected override live(): boolean {
    return true;
  }
}

class NoCompareAndSet extends ReferenceStore {
  override async set(record: SessionRecord): Promise<boolean> {
    this.write(record);
    return true;
  }
}

/** Reads, yields to the event loop, then writes: the check and the write are not atomic. */
class RacyCompareAndSet extends ReferenceStore {
  override async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    const current = await this.get(record.id);
    await new Promise((resolve) => setImmediate(resolve));
    const ok = expectedVersion === null ? current === null : current?.version === expectedVersion;
    if (ok) this.write(record);
    return ok;
  }
}

class CreateNeverReplacesExpired extends ReferenceStore {
  override async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    if (expectedVersion === null && this.read(record.id) !== undefined) return false;
    return super.set(record, expectedVersion);
  }
}

class UpdatesExpired extends ReferenceStore {
  override async set(record: SessionRecord, expectedVersion: number | null): Promise<boolean> {
    const stored = this.read(record.id);
    if (expectedVersion !== null && stored?.version === expectedVersion) {
      this.write(record);
      return true;
    }
    return super.set(record, expectedVersion);
  }
}

class TouchUpserts extends ReferenceStore {
  override async touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    const record = this.read(id);
    const base = { userId: null, data: {}, createdAt: lastActiveAt, meta: {}, version: 1 };
    this.write({ ...base, ...record, id, expiresAt, lastActiveAt });
    return true;
  }
}

class TouchBumpsVersion extends ReferenceStore {
  override async touch(id: string, expiresAt: number, lastActiveAt: number): Promise<boolean> {
    const record = await this.get(id);
    if (record === null) return false;
    this.write({ ...record, expiresAt, lastActiveAt, version: record.version + 1 });
    return true;
  }
}

class ListsOldestFirst extends ReferenceStore {
  override async listByUser(userId: string): Promise<SessionRecord[]> {
    return (await super.listByUser(userId)).reverse();
  }
}

class DestroyByUserIgnoresExcept extends ReferenceStore {
  override destroyByUser(userId: string): Promise<number> {
    return super.destroyByUser(userId);
  }
}

class DestroyByUserCountsExpired extends ReferenceStore {
  override async destroyByUser(userId: string, exceptId?: string): Promise<number> {
    const all = this.all().filter((r) => r.userId === userId && r.id !== exceptId);
    await super.destroyByUser(userId, exceptId);
    return all.length;
  }
}

class CleanupCountsNothing extends ReferenceStore {
  override async cleanup(): Promise<number> {
    await super.cleanup();
    return 0;
  }
}

/** Keeps the caller's objects instead of copies. */
class SharesObjects extends ReferenceStore {
  readonly #objects = new Map<string, SessionRecord>();
  protected override read(id: string): SessionRecord | undefined {
    return this.#objects.get(id);
  }
  protected override write(record: SessionRecord): void {
    this.#objects.set(record.id, record);
  }
  protected override remove(id: string): void {
    this.#objects.delete(id);
  }
  protected override all(): SessionRecord[] {
    return [...this.#objects.values()];
  }
}

class SecondResolution extends ReferenceStore {
  protected override write(record: SessionRecord): void {
    const second = (ms: number) => Math.floor(ms / 1000) * 1000;
    super.write({
      ...record,
      createdAt: second(record.createdAt),
      expiresAt: second(record.expiresAt),
    });
  }
}

class StringVersions extends ReferenceStore {
  protected override read(id: string): SessionRecord | undefined {
    const record = super.read(id);
    return record && { ...record, version: String(record.version) as unknown as number };
  }
}

class CaseInsensitiveIds extends ReferenceStore {
  protected override read(id: string): SessionRecord | undefined {
    const record = super.read(id.toLowerCase());
    return record && { ...record, id };
  }
  protected override write(record: SessionRecord): void {
    super.write({ ...record, id: record.id.toLowerCase() });
  }
  protected override remove(id: string): void {
    super.remove(id.toLowerCase());
  }
}

class TruncatesLargeValues extends ReferenceStore {
  protected override write(record: SessionRecord): void {
    const json = JSON.stringify(record.data);
    super.write(json.length > 65_535 ? { ...record, data: {} } : record);
  }
}

class DropsDollarKeys extends ReferenceStore {
  protected override write(record: SessionRecord): void {
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (value === null || typeof value !== "object") return value;
      const entries = Object.entries(value).filter(([key]) => !key.startsWith("$"));
      return Object.fromEntries(entries.map(([key, v]) => [key, strip(v)]));
    };
    super.write({ ...record, data: strip(record.data) as Record<string, unknown> });
  }
}

const mutants: { name: string; create: Factory; breaks: StoreTestId[] }[] = [
  {
    name: "ignores expiry on get",
    create: (ns) => new IgnoresExpiryOnGet(backend, ns),
    breaks: ["store/expiry-past-deadline-get-null", "store/cas-update-expired"],
  },
  {
    name: "ignores expiry everywhere",
    create: (ns) => new IgnoresExpiryEverywhere(backend, ns),
    breaks: [
      "store/expiry-past-deadline-touch-false",
      "store/expiry-past-deadline-not-listed",
      "store/list-by-user-live-only",
      "store/cas-update-expired",
      "store/cleanup-removes-expired",
      "store/destroy-by-user-counts-live",
    ],
  },
  {
    name: "has no compare-and-set",
    create: (ns) => new NoCompareAndSet(backend, ns),
    breaks: [
      "store/cas-create-over-live-fails",
      "store/cas-update-wrong-version",
      "store/cas-update-missing",
      "store/cas-update-destroyed",
      "store/cas-stale-writer",
      "store/concurrency-single-winner",
      "store/concurrency-create-race",
      "store/concurrency-destroy-wins",
    ],
  },
  {
    name: "checks and writes non-atomically",
    create: (ns) => new RacyCompareAndSet(backend, ns),
    breaks: [
      "store/concurrency-single-winner",
      "store/concurrency-create-race",
      "store/concurrency-retries-all-land",
    ],
  },
  {
    name: "never lets a create replace an expired record",
    create: (ns) => new CreateNeverReplacesExpired(backend, ns),
    breaks: ["store/cas-create-over-expired"],
  },
  {
    name: "updates expired records",
    create: (ns) => new UpdatesExpired(backend, ns),
    breaks: ["store/cas-update-expired"],
  },
  {
    name: "touch upserts",
    create: (ns) => new TouchUpserts(backend, ns),
    breaks: [
      "store/touch-missing",
      "store/touch-after-destroy",
      "store/expiry-past-deadline-touch-false",
      "store/isolation-get",
    ],
  },
  {
    name: "touch bumps the version",
    create: (ns) => new TouchBumpsVersion(backend, ns),
    breaks: [
      "store/touch-extends",
      "store/touch-keeps-version",
      "store/concurrency-touch-keeps-update",
    ],
  },
  {
    name: "lists oldest first",
    create: (ns) => new ListsOldestFirst(backend, ns),
    breaks: [
      "store/list-by-user-newest-first",
      "store/list-by-user-live-only",
      "store/touch-reorders-list",
    ],
  },
  {
    name: "destroyByUser ignores exceptId",
    create: (ns) => new DestroyByUserIgnoresExcept(backend, ns),
    breaks: ["store/destroy-by-user-except"],
  },
  {
    name: "destroyByUser counts expired sessions",
    create: (ns) => new DestroyByUserCountsExpired(backend, ns),
    breaks: ["store/destroy-by-user-counts-live"],
  },
  {
    name: "cleanup counts nothing",
    create: (ns) => new CleanupCountsNothing(backend, ns),
    breaks: ["store/cleanup-removes-expired", "store/cleanup-repeat", "store/isolation-cleanup"],
  },
  {
    name: "shares objects with callers",
    create: (ns) => new SharesObjects(backend, ns),
    breaks: ["store/copies-after-set", "store/copies-from-get", "store/copies-from-list"],
  },
  {
    name: "rounds timestamps to seconds",
    create: (ns) => new SecondResolution(backend, ns),
    breaks: ["store/crud-round-trip", "store/expiry-far-future"],
  },
  {
    name: "returns versions as strings",
    create: (ns) => new StringVersions(backend, ns),
    breaks: ["store/crud-round-trip"],
  },
  {
    name: "folds the case of ids",
    create: (ns) => new CaseInsensitiveIds(backend, ns),
    breaks: ["store/crud-ids-case-sensitive"],
  },
  {
    name: "ignores its namespace",
    create: () => new ReferenceStore(backend, "shared"),
    breaks: [
      "store/isolation-get",
      "store/isolation-same-id",
      "store/isolation-destroy",
      "store/isolation-list-by-user",
      "store/isolation-destroy-by-user",
      "store/isolation-cleanup",
    ],
  },
  {
    name: "truncates large values",
    create: (ns) => new TruncatesLargeValues(backend, ns),
    breaks: ["store/values-large"],
  },
  {
    name: "drops keys starting with $",
    create: (ns) => new DropsDollarKeys(backend, ns),
    breaks: ["store/values-dot-dollar-keys"],
  },
  {
    name: "reports a create as refused",
    create: (ns) => new more.CreateReportsFailure(backend, ns),
    breaks: ["store/cas-create-on-empty", "store/concurrency-distinct-ids"],
  },
  {
    name: "reports an update as refused",
    create: (ns) => new more.UpdateReportsFailure(backend, ns),
    breaks: ["store/cas-update-right-version", "store/crud-update-replaces"],
  },
  {
    name: "merges an update into the old record",
    create: (ns) => new more.MergesOnUpdate(backend, ns),
    breaks: ["store/crud-update-replaces", "store/values-meta"],
  },
  {
    name: "writes meta only on create",
    create: (ns) => new more.MetaWrittenOnce(backend, ns),
    breaks: ["store/values-meta", "store/crud-update-replaces"],
  },
  {
    name: "updates every record (no WHERE)",
    create: (ns) => new more.UpdatesEveryRecord(backend, ns),
    breaks: ["store/crud-ids-independent"],
  },
  {
    name: "refuses a create while another is in flight",
    create: (ns) => new more.OneCreateAtATime(backend, ns),
    breaks: ["store/concurrency-distinct-ids"],
  },
  {
    name: "answers an unknown id with the latest record",
    create: (ns) => new more.GetFallsBackToLatest(backend, ns),
    breaks: ["store/crud-get-unknown"],
  },
  {
    name: "expires records five minutes early",
    create: (ns) => new more.ExpiresEarly(backend, ns),
    breaks: ["store/expiry-future-deadline-live"],
  },
  {
    name: "ignores destroy",
    create: (ns) => new more.DestroyDoesNothing(backend, ns),
    breaks: [
      "store/destroy-removes",
      "store/destroy-twice",
      "store/destroy-only-target",
      "store/list-by-user-after-destroy",
    ],
  },
  {
    name: "rejects destroying an unknown id",
    create: (ns) => new more.DestroyRejectsUnknown(backend, ns),
    breaks: ["store/destroy-twice", "store/destroy-unknown"],
  },
  {
    name: "destroys every record (no WHERE)",
    create: (ns) => new more.DestroyRemovesEverything(backend, ns),
    breaks: ["store/destroy-only-target"],
  },
  {
    name: "hides a destroyed record from get only",
    create: (ns) => new more.DestroyOnlyHidesFromGet(backend, ns),
    breaks: ["store/list-by-user-after-destroy"],
  },
  {
    name: "destroys one session per destroyByUser (LIMIT 1)",
    create: (ns) => new more.DestroyByUserRemovesOne(backend, ns),
    breaks: ["store/destroy-by-user-all"],
  },
  {
    name: "destroys anonymous sessions with a user's",
    create: (ns) => new more.DestroyByUserTakesAnonymous(backend, ns),
    breaks: ["store/destroy-by-user-others-untouched"],
  },
  {
    name: "counts every record in destroyByUser",
    create: (ns) => new more.DestroyByUserCountsEverything(backend, ns),
    breaks: ["store/destroy-by-user-unknown", "store/destroy-by-user-others-untouched"],
  },
  {
    name: "lists every user's sessions",
    create: (ns) => new more.ListsEveryUser(backend, ns),
    breaks: ["store/list-by-user-unknown"],
  },
  {
    name: "lists records without their data",
    create: (ns) => new more.ListsWithoutData(backend, ns),
    breaks: ["store/list-by-user-full-records"],
  },
  {
    name: "never moves a session out of its first user's index",
    create: (ns) => new more.StaleUserIndex(backend, ns),
    breaks: ["store/list-by-user-follows-user-change", "store/destroy-by-user-follows-user-change"],
  },
  {
    name: "drops a user's whole index when cleanup finds one expired session",
    create: (ns) => new more.CleanupDropsUserIndex(backend, ns),
    breaks: ["store/cleanup-user-index"],
  },
  {
    name: "answers cleanup with undefined when nothing expired",
    create: (ns) => new more.CleanupReturnsNothingWhenIdle(backend, ns),
    breaks: ["store/cleanup-empty", "store/cleanup-repeat"],
  },
  {
    name: "rejects a second close",
    create: (ns) => new more.CloseTwiceRejects(backend, ns),
    breaks: ["store/close-twice"],
  },
  {
    name: "ignores trailing spaces in user ids (PAD SPACE)",
    create: (ns) => new more.PadsUserIds(backend, ns),
    breaks: ["store/user-ids-exact"],
  },
  {
    name: "passes ids that are not strings on to its queries",
    create: (ns) => new more.UncheckedIds(backend, ns),
    breaks: ["store/non-string-ids-rejected", "store/non-string-user-ids-rejected"],
  },
  {
    name: "takes empty and over-long ids",
    create: (ns) => new more.TypeOnlyIds(backend, ns),
    breaks: ["store/empty-or-long-ids-rejected", "store/empty-or-long-user-ids-rejected"],
  },
  {
    name: "omits empty values",
    create: (ns) => new more.DropsEmptyValues(backend, ns),
    breaks: ["store/values-falsy"],
  },
  {
    name: "cuts values nested deeper than 10 levels",
    create: (ns) => new more.CutsDeepValues(backend, ns),
    breaks: ["store/values-nested"],
  },
  {
    name: "keeps numbers in single precision",
    create: (ns) => new more.SinglePrecisionNumbers(backend, ns),
    breaks: ["store/values-numbers"],
  },
  {
    name: "stores text as 3-byte UTF-8 (astral characters lost)",
    create: (ns) =>
      new more.RewritesStrings(backend, ns, (s) =>
        s.replace(/\p{Extended_Pictographic}|[\u{10000}-\u{10FFFF}]/gu, "?"),
      ),
    breaks: ["store/values-unicode"],
  },
  {
    name: "doubles single quotes (escaped twice)",
    create: (ns) => new more.RewritesStrings(backend, ns, (s) => s.replaceAll("'", "''")),
    breaks: ["store/values-quotes"],
  },
  {
    name: "loses backslashes (unescaped twice)",
    create: (ns) => new more.RewritesStrings(backend, ns, (s) => s.replaceAll("\\", "")),
    breaks: ["store/values-backslashes"],
  },
];

describe("the store suite catches broken stores", () => {
  for (const mutant of mutants) {
    for (const id of mutant.breaks) {
      it(`${id} fails on a store that ${mutant.name}`, async ({ expect }) => {
        const storeCase = cases.get(id);
        expect(storeCase, id).toBeDefined();
        const run = runStoreCase(
          storeCase!,
          { createStore: ({ namespace }) => mutant.create(namespace) },
          { expect, skip: (reason) => expect.unreachable(reason) },
        );
        await expect(run).rejects.toThrow();
      });
    }
  }

  // The FailingStore fixture rejects with raw driver errors, as a store that skips storeCall would.
  const failures: StoreTestId[] = [
    "store/failure-get",
    "store/failure-set",
    "store/failure-touch",
    "store/failure-destroy",
    "store/failure-list-by-user",
    "store/failure-destroy-by-user",
    "store/failure-cleanup",
  ];
  for (const id of failures) {
    it(`${id} fails on a store that lets driver errors through unwrapped`, async ({ expect }) => {
      const run = runStoreCase<SessionStore>(
        cases.get(id)!,
        {
          createStore: ({ namespace }) => new ReferenceStore(backend, namespace),
          createFailingStore: () => new FailingStore(),
        },
        { expect, skip: (reason) => expect.unreachable(reason) },
      );
      await expect(run).rejects.toThrow();
    });
  }

  // A case that no broken store makes fail proves nothing: every case must catch some mutant.
  it("every store case is caught by at least one mutant", ({ expect }) => {
    const caught = new Set<string>([...mutants.flatMap((m) => m.breaks), ...failures]);
    const uncaught = [...cases.keys()].filter((id) => !caught.has(id));
    expect(
      uncaught,
      "add a mutant to store-mutants.test.ts (or mutant-stores.ts) that these cases catch",
    ).toEqual([]);
  });
});
