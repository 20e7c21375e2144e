import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { createStoreTestRecord, randomStoreId, randomUserId } from "./records.js";
import { cleanup, destroyByUser, expectStoreError, listByUser } from "./support.js";

const HOUR = 3_600_000;

// A failing store must be loud: the lifecycle turns these rejections into an error response,
// never into an empty session or a silent overwrite (docs/lifecycle.md, rule 16).
export const failuresGroup: StoreCaseGroup = {
  name: "failures",
  cases: [
    {
      id: "store/failure-get",
      needs: ["failingStore"],
      async run({ expect, openFailingStore }) {
        const store = await openFailingStore();
        await expectStoreError(expect, "get", () => store.get(randomStoreId()));
      },
    },
    {
      id: "store/failure-set",
      needs: ["failingStore"],
      async run({ expect, openFailingStore }) {
        const store = await openFailingStore();
        await expectStoreError(expect, "set", () => store.set(createStoreTestRecord(), null));
      },
    },
    {
      id: "store/failure-touch",
      needs: ["failingStore"],
      async run({ expect, openFailingStore }) {
        const store = await openFailingStore();
        const now = Date.now();
        await expectStoreError(expect, "touch", () =>
          store.touch(randomStoreId(), now + HOUR, now),
        );
      },
    },
    {
      id: "store/failure-destroy",
      needs: ["failingStore"],
      async run({ expect, openFailingStore }) {
        const store = await openFailingStore();
        await expectStoreError(expect, "destroy", () => store.destroy(randomStoreId()));
      },
    },
    {
      id: "store/failure-list-by-user",
      needs: ["failingStore", "listByUser"],
      async run({ expect, openFailingStore }) {
        const store = await openFailingStore();
        await expectStoreError(expect, "listByUser", () => listByUser(store, randomUserId()));
      },
    },
    {
      id: "store/failure-destroy-by-user",
      needs: ["failingStore", "destroyByUser"],
      async run({ expect, openFailingStore }) {
        const store = await openFailingStore();
        await expectStoreError(expect, "destroyByUser", () => destroyByUser(store, randomUserId()));
      },
    },
    {
      id: "store/failure-cleanup",
      needs: ["failingStore", "cleanup"],
      async run({ expect, openFailingStore }) {
        const store = await openFailingStore();
        await expectStoreError(expect, "cleanup", () => cleanup(store));
      },
    },
  ],
};

/** Only the failure cases: database errors surface as `SessionStoreError` with a cause. */
export function describeStoreFailures<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [failuresGroup]);
}
