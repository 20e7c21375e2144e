import "./augment.js";

export type { Session, SessionData, SessionOptions } from "@sessionkit/core";
export {
  type SessionAdminOptions,
  type SessionDevicesOptions,
  sessionAdminRouter,
  sessionDevicesRouter,
} from "./admin-router.js";
export type { ExpressLikeRequest } from "./io.js";
export { type SessionMiddleware, session } from "./middleware.js";
export {
  type ExpressSession,
  type ExpressSessionCompat,
  SessionCookie,
} from "./session-view.js";
