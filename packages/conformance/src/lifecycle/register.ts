import type { SessionStore } from "@sessionkit/core";
import { afterAll, beforeAll, describe, type ExpectStatic, it } from "vitest";
import type { StoreCapabilities, StoreConformanceOptions } from "../options.js";
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
      it(
        title,
        async ({ expect }) => {
          const store = await options.createStore({ namespace: createNamespace() });
          try {
            await lifecycleCase.run({ store, expect });
          } finally {
            await (options.afterEach ? options.afterEach(store) : store.close?.());
          }
        },
        options.timeout ?? 30_000,
      );
    }
  });
}
