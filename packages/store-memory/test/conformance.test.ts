import { describeStoreConformance } from "@sessionkit/conformance";
import { MemoryStore } from "../src/index.js";

describeStoreConformance("MemoryStore", {
  createStore: () => new MemoryStore(),
});
