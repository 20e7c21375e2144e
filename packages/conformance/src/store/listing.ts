import type { SessionListPage, SessionRecord, SessionStore } from "@sessionkit/core";
import type { ExpectStatic } from "vitest";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createExpiredStoreTestRecord, createStoreTestRecord, randomUserId } from "./records.js";
import { create } from "./support.js";

type Query = Parameters<NonNullable<SessionStore["listSessions"]>>[0];

function listSessions(store: SessionStore, query: Query): Promise<SessionListPage> {
  const fn = store.listSessions;
  if (typeof fn !== "function") {
    throw new TypeError(
      "The store has no listSessions(): implement it, or declare capabilities.listSessions: false with the reason.",
    );
  }
  return fn.call(store, query);
}

/** Every page of a listing, following cursors; fails on a cursor loop. */
async function allPages(
  store: SessionStore,
  query: Omit<Query, "cursor">,
): Promise<SessionRecord[][]> {
  const pages: SessionRecord[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listSessions(store, { ...query, cursor });
    pages.push(page.records);
    cursor = page.cursor;
    if (pages.length > 100) throw new Error("listSessions kept returning a cursor");
  } while (cursor !== null);
  return pages;
}

/** The listing order: createdAt descending, then id descending. */
function inListingOrder(records: SessionRecord[]): string[] {
  return [...records]
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((r) => r.id);
}

/** `count` live records created a second apart, two sharing a createdAt (ties break on id). */
function sessions(count: number, overrides: Partial<SessionRecord> = {}): SessionRecord[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) =>
    createStoreTestRecord({
      createdAt: now - 60_000 - Math.min(i, count - 2) * 1_000,
      ...overrides,
    }),
  );
}

async function createAll(expect: ExpectStatic, store: SessionStore, records: SessionRecord[]) {
  for (const record of records) await create(expect, store, record);
}

export const listingGroup: StoreCaseGroup = {
  name: "listing",
  cases: [
    {
      id: "store/list-sessions-pages-all-once",
      needs: ["listSessions"],
      async run({ expect, store }) {
        const records = sessions(7, { userId: randomUserId() });
        await createAll(expect, store, records);
        const pages = await allPages(store, { limit: 3 });
        expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
        expect(pages.flat().map((r) => r.id)).toEqual(inListingOrder(records));
        expect(pages.flat()).toEqual(expect.arrayContaining(records));
        const exact = await allPages(store, { limit: 7 });
        expect(exact.map((page) => page.length)).toEqual([7]);
      },
    },
    {
      id: "store/list-sessions-live-only",
      needs: ["listSessions"],
      async run({ expect, store }) {
        const live = sessions(2);
        await createAll(expect, store, [...live, createExpiredStoreTestRecord()]);
        const pages = await allPages(store, { limit: 10 });
        expect(pages.flat().map((r) => r.id)).toEqual(inListingOrder(live));
      },
    },
    {
      id: "store/list-sessions-by-user",
      needs: ["listSessions"],
      async run({ expect, store }) {
        const userId = randomUserId();
        const mine = sessions(3, { userId });
        await createAll(expect, store, [
          ...mine,
          ...sessions(2, { userId: randomUserId() }),
          createStoreTestRecord({ userId: null }),
        ]);
        const pages = await allPages(store, { limit: 2, userId });
        expect(pages.flat().map((r) => r.id)).toEqual(inListingOrder(mine));
      },
    },
    {
      id: "store/list-sessions-by-tenant",
      needs: ["listSessions"],
      async run({ expect, store }) {
        const tenant = `tenant-${randomUserId()}`;
        const ours = sessions(3, { meta: { tenantId: tenant } });
        await createAll(expect, store, [
          ...ours,
          ...sessions(2, { meta: { tenantId: `${tenant}-other` } }),
          createStoreTestRecord({ meta: {} }),
        ]);
        const pages = await allPages(store, { limit: 2, tenantId: tenant });
        expect(pages.flat().map((r) => r.id)).toEqual(inListingOrder(ours));
        const userId = randomUserId();
        const both = createStoreTestRecord({ userId, meta: { tenantId: tenant } });
        await createAll(expect, store, [both, createStoreTestRecord({ userId })]);
        const page = await listSessions(store, { limit: 10, tenantId: tenant, userId });
        expect(page.records.map((r) => r.id)).toEqual([both.id]);
      },
    },
    {
      id: "store/list-sessions-stable-under-touch",
      needs: ["listSessions"],
      async run({ expect, store }) {
        const records = sessions(6);
        await createAll(expect, store, records);
        const first = await listSessions(store, { limit: 3 });
        // Activity between pages must neither repeat a session nor skip one.
        const later = Date.now() + 3_600_000;
        for (const record of records) {
          expect(await store.touch(record.id, later, Date.now())).toBe(true);
        }
        const rest: SessionRecord[] = [];
        let cursor = first.cursor;
        while (cursor !== null) {
          const page = await listSessions(store, { limit: 3, cursor });
          rest.push(...page.records);
          cursor = page.cursor;
        }
        expect([...first.records, ...rest].map((r) => r.id)).toEqual(inListingOrder(records));
      },
    },
    {
      id: "store/list-sessions-bad-query",
      needs: ["listSessions"],
      async run({ expect, store }) {
        await createAll(expect, store, sessions(2));
        const bad: unknown[] = [
          { limit: 0 },
          { limit: 1_001 },
          { limit: 2.5 },
          { limit: 10, cursor: "not a cursor!" },
          { limit: 10, userId: { $ne: "x" } },
          { limit: 10, tenantId: ["a"] },
        ];
        for (const query of bad) {
          await expect(listSessions(store, query as Query), JSON.stringify(query)).rejects.toThrow(
            TypeError,
          );
        }
      },
    },
  ],
};

/** Only the listing cases: listSessions pages, filters and order. */
export function describeStoreListing<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [listingGroup]);
}
