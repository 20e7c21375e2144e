import type { SessionStore } from "@sessionkit/core";
import type { StoreConformanceOptions } from "../options.js";
import { casGroup } from "./cas.js";
import { describeStoreGroups, type StoreCaseGroup } from "./case.js";
import { cleanupGroup } from "./cleanup.js";
import { closeGroup } from "./close.js";
import { concurrencyGroup } from "./concurrency.js";
import { copiesGroup } from "./copies.js";
import { crudGroup } from "./crud.js";
import { destroyGroup } from "./destroy.js";
import { expiryGroup } from "./expiry.js";
import { failuresGroup } from "./failures.js";
import { inputGroup } from "./input.js";
import { isolationGroup } from "./isolation.js";
import { listingGroup } from "./listing.js";
import { touchGroup } from "./touch.js";
import { userIndexGroup } from "./user-index.js";
import { valuesGroup } from "./values.js";

/** Every group of the store suite, in report order. */
export const STORE_CASE_GROUPS: readonly StoreCaseGroup[] = [
  crudGroup,
  expiryGroup,
  casGroup,
  concurrencyGroup,
  touchGroup,
  destroyGroup,
  userIndexGroup,
  listingGroup,
  cleanupGroup,
  valuesGroup,
  inputGroup,
  isolationGroup,
  copiesGroup,
  failuresGroup,
  closeGroup,
];

/**
 * Registers the whole store conformance suite with vitest: one `describe(name)` holding every
 * case, each against a fresh store in a namespace of its own. Cases are independent, use no
 * timers and no sleeps, and are never retried.
 *
 * @example
 * describeStoreConformance("RedisStore", {
 *   createStore: ({ namespace }) => new RedisStore({ client, prefix: namespace }),
 *   afterAll: () => client.quit(),
 * });
 */
export function describeStoreConformance<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
): void {
  describeStoreGroups(name, options, STORE_CASE_GROUPS);
}

export { describeStoreCompareAndSet } from "./cas.js";
export { describeStoreCleanup } from "./cleanup.js";
export { describeStoreClose } from "./close.js";
export { describeStoreConcurrency } from "./concurrency.js";
export { describeStoreCopies } from "./copies.js";
export { describeStoreCrud } from "./crud.js";
export { describeStoreDestroy } from "./destroy.js";
export { describeStoreExpiry } from "./expiry.js";
export { describeStoreFailures } from "./failures.js";
export { describeStoreInput } from "./input.js";
export { describeStoreIsolation } from "./isolation.js";
export { describeStoreListing } from "./listing.js";
export { createExpiredStoreTestRecord, createStoreTestRecord, randomStoreId } from "./records.js";
export { describeStoreTouch } from "./touch.js";
export { describeStoreUserIndex } from "./user-index.js";
export { describeStoreValues } from "./values.js";
