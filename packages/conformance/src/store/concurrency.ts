import type { SessionRecord, SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createStoreTestRecord, nextVersion } from "./records.js";
import { create } from "./support.js";

const WRITERS = 100;
/** A writer that has not landed after this many attempts points at a livelock, not bad luck. */
const MAX_ATTEMPTS = 10_000;

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

// Each case starts its writers in the same tick with Promise.all: whatever interleaving the store
// and its database produce, the outcome checked below is the only correct one.
export const concurrencyGroup: StoreCaseGroup = {
  name: "concurrency",
  cases: [
    {
      id: "store/concurrency-single-winner",
      async run({ expect, store }) {
        const base = createStoreTestRecord({ data: { writer: -1 } });
        await create(expect, store, base);
        const results = await Promise.all(
          range(WRITERS).map((writer) => store.set(nextVersion(base, { data: { writer } }), 1)),
        );
        const winners = range(WRITERS).filter((writer) => results[writer]);
        expect(winners).toHaveLength(1);
        const stored = await store.get(base.id);
        expect(stored?.version).toBe(2);
        expect(stored?.data).toEqual({ writer: winners[0] });
      },
    },
    {
      id: "store/concurrency-create-race",
      async run({ expect, store }) {
        const id = createStoreTestRecord().id;
        const results = await Promise.all(
          range(WRITERS).map((writer) =>
            store.set(createStoreTestRecord({ id, data: { writer } }), null),
          ),
        );
        const winners = range(WRITERS).filter((writer) => results[writer]);
        expect(winners).toHaveLength(1);
        const stored = await store.get(id);
        expect(stored?.version).toBe(1);
        expect(stored?.data).toEqual({ writer: winners[0] });
      },
    },
    {
      id: "store/concurrency-retries-all-land",
      async run({ expect, store }) {
        const base = createStoreTestRecord({ data: { list: [] } });
        await create(expect, store, base);
        // What the lifecycle does on conflict: read the fresh record, re-apply, try again.
        const append = async (entry: string): Promise<void> => {
          for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            const current = await store.get(base.id);
            if (current === null) throw new Error("the record vanished while writers were adding");
            const list = [...(current.data.list as string[]), entry];
            if (await store.set(nextVersion(current, { data: { list } }), current.version)) return;
          }
          throw new Error(`writer ${entry} did not land in ${MAX_ATTEMPTS} attempts`);
        };
        await Promise.all(range(WRITERS).map((writer) => append(`w${writer}`)));
        const stored = await store.get(base.id);
        expect(stored?.version).toBe(WRITERS + 1);
        const list = stored?.data.list as string[];
        expect(list).toHaveLength(WRITERS);
        expect([...list].sort()).toEqual(
          range(WRITERS)
            .map((w) => `w${w}`)
            .sort(),
        );
      },
    },
    {
      id: "store/concurrency-distinct-ids",
      async run({ expect, store }) {
        const records = range(50).map((i) => createStoreTestRecord({ data: { i } }));
        const results = await Promise.all(records.map((record) => store.set(record, null)));
        expect(results.every(Boolean)).toBe(true);
        const read = await Promise.all(records.map((record) => store.get(record.id)));
        expect(read).toEqual(records);
      },
    },
    {
      id: "store/concurrency-destroy-wins",
      async run({ expect, store }) {
        // Whichever runs first, no record may remain: an update before the destroy is deleted
        // by it, an update after it finds no record and must fail.
        const records = range(20).map(() => createStoreTestRecord({ data: { n: 1 } }));
        await Promise.all(records.map((record) => create(expect, store, record)));
        const race = async (record: SessionRecord): Promise<void> => {
          await Promise.all([
            store.set(nextVersion(record, { data: { n: 2 } }), 1),
            store.destroy(record.id),
          ]);
        };
        await Promise.all(records.map(race));
        for (const record of records) {
          expect(await store.get(record.id)).toBeNull();
          expect(await store.set({ ...record, version: 3 }, 2)).toBe(false);
          expect(await store.get(record.id)).toBeNull();
        }
      },
    },
    {
      id: "store/concurrency-touch-keeps-update",
      async run({ expect, store }) {
        const records = range(20).map(() => createStoreTestRecord({ data: { n: 1 } }));
        await Promise.all(records.map((record) => create(expect, store, record)));
        const later = Date.now() + 7_200_000;
        const race = async (record: SessionRecord): Promise<boolean> => {
          const [, updated] = await Promise.all([
            store.touch(record.id, later, Date.now()),
            store.set(nextVersion(record, { data: { n: 2 } }), 1),
          ]);
          return updated;
        };
        // touch never changes the version, so the update must win whatever the order.
        expect(await Promise.all(records.map(race))).toEqual(records.map(() => true));
        for (const record of records) {
          const stored = await store.get(record.id);
          expect(stored?.data).toEqual({ n: 2 });
          expect(stored?.version).toBe(2);
        }
      },
    },
  ],
};

/** Only the concurrency cases: racing writers, creates, destroys and touches. */
export function describeStoreConcurrency<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [concurrencyGroup]);
}
