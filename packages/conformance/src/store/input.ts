import { MAX_STORE_ID_LENGTH, type SessionRecord, type SessionStore } from "@sessionkit/core";
import type { ExpectStatic } from "vitest";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createStoreTestRecord, randomUserId } from "./records.js";
import { create, destroyByUser, listByUser } from "./support.js";

/**
 * Values that reach a store typed `string` but are not one at run time (a parsed JSON body, a
 * query-string array). In a MongoDB filter `{ $ne: "x" }` matches every session; in SQL an
 * array can become a list. A store refuses them with a TypeError before any query.
 */
const NOT_STRINGS: readonly unknown[] = [{ $ne: "x" }, { $gt: "" }, ["a"], 42, null, true];

/**
 * Strings no store may take as an id: the empty one names no one (yet a store would list and
 * revoke whatever was stored under it), and one past `MAX_STORE_ID_LENGTH` was written by some
 * stores, refused as a store failure by others and truncated by a non-strict MariaDB.
 */
const BAD_STRINGS: readonly string[] = ["", "u".repeat(MAX_STORE_ID_LENGTH + 1)];

/** How a bad value is named in an assertion message (a 256-character id in full is noise). */
function label(value: unknown): string {
  return typeof value === "string" ? `a ${value.length}-character string` : JSON.stringify(value);
}

async function expectTypeError(
  expect: ExpectStatic,
  what: string,
  call: () => Promise<unknown>,
): Promise<void> {
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  expect(caught, `${what} must reject with a TypeError`).toBeInstanceOf(TypeError);
}

/** Records of one user plus an anonymous one, written before the bad calls. */
async function seed(expect: ExpectStatic, store: SessionStore) {
  const userId = randomUserId();
  const records: SessionRecord[] = [
    createStoreTestRecord({ userId }),
    createStoreTestRecord({ userId }),
    createStoreTestRecord({ userId: null }),
  ];
  for (const record of records) await create(expect, store, record);
  return { userId, records };
}

async function expectUntouched(
  expect: ExpectStatic,
  store: SessionStore,
  records: readonly SessionRecord[],
): Promise<void> {
  for (const record of records) expect(await store.get(record.id)).toEqual(record);
}

/** get, set, touch and destroy refuse each of `values` as an id, and the records stay. */
async function recordIdsRejected(
  expect: ExpectStatic,
  store: SessionStore,
  values: readonly unknown[],
): Promise<void> {
  const { records } = await seed(expect, store);
  const [first] = records as [SessionRecord];
  for (const bad of values) {
    const id = bad as string;
    const what = label(bad);
    await expectTypeError(expect, `get(${what})`, () => store.get(id));
    await expectTypeError(expect, `touch(${what})`, () =>
      store.touch(id, Date.now() + 60_000, Date.now()),
    );
    await expectTypeError(expect, `destroy(${what})`, () => store.destroy(id));
    await expectTypeError(expect, `set with id ${what}`, () =>
      store.set({ ...first, id, version: 2 }, 1),
    );
    if (bad !== null) {
      await expectTypeError(expect, `set with userId ${what}`, () =>
        store.set({ ...first, userId: id, version: 2 }, 1),
      );
    }
  }
  await expectUntouched(expect, store, records);
}

/** listByUser and destroyByUser refuse each of `values` as a user or except id. */
async function userIdsRejected(
  expect: ExpectStatic,
  store: SessionStore,
  values: readonly unknown[],
): Promise<void> {
  const { userId, records } = await seed(expect, store);
  for (const bad of values) {
    const id = bad as string;
    const what = label(bad);
    await expectTypeError(expect, `listByUser(${what})`, () => listByUser(store, id));
    await expectTypeError(expect, `destroyByUser(${what})`, () => destroyByUser(store, id));
    if (bad !== null) {
      await expectTypeError(expect, `destroyByUser(user, ${what})`, () =>
        destroyByUser(store, userId, id),
      );
    }
  }
  await expectUntouched(expect, store, records);
  expect(await listByUser(store, userId)).toHaveLength(2);
}

export const inputGroup: StoreCaseGroup = {
  name: "input",
  cases: [
    {
      id: "store/non-string-ids-rejected",
      run: ({ expect, store }) => recordIdsRejected(expect, store, NOT_STRINGS),
    },
    {
      id: "store/non-string-user-ids-rejected",
      needs: ["listByUser", "destroyByUser"],
      run: ({ expect, store }) => userIdsRejected(expect, store, NOT_STRINGS),
    },
    {
      id: "store/empty-or-long-ids-rejected",
      run: ({ expect, store }) => recordIdsRejected(expect, store, BAD_STRINGS),
    },
    {
      id: "store/empty-or-long-user-ids-rejected",
      needs: ["listByUser", "destroyByUser"],
      async run({ expect, store }) {
        await userIdsRejected(expect, store, BAD_STRINGS);
        // The bound itself is a user id every store keeps and finds exactly.
        const longest = `${randomUserId()}-`.padEnd(MAX_STORE_ID_LENGTH, "x");
        const record = createStoreTestRecord({ userId: longest });
        await create(expect, store, record);
        expect(await listByUser(store, longest)).toEqual([record]);
        expect(await listByUser(store, longest.slice(0, -1))).toEqual([]);
        expect(await destroyByUser(store, longest)).toBe(1);
      },
    },
  ],
};

/** Only the input cases: ids that are not non-empty, bounded strings are refused before any query. */
export function describeStoreInput<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [inputGroup]);
}
