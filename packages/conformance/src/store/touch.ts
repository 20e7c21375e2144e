import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createStoreTestRecord, nextVersion, randomStoreId, randomUserId } from "./records.js";
import { create, listByUser } from "./support.js";

const HOUR = 3_600_000;

export const touchGroup: StoreCaseGroup = {
  name: "touch",
  cases: [
    {
      id: "store/touch-extends",
      async run({ expect, store }) {
        const record = createStoreTestRecord({
          userId: randomUserId(),
          data: { kept: ["as", "is"] },
          meta: { ip: "198.51.100.7" },
          version: 5,
        });
        await create(expect, store, record);
        const lastActiveAt = Date.now() + 1;
        const expiresAt = record.expiresAt + HOUR + 1;
        expect(await store.touch(record.id, expiresAt, lastActiveAt)).toBe(true);
        expect(await store.get(record.id)).toEqual({ ...record, expiresAt, lastActiveAt });
      },
    },
    {
      id: "store/touch-missing",
      async run({ expect, store }) {
        const id = randomStoreId();
        const now = Date.now();
        expect(await store.touch(id, now + HOUR, now)).toBe(false);
        expect(await store.get(id)).toBeNull();
      },
    },
    {
      id: "store/touch-after-destroy",
      async run({ expect, store }) {
        const record = createStoreTestRecord();
        await create(expect, store, record);
        await store.destroy(record.id);
        const now = Date.now();
        expect(await store.touch(record.id, now + HOUR, now)).toBe(false);
        expect(await store.get(record.id)).toBeNull();
      },
    },
    {
      id: "store/touch-keeps-version",
      async run({ expect, store }) {
        const record = createStoreTestRecord({ data: { n: 1 } });
        await create(expect, store, record);
        const now = Date.now();
        expect(await store.touch(record.id, now + 2 * HOUR, now)).toBe(true);
        expect((await store.get(record.id))?.version).toBe(1);
        const update = nextVersion(record, { data: { n: 2 } });
        expect(await store.set(update, 1)).toBe(true);
        expect(await store.get(record.id)).toEqual(update);
      },
    },
    {
      id: "store/touch-reorders-list",
      needs: ["listByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const now = Date.now();
        const older = createStoreTestRecord({ userId, lastActiveAt: now - 20_000 });
        const newer = createStoreTestRecord({ userId, lastActiveAt: now - 10_000 });
        await create(expect, store, older);
        await create(expect, store, newer);
        expect((await listByUser(store, userId)).map((r) => r.id)).toEqual([newer.id, older.id]);
        expect(await store.touch(older.id, now + HOUR, now)).toBe(true);
        expect((await listByUser(store, userId)).map((r) => r.id)).toEqual([older.id, newer.id]);
      },
    },
  ],
};

/** Only the touch cases: extending live records, never reviving dead ones. */
export function describeStoreTouch<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [touchGroup]);
}
