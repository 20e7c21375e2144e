import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createExpiredStoreTestRecord, createStoreTestRecord, randomUserId } from "./records.js";
import { create, listByUser } from "./support.js";

// No case waits for a deadline to pass: a record written with a deadline in the past is expired
// from the start, so the cases are fast and exact whatever the store's native expiry does.
export const expiryGroup: StoreCaseGroup = {
  name: "expiry",
  cases: [
    {
      id: "store/expiry-past-deadline-get-null",
      async run({ expect, store }) {
        const expired = createExpiredStoreTestRecord({ data: { stale: true } });
        await create(expect, store, expired);
        expect(await store.get(expired.id)).toBeNull();
      },
    },
    {
      id: "store/expiry-past-deadline-touch-false",
      async run({ expect, store }) {
        const expired = createExpiredStoreTestRecord();
        await create(expect, store, expired);
        const now = Date.now();
        expect(await store.touch(expired.id, now + 3_600_000, now)).toBe(false);
        expect(await store.get(expired.id)).toBeNull();
      },
    },
    {
      id: "store/expiry-past-deadline-not-listed",
      needs: ["listByUser"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const live = createStoreTestRecord({ userId });
        await create(expect, store, live);
        await create(expect, store, createExpiredStoreTestRecord({ userId }));
        expect(await listByUser(store, userId)).toEqual([live]);
      },
    },
    {
      id: "store/expiry-future-deadline-live",
      async run({ expect, store }) {
        const record = createStoreTestRecord({ expiresAt: Date.now() + 60_000 });
        await create(expect, store, record);
        expect(await store.get(record.id)).toEqual(record);
      },
    },
    {
      id: "store/expiry-far-future",
      async run({ expect, store }) {
        // Past 2^31 seconds (2038) and 2^32 seconds (2106): catches 32-bit columns and TTLs.
        const record = createStoreTestRecord({
          createdAt: Date.UTC(2039, 0, 1, 0, 0, 0, 1),
          lastActiveAt: Date.UTC(2039, 0, 1, 0, 0, 0, 2),
          expiresAt: Date.UTC(2107, 5, 30, 23, 59, 59, 999),
        });
        await create(expect, store, record);
        expect(await store.get(record.id)).toEqual(record);
      },
    },
  ],
};

/** Only the expiry cases: deadlines in the past and far in the future. */
export function describeStoreExpiry<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [expiryGroup]);
}
