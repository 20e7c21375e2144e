export {
  SessionConfigError,
  SessionConflictError,
  SessionError,
  type SessionErrorCode,
  SessionStateError,
  SessionStoreError,
  isSessionError,
} from "./errors.js";
export type { SessionStore, StoreOperation } from "./store.js";
export { storeCall } from "./store-call.js";
export type { SessionData, SessionMeta, SessionRecord } from "./types.js";
