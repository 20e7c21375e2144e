import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createStoreTestRecord, randomStoreId } from "./records.js";
import { create } from "./support.js";

export const destroyGroup: StoreCaseGroup = {
  name: "destroy",
  cases: [
    {
      id: "store/destroy-removes",
      async run({ expect, store }) {
        const record = createStoreTestRecord({ data: { doomed: true } });
        await create(expect, store, record);
        await expect(store.destroy(record.id)).resolves.toBeUndefined();
        expect(await store.get(record.id)).toBeNull();
      },
    },
    {
      id: "store/destroy-twice",
      async run({ expect, store }) {
        const record = createStoreTestRecord();
        await create(expect, store, record);
        await store.destroy(record.id);
        await expect(store.destroy(record.id)).resolves.toBeUndefined();
        expect(await store.get(record.id)).toBeNull();
      },
    },
    {
      id: "store/destroy-unknown",
      async run({ expect, store }) {
        await expect(store.destroy(randomStoreId())).resolves.toBeUndefined();
      },
    },
    {
      id: "store/destroy-only-target",
      async run({ expect, store }) {
        const records = [1, 2, 3].map((n) => createStoreTestRecord({ data: { n } }));
        for (const record of records) await create(expect, store, record);
        await store.destroy(records[1]!.id);
        expect(await store.get(records[0]!.id)).toEqual(records[0]);
        expect(await store.get(records[1]!.id)).toBeNull();
        expect(await store.get(records[2]!.id)).toEqual(records[2]);
      },
    },
  ],
};

/** Only the destroy cases: removal, idempotence, no collateral damage. */
export function describeStoreDestroy<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [destroyGroup]);
}
