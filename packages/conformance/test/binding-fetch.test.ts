import { randomUUID } from "node:crypto";
import { createFetchHandlerHarness, describeBindingConformance } from "../src/index.js";
import { ReferenceStore } from "./reference-store.js";

// The suite's own check of its fetch harness; packages/store-memory runs it with MemoryStore.
describeBindingConformance(
  "fetch handler (reference store)",
  createFetchHandlerHarness(() => new ReferenceStore(new Map(), randomUUID())),
);
