import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import {
  createExpiredStoreTestRecord,
  createStoreTestRecord,
  nextVersion,
  randomStoreId,
} from "./records.js";
import { create } from "./support.js";

// Compare-and-set is what keeps concurrent requests from losing each other's writes and a
// logout from being undone by a slower request (docs/lifecycle.md, rules 6 and 7).
export const casGroup: StoreCaseGroup = {
  name: "compare-and-set",
  cases: [
    {
      id: "store/cas-create-on-empty",
      async run({ expect, store }) {
        const record = createStoreTestRecord({ data: { fresh: true } });
        expect(await store.set(record, null)).toBe(true);
        expect(await store.get(record.id)).toEqual(record);
      },
    },
    {
      id: "store/cas-create-over-live-fails",
      async run({ expect, store }) {
        const record = createStoreTestRecord({ data: { owner: "first" } });
        await create(expect, store, record);
        const intruder = { ...createStoreTestRecord({ data: { owner: "second" } }), id: record.id };
        expect(await store.set(intruder, null)).toBe(false);
        expect(await store.get(record.id)).toEqual(record);
      },
    },
    {
      id: "store/cas-create-over-expired",
      async run({ expect, store }) {
        const expired = createExpiredStoreTestRecord({ data: { old: true }, version: 7 });
        await create(expect, store, expired);
        const fresh = createStoreTestRecord({ id: expired.id, data: { fresh: true } });
        expect(await store.set(fresh, null)).toBe(true);
        expect(await store.get(expired.id)).toEqual(fresh);
      },
    },
    {
      id: "store/cas-update-right-version",
      async run({ expect, store }) {
        const record = createStoreTestRecord({ data: { step: 1 } });
        await create(expect, store, record);
        const update = nextVersion(record, { data: { step: 2 } });
        expect(await store.set(update, 1)).toBe(true);
        expect(await store.get(record.id)).toEqual(update);
      },
    },
    {
      id: "store/cas-update-wrong-version",
      async run({ expect, store }) {
        const record = createStoreTestRecord({ data: { step: 3 }, version: 3 });
        await create(expect, store, record);
        for (const wrong of [0, 1, 2, 4, 5]) {
          const update = { ...record, data: { step: "wrong" }, version: wrong + 1 };
          expect(await store.set(update, wrong), `expected version ${wrong}`).toBe(false);
        }
        expect(await store.get(record.id)).toEqual(record);
      },
    },
    {
      id: "store/cas-update-missing",
      async run({ expect, store }) {
        const ghost = createStoreTestRecord({ id: randomStoreId(), version: 2 });
        expect(await store.set(ghost, 1)).toBe(false);
        expect(await store.get(ghost.id)).toBeNull();
      },
    },
    {
      id: "store/cas-update-destroyed",
      async run({ expect, store }) {
        const record = createStoreTestRecord();
        await create(expect, store, record);
        await store.destroy(record.id);
        expect(await store.set(nextVersion(record, { data: { late: true } }), 1)).toBe(false);
        expect(await store.get(record.id)).toBeNull();
      },
    },
    {
      id: "store/cas-update-expired",
      async run({ expect, store }) {
        const expired = createExpiredStoreTestRecord({ version: 4 });
        await create(expect, store, expired);
        const update = nextVersion(expired, { expiresAt: Date.now() + 3_600_000 });
        expect(await store.set(update, 4)).toBe(false);
        expect(await store.get(expired.id)).toBeNull();
      },
    },
    {
      id: "store/cas-stale-writer",
      async run({ expect, store }) {
        const v1 = createStoreTestRecord({ data: { n: 1 } });
        await create(expect, store, v1);
        const v2 = nextVersion(v1, { data: { n: 2 } });
        const v3 = nextVersion(v2, { data: { n: 3 } });
        expect(await store.set(v2, 1)).toBe(true);
        expect(await store.set(v3, 2)).toBe(true);
        expect(await store.set(nextVersion(v1, { data: { n: "stale" } }), 1)).toBe(false);
        expect(await store.set(nextVersion(v2, { data: { n: "stale" } }), 2)).toBe(false);
        expect(await store.get(v1.id)).toEqual(v3);
      },
    },
  ],
};

/** Only the compare-and-set cases: creates, updates, stale and missing versions. */
export function describeStoreCompareAndSet<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [casGroup]);
}
