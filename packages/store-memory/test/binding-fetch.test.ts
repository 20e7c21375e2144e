import { createFetchHandlerHarness, describeBindingConformance } from "@sessionkit/conformance";
import { MemoryStore } from "../src/index.js";

describeBindingConformance(
  "fetch handler + MemoryStore",
  createFetchHandlerHarness(() => new MemoryStore()),
);
