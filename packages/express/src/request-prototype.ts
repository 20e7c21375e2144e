import { IncomingMessage } from "node:http";
import { WATCH, type Watch } from "./error-watch.js";
import { expressPrototypeOf } from "./express-prototype.js";

/**
 * `req.session` and `req.sessionID` as accessors on the request prototype one copy of Express
 * gives all its requests (`express/lib/request.js`, which every app's and sub-app's
 * `app.request` inherits from), defined once; their values live in the request's record on
 * the response (`res[WATCH]`, the response hold, see error-watch.ts).
 *
 * Why: Express replaces the prototype of every `req` and `res`, and on Node 20 each property
 * then added to such an object costs microseconds (see response-prototype.ts). Kept on the
 * record the response carries anyway, a session costs no property on `req` at all.
 *
 * They behave as the data properties express-session sets: assigning works (and wins), and a
 * request nobody runs a session for reads `undefined`. Assigned on a request without the
 * record (another session library, a request before the middleware), the value becomes an own
 * property, as before; an own property always shadows the accessor. The one difference: a
 * `delete req.session` of the accessor's value does nothing; `unsetSession` is how the binding
 * unsets it.
 */
const PATCHED = Symbol.for("sessionkit.express.request-prototype");
type WithRecord = { res?: { [WATCH]?: Watch } };

/** Defines the accessors on `req`'s shared Express prototype, once; false when there is none. */
export function patchRequestPrototype(req: object): boolean {
  const shared = expressPrototypeOf<Patchable>(req, IncomingMessage.prototype);
  if (!shared) return false;
  if (shared[PATCHED]) return true;
  // One accessor per name, each with named reads: a keyed read costs more per request.
  Object.defineProperty(shared, "session", {
    configurable: true,
    enumerable: false,
    get(this: WithRecord) {
      return this.res?.[WATCH]?.session;
    },
    set(this: WithRecord, value: unknown) {
      const record = this.res?.[WATCH];
      if (record) record.session = value;
      else Object.defineProperty(this, "session", ownValue(value));
    },
  });
  Object.defineProperty(shared, "sessionID", {
    configurable: true,
    enumerable: false,
    get(this: WithRecord) {
      return this.res?.[WATCH]?.sessionID;
    },
    set(this: WithRecord, value: string | undefined) {
      const record = this.res?.[WATCH];
      if (record) record.sessionID = value;
      else Object.defineProperty(this, "sessionID", ownValue(value));
    },
  });
  shared[PATCHED] = true;
  return true;
}

/** `delete req.session`, for a value that may live behind the accessor. */
export function unsetSession(req: { session?: unknown }): void {
  if (Object.hasOwn(req, "session")) delete req.session;
  else req.session = undefined;
}

function ownValue(value: unknown): PropertyDescriptor {
  return { value, writable: true, enumerable: true, configurable: true };
}

type Patchable = { [PATCHED]?: true };
