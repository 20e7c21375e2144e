import type { SessionData } from "@sessionkit/core";
import type { ExpressSession } from "./session-view.js";

declare global {
  namespace Express {
    interface Request {
      /**
       * This request's session, set by `session()` from `@sessionkit/express`. Describe its
       * data by augmenting `SessionData` in `@sessionkit/core`.
       */
      session: ExpressSession<SessionData>;
      /** The session's store handle (`req.session.id`), once it is stored, as express-session sets it. */
      sessionID?: string;
    }
  }
}
