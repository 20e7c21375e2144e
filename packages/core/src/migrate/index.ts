export {
  type ExpressSessionStoreLike,
  type FromExpressSessionOptions,
  fromExpressSession,
} from "./express-session.js";
export {
  type FromKoaSessionOptions,
  fromKoaSession,
  type KoaSessionStoreLike,
} from "./koa-session.js";
export type { MigrationSource, OldSession, OldSessionData } from "./source.js";
