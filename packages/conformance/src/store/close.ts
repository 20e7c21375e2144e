import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";

// Whether a closed store still answers depends on who owns the client (a store never closes a
// client the app passed in), so only idempotence is part of the shared contract.
export const closeGroup: StoreCaseGroup = {
  name: "close",
  cases: [
    {
      id: "store/close-twice",
      async run({ expect, store, skip }) {
        if (typeof store.close !== "function") return skip("the store has no close()");
        await expect(store.close()).resolves.toBeUndefined();
        await expect(store.close()).resolves.toBeUndefined();
      },
    },
  ],
};

/** Only the close case. */
export function describeStoreClose<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, [closeGroup]);
}
