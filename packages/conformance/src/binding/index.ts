import { describe } from "vitest";
import { BINDING_TEST_IDS } from "../binding-ids.js";
import { type BindingCase, registerBindingCase } from "./case.js";
import type { BindingConformanceOptions, BindingHarness } from "./harness.js";
import { absoluteTimeoutCases } from "./scenarios/absolute-timeout.js";
import { anonymousCases } from "./scenarios/anonymous.js";
import { badCookieCases } from "./scenarios/bad-cookies.js";
import { concurrencyCases } from "./scenarios/concurrency.js";
import { cookieAttributeCases } from "./scenarios/cookie-attributes.js";
import { deadCookieCases } from "./scenarios/dead-cookie.js";
import { destroyCases } from "./scenarios/destroy.js";
import { deviceFactsCases } from "./scenarios/device-facts.js";
import { handlerErrorCases } from "./scenarios/handler-error.js";
import { headerTransportCases } from "./scenarios/header-transport.js";
import { regenerateCases } from "./scenarios/regenerate.js";
import { requestOutcomeCases } from "./scenarios/request-outcome.js";
import { rollingCases } from "./scenarios/rolling.js";
import { rotationCases } from "./scenarios/rotation.js";
import { roundTripCases } from "./scenarios/round-trip.js";
import { storeFailureCases } from "./scenarios/store-failures.js";

/** The scenario files in report order: one `describe` block each. */
const GROUPS: ReadonlyArray<[name: string, cases: readonly BindingCase[]]> = [
  ["anonymous visitors", anonymousCases],
  ["cookie attributes", cookieAttributeCases],
  ["round trip", roundTripCases],
  ["bad cookies", badCookieCases],
  ["dead cookies", deadCookieCases],
  ["secret rotation", rotationCases],
  ["regenerate", regenerateCases],
  ["destroy", destroyCases],
  ["rolling", rollingCases],
  ["device facts", deviceFactsCases],
  ["absolute timeout", absoluteTimeoutCases],
  ["store failures", storeFailureCases],
  ["handler errors", handlerErrorCases],
  ["request outcome", requestOutcomeCases],
  ["concurrency", concurrencyCases],
  ["header transport", headerTransportCases],
];

/**
 * The HTTP binding suite: every lifecycle rule of docs/lifecycle.md checked over real HTTP against one
 * framework. The harness builds the app (middleware plus `BINDING_ROUTES`); the suite runs it
 * on port 0 and talks to it with `fetch` and a small cookie jar.
 *
 * @example
 * describeBindingConformance("express 5", {
 *   createStore: () => new MemoryStore(),
 *   createListener(options) {
 *     const app = express();
 *     app.set("trust proxy", true);
 *     app.use(session(options));
 *     mountExpressRoutes(app); // app.get(route.path, …) for each of BINDING_ROUTES
 *     return app;
 *   },
 * });
 */
export function describeBindingConformance(
  name: string,
  harness: BindingHarness,
  options: BindingConformanceOptions = {},
): void {
  validate(harness, options);
  describe(name, () => {
    for (const [group, cases] of GROUPS) {
      describe(group, () => {
        for (const bindingCase of cases) registerBindingCase(bindingCase, harness, options);
      });
    }
  });
}

/** Every case id the suite registers, for checks that the catalogue and the files agree. */
export const BINDING_CASE_IDS: readonly string[] = GROUPS.flatMap(([, cases]) =>
  cases.map((c) => c.id),
);

function validate(harness: BindingHarness, options: BindingConformanceOptions): void {
  if (typeof harness?.createListener !== "function") {
    throw new TypeError("describeBindingConformance: harness.createListener must be a function");
  }
  if (typeof harness.createStore !== "function") {
    throw new TypeError(
      "describeBindingConformance: harness.createStore must be a function, e.g. () => new MemoryStore()",
    );
  }
  for (const [id, reason] of Object.entries(options.skip ?? {})) {
    if (!Object.hasOwn(BINDING_TEST_IDS, id)) {
      throw new TypeError(`describeBindingConformance: skip names an unknown case id "${id}"`);
    }
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new TypeError(`describeBindingConformance: skip of "${id}" needs a reason`);
    }
  }
}

export { BINDING_TEST_IDS, type BindingTestId } from "../binding-ids.js";
export { BindingClient, type ClientResponse, parseSetCookie, type SetCookie } from "./client.js";
export { type ControlMode, ControlStore } from "./control-store.js";
export { createFetchHandlerHarness } from "./fetch-harness.js";
export { type BindingFuzzOptions, describeBindingFuzz } from "./fuzz/index.js";
export type { BindingConformanceOptions, BindingHarness, ListenerSetup } from "./harness.js";
export {
  BINDING_ROUTES,
  type BindingData,
  type BindingRoute,
  type BindingRouteContext,
  isRouteReply,
  ROUTE_REPLY,
  type RouteReply,
  runRoute,
  type SessionView,
} from "./routes.js";
export type { BindingListener, FetchHandler } from "./server.js";
export { TEST_TLS } from "./tls-fixture.js";
