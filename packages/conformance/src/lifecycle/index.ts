import type { SessionStore } from "@sessionkit/core";
import { concurrencyCases } from "./concurrency.js";
import { expiryCases } from "./expiry.js";
import { managerCases } from "./manager-api.js";
import { regenerateCases } from "./regenerate.js";
import { regenerateRaceCases } from "./regenerate-races.js";
import {
  type LifecycleCase,
  type LifecycleConformanceOptions,
  registerLifecycleCases,
} from "./register.js";
import { requestCases } from "./requests.js";

export { LIFECYCLE_TEST_IDS, type LifecycleTestId } from "./ids.js";
export type { LifecycleConformanceOptions } from "./register.js";

/**
 * The session lifecycle rules of docs/lifecycle.md that need no HTTP, driven through
 * `createSessionManager` over the store under test (wrapped to count its calls) with a fake
 * clock: lazy creation, token handling, touch throttling, timeouts, regeneration, destroy,
 * concurrency and the manager API. Takes the same options as `describeStoreConformance`.
 *
 * @example
 * describeLifecycleConformance("MemoryStore", { createStore: () => new MemoryStore() });
 */
export function describeLifecycleConformance<S extends SessionStore>(
  name: string,
  options: LifecycleConformanceOptions<S>,
): void {
  registerLifecycleCases(name, options, LIFECYCLE_CASES);
}

const LIFECYCLE_CASES: readonly LifecycleCase[] = [
  ...requestCases,
  ...expiryCases,
  ...regenerateCases,
  ...regenerateRaceCases,
  ...concurrencyCases,
  ...managerCases,
];

/** Every case id the suite registers, for checks that the catalogue and the files agree. */
export const LIFECYCLE_CASE_IDS: readonly string[] = LIFECYCLE_CASES.map((c) => c.id);
