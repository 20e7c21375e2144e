import type { SessionOptions, SessionStore } from "@sessionkit/core";
import type { BindingTestId } from "../binding-ids.js";
import type { BindingListener } from "./server.js";

/** How the binding suite drives one framework (or one fetch-handler runtime). */
export interface BindingHarness {
  /**
   * An app with the session middleware configured by `options` (passed through untouched)
   * and `BINDING_ROUTES` mounted in the framework's idiom, with the framework's trust-proxy
   * setting on (`app.set("trust proxy", true)`, `app.proxy = true`). Called once or more per
   * case; the suite starts each on port 0 and stops it afterwards.
   */
  createListener(options: SessionOptions): BindingListener | Promise<BindingListener>;
  /**
   * A fresh, empty store for one case, e.g. `() => new MemoryStore()`. The suite wraps it to
   * count, slow down or fail calls. A store package runs the binding suite with its own store
   * here.
   */
  createStore(): SessionStore | Promise<SessionStore>;
}

export interface BindingConformanceOptions {
  /** Cases to skip, each with the reason the report shows. For genuine gaps only. */
  skip?: Partial<Record<BindingTestId, string>>;
  /**
   * Time limit of one case in ms. Cases are never retried.
   * @default 15_000
   */
  timeout?: number;
}
