export * from "./admin/index.js";
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export {
  type CommitPlan,
  type CommitPolicy,
  type CommitReason,
  type CommitState,
  planCommit,
  type StoreAction,
  type TokenAction,
} from "./commit-plan.js";
export {
  isSessionError,
  SessionConfigError,
  SessionConflictError,
  SessionError,
  type SessionErrorCode,
  type SessionLimit,
  SessionLimitError,
  SessionStateError,
  SessionStoreError,
} from "./errors.js";
export type { SessionEvent, SessionEventType } from "./events.js";
export type { CommitResult, SessionInput } from "./io.js";
export { DeferredSessionInput } from "./io.js";
export {
  type CreatedSession,
  type CreateSessionInit,
  createSessionManager,
  type ListedSessions,
  type ListSessionsQuery,
  type SessionManager,
} from "./manager.js";
export * from "./migrate/index.js";
export {
  type ResolvedCookieOptions,
  type ResolvedSessionOptions,
  type ResolvedTransport,
  resolveOptions,
  type SessionCookieOptions,
  type SessionOptions,
  type TokenTransport,
} from "./options.js";
export { reloadSession } from "./reload.js";
export { type RequestOutcome, requestFailed } from "./request-outcome.js";
export type { SealKey } from "./seal.js";
export { type SealedStoreOptions, sealedStore } from "./sealed-store.js";
export { type RegenerateOptions, Session } from "./session.js";
export { idleTimeoutOf, persistentCookieOf, setOwnLifetime } from "./session-lifetime.js";
export {
  createSessionView,
  linkOf,
  SessionViewMembers,
  type ViewLink,
} from "./session-view.js";
export {
  MAX_LIST_LIMIT,
  type SessionListPage,
  type SessionListQuery,
  type SessionStore,
  type StoreOperation,
} from "./store.js";
export { storeCall } from "./store-call.js";
export {
  assertStoreId,
  compareListOrder,
  decodeListCursor,
  encodeListCursor,
  isAfterListPosition,
  type ListPosition,
  MAX_STORE_ID_LENGTH,
  type ParsedListQuery,
  parseListQuery,
  toListPage,
} from "./store-input.js";
export { generateToken, storeKeyFor } from "./token.js";
export type { SessionData, SessionMeta, SessionRecord } from "./types.js";
export { applyCommit, loadFromRequest, requestInput, type WebRequestOptions } from "./web.js";
