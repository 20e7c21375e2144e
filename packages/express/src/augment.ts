import type { Session, SessionData } from "@sessionkit/core";

declare global {
  namespace Express {
    interface Request {
      /**
       * This request's session, set by `session()` from `@sessionkit/express`. Describe its
       * data by augmenting `SessionData` in `@sessionkit/core`.
       */
      session: Session<SessionData>;
    }
  }
}
