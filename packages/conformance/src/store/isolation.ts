import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createExpiredStoreTestRecord, createStoreTestRecord, randomUserId } from "./records.js";
import { cleanup, create, destroyByUser, listByUser } from "./support.js";

// Each case opens a second store with another namespace: that is how the suite keeps tests apart
// in one database, and how an application keeps two apps apart in one Redis or one schema.
export const isolationGroup: StoreCaseGroup = {
  name: "isolation",
  cases: [
    {
      id: "store/isolation-get",
      async run({ expect, store, openStore }) {
        const other = await openStore();
        const record = createStoreTestRecord({ data: { home: "first" } });
        await create(expect, store, record);
        expect(await other.get(record.id)).toBeNull();
        const now = Date.now();
        expect(await other.touch(record.id, now + 3_600_000, now)).toBe(false);
        expect(await store.get(record.id)).toEqual(record);
      },
    },
    {
      id: "store/isolation-same-id",
      async run({ expect, store, openStore }) {
        const other = await openStore();
        const mine = createStoreTestRecord({ data: { home: "first" } });
        const theirs = { ...createStoreTestRecord({ data: { home: "second" } }), id: mine.id };
        await create(expect, store, mine);
        await create(expect, other, theirs);
        expect(await store.get(mine.id)).toEqual(mine);
        expect(await other.get(mine.id)).toEqual(theirs);
      },
    },
    {
      id: "store/isolation-destroy",
      async run({ expect, store, openStore }) {
        const other = await openStore();
        const record = createStoreTestRecord();
        await create(expect, store, record);
        await create(expect, other, record);
        await other.destroy(record.id);
        expect(await store.get(record.id)).toEqual(record);
        expect(await other.get(record.id)).toBeNull();
      },
    },
    {
      id: "store/isolation-list-by-user",
      needs: ["listByUser"],
      async run({ expect, store, openStore }) {
        const other = await openStore();
        const userId = randomUserId();
        const mine = createStoreTestRecord({ userId });
        await create(expect, store, mine);
        await create(expect, other, createStoreTestRecord({ userId }));
        expect(await listByUser(store, userId)).toEqual([mine]);
      },
    },
    {
      id: "store/isolation-destroy-by-user",
      needs: ["destroyByUser"],
      async run({ expect, store, openStore }) {
        const other = await openStore();
        const userId = randomUserId();
        const theirs = [createStoreTestRecord({ userId }), createStoreTestRecord({ userId })];
        await create(expect, store, createStoreTestRecord({ userId }));
        for (const record of theirs) await create(expect, other, record);
        expect(await destroyByUser(store, userId)).toBe(1);
        for (const record of theirs) expect(await other.get(record.id)).toEqual(record);
      },
    },
    {
      id: "store/isolation-cleanup",
      needs: ["cleanup"],
      async run({ expect, store, openStore }) {
        const other = await openStore();
        await create(expect, store, createExpiredStoreTestRecord());
        for (let i = 0; i < 3; i++) await create(expect, other, createExpiredStoreTestRecord());
        const live = createStoreTestRecord();
        await create(expect, other, live);
        expect(await cleanup(store)).toBe(1);
        expect(await cleanup(other)).toBe(3);
        expect(await other.get(live.id)).toEqual(live);
      },
    },
  ],
};

/** Only the isolation cases: two namespaces never see each other. */
export function describeStoreIsolation<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [isolationGroup]);
}
