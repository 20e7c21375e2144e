export * from "./fixtures/index.js";
export * from "./lifecycle/index.js";
export type { StoreCapabilities, StoreConformanceOptions } from "./options.js";
