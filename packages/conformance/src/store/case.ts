import { randomUUID } from "node:crypto";
import type { SessionStore } from "@sessionkit/core";
import { afterAll, beforeAll, describe, type ExpectStatic, it } from "vitest";
import { STORE_TEST_IDS, type StoreTestId } from "../ids.js";
import type { StoreCapabilities, StoreConformanceOptions } from "../options.js";

const DEFAULT_TIMEOUT = 30_000;

/** What a case needs beyond the required methods; a missing need skips the case by name. */
export type StoreCaseNeed = keyof StoreCapabilities | "failingStore";

/** What one case receives. Every store it gets is fresh and cleaned up after the case. */
export interface StoreCaseContext {
  /** The test's own `expect`, so cases stay correct when tests run concurrently. */
  expect: ExpectStatic;
  /** A fresh store in a namespace of its own. */
  store: SessionStore;
  /** Another fresh store, in another namespace. */
  openStore(): Promise<SessionStore>;
  /** A store whose database fails on every call (cases that declare the `failingStore` need). */
  openFailingStore(): Promise<SessionStore>;
  /** Skips the rest of the case; the reason shows in the report. */
  skip(reason: string): never;
}

export interface StoreCase {
  id: StoreTestId;
  needs?: readonly StoreCaseNeed[];
  run(context: StoreCaseContext): Promise<void>;
}

/** A group of cases: one file of the suite, one `describe` block in the report. */
export interface StoreCaseGroup {
  name: string;
  cases: readonly StoreCase[];
}

export type StoreCasePlan = { run: true } | { run: false; reason: string };

/** Whether a case runs under these options, and if not, the reason the report shows. */
export function planStoreCase(
  storeCase: StoreCase,
  options: Pick<StoreConformanceOptions, "skip" | "capabilities" | "createFailingStore">,
): StoreCasePlan {
  const skipped = options.skip?.[storeCase.id];
  if (skipped !== undefined) return { run: false, reason: skipped };
  for (const need of storeCase.needs ?? []) {
    if (need === "failingStore") {
      if (options.createFailingStore === undefined) {
        return {
          run: false,
          reason: "no createFailingStore in the options, so nothing makes the database fail",
        };
      }
    } else {
      const capability = options.capabilities?.[need];
      if (capability === false) {
        return { run: false, reason: `capabilities.${need} is false: the store has no ${need}()` };
      }
      // A reason instead of `false`: the store leaves the method out on purpose, and says why.
      if (typeof capability === "string") {
        return { run: false, reason: `the store has no ${need}(): ${capability}` };
      }
    }
  }
  return { run: true };
}

/** A namespace unique to one store: short, and only `[a-z0-9_]`, so table names accept it. */
export function createNamespace(): string {
  return `sk_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
}

/**
 * Runs one case outside of vitest's registration: creates its stores, runs it, and cleans every
 * store up afterwards (the options' `afterEach`, or `close()`), even when the case failed.
 */
export async function runStoreCase<S extends SessionStore>(
  storeCase: StoreCase,
  options: StoreConformanceOptions<S>,
  runner: { expect: ExpectStatic; skip(reason: string): never },
): Promise<void> {
  const opened: S[] = [];
  const failing: S[] = [];
  const openStore = async (): Promise<S> => {
    const store = await options.createStore({ namespace: createNamespace() });
    opened.push(store);
    return store;
  };
  const openFailingStore = async (): Promise<S> => {
    if (options.createFailingStore === undefined) {
      throw new Error(`${storeCase.id} needs createFailingStore`);
    }
    const store = await options.createFailingStore({ namespace: createNamespace() });
    failing.push(store);
    return store;
  };
  let failure: { error: unknown } | undefined;
  try {
    const store = await openStore();
    await storeCase.run({ ...runner, store, openStore, openFailingStore });
  } catch (error) {
    failure = { error };
  }
  for (const store of opened) {
    try {
      await (options.afterEach ? options.afterEach(store) : store.close?.());
    } catch (error) {
      failure ??= { error };
    }
  }
  // A store whose database is down may fail to close as well: that is not the case's concern.
  for (const store of failing) await store.close?.().catch(() => undefined);
  if (failure) throw failure.error;
}

/** Registers the groups with vitest inside one `describe(name)`, with the suite hooks. */
export function describeStoreGroups<S extends SessionStore>(
  name: string,
  options: StoreConformanceOptions<S>,
  groups: readonly StoreCaseGroup[],
): void {
  validateOptions(options);
  describe(name, () => {
    if (options.beforeAll) beforeAll(() => options.beforeAll?.());
    if (options.afterAll) afterAll(() => options.afterAll?.());
    for (const group of groups) {
      describe(group.name, () => {
        for (const storeCase of group.cases) registerCase(storeCase, options);
      });
    }
  });
}

function registerCase<S extends SessionStore>(
  storeCase: StoreCase,
  options: StoreConformanceOptions<S>,
): void {
  const title = `${storeCase.id}: ${STORE_TEST_IDS[storeCase.id]}`;
  const plan = planStoreCase(storeCase, options);
  if (!plan.run) {
    it.skip(`${title} (skipped: ${plan.reason})`, () => {});
    return;
  }
  // retry: 0 overrides any project-wide retry: a flaky conformance case is a bug to fix.
  it(title, { timeout: options.timeout ?? DEFAULT_TIMEOUT, retry: 0 }, async (context) => {
    await runStoreCase(storeCase, options, {
      expect: context.expect,
      skip: (reason) => context.skip(reason),
    });
  });
}

function validateOptions(options: StoreConformanceOptions<SessionStore>): void {
  if (typeof options?.createStore !== "function") {
    throw new TypeError("describeStoreConformance: options.createStore must be a function");
  }
  for (const [id, reason] of Object.entries(options.skip ?? {})) {
    if (!Object.hasOwn(STORE_TEST_IDS, id)) {
      throw new TypeError(`describeStoreConformance: skip names an unknown case id "${id}"`);
    }
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new TypeError(`describeStoreConformance: skip of "${id}" needs a reason`);
    }
  }
}
