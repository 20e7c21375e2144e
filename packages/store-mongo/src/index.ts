export type { SessionDocument } from "./document.js";
export { MongoStore } from "./mongo-store.js";
export type {
  MongoStoreClientOptions,
  MongoStoreCollectionOptions,
  MongoStoreCommonOptions,
  MongoStoreDbOptions,
  MongoStoreOptions,
} from "./options.js";
