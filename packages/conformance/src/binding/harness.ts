import type { SessionOptions, SessionStore } from "@sessionkit/core";
import type { BindingTestId } from "../binding-ids.js";
import type { BindingListener } from "./server.js";

/** How the binding suite drives one framework (or one fetch-handler runtime). */
export interface BindingHarness {
  /**
   * An app with the session middleware configured by `options` (passed through untouched)
   * and `BINDING_ROUTES` mounted in the framework's idiom, with the framework's trust-proxy
   * setting as `setup.trustProxy` says (`app.set("trust proxy", setup.trustProxy)`,
   * `app.proxy = setup.trustProxy`; a fetch handler leaves it to the platform, whose request
   * URL already carries the scheme). Called once or more per case; the suite starts each on
   * port 0, over TLS for the direct-HTTPS case, and stops it afterwards.
   */
  createListener(
    options: SessionOptions,
    setup: ListenerSetup,
  ): BindingListener | Promise<BindingListener>;
  /**
   * A fresh, empty store for one case, e.g. `() => new MemoryStore()`. The suite wraps it to
   * count, slow down or fail calls. A store package runs the binding suite with its own store
   * here.
   */
  createStore(): SessionStore | Promise<SessionStore>;
}

/** How the suite wants the app set up for one case. */
export interface ListenerSetup {
  /** Whether the framework trusts `X-Forwarded-*` from the client (a proxy in front). */
  trustProxy: boolean;
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
