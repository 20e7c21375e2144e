import "./augment.js";

export type { Session, SessionData, SessionOptions } from "@sessionkit/core";
export type { KoaLikeContext } from "./io.js";
export { type SessionMiddleware, session } from "./middleware.js";
