export * from "./admin/index.js";
export * from "./binding/index.js";
export * from "./fixtures/index.js";
export { STORE_TEST_IDS, type StoreTestId } from "./ids.js";
export * from "./lifecycle/index.js";
export type { StoreCapabilities, StoreConformanceOptions } from "./options.js";
export { withSealing } from "./sealing.js";
export {
  createExpiredStoreTestRecord,
  createStoreTestRecord,
  describeStoreCleanup,
  describeStoreClose,
  describeStoreCompareAndSet,
  describeStoreConcurrency,
  describeStoreConformance,
  describeStoreCopies,
  describeStoreCrud,
  describeStoreDestroy,
  describeStoreExpiry,
  describeStoreFailures,
  describeStoreInput,
  describeStoreIsolation,
  describeStoreListing,
  describeStoreTouch,
  describeStoreUserIndex,
  describeStoreValues,
  randomStoreId,
} from "./store/index.js";
