import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createStoreTestRecord, nextVersion, randomStoreId, randomUserId } from "./records.js";
import { create } from "./support.js";

export const crudGroup: StoreCaseGroup = {
  name: "crud",
  cases: [
    {
      id: "store/crud-round-trip",
      async run({ expect, store }) {
        const record = createStoreTestRecord({
          userId: randomUserId(),
          data: { cart: ["a", "b"], count: 3, flag: true },
          meta: { userAgent: "Mozilla/5.0 (X11; Linux x86_64)", ip: "203.0.113.9", tenantId: "t1" },
        });
        await create(expect, store, record);
        const read = await store.get(record.id);
        expect(read).toEqual(record);
        for (const field of ["createdAt", "lastActiveAt", "expiresAt", "version"] as const) {
          expect(typeof read?.[field], field).toBe("number");
        }
        expect(typeof read?.data.count).toBe("number");

        const anonymous = createStoreTestRecord({ userId: null });
        await create(expect, store, anonymous);
        expect(await store.get(anonymous.id)).toEqual(anonymous);
      },
    },
    {
      id: "store/crud-get-unknown",
      async run({ expect, store }) {
        expect(await store.get(randomStoreId())).toBeNull();
        await create(expect, store, createStoreTestRecord());
        expect(await store.get(randomStoreId())).toBeNull();
      },
    },
    {
      id: "store/crud-update-replaces",
      async run({ expect, store }) {
        const record = createStoreTestRecord({
          data: { keep: 1, drop: "x", nested: { a: 1, b: 2 } },
          meta: { userAgent: "old", ip: "192.0.2.1" },
        });
        await create(expect, store, record);
        const update = nextVersion(record, {
          userId: randomUserId(),
          data: { keep: 2, nested: { b: 3 } },
          meta: { ip: "192.0.2.2" },
        });
        expect(await store.set(update, record.version)).toBe(true);
        expect(await store.get(record.id)).toEqual(update);
      },
    },
    {
      id: "store/crud-ids-independent",
      async run({ expect, store }) {
        const first = createStoreTestRecord({ data: { which: "first" } });
        const second = createStoreTestRecord({ data: { which: "second" } });
        await create(expect, store, first);
        await create(expect, store, second);
        expect(await store.set(nextVersion(first, { data: { which: "changed" } }), 1)).toBe(true);
        expect(await store.get(second.id)).toEqual(second);
      },
    },
    {
      id: "store/crud-ids-case-sensitive",
      async run({ expect, store }) {
        // base64url ids are case-sensitive; a case-insensitive collation would merge these two.
        const lower = createStoreTestRecord({ id: `${randomStoreId().slice(0, 38)}abcde` });
        const upper = createStoreTestRecord({
          id: `${lower.id.slice(0, 38)}ABCDE`,
          data: { which: "upper" },
        });
        await create(expect, store, lower);
        await create(expect, store, upper);
        expect(await store.get(lower.id)).toEqual(lower);
        expect(await store.get(upper.id)).toEqual(upper);
        await store.destroy(upper.id);
        expect(await store.get(lower.id)).toEqual(lower);
      },
    },
  ],
};

/** Only the crud cases: get, set, update and ids. */
export function describeStoreCrud<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [crudGroup]);
}
