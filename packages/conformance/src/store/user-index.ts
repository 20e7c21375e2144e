import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import {
  createExpiredStoreTestRecord,
  createStoreTestRecord,
  nextVersion,
  randomUserId,
} from "./records.js";
import { create, destroyByUser, listByUser } from "./support.js";

/** Live sessions of one user, `lastActiveAt` a second apart, written oldest first. */
function sessionsOf(userId: string, count: number) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) =>
    createStoreTestRecord({ userId, lastActiveAt: now - (count - i) * 1_000, data: { i } }),
  );
}

export const userIndexGroup: StoreCaseGroup = {
  name: "user index",
  cases: [
    {
      id: "store/list-by-user-live-only",
      needs: ["listByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const [older, newer] = sessionsOf(userId, 2);
        const records = [
          older!,
          newer!,
          createExpiredStoreTestRecord({ userId }),
          ...sessionsOf(randomUserId(), 1),
          createStoreTestRecord({ userId: null }),
        ];
        for (const record of records) await create(expect, store, record);
        expect(await listByUser(store, userId)).toEqual([newer, older]);
      },
    },
    {
      id: "store/list-by-user-newest-first",
      needs: ["listByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const now = Date.now();
        const ages = [3_000, 1_000, 4_000, 2_000];
        const records = ages.map((age) =>
          createStoreTestRecord({ userId, lastActiveAt: now - age }),
        );
        for (const record of records) await create(expect, store, record);
        const expected = [...records].sort((a, b) => b.lastActiveAt - a.lastActiveAt);
        expect((await listByUser(store, userId)).map((r) => r.id)).toEqual(
          expected.map((r) => r.id),
        );
      },
    },
    {
      id: "store/list-by-user-unknown",
      needs: ["listByUser"],
      async run({ expect, store }) {
        await create(expect, store, createStoreTestRecord({ userId: randomUserId() }));
        expect(await listByUser(store, randomUserId())).toEqual([]);
      },
    },
    {
      id: "store/list-by-user-full-records",
      needs: ["listByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const record = createStoreTestRecord({
          userId,
          data: { theme: "dark", n: [1, 2] },
          meta: { userAgent: "curl/8.5.0", ip: "::1" },
          version: 9,
        });
        await create(expect, store, record);
        const [listed] = await listByUser(store, userId);
        expect(listed).toEqual(record);
        expect(listed).toEqual(await store.get(record.id));
      },
    },
    {
      id: "store/list-by-user-follows-user-change",
      needs: ["listByUser"],
      async run({ expect, store }) {
        const [u1, u2] = [randomUserId(), randomUserId()];
        const anonymous = createStoreTestRecord({ userId: null });
        await create(expect, store, anonymous);
        expect(await listByUser(store, u1)).toEqual([]);
        const signedIn = nextVersion(anonymous, { userId: u1 });
        expect(await store.set(signedIn, 1)).toBe(true);
        expect(await listByUser(store, u1)).toEqual([signedIn]);
        const moved = nextVersion(signedIn, { userId: u2 });
        expect(await store.set(moved, 2)).toBe(true);
        expect(await listByUser(store, u1)).toEqual([]);
        expect(await listByUser(store, u2)).toEqual([moved]);
      },
    },
    {
      id: "store/list-by-user-after-destroy",
      needs: ["listByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const [gone, kept] = sessionsOf(userId, 2);
        await create(expect, store, gone!);
        await create(expect, store, kept!);
        await store.destroy(gone!.id);
        expect(await listByUser(store, userId)).toEqual([kept]);
      },
    },
    {
      id: "store/user-ids-exact",
      needs: ["listByUser", "destroyByUser"],
      async run({ expect, store }) {
        // A user id matches only itself: no trailing-space padding (MySQL's PAD SPACE
        // collations), no case folding. Otherwise revoking "alice " signs alice out.
        const base = randomUserId();
        const variants = [base, `${base} `, `${base}  `, base.toUpperCase(), ` ${base}`];
        const records = variants.map((userId) => createStoreTestRecord({ userId }));
        for (const record of records) await create(expect, store, record);
        for (const [i, userId] of variants.entries()) {
          expect(await listByUser(store, userId), JSON.stringify(userId)).toEqual([records[i]]);
        }
        expect(await destroyByUser(store, `${base} `)).toBe(1);
        expect(await store.get(records[1]!.id)).toBeNull();
        for (const i of [0, 2, 3, 4]) expect(await store.get(records[i]!.id)).toEqual(records[i]);
      },
    },
    {
      id: "store/destroy-by-user-all",
      needs: ["destroyByUser", "listByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const records = sessionsOf(userId, 3);
        for (const record of records) await create(expect, store, record);
        expect(await destroyByUser(store, userId)).toBe(3);
        expect(await listByUser(store, userId)).toEqual([]);
        for (const record of records) expect(await store.get(record.id)).toBeNull();
      },
    },
    {
      id: "store/destroy-by-user-except",
      needs: ["destroyByUser", "listByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const records = sessionsOf(userId, 3);
        for (const record of records) await create(expect, store, record);
        const current = records[1]!;
        expect(await destroyByUser(store, userId, current.id)).toBe(2);
        expect(await listByUser(store, userId)).toEqual([current]);
        expect(await store.get(records[0]!.id)).toBeNull();
        expect(await store.get(records[2]!.id)).toBeNull();
      },
    },
    {
      id: "store/destroy-by-user-others-untouched",
      needs: ["destroyByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const others = [...sessionsOf(randomUserId(), 2), createStoreTestRecord({ userId: null })];
        for (const record of [...sessionsOf(userId, 2), ...others]) {
          await create(expect, store, record);
        }
        expect(await destroyByUser(store, userId)).toBe(2);
        for (const record of others) expect(await store.get(record.id)).toEqual(record);
      },
    },
    {
      id: "store/destroy-by-user-unknown",
      needs: ["destroyByUser"],
      async run({ expect, store }) {
        const record = createStoreTestRecord({ userId: randomUserId() });
        await create(expect, store, record);
        expect(await destroyByUser(store, randomUserId())).toBe(0);
        expect(await store.get(record.id)).toEqual(record);
      },
    },
    {
      id: "store/destroy-by-user-counts-live",
      needs: ["destroyByUser"],
      async run({ expect, store }) {
        // The count is what "signed out N devices" shows: the sessions the user could see.
        const userId = randomUserId();
        const records = [...sessionsOf(userId, 2), createExpiredStoreTestRecord({ userId })];
        for (const record of records) await create(expect, store, record);
        expect(await destroyByUser(store, userId)).toBe(2);
      },
    },
    {
      id: "store/destroy-by-user-follows-user-change",
      needs: ["destroyByUser"],
      async run({ expect, store }) {
        const [u1, u2] = [randomUserId(), randomUserId()];
        const record = createStoreTestRecord({ userId: u1 });
        await create(expect, store, record);
        const moved = nextVersion(record, { userId: u2 });
        expect(await store.set(moved, 1)).toBe(true);
        expect(await destroyByUser(store, u1)).toBe(0);
        expect(await store.get(record.id)).toEqual(moved);
      },
    },
  ],
};

/** Only the user index cases: listByUser and destroyByUser. */
export function describeStoreUserIndex<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [userIndexGroup]);
}
