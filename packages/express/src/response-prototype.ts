import { OutgoingMessage, ServerResponse } from "node:http";
import { expressPrototypeOf } from "./express-prototype.js";

export const METHODS = ["writeHead", "flushHeaders", "write", "end"] as const;
export type Method = (typeof METHODS)[number];
export type AnyMethod = (...args: unknown[]) => unknown;

/** What a patched prototype carries: the methods it had, and the ones put in their place. */
export interface PrototypeMethods {
  originals: Record<Method, AnyMethod>;
  wrappers: Record<Method, AnyMethod>;
}

/** What the shared prototype's `headersSent` asks before Node's own answer. */
export type HeadersSentOverride = (res: object) => boolean | undefined;

/** Node's own `headersSent` (whether the head went out), for a response nobody holds. */
export const nodeHeadersSent = (() => {
  const getter = Object.getOwnPropertyDescriptor(OutgoingMessage.prototype, "headersSent")?.get;
  if (!getter) throw new Error("node:http OutgoingMessage has no headersSent getter");
  return getter as (this: object) => boolean;
})();

const PATCHED = Symbol.for("sessionkit.express.response-prototype");
type Patchable = Record<Method, AnyMethod> & { [PATCHED]?: PrototypeMethods };

/**
 * The response methods of the prototype one copy of Express gives all its responses
 * (`express/lib/response.js`, which every app's and sub-app's `app.response` inherits from),
 * replaced once by `wrap(originals)`; undefined for a response Express did not make.
 *
 * Why not put the hold's methods on each response: Express replaces the prototype of every
 * `req` and `res`, and on Node 20 each property then added to such an object costs 2-3 µs (a
 * measured 15 µs for the four methods). On the shared prototype, a response needs one property
 * (its hold), and responses nobody holds pass straight through.
 */
export function prototypeMethodsOf(
  res: ServerResponse,
  wrap: (originals: Record<Method, AnyMethod>) => Record<Method, AnyMethod>,
  headersSent: HeadersSentOverride,
): PrototypeMethods | undefined {
  const shared = expressPrototypeOf<Patchable>(res, ServerResponse.prototype);
  if (!shared) return undefined;
  const existing = shared[PATCHED];
  if (existing) return existing;
  const originals = {} as Record<Method, AnyMethod>;
  for (const method of METHODS) originals[method] = shared[method];
  const patched: PrototypeMethods = { originals, wrappers: wrap(originals) };
  for (const method of METHODS) shared[method] = patched.wrappers[method];
  // `headersSent` too, so holding a response defines nothing on it.
  Object.defineProperty(shared, "headersSent", {
    configurable: true,
    enumerable: false,
    get(this: object) {
      return headersSent(this) ?? nodeHeadersSent.call(this);
    },
  });
  shared[PATCHED] = patched;
  return patched;
}
