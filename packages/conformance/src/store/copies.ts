import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createStoreTestRecord, randomUserId } from "./records.js";
import { create, listByUser } from "./support.js";

function sample(userId: string | null = null) {
  return createStoreTestRecord({
    userId,
    data: { cart: ["apple"], profile: { name: "Ada" } },
    meta: { ip: "192.0.2.10" },
  });
}

// Database stores copy by serialising; an in-process store must copy on purpose, or a handler
// that mutates session data would change the stored session without a write (and without CAS).
export const copiesGroup: StoreCaseGroup = {
  name: "copies",
  cases: [
    {
      id: "store/copies-after-set",
      async run({ expect, store }) {
        const record = sample();
        const pristine = structuredClone(record);
        await create(expect, store, record);
        (record.data.cart as string[]).push("pear");
        (record.data.profile as { name: string }).name = "Grace";
        record.meta.ip = "192.0.2.99";
        record.expiresAt = 0;
        expect(await store.get(record.id)).toEqual(pristine);
      },
    },
    {
      id: "store/copies-from-get",
      async run({ expect, store }) {
        const record = sample();
        const pristine = structuredClone(record);
        await create(expect, store, record);
        const read = await store.get(record.id);
        expect(read).not.toBeNull();
        (read!.data.cart as string[]).push("pear");
        read!.data.added = true;
        read!.meta.userAgent = "changed";
        read!.version = 99;
        expect(await store.get(record.id)).toEqual(pristine);
      },
    },
    {
      id: "store/copies-from-list",
      needs: ["listByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const record = sample(userId);
        const pristine = structuredClone(record);
        await create(expect, store, record);
        const [listed] = await listByUser(store, userId);
        expect(listed).toBeDefined();
        (listed!.data.cart as string[]).push("pear");
        listed!.userId = "someone-else";
        listed!.lastActiveAt = 0;
        expect(await store.get(record.id)).toEqual(pristine);
        expect(await listByUser(store, userId)).toEqual([pristine]);
      },
    },
  ],
};

/** Only the copy cases: records handed in and out are never shared with the store. */
export function describeStoreCopies<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [copiesGroup]);
}
