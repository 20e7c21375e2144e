import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createExpiredStoreTestRecord, createStoreTestRecord, randomUserId } from "./records.js";
import { cleanup, create, destroyByUser, listByUser } from "./support.js";

// The expired records are never read before cleanup: a store may drop an expired record when a
// read finds it, and the count must still be exact.
export const cleanupGroup: StoreCaseGroup = {
  name: "cleanup",
  cases: [
    {
      id: "store/cleanup-removes-expired",
      needs: ["cleanup"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const expired = [
          createExpiredStoreTestRecord({ userId }),
          createExpiredStoreTestRecord({ userId: randomUserId() }),
          createExpiredStoreTestRecord({ userId: null }),
        ];
        const live = [
          createStoreTestRecord({ userId }),
          createStoreTestRecord({ userId: null, data: { still: "here" } }),
        ];
        for (const record of [...expired, ...live]) await create(expect, store, record);
        expect(await cleanup(store)).toBe(expired.length);
        for (const record of live) expect(await store.get(record.id)).toEqual(record);
        for (const record of expired) expect(await store.get(record.id)).toBeNull();
      },
    },
    {
      id: "store/cleanup-empty",
      needs: ["cleanup"],
      async run({ expect, store }) {
        expect(await cleanup(store)).toBe(0);
      },
    },
    {
      id: "store/cleanup-repeat",
      needs: ["cleanup"],
      async run({ expect, store }) {
        await create(expect, store, createExpiredStoreTestRecord());
        await create(expect, store, createStoreTestRecord());
        expect(await cleanup(store)).toBe(1);
        expect(await cleanup(store)).toBe(0);
      },
    },
    {
      id: "store/cleanup-user-index",
      needs: ["cleanup", "listByUser", "destroyByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const live = createStoreTestRecord({ userId });
        await create(expect, store, createExpiredStoreTestRecord({ userId }));
        await create(expect, store, live);
        expect(await cleanup(store)).toBe(1);
        expect(await listByUser(store, userId)).toEqual([live]);
        expect(await destroyByUser(store, userId)).toBe(1);
        expect(await listByUser(store, userId)).toEqual([]);
      },
    },
  ],
};

/** Only the cleanup cases: exact counts, live records kept. */
export function describeStoreCleanup<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [cleanupGroup]);
}
