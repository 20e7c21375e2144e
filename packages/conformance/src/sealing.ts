import { type SealKey, type SessionStore, sealedStore } from "@sessionkit/core";

/** The store-making part of the store and lifecycle suites' options. */
export interface StoreSuiteHooks<S> {
  createStore(context: { namespace: string }): S | Promise<S>;
  afterEach?(store: S): void | Promise<void>;
  createFailingStore?(context: { namespace: string }): S | Promise<S>;
}

type Sealed<O> = Omit<O, keyof StoreSuiteHooks<unknown>> & StoreSuiteHooks<SessionStore>;

/**
 * The same suite options with every store wrapped by `sealedStore` (data encrypted at rest):
 * run `describeStoreConformance` or `describeLifecycleConformance` with them to check that the
 * store behaves the same sealed. `afterEach` still gets the store `createStore` made.
 *
 * @example
 * describeStoreConformance("my store, sealed", withSealing(options, [randomBytes(32)]));
 */
export function withSealing<S extends SessionStore, O extends StoreSuiteHooks<S>>(
  options: O & StoreSuiteHooks<S>,
  keys: readonly SealKey[],
): Sealed<O> {
  const inner = new WeakMap<SessionStore, S>();
  const seal = (store: S): SessionStore => {
    const sealed = sealedStore(store, { keys });
    inner.set(sealed, store);
    return sealed;
  };
  const { createStore, afterEach, createFailingStore, ...rest } = options;
  const sealedOptions: Sealed<O> = {
    ...rest,
    createStore: async (context: { namespace: string }) => seal(await createStore(context)),
  } as Sealed<O>;
  if (afterEach) {
    sealedOptions.afterEach = async (store: SessionStore) => {
      const original = inner.get(store);
      if (original) await afterEach(original);
    };
  }
  if (createFailingStore) {
    sealedOptions.createFailingStore = async (context: { namespace: string }) =>
      seal(await createFailingStore(context));
  }
  return sealedOptions;
}
