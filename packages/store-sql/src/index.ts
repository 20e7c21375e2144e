export type { SqlDialect } from "./dialect.js";
export type { CleanupRunnerOptions, SqlStoreOptions } from "./options.js";
export {
  createSessionTable,
  DEFAULT_TABLE_NAME,
  type SessionTableOptions,
  sessionMigration,
} from "./schema.js";
export { SqlStore } from "./sql-store.js";
