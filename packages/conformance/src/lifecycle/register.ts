import type { SessionStore } from "@sessionkit/core";
import { afterAll, beforeAll, describe, type ExpectStatic, it } from "vitest";
import type { StoreCapabilities, StoreConformanceOptions } from "../options.js";
import { validateSkips } from "../skips.js";
import { createNamespace } from "../store/case.js";
import { LIFECYCLE_TEST_IDS, type LifecycleTestId } from "./ids.js";

export interface LifecycleCase {
  id: LifecycleTestId;
  needs?: readonly (keyof StoreCapabilities)[];
  run(context: { store: SessionStore; expect: ExpectStatic }): Promise<void>;
}

export interface LifecycleConformanceOptions<S extends SessionStore = SessionStore>
  extends Omit<StoreConformanceOptions<S>, "skip" | "createFailingStore"> {
  /** Cases to skip, each with the reason the report shows. */
  skip?: Partial<Record<LifecycleTestId, string>>;
}

export function registerLifecycleCases<S extends SessionStore>(
  name: string,
  options: LifecycleConformanceOptions<S>,
  cases: readonly LifecycleCase[],
): void {
  validateOptions(options);
  describe(`${name} lifecycle`, () => {
    if (options.beforeAll) beforeAll(() => options.beforeAll?.());
    if (options.afterAll) afterAll(() => options.afterAll?.());
    for (const lifecycleCase of cases) {
      const title = `${lifecycleCase.id}: ${LIFECYCLE_TEST_IDS[lifecycleCase.id]}`;
      const missing = lifecycleCase.needs?.find((need) => options.capabilities?.[need] === false);
      const reason =
        options.skip?.[lifecycleCase.id] ??
        (missing ? `capabilities.${missing} is false` : undefined);
      if (reason !== undefined) {
        it.skip(`${title} (skipped: ${reason})`, () => {});
        continue;
      }
      // retry: 0 overrides any project-wide retry: a flaky conformance case is a bug to fix.
      it(title, { timeout: options.timeout ?? 30_000, retry: 0 }, async ({ expect }) => {
        const store = await options.createStore({ namespace: createNamespace() });
        try {
          await lifecycleCase.run({ store, expect });
        } finally {
          await (options.afterEach ? options.afterEach(store) : store.close?.());
        }
      });
    }
  });
}

function validateOptions(options: LifecycleConformanceOptions<SessionStore>): void {
  if (typeof options?.createStore !== "function") {
    throw new TypeError("describeLifecycleConformance: options.createStore must be a function");
  }
  validateSkips("describeLifecycleConformance", LIFECYCLE_TEST_IDS, options.skip);
}
