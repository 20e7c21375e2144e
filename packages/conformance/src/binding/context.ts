import type { SessionOptions, SessionStore } from "@sessionkit/core";
import { onTestFinished } from "vitest";
import { FakeClock } from "../fixtures/fake-clock.js";
import { RecordingStore } from "../fixtures/recording-store.js";
import { BindingClient } from "./client.js";
import type { BindingHarness } from "./harness.js";
import type { BindingListener } from "./server.js";
import { listen } from "./server.js";
import { TEST_TLS } from "./tls-fixture.js";

/** Secrets of 32+ characters; the suite signs with the first. */
export const SECRET = "binding-suite-secret-0123456789abcdef";
export const OLD_SECRET = "binding-suite-old-secret-0123456789abcd";

/** Session options of one scenario, minus what the suite fills in (secret, store, clock). */
export type ScenarioOptions = Partial<SessionOptions>;

/** How a case's app is served: a trusted proxy in front (default), and TLS on the socket. */
export interface ServingOptions {
  /** @default true */
  trustProxy?: boolean;
  /** Serve HTTPS directly, with the suite's test-only certificate (`TEST_TLS`). */
  tls?: boolean;
}

/** One case's world: a store chain, a clock, a running app and a client. */
export interface BindingContext {
  /** The harness's store, unwrapped: reads here bypass every wrapper. */
  base: SessionStore;
  /** The outermost wrapper the app uses: counts every call the binding makes. */
  store: RecordingStore;
  clock: FakeClock;
  client: BindingClient;
  options: SessionOptions;
  /** Another app over the same store and clock, with `overrides` on top of this case's options. */
  restart(overrides?: ScenarioOptions): Promise<BindingClient>;
}

/**
 * Builds a case's world: the harness's store wrapped by `wrap` (if any) and a `RecordingStore`,
 * a `FakeClock`, and the app listening on port 0. Everything is closed when the test finishes.
 */
export async function openContext(
  harness: BindingHarness,
  scenario: ScenarioOptions = {},
  wrap?: (store: SessionStore) => SessionStore,
  serving: ServingOptions = {},
): Promise<BindingContext> {
  const base = await harness.createStore();
  onTestFinished(async () => {
    await base.close?.();
  });
  const store = new RecordingStore(wrap ? wrap(base) : base);
  const clock = new FakeClock();
  const options: SessionOptions = { secret: SECRET, store, clock, ...scenario };
  const start = async (sessionOptions: SessionOptions): Promise<BindingClient> => {
    const trustProxy = serving.trustProxy ?? true;
    const listener: BindingListener = await harness.createListener(sessionOptions, { trustProxy });
    const server = await listen(listener, {
      trustProxy,
      ...(serving.tls ? { tls: TEST_TLS } : {}),
    });
    onTestFinished(() => server.close());
    return new BindingClient(server.url);
  };
  const client = await start(options);
  return {
    base,
    store,
    clock,
    client,
    options,
    restart: (overrides = {}) => start({ ...options, ...overrides }),
  };
}
