import "./augment.js";

export type { Session, SessionData, SessionOptions } from "@sessionkit/core";
export {
  type KoaAdminContext,
  type SessionAdminOptions,
  type SessionDevicesOptions,
  sessionAdminRouter,
  sessionDevicesRouter,
} from "./admin-router.js";
export type { SessionContext } from "./augment.js";
export type { KoaLikeContext } from "./io.js";
export { type SessionMiddleware, session } from "./middleware.js";
export type { KoaSession, KoaSessionCompat } from "./session-view.js";
