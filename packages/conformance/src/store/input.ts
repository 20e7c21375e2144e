import type { SessionRecord, SessionStore } from "@sessionkit/core";
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

export const inputGroup: StoreCaseGroup = {
  name: "input",
  cases: [
    {
      id: "store/non-string-ids-rejected",
      async run({ expect, store }) {
        const { records } = await seed(expect, store);
        const [first] = records as [SessionRecord];
        for (const bad of NOT_STRINGS) {
          const label = JSON.stringify(bad);
          const id = bad as string;
          await expectTypeError(expect, `get(${label})`, () => store.get(id));
          await expectTypeError(expect, `touch(${label})`, () =>
            store.touch(id, Date.now() + 60_000, Date.now()),
          );
          await expectTypeError(expect, `destroy(${label})`, () => store.destroy(id));
          await expectTypeError(expect, `set with id ${label}`, () =>
            store.set({ ...first, id, version: 2 }, 1),
          );
          if (bad !== null) {
            await expectTypeError(expect, `set with userId ${label}`, () =>
              store.set({ ...first, userId: id, version: 2 }, 1),
            );
          }
        }
        await expectUntouched(expect, store, records);
      },
    },
    {
      id: "store/non-string-user-ids-rejected",
      needs: ["listByUser", "destroyByUser"],
      async run({ expect, store }) {
        const { userId, records } = await seed(expect, store);
        for (const bad of NOT_STRINGS) {
          const label = JSON.stringify(bad);
          const id = bad as string;
          await expectTypeError(expect, `listByUser(${label})`, () => listByUser(store, id));
          await expectTypeError(expect, `destroyByUser(${label})`, () => destroyByUser(store, id));
          if (bad !== null) {
            await expectTypeError(expect, `destroyByUser(user, ${label})`, () =>
              destroyByUser(store, userId, id),
            );
          }
        }
        await expectUntouched(expect, store, records);
        expect(await listByUser(store, userId)).toHaveLength(2);
      },
    },
  ],
};

/** Only the input cases: ids that are not strings are refused before any query. */
export function describeStoreInput<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [inputGroup]);
}
